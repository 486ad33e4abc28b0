#!/usr/bin/env bash
# Text stages benchmark: embark's Tokenizer (fastai rules + spaCy-style splitting) vs Spark's RegexTokenizer("\W+"),
# and Numericalize vs CountVectorizer fits, on the IMDB reviews (train + unsup) and on generated corpora of
# corpus-GB/4 and corpus-GB of text, in one local-mode JVM; both tokenizers write Parquet. Prints a table; not a
# test. The default heap (2 GB) is smaller than the 1 GB corpus in Spark's in-memory form, so nothing can be
# collected. IMDB and the corpora are converted/generated to Parquet under work-dir once and reused.
# ~25 minutes on 2 cores for the defaults (the first run also generates the corpora); each tokenizer runs twice per
# corpus and the better time counts.
#   bench/text.sh [imdb-dir] [corpus-GB] [work-dir]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source "$root/bench/bench-env.sh"
imdb=${1:-../shared/data/imdb}; gb=${2:-1}; work=${3:-/tmp/embark-text-bench}
bench_build
mkdir -p "$work"
export SPARK_LOCAL_IP=127.0.0.1
exec java ${BENCH_JAVA_OPTS:--Xmx2g} $flags -Dlog4j.configurationFile="$root/conf/log4j2.properties" \
  -cp "$bench_cp" \
  io.embark.bench.TextBench "$imdb" "$work" "$gb"
