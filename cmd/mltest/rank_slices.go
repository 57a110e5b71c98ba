package main

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/stats"
)

// rankLayers are rank's evaluation layers beyond trec_eval: per-slice
// summaries (queries grouped by attributes from --query-attrs) and bootstrap
// intervals over queries.
type rankLayers struct {
	attrs     string   // --query-attrs FILE
	idCol     string   // its query id column
	slices    []string // --slice columns
	minN      int      // --min-slice-n
	ci        float64  // --ci level, 0 for none
	resamples int
	seed      uint64
}

func (l *rankLayers) check(format string) error {
	switch {
	case len(l.slices) > 0 && l.attrs == "":
		return errors.New("--slice needs --query-attrs FILE (a table of qid and query attributes)")
	case l.attrs != "" && len(l.slices) == 0:
		return errors.New("--query-attrs needs at least one --slice COL")
	case l.ci != 0 && (l.ci <= 0 || l.ci >= 1):
		return fmt.Errorf("--ci %v: want a level between 0 and 1, e.g. 0.95", l.ci)
	case l.ci != 0 && l.resamples < 1:
		return fmt.Errorf("--bootstrap %d: want at least 1 resample", l.resamples)
	case l.ci != 0 && format != "json":
		return errors.New("--ci: intervals are printed with --format json (trec_eval's format has no place for them)")
	}
	return nil
}

// rankSlice is one slice's summary.
type rankSlice struct {
	key       []string
	queries   []int // indexes into the evaluated queries
	values    []float64
	intervals [][2]float64 // nil without --ci; NaN pair for counts
	gated     bool
}

// readQueryAttrs returns each evaluated query's slice key.
func (l *rankLayers) readQueryAttrs(qids []string, stdin interface{ Read([]byte) (int, error) }) ([][]string, error) {
	cols := append([]string{l.idCol}, l.slices...)
	tr, closer, err := dataio.OpenTable(l.attrs, stdin, "", cols)
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	byQID := map[string][]string{}
	lineOf := map[string]int{}
	for tr.Next() {
		qid := strings.TrimSpace(tr.Value(0))
		if first, dup := lineOf[qid]; dup {
			return nil, tr.Errorf(l.idCol, "query %q listed twice (first at line %d)", qid, first)
		}
		lineOf[qid] = tr.Line()
		key := make([]string, len(l.slices))
		for i := range l.slices {
			key[i] = tr.Value(1 + i)
		}
		byQID[qid] = key
	}
	if err := tr.Err(); err != nil {
		return nil, err
	}
	keys := make([][]string, len(qids))
	var missing []string
	for i, qid := range qids {
		k, ok := byQID[qid]
		if !ok {
			missing = append(missing, qid)
			continue
		}
		keys[i] = k
	}
	if len(missing) > 0 {
		return nil, dataio.Errorf(l.attrs, 0, l.idCol, "%d evaluated queries have no row, e.g. %s", len(missing), quoteFirst(missing, 3))
	}
	return keys, nil
}

func quoteFirst(ids []string, n int) string {
	q := make([]string, 0, n)
	for _, id := range ids[:min(n, len(ids))] {
		q = append(q, fmt.Sprintf("%q", id))
	}
	return strings.Join(q, ", ")
}

// summarize returns the summary of the queries idx, as the CLI prints it.
func summarize(eval *metrics.TrecEval, results []metrics.TrecQueryResult, idx []int) []float64 {
	acc := eval.NewAccumulator()
	for _, i := range idx {
		acc.Add(results[i])
	}
	return acc.Result()
}

// slicesOf groups the queries by key, in key order.
func (l *rankLayers) slicesOf(eval *metrics.TrecEval, results []metrics.TrecQueryResult, keys [][]string) []rankSlice {
	groups := map[string]*rankSlice{}
	for i, k := range keys {
		id := strings.Join(k, "\x00")
		g, ok := groups[id]
		if !ok {
			g = &rankSlice{key: k}
			groups[id] = g
		}
		g.queries = append(g.queries, i)
	}
	ids := make([]string, 0, len(groups))
	for id := range groups {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]rankSlice, 0, len(ids))
	for _, id := range ids {
		g := groups[id]
		g.values = summarize(eval, results, g.queries)
		g.gated = len(g.queries) >= l.minN
		out = append(out, *g)
	}
	return out
}

// intervals bootstraps the summary over the queries idx: a query drawn k
// times counts k times, so each measure's interval is that of the mean
// trec_eval reports (gm_map's of its geometric mean). Counts (num_q, num_ret,
// ...) are totals, not estimates: they get no interval (NaN pair).
func (l *rankLayers) intervals(eval *metrics.TrecEval, results []metrics.TrecQueryResult, idx []int) ([][2]float64, []string) {
	values := eval.Values()
	out := make([][2]float64, len(values))
	var warnings []string
	for j, v := range values {
		out[j] = [2]float64{math.NaN(), math.NaN()}
		if v.Count || v.Name == "runid" {
			continue
		}
		stat := func(mult []float64) (float64, error) {
			acc := eval.NewAccumulator()
			for k, m := range mult {
				for c := 0; c < int(m); c++ {
					acc.Add(results[idx[k]])
				}
			}
			return acc.Result()[j], nil
		}
		iv, err := stats.Bootstrap(len(idx), stat, stats.BootstrapOptions{Level: l.ci, Resamples: l.resamples, Seed: l.seed})
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("%s: no interval: %v", v.Name, err))
			continue
		}
		out[j] = [2]float64{iv.Lo, iv.Hi}
	}
	return out, warnings
}

func sliceLabel(cols, key []string) string {
	parts := make([]string, len(cols))
	for i := range cols {
		parts[i] = cols[i] + "=" + key[i]
	}
	return strings.Join(parts, ",")
}
