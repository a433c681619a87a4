#!/usr/bin/env bash
# Times the server-side phases of an import in one JVM, without gRPC: SHA-256 alone, blob write
# (hash + write, 64 KiB writes as the upload handler does), blob commit (fsync + rename),
# open + verifyAll, open + manifest inspection, the whole StoredPackageInspector; unzip -tq in the
# same rounds. Usage: bench/import-phases.sh [1g|256m] [rounds]   (after ./mvnw -DskipTests package
# and bench/import-bench.sh, which generates the package)
set -euo pipefail
cd "$(dirname "$0")/.."
zip="bench/out/package-${1:-1g}.zip"
[[ -f "$zip" ]] || { echo "$zip missing: run bench/import-bench.sh ${1:-1g} first" >&2; exit 2; }
java -Xmx256m -Dlogback.configurationFile=bench/logback-quiet.xml \
  -cp server/target/test-classes:server/target/courseport-server.jar \
  org.courseport.server.bench.ImportPhases "$zip" "${2:-3}" bench/out/phases
