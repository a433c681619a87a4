#!/usr/bin/env bash
# Load benchmark (issue 12): GET /api/v2/courses/{id} (SCORM Cloud, with credentials) and gRPC
# CourseService/GetCourse at saturation on loopback, next to GET /healthz and
# grpc.health.v1.Health/Check in the same run, against the server jar on the embedded store; and
# the store floor: store-find / store-count, the bench itself sending the store commands of one
# GetCourse (the course find, the key's rate count) to the server's embedded store.
# Prints requests/s, p50/p99/max latency, server CPU per request and each real route's ratio to its
# trivial twin (see bench/README.md, "Load").
#
# Before the rounds, a JIT warm-up drives every selected target (trivial twins too) in turn, 5 s
# each, for at least 60 s and until the server's JIT compilers spend at most 30 ms per second
# (jstat -compiler on the server pid), at most 180 s: on 2 cores C2 keeps compiling for 60-90 s of
# saturated load, so the per-round warm-up alone measured a half-compiled server.
#
# Usage: bench/load-bench.sh [concurrency=32] [warmupSeconds=10] [measureSeconds=20] [rounds=3] [targets] [courses=200]
#        (after ./mvnw -q -DskipTests package)
# Env:   BENCH_SERVER_HEAP (default -Xmx512m), BENCH_SERVER_OPTS (more server JVM options, e.g.
#        -XX:StartFlightRecording=filename=bench/out/load.jfr,settings=profile), BENCH_KEEP=1,
#        BENCH_SERVER_JAR (another build, to compare), BENCH_CLIENT_HEAP (default -Xmx512m),
#        BENCH_STORE_PORT (the embedded store's port for the store-* targets; default: a free one),
#        COURSEPORT_RATE_LIMITS (default here: default=999999999/1m, so that every request is
#        still counted in the store as in production but a saturation run never measures 429s),
#        BENCH_JIT_WARMUP (minimum JIT warm-up, s; default 60, 0: none), BENCH_JIT_WARMUP_MAX
#        (default 3x the minimum), BENCH_JIT_SETTLED (ms of compiling per s; default 30),
#        BENCH_JIT_SLICE (s per target and turn; default 5).
#        Profiling the warm server only: async-profiler as a startup agent with loop, one file per
#        30 s window, e.g. BENCH_SERVER_OPTS="-agentpath:/path/libasyncProfiler.so=start,event=itimer,
#        interval=1ms,threads,loop=30s,file=/tmp/prof-%t.collapsed,collapsed" and keep the files
#        whose window lies inside the measured rounds (their times are printed).
set -euo pipefail
cd "$(dirname "$0")/.."
concurrency="${1:-32}"
warmup="${2:-10}"
measure="${3:-20}"
rounds="${4:-3}"
targets="${5:-rest-trivial,rest-course,grpc-trivial,grpc-course,store-find,store-count}"
courses="${6:-200}"
heap="${BENCH_SERVER_HEAP:--Xmx512m}"
server_jar="${BENCH_SERVER_JAR:-server/target/courseport-server.jar}"
[[ -e "$server_jar" ]] || { echo "$server_jar missing: run ./mvnw -DskipTests package first" >&2; exit 2; }
run="bench/out/load-$(date +%Y%m%d-%H%M%S)"
source bench/server-lib.sh
# Rate limiting stays on (each request is counted, one store round trip, as in production); only
# the default class's limit is raised above what the run can reach.
export COURSEPORT_RATE_LIMITS="${COURSEPORT_RATE_LIMITS:-default=999999999/1m}"
echo "COURSEPORT_RATE_LIMITS=$COURSEPORT_RATE_LIMITS"
start_server
trap stop_server EXIT
uptime
java ${BENCH_CLIENT_HEAP:--Xmx512m} -Dlogback.configurationFile=bench/logback-quiet.xml \
  -cp "$server_jar" bench/LoadBench.java "$http_port" "$grpc_port" "$key" "$pid" \
  "$concurrency" "$warmup" "$measure" "$rounds" "$targets" "$courses" "${store_uri:-}" \
  | tee "$run/result.txt"
uptime
