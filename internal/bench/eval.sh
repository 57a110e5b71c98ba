#!/usr/bin/env bash
# The eval benchmark of BENCHMARKS.md, in one session on one machine:
# mltest eval (CSV and Parquet, exact and --bounded) against pandas.read_csv +
# scikit-learn on the same 10,000,000 rows, and the bounded mode's peak memory
# at 1M and 10M rows. Needs /usr/bin/python3 with pandas and scikit-learn, and
# GNU time (Debian: python3-sklearn python3-pandas time).
#
#   bash internal/bench/eval.sh [DIR]     # DIR defaults to /tmp/mltest-bench
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${1:-/tmp/mltest-bench}
mkdir -p "$dir"
for n in 1000000 10000000; do
  [ -f "$dir/eval$n.csv" ] || /usr/bin/python3 internal/bench/gen_eval_data.py "$dir/eval$n.csv" $n
  [ -f "$dir/eval$n.parquet" ] || go run ./internal/bench/csv2parquet "$dir/eval$n.csv" "$dir/eval$n.parquet"
done
go build -o "$dir/mltest" ./cmd/mltest
flags="--task binary --label label --score score --weight weight --quiet --format json"
t() { /usr/bin/time -f "  wall %e s  peak RSS %M KB" "$@" > "$dir/out.json"; }
cat "$dir/eval10000000.csv" > /dev/null # page cache, for both sides alike
for f in csv parquet; do
  for mode in "" "--bounded"; do
    echo "mltest eval $f $mode (3 runs)"
    for i in 1 2 3; do t "$dir/mltest" eval $flags $mode "$dir/eval10000000.$f"; done
    grep -E '"(roc_auc|average_precision)"' "$dir/out.json" | head -2
  done
done
echo "mltest eval --bounded peak memory against rows"
for n in 1000000 10000000; do
  echo " $n rows:"; t "$dir/mltest" eval $flags --bounded "$dir/eval$n.csv"
done
echo "mltest eval --ci on 1M rows: 3 metrics, 200 bootstrap resamples (2 runs)"
for i in 1 2; do t "$dir/mltest" eval $flags --metrics roc_auc,log_loss,accuracy --ci 0.95 --bootstrap 200 "$dir/eval1000000.csv"; done
echo "pandas.read_csv + scikit-learn (2 runs)"
for i in 1 2; do /usr/bin/time -f "  wall %e s  peak RSS %M KB" /usr/bin/python3 internal/bench/sk_eval.py "$dir/eval10000000.csv"; done
