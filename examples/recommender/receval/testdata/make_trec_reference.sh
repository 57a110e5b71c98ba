#!/bin/sh
# Regenerates the trec_eval reference of receval's TestTrecEvalReference: the
# small configuration (200 users, 100 items, seed 3) trained by rectrain,
# scored by recbatch into a TREC run and qrels, evaluated by trec_eval 10.
#
#   TREC_EVAL=/path/to/trec_eval sh examples/recommender/receval/testdata/make_trec_reference.sh
#
# Run from anywhere inside the repository.
set -eu
: "${TREC_EVAL:?set TREC_EVAL to the trec_eval binary}"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
data="--users 200 --items 100 --seed 3"
cd "$root"
# The gate may fail on so small a data set (exit 1); the model file is written first.
go run ./examples/recommender/cmd/rectrain $data --resamples 10 --trials 10 --out "$tmp/model.json" >/dev/null || [ $? -eq 1 ]
go run ./examples/recommender/cmd/recbatch $data --model "$tmp/model.json" --out "$tmp/predictions.jsonl" \
	--run "$here/small.run" --qrels "$here/small.qrels"
"$TREC_EVAL" -q -m ndcg_cut.10 -m map -m P.10 -m recall.100 "$here/small.qrels" "$here/small.run" > "$here/small.trec_eval"
