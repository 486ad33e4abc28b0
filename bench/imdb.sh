#!/usr/bin/env bash
# IMDB benchmark: on a validation split of IMDB's 25,000 labelled training reviews (seeded hash, 20% held out),
# embark's ULMFiT classifier (encoder pretrained on the bundled WikiText-2 slice, fine-tuned on the training
# split's reviews) vs the same LSTM classifier without pretraining vs Spark MLlib TF-IDF + LogisticRegression vs
# NB-SVM, all in one run on the same split and tokens (the imdb job with classify.compare=true), with each one's
# fit time on this machine. Prints the job's table and the settings; not a test.
#   bench/imdb.sh [every-kth-review (default 6: 4,167 reviews, ~35 min on 2 cores; 1 = all 25,000)] [key=value ...]
# Needs ../shared/data/imdb/train.csv.gz (IMDB, see data/README.md for its terms) or IMDB_TRAIN=path.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
every=${1:-6}; shift || true
train=${IMDB_TRAIN:-$root/../shared/data/imdb/train.csv.gz}
[[ -f "$train" ]] || { echo "bench/imdb.sh: no IMDB training CSV at $train (set IMDB_TRAIN)" >&2; exit 2; }
work=$(mktemp -d /tmp/embark-imdb-bench.XXXXXX)
# one review per line in this file: every k-th line keeps both labels balanced
zcat -f "$train" | awk -v k="$every" 'NR == 1 || (NR - 2) % k == 0' > "$work/reviews.csv"
echo "reviews: $(($(wc -l < "$work/reviews.csv") - 1)) of $(($(zcat -f "$train" | wc -l) - 1)) (every ${every}th); work dir $work"
# The language model is fine-tuned on the training split only: the lm step's hash split (valid-fraction, seed) is
# the classifier's, so the validation reviews are held out of both.
start=$(date +%s)
bin/embark imdb overwrite=true steps=[pretrain,finetune,classify] \
  pretrain.output="$work/pretrain" finetune.pretrained="$work/pretrain" finetune.output="$work/finetune" \
  finetune.corpus="[\"$work/reviews.csv\"]" finetune.valid-col="" finetune.valid-fraction=0.2 \
  input.paths="[\"$work/reviews.csv\"]" input.valid-col="" input.valid-fraction=0.2 \
  classify.encoder="$work/finetune" classify.output="$work/classify" "$@" 2> "$work/job.log" | tee "$work/job.out"
echo "wall time: $(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s (2 CPU cores); log: $work/job.log"
