#!/usr/bin/env bash
# MovieLens benchmark: training throughput of the single-JVM fit on one core vs parameter averaging on a Spark
# standalone cluster with 1 and 2 executors (1 core each), and validation RMSE of embark vs Spark ALS on the
# same split (the job's compare mode). Prints a table; not a test. Takes ~10 minutes on 2 cores.
# BENCH_SINGLE=<samples/s> reuses a single-JVM measurement; BENCH_SKIP_COMPARE=1 skips the ALS comparison.
#   bench/movielens.sh [batch-size-per-worker] [averaging-frequency] [epochs]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source "$root/bench/bench-env.sh"
bs=${1:-64}; freq=${2:-10}; epochs=${3:-2}
bench_build cluster
spark_cp=$(cat integration-tests/target/spark-classpath.txt)
ratings="$root/data/movielens/ml-latest-small/ratings.csv"
work=$(mktemp -d /tmp/embark-bench.XXXXXX)
export SPARK_LOCAL_IP=127.0.0.1 OMP_NUM_THREADS=1 SPARK_SCALA_VERSION=2.12 SPARK_HOME="$work/spark-home" SPARK_DIST_CLASSPATH="$spark_cp"
mkdir -p "$SPARK_HOME/jars"
pids=()
cleanup() { for p in "${pids[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "== single-JVM fit, 1 ND4J thread (batch $bs, $epochs epochs)"
single=${BENCH_SINGLE:-}
[[ -n "$single" ]] || single=$(java -Xmx3g $flags $log4j -cp "$bench_cp" io.embark.bench.SingleJvmCollabBench "$ratings" "$epochs" "$bs" 2>"$work/single.log" | tee /dev/stderr | sed -n 's/^samples_per_second=//p')

run_cluster() {  # $1 = number of 1-core workers
  local n=$1
  local port=$((17077 + n)) ui=$((18080 + n))
  java -Xmx512m $flags $log4j -cp "$spark_cp" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port $port --webui-port $ui >"$work/master-$n.log" 2>&1 & pids+=($!)
  for w in $(seq 1 "$n"); do
    java -Xmx512m $flags $log4j -cp "$spark_cp" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --webui-port $((18180 + 10 * n + w)) \
      --cores 1 --memory 2g --work-dir "$work/worker-$n-$w" spark://127.0.0.1:$port >"$work/worker-$n-$w.log" 2>&1 & pids+=($!)
  done
  for _ in $(seq 1 120); do
    curl -s "http://127.0.0.1:$ui/json/" 2>/dev/null | grep -q "\"aliveworkers\" : $n" && break; sleep 0.5
  done
  java -Xmx2g $flags $log4j -cp "$spark_cp" org.apache.spark.deploy.SparkSubmit --master spark://127.0.0.1:$port \
    --class io.embark.jobs.EmbarkJob --conf spark.cores.max=$n --conf spark.executor.cores=1 --conf spark.executor.memory=1500m \
    --conf spark.driver.host=127.0.0.1 --conf spark.executorEnv.OMP_NUM_THREADS=1 --conf "spark.executor.extraJavaOptions=$flags" \
    "$jar" movielens ratings="$ratings" output="$work/run-$n" training.epochs="$epochs" training.workers="$n" \
    training.batch-size-per-worker="$bs" training.averaging-frequency="$freq" >"$work/submit-$n.log" 2>&1
  grep -E "epoch [0-9]+/" "$work/submit-$n.log" >&2
  cleanup; pids=()
  # per-epoch values, then the run's overall value (the "training" section comes last)
  local rates; rates=$(sed -n 's/.*"samples_per_second" : \([0-9.]*\).*/\1/p' "$work/run-$n/metrics.json")
  # steady state = mean over the epochs after the first (which pays for executor JVM and ND4J start-up)
  echo "$rates" | awk '{ all[NR] = $1 } END {
    n = NR - 1; s = 0; for (i = 2; i <= n; i++) s += all[i]; printf "%.0f %.0f\n", (n > 1 ? s / (n - 1) : all[1]), all[NR] }'
}
echo "== parameter averaging on a standalone cluster, 1 executor x 1 core"
one=$(run_cluster 1)
echo "== parameter averaging on a standalone cluster, 2 executors x 1 core"
two=$(run_cluster 2)

if [[ -z "${BENCH_SKIP_COMPARE:-}" ]]; then
  echo "== embark vs Spark ALS on the same split (local[*], compare mode)"
  bin/embark movielens mode=compare output="$work/compare" 2>"$work/compare.log" | tee "$work/compare.txt"
fi

printf '\nMovieLens latest-small training throughput (batch %s per worker, averaging every %s batches, %s epochs)\n' "$bs" "$freq" "$epochs"
printf 'steady state = mean of the epochs after the first; the single-JVM figure is after a 200-batch warm-up\n'
printf '| %-48s | %12s | %10s |\n' "setup" "samples/s" "vs 1 core"
printf '|%s|%s|%s|\n' "--------------------------------------------------" "--------------" "------------"
awk -v s="$single" -v a="$one" -v b="$two" 'BEGIN {
  split(a, A, " "); split(b, B, " ")
  printf "| %-48s | %12.0f | %9.2fx |\n", "single-JVM fit, 1 core (ND4J 1 thread)", s, 1
  printf "| %-48s | %12.0f | %9.2fx |\n", "parameter averaging, 1 executor x 1 core", A[1], A[1] / s
  printf "| %-48s | %12.0f | %9.2fx |\n", "parameter averaging, 2 executors x 1 core", B[1], B[1] / s
  printf "| %-48s | %12.0f | %9.2fx |\n", "  (2 executors, whole run incl. first epoch)", B[2], B[2] / s
}'
echo "logs: $work"
