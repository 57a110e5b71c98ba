#!/bin/sh
# bench.sh: requests per second of the serving Client against those of wrk,
# on one trivial v2 server (internal/trivialserver), same request body; then
# the Client over v2 gRPC against the same server process.
#
#   sh harness/serving/bench.sh [SECONDS] [ROUNDS]   (run from the repository root)
#
# Needs wrk on PATH (apt-get install wrk); /usr/bin/time (apt-get install
# time), if present, adds wrk's CPU time per request. Both load generators
# use 8 connections; the server, wrk and the client share the machine's
# cores, so compare the figures of one run, not across machines. Each round
# runs wrk, then the REST client at batch 1 and 32, then the REST client at
# batch 1 in the steady state (BenchmarkClientV2TrivialSteady: chunks of
# rows whose outcomes are dropped, so the heap does not grow), then the Go
# floor (BenchmarkFloorV2Trivial: wrk's request from 8 goroutines, no
# JSON), then the gRPC client; the round's line "ratio" is the REST
# client's requests per second at batch 1 over wrk's ("steady" the steady
# state's, "floor" the floor's over wrk's; "client/floor" and
# "steady/floor" the clients' over the floor's), and the last lines sum the
# ratios of all rounds up (min, median, mean, max). flt/req is the minor
# page faults a request: the first touch of fresh heap memory, which the
# client keeping every outcome takes and wrk does not. cpu-us/req is the
# CPU time (user and system) a load generator spent per request: what the
# server, on a shared machine, cannot use.
#
# BENCH_PIN=1 pins the server to CPU 0 and the load generators (wrk, the
# test binary) to CPU 1 (taskset, util-linux), as a load test on separate
# machines would have them: then each load generator is limited by its own
# core and the server's, not by taking CPU from the server.
set -eu
secs=${1:-10}
rounds=${2:-1}
addr=127.0.0.1:8577
gaddr=127.0.0.1:8578
bin=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$bin"' EXIT INT TERM

go build -o "$bin/trivialserver" ./harness/serving/internal/trivialserver
go test -c -o "$bin/serving.test" ./harness/serving
srvpin="" genpin=""
if [ "${BENCH_PIN:-0}" = 1 ]; then
	srvpin="taskset -c 0" genpin="taskset -c 1"
	echo "pinned: the server to CPU 0, wrk and the clients to CPU 1"
fi
$srvpin "$bin/trivialserver" -addr "$addr" -grpc-addr "$gaddr" 2>/dev/null &
pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
	curl -fs "http://$addr/v2/health/ready" >/dev/null 2>&1 && break
	sleep 0.2
done

timed=""
[ -x /usr/bin/time ] && timed="/usr/bin/time -f CPU:%U:%S"
for r in $(seq "$rounds"); do
	echo "== round $r: wrk, 8 connections, ${secs}s:"
	$timed $genpin wrk -t2 -c8 -d"${secs}s" -s harness/serving/testdata/bench/wrk_post.lua "http://$addr" >"$bin/wrk" 2>&1
	grep -E 'Requests/sec|Latency' "$bin/wrk"
	awk '/requests in/ { n = $1 } /^CPU:/ { split($0, t, ":"); if (n > 0) printf "    wrk cpu-us/req  %.2f\n", (t[2] + t[3]) * 1e6 / n }' "$bin/wrk"
	echo "serving.Client, concurrency 8, REST (batch 1, 32) and gRPC (batch 1, 32):"
	MLTEST_SERVING_URL="http://$addr" MLTEST_SERVING_GRPC="$gaddr" $genpin "$bin/serving.test" -test.run '^$' \
		-test.bench 'Benchmark(ClientV2(GRPC)?|FloorV2)Trivial' -test.benchtime="${secs}s" | grep -E '^Benchmark' >"$bin/client"
	cat "$bin/client"
	awk -v w="$(awk '/Requests\/sec/ { print $2 }' "$bin/wrk")" '
		function rate(   i) { for (i = 1; i < NF; i++) if ($(i + 1) == "req/s") return $i }
		# a name ends in -GOMAXPROCS, or in nothing when that is 1 (pinned)
		$1 ~ /^BenchmarkClientV2Trivial\/batch=1(-[0-9]+)?$/ { c = rate() }
		$1 ~ /^BenchmarkClientV2TrivialSteady(-[0-9]+)?$/ { s = rate() }
		$1 ~ /^BenchmarkFloorV2Trivial(-[0-9]+)?$/ { f = rate() }
		END { printf "ratio %.3f steady %.3f floor %.3f client/floor %.3f steady/floor %.3f (over wrk: the REST client at batch 1, its steady state, the Go floor; the two over the floor)\n", c / w, s / w, f / w, c / f, s / f }' "$bin/client" | tee -a "$bin/ratios"
done
for k in ratio steady floor client/floor steady/floor; do
	awk -v k=$k '{ for (i = 1; i < 10; i += 2) if ($i == k) print $(i + 1) }' "$bin/ratios" | sort -n |
		awk -v k=$k '{ r[NR] = $1; s += $1 } END {
		m = (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
		printf "== %d rounds: %s min %.3f, median %.3f, mean %.3f, max %.3f\n", NR, k, r[1], m, s / NR, r[NR] }'
done
