# Builds the Courseport server and runs it on a JRE. Used by docker-compose.yml.
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# npm is required: the server build installs the player's scorm-again (server/src/main/player).
# The contract lint (buf, from npm) runs in CI.
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
RUN ./mvnw -B -ntp -q -DskipTests -Dbuf.skip=true -Dbrowser.npm.skip=true package

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /data courseport && mkdir -p /data && chown courseport /data
COPY --from=build /src/server/target/courseport-server.jar /opt/courseport/courseport-server.jar
USER courseport
ENV COURSEPORT_DATA_DIR=/data
VOLUME /data
EXPOSE 9090 8080 8081
HEALTHCHECK --interval=10s --timeout=3s --retries=12 \
  CMD curl -fsS http://localhost:8080/healthz || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/courseport/courseport-server.jar"]
