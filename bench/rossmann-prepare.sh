#!/usr/bin/env bash
# Rossmann prepare benchmark: the job's prepare step (the recipe's joins and features, elapsed events per store,
# FillMissing + Categorify + Normalize fitted on the training weeks, train/valid/test written as Parquet) on the
# generated table at store multipliers 1 (1.05M rows) and 10 (10.5M rows), against a bare Parquet read + write of
# the same rows (the I/O floor), in one local-mode JVM. Prints a table; not a test. Generated tables are kept under
# work-dir and reused. ~15 minutes on 2 cores for the defaults (the first run also generates).
#   bench/rossmann-prepare.sh [multipliers] [work-dir]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
multipliers=${1:-1,10}; work=${2:-/tmp/embark-rossmann-prepare-bench}
version=0.1.0-SNAPSHOT
[[ -f jobs/target/embark-jobs-$version.jar && -f jobs/target/local-classpath.txt ]] || mvn -B -q -DskipTests package
flags="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false -Djava.awt.headless=true"
mkdir -p "$work"
export SPARK_LOCAL_IP=127.0.0.1
exec java ${BENCH_JAVA_OPTS:--Xmx4g} $flags -Dlog4j.configurationFile="$root/conf/log4j2.properties" \
  -cp "jobs/target/embark-jobs-$version.jar:$(cat jobs/target/local-classpath.txt)" \
  io.embark.jobs.bench.RossmannPrepareBench "$work" "$root/data/rossmann" "$multipliers"
