#!/usr/bin/env bash
# Manifest benchmark: ManifestInspector.inspect (find, parse, XSD + semantic validation, describe)
# on every zip of the corpus over ZipPackageArchive, warm, in one JVM; reports per package the
# median and max ms and overall the median of the per-package medians and the largest.
#
# Usage: bench/manifest-bench.sh [corpusDir] [warmupPasses] [rounds]   (after ./mvnw -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpus/packages}"
warmup="${2:-30}"
rounds="${3:-21}"
server_jar=server/target/courseport-server.jar
for f in "$server_jar" server/target/test-classes/org/courseport/server/bench/ManifestBench.class; do
  [[ -e "$f" ]] || { echo "$f missing: run ./mvnw -DskipTests package first" >&2; exit 2; }
done
mkdir -p bench/out
java -Xmx256m -Dlogback.configurationFile=bench/logback-quiet.xml \
  -cp "server/target/test-classes:$server_jar" org.courseport.server.bench.ManifestBench \
  "$corpus" "$warmup" "$rounds" | tee bench/out/manifest-bench.txt
