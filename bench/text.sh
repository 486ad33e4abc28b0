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
imdb=${1:-../shared/data/imdb}; gb=${2:-1}; work=${3:-/tmp/embark-text-bench}
version=0.1.0-SNAPSHOT
[[ -f jobs/target/embark-jobs-$version.jar && -f jobs/target/local-classpath.txt ]] || mvn -B -q -DskipTests package
flags="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
mkdir -p "$work"
export SPARK_LOCAL_IP=127.0.0.1
exec java ${BENCH_JAVA_OPTS:--Xmx2g} $flags -Dlog4j.configurationFile="$root/conf/log4j2.properties" \
  -cp "jobs/target/embark-jobs-$version.jar:$(cat jobs/target/local-classpath.txt)" \
  io.embark.jobs.bench.TextBench "$imdb" "$work" "$gb"
