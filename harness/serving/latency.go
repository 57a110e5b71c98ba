package serving

import (
	"slices"
	"time"
)

// LatencySummary summarizes the request latency of the rows that succeeded.
type LatencySummary struct {
	N             int // rows that succeeded
	P50, P95, P99 time.Duration
	Max           time.Duration
}

// SummarizeLatency returns the latency percentiles over the outcomes that
// succeeded, each row counting once with the latency of the request that
// carried it (so a batch of 32 counts 32 times). A percentile is the
// nearest rank: the smallest latency L such that at least p% of the rows
// took L or less, L = sorted[ceil(p/100 * N) - 1]. With no successful
// outcome it is all zero.
func SummarizeLatency(outcomes []Outcome) LatencySummary {
	var ls []time.Duration
	for _, o := range outcomes {
		if o.Err == nil {
			ls = append(ls, o.Latency)
		}
	}
	if len(ls) == 0 {
		return LatencySummary{}
	}
	slices.Sort(ls)
	rank := func(p int) time.Duration {
		k := (p*len(ls) + 99) / 100 // ceil(p/100 * N)
		return ls[max(k, 1)-1]
	}
	return LatencySummary{N: len(ls), P50: rank(50), P95: rank(95), P99: rank(99), Max: ls[len(ls)-1]}
}
