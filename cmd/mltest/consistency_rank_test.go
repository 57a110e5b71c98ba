package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/internal/report"
	"github.com/mltest/mltest/internal/suite"
	"github.com/mltest/mltest/metrics/evaluate"
)

// rankFigure is one number a ranking evaluation reports, as every entry
// point reports it: the value, the interval and the number of queries,
// overall ("") and per slice ("market=de").
type rankFigure struct {
	n      int
	value  float64
	lo, hi float64
}

func (f rankFigure) String() string {
	return fmt.Sprintf("n=%d value=%v interval=[%v, %v]", f.n, f.value, f.lo, f.hi)
}

// sameFigure compares bit for bit (NaN intervals equal).
func sameFigure(a, b rankFigure) bool {
	bits := math.Float64bits
	return a.n == b.n && bits(a.value) == bits(b.value) && bits(a.lo) == bits(b.lo) && bits(a.hi) == bits(b.hi)
}

// writeRankingWithGaps writes the example run without queries 3, 17 and 42
// (judged queries the run lacks), plus a query only the run has.
func writeRankingWithGaps(t *testing.T) (qrels, run, queries string, missing []string) {
	t.Helper()
	missing = []string{"17", "3", "42"}
	b, err := os.ReadFile(exampleDir + "ranking.run")
	if err != nil {
		t.Fatal(err)
	}
	var kept strings.Builder
	for _, line := range strings.SplitAfter(string(b), "\n") {
		if f := strings.Fields(line); len(f) > 0 && !slices.Contains(missing, f[0]) {
			kept.WriteString(line)
		}
	}
	kept.WriteString("999 Q0 d001 1 0.5 demo\n")
	run = filepath.Join(t.TempDir(), "gaps.run")
	if err := os.WriteFile(run, []byte(kept.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return exampleDir + "ranking.qrels", run, exampleDir + "ranking_queries.csv", missing
}

// TestRankingConsistency is issue 13's evidence for rankings: the same
// ranking check through `mltest rank`, a suite's metric check and the Go API
// (flow.Rank), on files where judged queries are missing from the run, with
// and without -c, gives the same numbers to the last bit: value, interval
// and query count, overall and per slice.
func TestRankingConsistency(t *testing.T) {
	qrels, run, queries, missing := writeRankingWithGaps(t)
	const (
		level     = 0.9
		resamples = 200
		seed      = 7
		minSliceN = 15
	)
	for _, complete := range []bool{false, true} {
		for _, metric := range []string{"map", "ndcg_cut_10", "P_10", "recip_rank",
			"infAP", "map_cut_100", "nDCG@10", "P(rel=2)@5", "ERR@10", "RBP(p=0.8)", "Judged@10"} {
			t.Run(fmt.Sprintf("%s/complete=%v", metric, complete), func(t *testing.T) {
				// mltest rank.
				args := []string{"rank", "-m", "num_q", "-m", flow.MeasureArg(metric), "--query-attrs", queries, "--slice", "market",
					"--min-slice-n", fmt.Sprint(minSliceN), "--ci", fmt.Sprint(level), "--bootstrap", fmt.Sprint(resamples),
					"--seed", fmt.Sprint(seed), "--format", "json", qrels, run}
				if complete {
					args = append(args, "-c")
				}
				code, out, errOut := runCLI(t, "", args...)
				if code != exitOK {
					t.Fatalf("mltest %s: exit %d: %s", strings.Join(args, " "), code, errOut)
				}
				for _, q := range missing {
					if warned := strings.Contains(errOut, fmt.Sprintf("query %q is in", q)); warned == complete {
						t.Errorf("query %s missing from the run: warned %v with -c %v:\n%s", q, warned, complete, errOut)
					}
				}
				cli := cliRankFigures(t, out, metric)

				// A suite's metric check.
				text := fmt.Sprintf(`name: consistency
data:
  r: {qrels: %s, run: %s, queries: %s, slices: [market], complete: %v}
checks:
  - {name: c, type: metric, data: r, metric: %s, threshold: {min: 0}, per_slice: true,
     min_slice_n: %d, ci: %v, bootstrap: %d, seed: %d}
`, abs(t, qrels), abs(t, run), abs(t, queries), complete, metric, minSliceN, level, resamples, seed)
				s, err := suite.Parse([]byte(text), "consistency.yaml", suite.LoadOptions{Dir: t.TempDir()})
				if err != nil {
					t.Fatal(err)
				}
				rep := suite.Run(context.Background(), s, suite.Options{})
				if c := rep.Checks[0]; c.Status != report.Pass {
					t.Fatalf("suite check: %s: %s", c.Status, c.Message)
				}
				fromSuite := map[string]rankFigure{}
				for _, v := range rep.Checks[0].Values {
					f := rankFigure{n: v.N, value: *v.Value, lo: math.NaN(), hi: math.NaN()}
					if v.Interval != nil {
						f.lo, f.hi = v.Interval[0], v.Interval[1]
					}
					fromSuite[v.Slice] = f
				}

				// The Go API.
				opt := flow.DefaultRankOptions()
				opt.Measures = []string{flow.MeasureArg(metric)}
				opt.Complete = complete
				opt.SliceBy = []string{"market"}
				opt.MinSliceN = minSliceN
				opt.Intervals = evaluate.IntervalOptions{Level: level, Resamples: resamples, Seed: seed}
				res, err := flow.Rank(flow.RankFiles{Qrels: qrels, Run: run, QueryAttrs: queries}, opt)
				if err != nil {
					t.Fatal(err)
				}
				j := res.Index(metric)
				api := map[string]rankFigure{"": {len(res.Queries), res.Summary[j], res.Intervals[j][0], res.Intervals[j][1]}}
				for _, sl := range res.Slices {
					api[res.SliceLabel(sl)] = rankFigure{len(sl.Queries), sl.Summary[j], sl.Intervals[j][0], sl.Intervals[j][1]}
				}

				wantN := 50 - len(missing)
				if complete {
					wantN = 50
				}
				if api[""].n != wantN || len(api) != 4 {
					t.Fatalf("API: %d queries and %d figures, want %d and 4 (overall and 3 markets)", api[""].n, len(api), wantN)
				}
				for key, want := range api {
					if got, ok := cli[key]; !ok || !sameFigure(got, want) {
						t.Errorf("%q: mltest rank %v, flow.Rank %v", key, got, want)
					}
					if got, ok := fromSuite[key]; !ok || !sameFigure(got, want) {
						t.Errorf("%q: suite %v, flow.Rank %v", key, got, want)
					}
				}
				if len(cli) != len(api) || len(fromSuite) != len(api) {
					t.Errorf("figures: mltest rank %d, suite %d, flow.Rank %d", len(cli), len(fromSuite), len(api))
				}
			})
		}
	}
}

// cliRankFigures reads metric's figures from `mltest rank --format json`
// output (with -m num_q, --slice market and --ci).
func cliRankFigures(t *testing.T, out, metric string) map[string]rankFigure {
	t.Helper()
	type group struct {
		Key       map[string]string
		NumQ      int `json:"num_q"`
		Measures  map[string]float64
		Intervals map[string][2]float64
	}
	var r struct {
		group
		Slices []group
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	figure := func(g group, n int) rankFigure {
		f := rankFigure{n: n, value: g.Measures[metric], lo: math.NaN(), hi: math.NaN()}
		if iv, ok := g.Intervals[metric]; ok {
			f.lo, f.hi = iv[0], iv[1]
		}
		return f
	}
	figs := map[string]rankFigure{"": figure(r.group, int(r.Measures["num_q"]))}
	for _, s := range r.Slices {
		figs["market="+s.Key["market"]] = figure(s, s.NumQ)
	}
	return figs
}

func abs(t *testing.T, path string) string {
	t.Helper()
	p, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
