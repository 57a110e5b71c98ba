#!/bin/sh
# bench.sh: requests per second of the serving Client against those of wrk,
# on one trivial v2 server (internal/trivialserver), same request body.
#
#   sh harness/serving/bench.sh [SECONDS]     (run from the repository root)
#
# Needs wrk on PATH (apt-get install wrk). Both load generators use 8
# connections; the server, wrk and the client share the machine's cores,
# so compare the two figures from one run, not across machines.
set -eu
secs=${1:-10}
addr=127.0.0.1:8577
bin=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$bin"' EXIT INT TERM

go build -o "$bin/trivialserver" ./harness/serving/internal/trivialserver
"$bin/trivialserver" -addr "$addr" 2>/dev/null &
pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
	curl -fs "http://$addr/v2/health/ready" >/dev/null 2>&1 && break
	sleep 0.2
done

echo "wrk, 8 connections, ${secs}s:"
wrk -t2 -c8 -d"${secs}s" -s harness/serving/testdata/bench/wrk_post.lua "http://$addr" | grep -E 'Requests/sec|Latency'

echo "serving.Client, concurrency 8, batch 1 and 32:"
MLTEST_SERVING_URL="http://$addr" go test -run '^$' -bench 'BenchmarkClientV2Trivial' \
	-benchtime="${secs}s" ./harness/serving | grep -E '^Benchmark'
