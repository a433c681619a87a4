# Sourced by bench/load-bench.sh and bench/soak.sh: starts the server jar on a fresh data directory
# (embedded MongoDB, every port picked free, metrics port off unless asked) and waits until
# GET /healthz answers. Sets: pid, http_port, grpc_port, content_port, store_uri (the embedded
# store's mongodb://127.0.0.1:<port>), key, run.
# Needs: run (the run directory), server_jar, heap; optional BENCH_SERVER_OPTS, BENCH_STORE_PORT
# (the embedded store's loopback port, COURSEPORT_EMBEDDED_MONGO_PORT; default: a free one).
start_server() {
  mkdir -p "$run/data"
  key="bench:$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  env COURSEPORT_GRPC_PORT=0 COURSEPORT_HTTP_PORT=0 COURSEPORT_CONTENT_PORT=0 \
    COURSEPORT_METRICS_PORT="${BENCH_METRICS_PORT:-off}" COURSEPORT_DATA_DIR="$run/data" \
    COURSEPORT_BOOTSTRAP_KEY="$key" COURSEPORT_EMBEDDED_MONGO_PORT="${BENCH_STORE_PORT:-0}" \
    java $heap "-Xlog:gc:file=$run/gc.log:uptime,level,tags" ${BENCH_SERVER_OPTS:-} \
    -jar "$server_jar" >"$run/server.log" 2>&1 &
  pid=$!
  grpc_port="" http_port=""
  for _ in $(seq 1 600); do
    grpc_port=$(sed -n 's/.*gRPC server listening on port \([0-9]*\).*/\1/p' "$run/server.log" | head -1)
    http_port=$(sed -n 's/.*HTTP server listening on port \([0-9]*\).*/\1/p' "$run/server.log" | head -1)
    [[ -n "$grpc_port" && -n "$http_port" ]] && break
    kill -0 "$pid" 2>/dev/null || { cat "$run/server.log" >&2; echo "server exited" >&2; exit 1; }
    sleep 0.2
  done
  [[ -n "$http_port" ]] || { echo "server did not start within 120 s" >&2; exit 1; }
  content_port=$(sed -n 's/.*Content origin listening on port \([0-9]*\).*/\1/p' "$run/server.log" | head -1)
  store_uri=$(sed -n 's/.*Embedded MongoDB .* listening on \(mongodb:[^ ]*\).*/\1/p' "$run/server.log" | head -1)
  for _ in $(seq 1 100); do
    curl -fs -o /dev/null "http://127.0.0.1:$http_port/healthz" && break
    sleep 0.2
  done
  curl -fsS -o /dev/null "http://127.0.0.1:$http_port/healthz"
  echo "server pid $pid (java $heap), HTTP port $http_port, gRPC port $grpc_port, store ${store_uri:-?}, logs in $run/"
}

stop_server() {
  kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  [[ -n "${BENCH_KEEP:-}" ]] || rm -rf "$run/data"
}
