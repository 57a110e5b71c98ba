package flow

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/stats"
)

// rankSlices groups the queries by key, in key order; each slice's summary
// is what trec_eval prints for that slice's queries alone.
func rankSlices(eval *metrics.TrecEval, results []metrics.TrecQueryResult, keys [][]string, minN int) []RankSlice {
	groups := map[string]*RankSlice{}
	for i, k := range keys {
		id := SliceKey(k)
		g, ok := groups[id]
		if !ok {
			g = &RankSlice{Key: k}
			groups[id] = g
		}
		g.Queries = append(g.Queries, i)
	}
	ids := make([]string, 0, len(groups))
	for id := range groups {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]RankSlice, 0, len(ids))
	for _, id := range ids {
		g := groups[id]
		g.Summary = rankSummary(eval, results, g.Queries)
		g.Gated = len(g.Queries) >= minN
		out = append(out, *g)
	}
	return out
}

// addIntervals bootstraps the summary overall and in every slice.
func (r *RankResult) addIntervals(eval *metrics.TrecEval, opt RankOptions) {
	r.IntervalLevel = opt.Intervals.Level
	all := make([]int, len(r.PerQuery))
	for i := range all {
		all[i] = i
	}
	var ws []string
	r.Intervals, ws = rankIntervals(eval, r.PerQuery, all, opt)
	r.Warnings = append(r.Warnings, ws...)
	for i := range r.Slices {
		r.Slices[i].Intervals, ws = rankIntervals(eval, r.PerQuery, r.Slices[i].Queries, opt)
		for _, w := range ws {
			r.Warnings = append(r.Warnings, r.SliceLabel(r.Slices[i])+": "+w)
		}
	}
}

// rankIntervals bootstraps the summary of the queries idx: a query drawn k
// times counts k times, so each value's interval is that of the mean
// trec_eval reports (gm_map's of its geometric mean). Counts (num_q,
// num_ret, ...) are totals, not estimates: they get no interval (a NaN
// pair).
//
// A resample's value is the sum of its queries' values, each added as many
// times as it was drawn, in query order, divided by the number drawn:
// exactly what a metrics.TrecAccumulator fed the resample returns, bit for
// bit, without summing every other value too.
func rankIntervals(eval *metrics.TrecEval, results []metrics.TrecQueryResult, idx []int, opt RankOptions) ([][2]float64, []string) {
	values := eval.Values()
	out := make([][2]float64, len(values))
	var warnings []string
	for j, v := range values {
		out[j] = [2]float64{math.NaN(), math.NaN()}
		if v.Count {
			continue
		}
		geometric := v.Name == "gm_map"
		stat := func(mult []float64) (float64, error) {
			var sum float64
			var n int
			for k, m := range mult {
				x := results[idx[k]].Values[j]
				for range int(m) {
					sum += x
				}
				n += int(m)
			}
			if n == 0 {
				return 0, nil
			}
			if geometric {
				return math.Exp(sum / float64(n)), nil
			}
			return sum / float64(n), nil
		}
		iv, err := stats.Bootstrap(len(idx), stat, stats.BootstrapOptions{
			Level: opt.Intervals.Level, Resamples: opt.Intervals.Resamples, Seed: opt.Intervals.Seed})
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("%s: no interval: %v", v.Name, err))
			continue
		}
		out[j] = [2]float64{iv.Lo, iv.Hi}
	}
	return out, warnings
}

// SliceLabel formats a slice as reports print it: "col=value,col=value".
func SliceLabel(cols, key []string) string {
	parts := make([]string, len(cols))
	for i := range cols {
		parts[i] = cols[i] + "=" + key[i]
	}
	return strings.Join(parts, ",")
}
