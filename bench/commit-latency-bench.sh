#!/usr/bin/env bash
# Commit latency of launch sessions under load (issue 11): a server on a fresh data directory
# (embedded MongoDB), a SCORM 1.2 course, 200 launch sessions started through
# POST /api/v1/packages/{id}/launch and opened like a browser (launch_url → 303 → player page),
# then 200 virtual learners POSTing a 2–4 KB scorm-again CMI commit every 10 s to the content
# origin, next to two baselines in the same run with the same load: a trivial Armeria endpoint
# doing one insertOne of the same body into the same MongoDB, and a GET of a package file from
# the content origin. Prints p50/p95/p99/max, throughput, errors and the ratios. See bench/README.md.
#
# Usage: bench/commit-latency-bench.sh [sessions] [seconds of each load] [interval] (200 180 10)
#        bench/commit-latency-bench.sh smoke      (200 sessions, 60 s of each load: two blocks)
#        (after ./mvnw -q -DskipTests package; env BENCH_HEAP, default -Xmx512m)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == smoke ]]; then
  set -- 200 60 10
fi
sessions="${1:-200}"
seconds="${2:-180}"
interval="${3:-10}"
server_jar=server/target/courseport-server.jar
for f in "$server_jar" server/target/test-classes/org/courseport/server/bench/CommitLatencyBench.class; do
  [[ -e "$f" ]] || { echo "$f missing: run ./mvnw -DskipTests package first" >&2; exit 2; }
done
mkdir -p bench/out/commit-latency
java "${BENCH_HEAP:--Xmx512m}" -Dlogback.configurationFile=bench/logback-quiet.xml \
  -cp "server/target/test-classes:$server_jar" org.courseport.server.bench.CommitLatencyBench \
  bench/out/commit-latency "$sessions" "$seconds" "$interval" \
  | tee bench/out/commit-latency-bench.txt
