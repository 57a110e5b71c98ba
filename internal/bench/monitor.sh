#!/usr/bin/env bash
# Throughput and peak memory of `mltest monitor` on 1e6, 1e7 and 1e8 events
# streamed through a pipe from internal/bench/monitorgen (nothing on disk).
# Usage: bash internal/bench/monitor.sh [OUTDIR]   (BENCH_EVENTS="1e6 1e7" to choose)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-/tmp/mltest-monitor-bench}
mkdir -p "$out"
go build -o "$out/mltest" ./cmd/mltest
go build -o "$out/monitorgen" ./internal/bench/monitorgen
for n in ${BENCH_EVENTS:-1e6 1e7 1e8}; do
  echo "== $n events"
  "$out/monitorgen" -events "$n" |
    /usr/bin/time -f "wall %e s  user %U s  sys %S s  peak RSS %M KB" \
      "$out/mltest" monitor --predictions - --input-format csv --id id --time time --score score \
        --label label --slice device --metrics roc_auc,log_loss,accuracy --window 1h --label-delay 10m \
        > "$out/windows-$n.jsonl" 2> "$out/stderr-$n.txt" || true
  tail -2 "$out/stderr-$n.txt"
  wc -l < "$out/windows-$n.jsonl"
done
