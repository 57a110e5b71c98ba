#!/usr/bin/env bash
# ROC AUC on 10,000,000 weighted scores: metrics.ROCAUC (go test -bench)
# against scikit-learn's roc_auc_score, same distribution, same session.
# Needs /usr/bin/python3 with scikit-learn and GNU time.
#
#   bash internal/bench/auc.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
go test -c -o /tmp/metrics.test ./metrics
echo "metrics.ROCAUC, 10 calls a count, 3 counts"
/usr/bin/time -f "  peak RSS %M KB" /tmp/metrics.test -test.run '^$' -test.bench 'BenchmarkROCAUC$/n=1e7' -test.benchtime 10x -test.count 3
echo "metrics.ROCAUC, one cold call in a fresh process, 3 processes"
for i in 1 2 3; do /usr/bin/time -f "  peak RSS %M KB" /tmp/metrics.test -test.run '^$' -test.bench 'BenchmarkROCAUC$/n=1e7' -test.benchtime 1x | grep ns/op; done
echo "scikit-learn roc_auc_score"
/usr/bin/time -f "  peak RSS %M KB" /usr/bin/python3 metrics/testdata/sklearn/bench_roc_auc.py
