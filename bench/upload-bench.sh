#!/usr/bin/env bash
# Upload benchmark (issue 8): a large package through the Allure multipart flow and through the
# resumable gRPC upload (`courseport packages upload`), each next to `cp` of the same file on the
# same disk in the same run; reports MB/s, the ratio to cp and the server's heap growth
# (see bench/README.md).
#
# Usage: bench/upload-bench.sh [--size 4g|1g|<n>m|<n>g|<bytes>] [--rounds n]
#        bench/upload-bench.sh [4g|1g|<bytes>] [rounds]       (after ./mvnw -DskipTests package)
# Each round also times Java's MessageDigest MD5 and SHA-256 over the package (the digests the legs
# must compute: the floor under them).
# Env:   BENCH_UPLOAD_DIR   where the package and the cp copy go (default /tmp/courseport-bench;
#                           the server's data dir goes there too, so that all three share a disk)
#        BENCH_SERVER_HEAP  (default -Xmx256m)   BENCH_PARALLEL  concurrent part PUTs (default 4)
#        BENCH_PART_SIZE    COURSEPORT_MULTIPART_PART_SIZE for the server (default: its own, 5 MiB)
#        BENCH_LIVE_ROUNDS  untimed uploads of each leg with a full GC every second (default 1)
#        BENCH_WARMUP_MIB   an unmeasured multipart upload of the first MiB of the package before
#                           the rounds, so that the JIT has compiled the upload path (default 512)
#        BENCH_GRPC_WARMUP_MIB  an unmeasured `packages upload` (+ import) of a generated package
#                           of that size before the rounds, so that the server has compiled the
#                           gRPC upload path (default 512; 0: none). The CLI is a new JVM each time.
#        BENCH_SKIP_GRPC=1  skips the gRPC leg;  BENCH_SKIP_MULTIPART=1 skips the multipart leg
#                           (and its warm-up);  BENCH_KEEP_ZIP=1 keeps the generated package
#        BENCH_SERVER_JAR / BENCH_CLIENT_JAR, BENCH_SERVER_OPTS / BENCH_CLIENT_OPTS (more server /
#                           command-line JVM options, e.g. a profiler agent)
set -euo pipefail
cd "$(dirname "$0")/.."
size=4g rounds=1 positional=()
while (($#)); do
  case "$1" in
    --size) size="${2:?--size needs a value}"; shift 2 ;;
    --size=*) size="${1#--size=}"; shift ;;
    --rounds) rounds="${2:?--rounds needs a value}"; shift 2 ;;
    --rounds=*) rounds="${1#--rounds=}"; shift ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) positional+=("$1"); shift ;;
  esac
done
((${#positional[@]} < 1)) || size="${positional[0]}"
((${#positional[@]} < 2)) || rounds="${positional[1]}"
case "$size" in
  *[0-9][gG]) bytes=$((${size%?} * 1024 * 1024 * 1024)) ;;
  *[0-9][mM]) bytes=$((${size%?} * 1024 * 1024)) ;;
  *[!0-9]* | "") echo "size must be <n>g, <n>m or a byte count, got '$size'" >&2; exit 2 ;;
  *) bytes="$size" ;;
esac
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "rounds must be a positive number" >&2; exit 2; }
dir="${BENCH_UPLOAD_DIR:-/tmp/courseport-bench}"
heap="${BENCH_SERVER_HEAP:--Xmx256m}"
server_jar="${BENCH_SERVER_JAR:-server/target/courseport-server.jar}"
client_jar="${BENCH_CLIENT_JAR:-client/target/courseport.jar}"
for f in "$server_jar" "$client_jar"; do
  [[ -e "$f" ]] || { echo "$f missing: run ./mvnw -DskipTests package first" >&2; exit 2; }
done
mkdir -p "$dir"
# The package, a copy, the server's part files and its assembled blob: about 3× the package.
need_kib=$((bytes / 1024 * 3 + 1024 * 1024))
avail_kib=$(df -Pk "$dir" | awk 'NR == 2 { print $4 }')
if ((avail_kib < need_kib)); then
  echo "$dir has $((avail_kib / 1024)) MiB free; the run needs about $((need_kib / 1024)) MiB" >&2
  exit 2
fi

zip="$dir/package-$size.zip"
if [[ ! -f "$zip" ]]; then
  java -Xmx256m bench/GenerateStoredPackage.java "$zip" "$bytes" 42
fi
unzip -tq "$zip" >/dev/null || { echo "$zip is not a valid zip" >&2; exit 1; }
# The gRPC leg's warm-up package (a valid one: `packages upload` also imports it).
grpc_warmup_mib="${BENCH_GRPC_WARMUP_MIB:-512}"
grpc_warmup_zip=""
if [[ -z "${BENCH_SKIP_GRPC:-}" ]] && ((grpc_warmup_mib > 0)); then
  grpc_warmup_zip="$dir/package-warmup-${grpc_warmup_mib}m.zip"
  [[ -f "$grpc_warmup_zip" ]] ||
    java -Xmx256m bench/GenerateStoredPackage.java "$grpc_warmup_zip" $((grpc_warmup_mib << 20)) 7
fi

run="$dir/run-$size-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$run/data"
key="bench:$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
part_env=()
[[ -z "${BENCH_PART_SIZE:-}" ]] || part_env=(COURSEPORT_MULTIPART_PART_SIZE="$BENCH_PART_SIZE")
env COURSEPORT_GRPC_PORT=0 COURSEPORT_HTTP_PORT=0 COURSEPORT_CONTENT_PORT=0 COURSEPORT_METRICS_PORT=0 \
  COURSEPORT_DATA_DIR="$run/data" \
  COURSEPORT_BOOTSTRAP_KEY="$key" COURSEPORT_IMPORT_TIME_BUDGET_SECONDS=1800 "${part_env[@]}" \
  java $heap "-Xlog:gc:file=$run/gc.log:uptime,level,tags" ${BENCH_SERVER_OPTS:-} \
  -jar "$server_jar" >"$run/server.log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$run/data" "$dir/upload-bench-copy.zip"
  [[ -n "${BENCH_KEEP_ZIP:-}" ]] || rm -f "$zip" ${grpc_warmup_zip:+"$grpc_warmup_zip"}
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
# Up to 120 s for readiness too, on a loaded machine. (All ports are free ones: with the defaults
# a second server on the machine, another bench's, failed to start.)
for _ in $(seq 1 600); do
  curl -fs -o /dev/null "http://localhost:$http_port/healthz" && break
  sleep 0.2
done
curl -fsS -o /dev/null "http://localhost:$http_port/healthz"
echo "server pid $pid (java $heap), HTTP port $http_port, gRPC port $grpc_port, logs in $run/"

BENCH_GRPC_WARMUP_ZIP="$grpc_warmup_zip" java -Xmx512m bench/UploadBench.java "$http_port" "$grpc_port" "$key" "$pid" "$zip" \
  "$run/gc.log" "$rounds" "${BENCH_LIVE_ROUNDS:-1}" "${BENCH_PARALLEL:-4}" "$client_jar" "$dir" \
  | tee "$run/result.txt"
