#!/usr/bin/env bash
# Soak (issue 12): the server jar on the embedded store, then for 10 minutes a few concurrent
# clients mix imports of small generated SCORM packages, course reads and lists, preview launches
# opened on the content origin, LearningStudio exports with their download, and deletes of the
# oldest courses once more than maxCourses are held (so the stored data stays bounded); the server's heap
# after a full GC is sampled every 30 s. Prints per operation counts, errors and latencies, and the
# live heap trend. Answers 429/503 with Retry-After are retried as a real client does and counted.
# Ends with a PASS/FAIL line (PASS: no error, and the live heap's least-squares slope over the
# second half of the run at most +1 MiB/min); exits non-zero on FAIL. See bench/README.md, "Soak".
#
# Usage: bench/soak.sh [minutes=10] [clients=4] [sampleSeconds=30] [exportsPerMinute=20]
#        [maxCourses=100]
#        (after ./mvnw -q -DskipTests package)
# Env:   BENCH_SERVER_HEAP (default -Xmx256m), BENCH_SERVER_OPTS, BENCH_KEEP=1, BENCH_SERVER_JAR
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-10}"
clients="${2:-4}"
sample="${3:-30}"
exports="${4:-20}"
max_courses="${5:-100}"
heap="${BENCH_SERVER_HEAP:--Xmx256m}"
server_jar="${BENCH_SERVER_JAR:-server/target/courseport-server.jar}"
[[ -e "$server_jar" ]] || { echo "$server_jar missing: run ./mvnw -DskipTests package first" >&2; exit 2; }
run="bench/out/soak-$(date +%Y%m%d-%H%M%S)"
source bench/server-lib.sh
start_server
trap stop_server EXIT
uptime
status=0
java -Xmx256m -Dlogback.configurationFile=bench/logback-quiet.xml -cp "$server_jar" \
  bench/SoakBench.java "$http_port" "$key" "$pid" "$minutes" "$clients" "$sample" "$exports" \
  "${content_port:-0}" "$max_courses" | tee "$run/result.txt" || status=$?
uptime
grep -c '"level":"ERROR"\| ERROR ' "$run/server.log" | sed 's/^/server log ERROR lines: /' || true
grep -c '"level":"WARN"\| WARN ' "$run/server.log" | sed 's/^/server log WARN lines (the embedded store'"'"'s index notices included): /' || true
grep ' WARN \| ERROR ' "$run/server.log" | grep -v 'is not yet implemented' | head -20 || true
echo "results in $run/result.txt"
exit "$status"
