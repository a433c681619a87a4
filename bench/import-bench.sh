#!/usr/bin/env bash
# End-to-end import benchmark: starts the server jar on a fresh data dir, then, in the same run,
# times `unzip -tq` on a generated package and its import through the gRPC upload until the job is
# COMPLETE, and measures the server's heap growth (see bench/README.md).
#
# Usage: bench/import-bench.sh [1g|256m|<bytes>] [rounds]      (after ./mvnw -DskipTests package)
# Env:   BENCH_SERVER_HEAP (default -Xmx256m), BENCH_WARMUPS (unmeasured imports first, default 2),
#        BENCH_LIVE_ROUNDS (untimed imports at the end measuring the live heap every second, default 1),
#        BENCH_ENTRIES (a package of that many small entries instead of a size, e.g. 100000),
#        BENCH_SERVER_JAR / BENCH_CLIENT_JAR (other builds, to compare), BENCH_SERVER_OPTS / BENCH_CLIENT_OPTS (more JVM options for the server / the client driver,
#        e.g. -XX:StartFlightRecording=filename=x.jfr,settings=profile), BENCH_KEEP=1 keeps the data dir.
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-1g}"
rounds="${2:-3}"
case "$size" in
  1g) bytes=$((1024 * 1024 * 1024)) ;;
  256m) bytes=$((256 * 1024 * 1024)) ;;
  *[!0-9]*) echo "size must be 1g, 256m or a byte count" >&2; exit 2 ;;
  *) bytes="$size" ;;
esac
heap="${BENCH_SERVER_HEAP:--Xmx256m}"
warmups="${BENCH_WARMUPS:-2}"
live_rounds="${BENCH_LIVE_ROUNDS:-1}"
server_jar="${BENCH_SERVER_JAR:-server/target/courseport-server.jar}"
client_jar="${BENCH_CLIENT_JAR:-client/target/courseport.jar}"
for f in "$server_jar" "$client_jar" server/target/test-classes; do
  [[ -e "$f" ]] || { echo "$f missing: run ./mvnw -DskipTests package first" >&2; exit 2; }
done

entries="${BENCH_ENTRIES:-}"
zip="bench/out/package-$size.zip"
[[ -z "$entries" ]] || { size="entries-$entries"; zip="bench/out/package-$size.zip"; }
if [[ ! -f "$zip" ]]; then
  java -Xmx256m -cp "server/target/test-classes:$server_jar" \
    org.courseport.server.packaging.zip.bench.GeneratePackage "$zip" "$bytes" 42 $entries
fi

run="bench/out/import-$size-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$run/data"
key="bench:$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
COURSEPORT_GRPC_PORT=0 COURSEPORT_HTTP_PORT=0 COURSEPORT_DATA_DIR="$run/data" \
  COURSEPORT_BOOTSTRAP_KEY="$key" \
  java $heap "-Xlog:gc:file=$run/gc.log:uptime,level,tags" ${BENCH_SERVER_OPTS:-} \
  -jar "$server_jar" >"$run/server.log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  [[ -n "${BENCH_KEEP:-}" ]] || rm -rf "$run/data"
}
trap cleanup EXIT

grpc_port="" http_port=""
for _ in $(seq 1 600); do
  grpc_port=$(sed -n 's/.*gRPC server listening on port \([0-9]*\).*/\1/p' "$run/server.log")
  http_port=$(sed -n 's/.*HTTP server listening on port \([0-9]*\).*/\1/p' "$run/server.log")
  [[ -n "$grpc_port" && -n "$http_port" ]] && break
  kill -0 "$pid" 2>/dev/null || { cat "$run/server.log" >&2; echo "server exited" >&2; exit 1; }
  sleep 0.2
done
[[ -n "$http_port" ]] || { echo "server did not start within 120 s" >&2; exit 1; }
for _ in $(seq 1 100); do
  curl -fs -o /dev/null "http://localhost:$http_port/healthz" && break
  sleep 0.2
done
curl -fsS -o /dev/null "http://localhost:$http_port/healthz"
echo "server pid $pid (java $heap), gRPC port $grpc_port, logs in $run/"

java ${BENCH_CLIENT_OPTS:-} -cp "$client_jar" bench/ImportBench.java "localhost:$grpc_port" "$key" "$pid" "$zip" \
  "$run/gc.log" "$size" "$rounds" "$warmups" "$live_rounds" | tee "$run/result.txt"
