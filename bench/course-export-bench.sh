#!/usr/bin/env bash
# Course export benchmark (issue 10): the deterministic zip assembler writing a course of 2,000
# files / 500 MB of mixed media (JPEG/PNG/MP3/MP4 incompressible, stored; HTML/JSON/SVG/CSS/JS
# deflated) into a fresh blob store, next to `zip -r -q` (and `zip -r -q -n` with the media
# suffixes) of the same files in the same run; a typical course (50 lessons, 20 MB media) cold; and
# the warm plan-key lookup. See bench/README.md.
#
# Usage: bench/course-export-bench.sh [files] [totalMb] [rounds] [warmRounds]
#        (after ./mvnw -q -DskipTests package; env BENCH_HEAP, default -Xmx256m)
set -euo pipefail
cd "$(dirname "$0")/.."
files="${1:-2000}"
total_mb="${2:-500}"
rounds="${3:-3}"
warm_rounds="${4:-101}"
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
