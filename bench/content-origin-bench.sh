#!/usr/bin/env bash
# Content-origin benchmark (issue 11): package files served by ContentOrigin straight from a stored
# zip (central directory, no extraction) next to the same files served from disk by a trivial
# Armeria server (FileService; a StreamMessage range service for the video, as FileService has no
# Range) in the same run: 2,000 x 10 KB files (deflated in the zip) and 1 MiB ranges of a 200 MB
# video (stored), JDK HttpClient, 8 concurrent requests. See bench/README.md.
#
# Usage: bench/content-origin-bench.sh [files] [fileKb] [videoMb] [ranges] [rounds]
#        (after ./mvnw -q -DskipTests package; env BENCH_HEAP, default -Xmx256m)
set -euo pipefail
cd "$(dirname "$0")/.."
server_jar=server/target/courseport-server.jar
for f in "$server_jar" server/target/test-classes/org/courseport/server/bench/ContentOriginBench.class; do
  [[ -e "$f" ]] || { echo "$f missing: run ./mvnw -DskipTests package first" >&2; exit 2; }
done
mkdir -p bench/out/content-origin
java "${BENCH_HEAP:--Xmx256m}" -Dlogback.configurationFile=bench/logback-quiet.xml \
  -cp "server/target/test-classes:$server_jar" org.courseport.server.bench.ContentOriginBench \
  bench/out/content-origin "${1:-2000}" "${2:-10}" "${3:-200}" "${4:-400}" "${5:-5}" \
  | tee bench/out/content-origin-bench.txt
