package org.courseport.server;

import org.courseport.server.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point: reads the configuration from the environment and runs until SIGTERM. */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    String logFormat = System.getenv("COURSEPORT_LOG_FORMAT");
    if (logFormat != null && !logFormat.equals("text") && !logFormat.equals("json")) {
      // logback.xml picks the appender by this name; any other value would log nothing.
      System.err.println(
          "courseport: COURSEPORT_LOG_FORMAT must be 'text' or 'json', got '" + logFormat + "'");
      System.exit(2);
      return;
    }
    ServerConfig config;
    try {
      config = ServerConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("courseport: " + e.getMessage());
      System.exit(2);
      return;
    }
    log.info(
        "Data directory: {}; store: {}",
        config.dataDir(),
        config.mongoUri() == null ? "embedded (mongo-java-server, H2)" : "MongoDB");
    CourseportServer server = CourseportServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "courseport-shutdown"));
  }
}
