#!/usr/bin/env bash
# Tabular preparation benchmark: embark's TabularPreparation (AddDatePart + FillMissing + Categorify + Normalize)
# vs Spark MLlib's nearest built-in pipeline and vs a bare Parquet read + write, on a generated Rossmann-shaped
# table, in one local-mode JVM. Prints a table; not a test. The default heap (2 GB) is smaller than the 10M-row
# table, so nothing can be collected. ~15 minutes on 2 cores for the default sizes.
#   bench/tabular.sh [rows,rows,...] [exact|approx] [work-dir]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source "$root/bench/bench-env.sh"
sizes=${1:-1000000,10000000}; median=${2:-exact}; work=${3:-/tmp/embark-tabular-bench}
bench_build
mkdir -p "$work"
export SPARK_LOCAL_IP=127.0.0.1
exec java ${BENCH_JAVA_OPTS:--Xmx2g} $flags -Dlog4j.configurationFile="$root/conf/log4j2.properties" \
  -cp "$bench_cp" \
  io.embark.bench.TabularBench "$work" "$sizes" "$median"
