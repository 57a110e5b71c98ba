#!/bin/sh
# bench.sh: requests per second of the serving Client against those of wrk,
# on one trivial v2 server (internal/trivialserver), same request body; then
# the Client over v2 gRPC against the same server process.
#
#   sh harness/serving/bench.sh [SECONDS] [ROUNDS]   (run from the repository root)
#
# Needs wrk on PATH (apt-get install wrk). Both load generators use 8
# connections; the server, wrk and the client share the machine's cores,
# so compare the figures of one run, not across machines. Each round runs
# wrk, then the REST client at batch 1 and 32, then the gRPC client.
set -eu
secs=${1:-10}
rounds=${2:-1}
addr=127.0.0.1:8577
gaddr=127.0.0.1:8578
bin=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$bin"' EXIT INT TERM

go build -o "$bin/trivialserver" ./harness/serving/internal/trivialserver
go test -c -o "$bin/serving.test" ./harness/serving
"$bin/trivialserver" -addr "$addr" -grpc-addr "$gaddr" 2>/dev/null &
pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
	curl -fs "http://$addr/v2/health/ready" >/dev/null 2>&1 && break
	sleep 0.2
done

for r in $(seq "$rounds"); do
	echo "== round $r: wrk, 8 connections, ${secs}s:"
	wrk -t2 -c8 -d"${secs}s" -s harness/serving/testdata/bench/wrk_post.lua "http://$addr" | grep -E 'Requests/sec|Latency'
	echo "serving.Client, concurrency 8, REST (batch 1, 32) and gRPC (batch 1, 32):"
	MLTEST_SERVING_URL="http://$addr" MLTEST_SERVING_GRPC="$gaddr" "$bin/serving.test" -test.run '^$' \
		-test.bench 'BenchmarkClientV2(GRPC)?Trivial' -test.benchtime="${secs}s" | grep -E '^Benchmark'
done
