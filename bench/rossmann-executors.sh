#!/usr/bin/env bash
# Rossmann training throughput on 1 vs 2 executors. Starts a Spark standalone cluster on loopback (a Master and two
# 1-core Workers from the Spark jars in the Maven repository, as integration-tests' StandaloneCluster does),
# generates and prepares the Rossmann data once (spark-submit, steps=[generate,prepare] on both executors), then
# spark-submits the train step with spark.cores.max=1 and spark.cores.max=2 (1 core per executor, training.workers =
# executors, compare.enabled=false) and prints a table from each run's metrics.json. Not a test.
# The full size (all 1,115 stores, ~1M rows, 2 epochs) takes roughly 20-25 minutes on 2 quiet cores.
#   bench/rossmann-executors.sh [stores] [epochs] [work-dir]
#   bench/rossmann-executors.sh                           # all 1,115 stores, 2 epochs
#   bench/rossmann-executors.sh '[1,2,3,4,5,6,7,8]' 2     # a quick check on 8 stores
# The prepared data under work-dir is reused by later runs with the same stores (delete it to start over).
# Environment: BENCH_BATCH (per worker, 512), BENCH_FREQ (averaging frequency, 20), BENCH_MAX_LR (0.003),
# BENCH_LAYERS ([1000,500]), BENCH_EXECUTOR_MEMORY (3g; also each Worker's memory), BENCH_DRIVER_MEMORY (2g).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source "$root/bench/bench-env.sh"
stores=${1:-[]}; epochs=${2:-2}
tag=$(tr -c '0-9\n' '_' <<<"$stores"); [[ "$stores" == "[]" ]] && tag=all
work=${3:-/tmp/embark-rossmann-executors-$tag}
bs=${BENCH_BATCH:-512}; freq=${BENCH_FREQ:-20}; lr=${BENCH_MAX_LR:-0.003}; layers=${BENCH_LAYERS:-[1000,500]}
mem=${BENCH_EXECUTOR_MEMORY:-3g}; driver_mem=${BENCH_DRIVER_MEMORY:-2g}
bench_build cluster
for tool in curl python3; do command -v "$tool" >/dev/null || { echo "rossmann-executors: needs $tool" >&2; exit 2; }; done
spark_cp=$(cat integration-tests/target/spark-classpath.txt)
mkdir -p "$work/logs" "$work/cluster/spark-home/jars"
logs="$work/logs"
export SPARK_LOCAL_IP=127.0.0.1 OMP_NUM_THREADS=1 SPARK_SCALA_VERSION=2.12 SPARK_HOME="$work/cluster/spark-home" SPARK_DIST_CLASSPATH="$spark_cp"

if [[ -f "$work/stores.txt" && "$(cat "$work/stores.txt")" != "$stores" ]]; then
  echo "rossmann-executors: $work holds data prepared for stores=$(cat "$work/stores.txt"), not $stores; choose another work-dir" >&2
  exit 2
fi

free_port() {  # a port nothing on loopback listens on (random, so that parallel runs do not collide)
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

pids=()
cleanup() { for p in "${pids[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

port=$(free_port); ui=$(free_port)
java -Xmx512m $flags $log4j -cp "$spark_cp" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
  --webui-port "$ui" >"$logs/master.log" 2>&1 & pids+=($!)
for w in 1 2; do
  mkdir -p "$work/cluster/worker-$w"
  java -Xmx512m $flags $log4j -cp "$spark_cp" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
    --webui-port "$(free_port)" --cores 1 --memory "$mem" --work-dir "$work/cluster/worker-$w" \
    "spark://127.0.0.1:$port" >"$logs/worker-$w.log" 2>&1 & pids+=($!)
done
alive=0
for _ in $(seq 1 180); do
  alive=$(curl -s "http://127.0.0.1:$ui/json/" 2>/dev/null | sed -n 's/.*"aliveworkers" *: *\([0-9]*\).*/\1/p' | head -1) || true
  [[ "${alive:-0}" -ge 2 ]] && break; sleep 0.5
done
[[ "${alive:-0}" -ge 2 ]] || { echo "rossmann-executors: the 2 Workers did not register; see $logs" >&2; exit 1; }
echo "== cluster: spark://127.0.0.1:$port, 2 Workers x 1 core, executors of $mem; logs in $logs" >&2

submit() {  # $1 = executors (spark.cores.max), $2 = log file, then job arguments
  local n=$1 log=$2; shift 2
  java -Xmx"$driver_mem" $flags $log4j -cp "$spark_cp" org.apache.spark.deploy.SparkSubmit \
    --master "spark://127.0.0.1:$port" --deploy-mode client --class io.embark.jobs.EmbarkJob \
    --conf spark.cores.max="$n" --conf spark.executor.cores=1 --conf spark.executor.memory="$mem" \
    --conf spark.driver.host=127.0.0.1 --conf spark.executorEnv.OMP_NUM_THREADS=1 \
    --conf "spark.executor.extraJavaOptions=$flags" \
    "$jar" rossmann data="$root/data/rossmann" work="$work/data" stores="$stores" "$@" >"$log" 2>&1 || {
      echo "rossmann-executors: spark-submit failed; the end of $log:" >&2; tail -20 "$log" >&2; exit 1; }
}

if [[ -d "$work/data/prepared" ]]; then
  echo "== reusing $work/data/prepared (stores=$stores)" >&2
else
  echo "== generate + prepare once, stores=$stores (2 executors)" >&2
  rm -rf "$work/data"
  echo "$stores" >"$work/stores.txt"
  submit 2 "$logs/prepare.log" "steps=[generate,prepare]"
  grep -E "Rossmann (generate|prepare):|step .* done" "$logs/prepare.log" >&2
fi

json() {  # $1 = metrics.json, $2 = Python expression on m
  python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print($2)" "$1"
}

rows=()
for n in 1 2; do
  echo "== train: $n executor(s) x 1 core, training.workers=$n, $epochs epochs of batch $bs per worker" >&2
  submit "$n" "$logs/train-$n.log" "steps=[train]" overwrite=true compare.enabled=false \
    training.epochs="$epochs" training.workers="$n" training.batch-size-per-worker="$bs" \
    training.averaging-frequency="$freq" model.max-lr="$lr" model.layers="$layers"
  grep -E "epoch [0-9]+/|step train done" "$logs/train-$n.log" >&2 || true
  cp "$work/data/model/metrics.json" "$work/metrics-$n.json"
  m="$work/metrics-$n.json"
  used=$(json "$m" "len([e for e in m['training']['executors_used'] if e != 'driver'])")
  [[ "$used" == "$n" ]] || echo "rossmann-executors: warning: training ran on $used executor(s), expected $n" >&2
  wall=$(sed -n 's/.*step train done in \([0-9.]*\) s.*/\1/p' "$logs/train-$n.log")
  rows+=("$n $(json "$m" "m['training']['workers']") $(json "$m" "m['training']['epochs']") $(json "$m" "m['rows']['train']") $(json "$m" "m['training']['samples_per_second']") $(json "$m" "(lambda e: sum(x['samples_per_second'] for x in e[1:]) / len(e[1:]) if len(e) > 1 else e[0]['samples_per_second'])(m['epochs'])") $wall $(json "$m" "m['final']['valid_exp_rmspe']")")
done

printf '\nRossmann training throughput, standalone cluster on loopback (stores=%s; batch %s per worker, averaging every %s batches, max lr %s, layers %s)\n' \
  "$stores" "$bs" "$freq" "$lr" "$layers"
printf 'samples/s: the train step'"'"'s metrics.json (all epochs; "after epoch 1": mean of the later epochs); wall s: the train step (training, per-epoch evaluation, predictions; no executor start-up)\n'
printf '| %9s | %7s | %6s | %13s | %9s | %20s | %7s | %15s | %21s |\n' executors workers epochs "training rows" samples/s "samples/s after ep 1" "wall s" "valid exp-RMSPE" "speed-up vs 1 executor"
printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' ----------: --------: -------: --------------: ----------: ---------------------: --------: ----------------: -----------------------:
printf '%s\n' "${rows[@]}" | awk '{ if (NR == 1) base = $5
  printf "| %9d | %7d | %6d | %13d | %9.0f | %20.0f | %7.1f | %15.4f | %20.2fx |\n", $1, $2, $3, $4, $5, $6, $7, $8, $5 / base }'
echo "logs and metrics: $work"
