#!/usr/bin/env bash
# mltest rank against trec_eval 10 on a 5,000,000-line run (5,000 queries x
# 1,000 documents), same measures (five common ones, then -m all_trec), same
# files, same session. trec_eval is not
# part of mltest: build it yourself from its public source and name the binary
# in TREC_EVAL. Needs hyperfine and GNU time.
#
#   TREC_EVAL=/path/to/trec_eval bash internal/bench/rank.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${TREC_EVAL:?name the trec_eval binary in TREC_EVAL}"
dir=${1:-/tmp/rankbench}
mkdir -p "$dir"
[ -f "$dir/bench.run" ] || MLTEST_RANK_BENCH_DIR="$dir" go test -run '^$' -bench BenchmarkRank5M -benchtime 1x ./cmd/mltest >/dev/null
go build -o "$dir/mltest" ./cmd/mltest
cd "$dir"
# Five common measures, then every trec_eval measure (-m all_trec).
for m in "-m map -m ndcg_cut.10 -m P.10 -m recall.100 -m recip_rank" "-m all_trec"; do
	echo "== $m"
	hyperfine -w 1 -r 5 -n trec_eval "$TREC_EVAL $m bench.qrels bench.run" -n mltest "./mltest rank $m bench.qrels bench.run"
	/usr/bin/time -f "trec_eval: wall %e s  peak RSS %M KB" "$TREC_EVAL" $m bench.qrels bench.run > te.out
	/usr/bin/time -f "mltest:    wall %e s  peak RSS %M KB" ./mltest rank $m bench.qrels bench.run > ml.out
	cmp te.out ml.out && echo "outputs byte-identical ($(wc -l < ml.out) lines)"
done
