#!/usr/bin/env bash
# Course export benchmark (issue 10) through the real CourseExports: a server on a fresh data
# directory (embedded MongoDB), an authored course of 100 lessons and 1,900 media / 500 MB uploaded
# through the media library and the gRPC stubs, exported as SCORM 2004 4th cold (render + zip +
# verify + record) next to `zip -r -q` of the same source files, warm (cache hit), and a typical
# course (50 lessons, 20 MB) cold. See bench/README.md.
#
# Usage: bench/course-export-bench.sh [files] [totalMb] [rounds] [warmRounds]
#        (after ./mvnw -q -DskipTests package; env BENCH_HEAP, default -Xmx256m)
set -euo pipefail
cd "$(dirname "$0")/.."
files="${1:-2000}"
total_mb="${2:-500}"
rounds="${3:-3}"
warm_rounds="${4:-21}"
server_jar=server/target/courseport-server.jar
for f in "$server_jar" server/target/test-classes/org/courseport/server/bench/CourseExportBench.class; do
  [[ -e "$f" ]] || { echo "$f missing: run ./mvnw -DskipTests package first" >&2; exit 2; }
done
for tool in zip unzip; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 2; }
done
mkdir -p bench/out/course-export
java "${BENCH_HEAP:--Xmx256m}" -Dlogback.configurationFile=bench/logback-quiet.xml \
  -cp "server/target/test-classes:$server_jar" org.courseport.server.bench.CourseExportBench \
  bench/out/course-export "$files" "$total_mb" "$rounds" "$warm_rounds" \
  | tee bench/out/course-export-bench.txt
