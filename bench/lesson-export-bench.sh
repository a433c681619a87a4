#!/usr/bin/env bash
# Lesson export benchmark (seed 001): a lesson with 200 media files, 120 MB of JPEG/PNG images and
# MP4 videos (random bytes behind valid signatures), exported cold (fresh blob store and cache) and
# warm (cached body), next to `zip -r -q` of the same files in the same run. See bench/README.md.
#
# Usage: bench/lesson-export-bench.sh [count] [totalMb] [rounds] [warmRounds]
#        (after ./mvnw -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-200}"
total_mb="${2:-120}"
rounds="${3:-3}"
warm_rounds="${4:-21}"
server_jar=server/target/courseport-server.jar
for f in "$server_jar" server/target/test-classes/org/courseport/server/bench/LessonExportBench.class; do
  [[ -e "$f" ]] || { echo "$f missing: run ./mvnw -DskipTests package first" >&2; exit 2; }
done
command -v zip >/dev/null || { echo "zip is not installed" >&2; exit 2; }
mkdir -p bench/out/lesson-export
java -Xmx256m -Dlogback.configurationFile=bench/logback-quiet.xml \
  -cp "server/target/test-classes:$server_jar" org.courseport.server.bench.LessonExportBench \
  bench/out/lesson-export "$count" "$total_mb" "$rounds" "$warm_rounds" \
  | tee bench/out/lesson-export-bench.txt
