#!/usr/bin/env bash
# Generates the ~1 GiB benchmark package (deterministic) and times ZipPackageArchive.verifyAll()
# against `unzip -tq` on it. Usage: bench/zip-bench.sh [gen|verify|all] [targetBytes] [seed]
# Output goes to bench/out/ (git-ignored). The JVM heap is capped to show that memory stays bounded.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-all}"
target="${2:-1073741824}"
seed="${3:-42}"
out=bench/out/package-1g.zip
repo="${MAVEN_REPO:-$HOME/.m2/repository}"
heap="${BENCH_HEAP:--Xmx256m}"

prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
jar() { echo "$repo/$1/$2/$3/$2-$3.jar"; }

./mvnw -B -o -q -pl server -am -DskipTests test-compile
# commons-compress 1.28.0 declares commons-io 2.20.0, commons-lang3 3.18.0, commons-codec 1.19.0.
cp="server/target/classes:server/target/test-classes"
cp="$cp:$(jar org/apache/commons commons-compress "$(prop commons-compress.version)")"
cp="$cp:$(jar commons-io commons-io 2.20.0):$(jar org/apache/commons commons-lang3 3.18.0)"
cp="$cp:$(jar commons-codec commons-codec 1.19.0)"
cp="$cp:$(jar org/slf4j slf4j-api "$(prop slf4j.version)")"
cp="$cp:$(jar ch/qos/logback logback-classic "$(prop logback.version)")"
cp="$cp:$(jar ch/qos/logback logback-core "$(prop logback.version)")"

if [[ "$mode" == gen || "$mode" == all ]]; then
  java "$heap" -cp "$cp" org.courseport.server.packaging.zip.bench.GeneratePackage \
    "$out" "$target" "$seed"
  sha256sum "$out"
fi
if [[ "$mode" == verify || "$mode" == all ]]; then
  java "$heap" -cp "$cp" org.courseport.server.packaging.zip.bench.VerifyBenchmark "$out" 3
fi
