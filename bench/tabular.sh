#!/usr/bin/env bash
# Tabular preparation benchmark: embark's TabularPreparation (AddDatePart + FillMissing + Categorify + Normalize)
# vs Spark MLlib's nearest built-in pipeline and vs a bare Parquet read + write, on a generated Rossmann-shaped
# table, in one local-mode JVM. Prints a table; not a test. The default heap (2 GB) is smaller than the 10M-row
# table, so nothing can be collected. ~15 minutes on 2 cores for the default sizes.
#   bench/tabular.sh [rows,rows,...] [exact|approx] [work-dir]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
sizes=${1:-1000000,10000000}; median=${2:-exact}; work=${3:-/tmp/embark-tabular-bench}
version=0.1.0-SNAPSHOT
[[ -f jobs/target/embark-jobs-$version.jar && -f jobs/target/local-classpath.txt ]] || mvn -B -q -DskipTests package
flags="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
mkdir -p "$work"
export SPARK_LOCAL_IP=127.0.0.1
exec java ${BENCH_JAVA_OPTS:--Xmx2g} $flags -Dlog4j.configurationFile="$root/conf/log4j2.properties" \
  -cp "jobs/target/embark-jobs-$version.jar:$(cat jobs/target/local-classpath.txt)" \
  io.embark.jobs.bench.TabularBench "$work" "$sizes" "$median"
