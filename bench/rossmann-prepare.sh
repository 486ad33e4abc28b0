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
source "$root/bench/bench-env.sh"
multipliers=${1:-1,10}; work=${2:-/tmp/embark-rossmann-prepare-bench}
bench_build
mkdir -p "$work"
export SPARK_LOCAL_IP=127.0.0.1
exec java ${BENCH_JAVA_OPTS:--Xmx4g} $flags -Dlog4j.configurationFile="$root/conf/log4j2.properties" \
  -cp "$bench_cp" \
  io.embark.bench.RossmannPrepareBench "$work" "$root/data/rossmann" "$multipliers"
