#!/usr/bin/env bash
# Language-model benchmark: (1) training tokens/s of the single-JVM fit on one core vs parameter averaging on a Spark
# standalone cluster with 1 and 2 executors (1 core each), for the CPU default size and a larger one, with DL4J's
# per-phase split of the 2-executor runs (compute vs averaging), and the machine's own ceiling: two single-JVM fits
# at once (what two cores give with no Spark and no averaging); (2) achieved FLOP/s of the training step against
# plain ND4J products of the same shapes on the same core; (3) what the vocabulary cap buys (single-JVM tokens/s by
# vocabulary size). Prints tables; not a test. Takes ~45 minutes on 2 cores.
#   bench/lm.sh ["averaging frequencies of the 2-executor runs"]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source "$root/bench/bench-env.sh"
freqs=(${1:-10 40}); freq=${freqs[0]}
bench_build cluster
spark_cp=$(cat integration-tests/target/spark-classpath.txt)
work=$(mktemp -d /tmp/embark-lm-bench.XXXXXX)
wiki="$root/data/wikitext-2/wiki.valid.tokens,$root/data/wikitext-2/wiki.test.tokens"
export SPARK_LOCAL_IP=127.0.0.1 OMP_NUM_THREADS=1 SPARK_SCALA_VERSION=2.12 SPARK_HOME="$work/spark-home" SPARK_DIST_CLASSPATH="$spark_cp"
mkdir -p "$SPARK_HOME/jars"
pids=()
cleanup() { for p in "${pids[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# name | corpus | max-vocab | embedding | hidden | layers | batch per worker | single-JVM steps
sizes=("default|$wiki|4000|64|128|2|32|60" "larger|$wiki|8000|200|512|2|32|12")

both() {  # two single-JVM fits at once, same arguments as single -> their summed tokens/s
  local a b
  single "$@" > "$work/both-a.txt" & local pa=$!
  single "$@" > "$work/both-b.txt" & local pb=$!
  wait "$pa" "$pb"
  read -r a _ < "$work/both-a.txt"; read -r b _ < "$work/both-b.txt"
  awk -v a="$a" -v b="$b" 'BEGIN { print a + b }'
}

single() {  # corpus vocab emb hidden layers batch seq steps [softmax width] -> "tokens/s train_gflops matmul_gflops decoder_share softmax_width"
  java -Xmx3g $flags $log4j -cp "$bench_cp" io.embark.bench.SingleJvmLanguageModelBench "$@" 2>>"$work/single.log" \
    | tee -a "$work/single.out" | awk -F= '/^tokens_per_second=/{t=$2} /^train_gflops=/{g=$2} /^matmul_gflops=/{m=$2} /^decoder_share=/{d=$2} /^softmax_width=/{w=$2} END {print t, g, m, d, w}'
}

run_cluster() {  # $1 = 1-core workers, $2 = size name, $3 = averaging frequency, then job overrides
  local n=$1 name=$2 f=$3; shift 3
  name="$name-f$f"
  local port=$((17077 + n)) ui=$((18080 + n))
  java -Xmx512m $flags $log4j -cp "$spark_cp" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port $port --webui-port $ui >"$work/master-$name-$n.log" 2>&1 & pids+=($!)
  for w in $(seq 1 "$n"); do
    java -Xmx512m $flags $log4j -cp "$spark_cp" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --webui-port $((18180 + 10 * n + w)) \
      --cores 1 --memory 3g --work-dir "$work/worker-$name-$n-$w" spark://127.0.0.1:$port >"$work/worker-$name-$n-$w.log" 2>&1 & pids+=($!)
  done
  for _ in $(seq 1 120); do
    curl -s "http://127.0.0.1:$ui/json/" 2>/dev/null | grep -q "\"aliveworkers\" : $n" && break; sleep 0.5
  done
  java -Xmx2g $flags $log4j -cp "$spark_cp" org.apache.spark.deploy.SparkSubmit --master spark://127.0.0.1:$port \
    --class io.embark.jobs.EmbarkJob --conf spark.cores.max=$n --conf spark.executor.cores=1 --conf spark.executor.memory=2500m \
    --conf spark.driver.host=127.0.0.1 --conf spark.executorEnv.OMP_NUM_THREADS=1 \
    --conf "spark.executor.extraJavaOptions=$flags" \
    "$jar" lm steps=[pretrain] pretrain.output="$work/run-$name-$n" pretrain.epochs=1 training.workers="$n" \
    training.averaging-frequency="$f" training.collect-stats=true generate.tokens=0 "$@" >"$work/submit-$name-$n.log" 2>&1
  grep -E "epoch [0-9]+/" "$work/submit-$name-$n.log" >&2 || { tail -30 "$work/submit-$name-$n.log" >&2; exit 1; }
  cleanup; pids=()
  sed -n 's/.*"tokens_per_second" : \([0-9.]*\).*/\1/p' "$work/run-$name-$n/metrics.json" | tail -1
}

results=()
for spec in "${sizes[@]}"; do
  IFS='|' read -r name corpus vocab emb hidden layers bs steps <<<"$spec"
  model=(model.embedding="$emb" model.hidden="$hidden" model.layers="$layers" text.max-vocab="$vocab"
         training.batch-size-per-worker="$bs" "pretrain.corpus=[\"${corpus//,/\",\"}\"]")
  echo "== $name: single-JVM fit, 1 ND4J thread (vocab $vocab, E$emb/H$hidden/L$layers, batch $bs x 72, $steps steps)"
  s=$(single "$corpus" "$vocab" "$emb" "$hidden" "$layers" "$bs" 72 "$steps")
  echo "== $name: two single-JVM fits at once (the machine's ceiling for 2 cores)"
  ceiling=$(both "$corpus" "$vocab" "$emb" "$hidden" "$layers" "$bs" 72 "$steps")
  echo "== $name: parameter averaging, standalone, 1 executor x 1 core, averaging every $freq"
  one=$(run_cluster 1 "$name" "$freq" "${model[@]}")
  twos=""
  for f in "${freqs[@]}"; do
    echo "== $name: parameter averaging, standalone, 2 executors x 1 core, averaging every $f"
    twos+="$f:$(run_cluster 2 "$name" "$f" "${model[@]}") "
    { echo "-- $name, 2 executors, averaging every $f: DL4J's per-phase split"
      sed -n '/where the training time went/,/training ran on executors/p' "$work/submit-$name-f$f-2.log"; } >> "$work/splits.txt"
  done
  results+=("$name|$vocab|$emb/$hidden/$layers|$bs|$s|$ceiling|$one|$twos")
done

echo "== vocabulary cap: single-JVM tokens/s by vocabulary size (E64/H128/L2, batch 32 x 72)"
caps=()
for v in 2000 4000 8000 16000 60000; do
  steps=$(( v >= 16000 ? 4 : 15 ))
  caps+=("$v|$(single "$wiki" "$v" 64 128 2 32 72 "$steps" "$v")")
done

printf '\nLanguage-model training throughput, 1 epoch of WikiText-2 valid+test (462,970 tokens)\n'
printf '| %-8s | %-6s | %-11s | %-5s | %-58s | %10s | %9s |\n' size vocab E/H/L batch setup tokens/s "vs 1 core"
printf '|---|---:|---|---:|---|---:|---:|\n'
for r in "${results[@]}"; do
  IFS='|' read -r name vocab ehl bs s ceiling one twos <<<"$r"
  read -r st g m d <<<"$s"
  row() { awk -v n="$name" -v v="$vocab" -v e="$ehl" -v b="$bs" -v w="$1" -v t="$2" -v s="$st" 'BEGIN {
    printf "| %-8s | %6s | %-11s | %5s | %-58s | %10.0f | %8.2fx |\n", n, v, e, b, w, t, t / s }'; }
  row "single-JVM fit, 1 core (ND4J 1 thread)" "$st"
  row "2 single-JVM fits at once (machine ceiling, summed)" "$ceiling"
  row "parameter averaging, 1 executor x 1 core, every $freq" "$one"
  for ft in $twos; do row "parameter averaging, 2 executors x 1 core, every ${ft%%:*}" "${ft#*:}"; done
done
printf '\nCompute floor (single-JVM, 1 core): achieved FLOP/s of the training step (3 x forward products) vs plain ND4J mmul of the same shapes\n'
printf '| %-8s | %16s | %17s | %10s | %27s |\n' size "train GFLOP/s" "ND4J mmul GFLOP/s" "of floor" "decoder share of the FLOPs"
printf '|---|---:|---:|---:|---:|\n'
for r in "${results[@]}"; do
  IFS='|' read -r name vocab ehl bs s ceiling one twos <<<"$r"
  read -r st g m d <<<"$s"
  awk -v n="$name" -v g="$g" -v m="$m" -v d="$d" 'BEGIN { printf "| %-8s | %16.2f | %17.2f | %9.0f%% | %26.0f%% |\n", n, g, m, 100 * g / m, 100 * d }'
done
printf '\nWhat the vocabulary cap buys (single-JVM, 1 core, E64/H128/L2, batch 32 x 72; caps above the bundled corpus'"'"'s\nvocabulary widen the softmax to the cap, as a larger corpus would)\n'
printf '| %-10s | %10s | %14s | %13s |\n' "max-vocab" "tokens/s" "vs 60,000" "decoder share"
printf '|---:|---:|---:|---:|\n'
base=$(for c in "${caps[@]}"; do IFS='|' read -r v s <<<"$c"; [[ "$v" == 60000 ]] && echo "$s" | awk '{print $1}'; done)
for c in "${caps[@]}"; do
  IFS='|' read -r v s <<<"$c"
  read -r st g m d <<<"$s"
  awk -v v="$v" -v s="$st" -v b="$base" -v d="$d" 'BEGIN { printf "| %10s | %10.0f | %13.1fx | %12.0f%% |\n", v, s, s / b, 100 * d }'
done
printf '\n'
cat "$work/splits.txt"
echo "logs: $work"
