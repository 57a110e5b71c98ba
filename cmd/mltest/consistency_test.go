package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/internal/suite"
	"github.com/mltest/mltest/metrics/compare"
	"github.com/mltest/mltest/metrics/evaluate"
)

// writeBinaryPair writes two models' predictions on the same rows (weighted,
// clustered by user, sliced by device), from a seeded generator.
func writeBinaryPair(t *testing.T, dir string) (base, cand string) {
	t.Helper()
	r := rand.New(rand.NewPCG(13, 1))
	var b, c strings.Builder
	header := "id,y,p,w,user,device\n"
	b.WriteString(header)
	c.WriteString(header)
	devices := []string{"web", "ios", "android"}
	for i := range 600 {
		x := r.NormFloat64()
		y := 0
		if r.Float64() < 1/(1+math.Exp(-2*x)) {
			y = 1
		}
		pb := 1 / (1 + math.Exp(-(x + 0.8*r.NormFloat64())))
		pc := 1 / (1 + math.Exp(-(x + 0.5*r.NormFloat64())))
		w := 0.5 + 1.5*r.Float64()
		user := fmt.Sprintf("u%d", r.IntN(40))
		dev := devices[r.IntN(3)]
		fmt.Fprintf(&b, "r%d,%d,%.6f,%.4f,%s,%s\n", i, y, pb, w, user, dev)
		fmt.Fprintf(&c, "r%d,%d,%.6f,%.4f,%s,%s\n", i, y, pc, w, user, dev)
	}
	base, cand = filepath.Join(dir, "base.csv"), filepath.Join(dir, "cand.csv")
	for p, s := range map[string]string{base: b.String(), cand: c.String()} {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return base, cand
}

// The same binary predictions with clusters and slices give the same
// numbers, to the last bit, through `mltest eval`, the Go API (flow.Eval),
// a suite's metric check, `mltest compare` and a suite's compare check
// (issue 13: one driver per flow).
func TestBinaryFlowsAgreeEverywhere(t *testing.T) {
	dir := t.TempDir()
	base, cand := writeBinaryPair(t, dir)
	const metric, seed, resamples = "roc_auc", 7, 200

	// 1. mltest eval (JSON).
	code, out, errOut := runCLI(t, "", "eval", "--task", "binary", "--label", "y", "--score", "p", "--weight", "w",
		"--cluster", "user", "--slice", "device", "--metrics", metric+",log_loss", "--ci", "0.95",
		"--bootstrap", fmt.Sprint(resamples), "--seed", fmt.Sprint(seed), "--format", "json", cand)
	if code != exitOK {
		t.Fatalf("eval: exit %d: %s", code, errOut)
	}
	var ev struct {
		Metrics   map[string]float64
		Intervals map[string][2]float64
		Slices    []struct {
			Key       map[string]string
			Metrics   map[string]float64
			Intervals map[string][2]float64
		}
	}
	if err := json.Unmarshal([]byte(out), &ev); err != nil {
		t.Fatal(err)
	}
	cliValue := map[string]float64{"": ev.Metrics[metric]}
	cliInterval := map[string][2]float64{"": ev.Intervals[metric]}
	for _, s := range ev.Slices {
		cliValue["device="+s.Key["device"]] = s.Metrics[metric]
		cliInterval["device="+s.Key["device"]] = s.Intervals[metric]
	}

	// 2. The Go API.
	cols := table.Columns{Task: evaluate.Binary, Label: "y", Scores: []string{"p"}, Weight: "w", Cluster: "user", Slices: []string{"device"}}
	opt := evaluate.DefaultOptions(evaluate.Binary)
	opt.Metrics = []string{metric, "log_loss"}
	opt.Intervals = evaluate.IntervalOptions{Level: 0.95, Resamples: resamples, Seed: seed}
	rep, err := flow.Eval(cand, cols, opt, table.Options{})
	if err != nil {
		t.Fatal(err)
	}
	apiValue := map[string]float64{"": rep.Overall.Values[0].Value}
	apiInterval := map[string][2]float64{"": {rep.Overall.Values[0].Lo, rep.Overall.Values[0].Hi}}
	for _, g := range rep.Slices {
		apiValue["device="+g.Key[0]] = g.Values[0].Value
		apiInterval["device="+g.Key[0]] = [2]float64{g.Values[0].Lo, g.Values[0].Hi}
	}

	// 3. A suite's metric check and compare check on the same files.
	yaml := fmt.Sprintf(`name: consistency
data:
  base: {path: %s, id: id, label: y, score: p, weight: w, cluster: user, slices: [device]}
  cand: {path: %s, id: id, label: y, score: p, weight: w, cluster: user, slices: [device]}
checks:
  - name: auc
    type: metric
    task: binary
    data: cand
    metric: %s
    threshold: {min: 0}
    per_slice: true
    min_slice_n: 1
    ci: 0.95
    bootstrap: %d
    seed: %d
  - name: vs base
    type: compare
    task: binary
    baseline: base
    candidate: cand
    metrics: [%s]
    per_slice: true
    bootstrap: %d
    seed: %d
`, base, cand, metric, resamples, seed, metric, resamples, seed)
	sf := filepath.Join(dir, "suite.yaml")
	if err := os.WriteFile(sf, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := suite.Load(sf, suite.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sr := suite.Run(context.Background(), s, suite.Options{})
	suiteValue, suiteInterval := map[string]float64{}, map[string][2]float64{}
	for _, v := range sr.Checks[0].Values {
		if v.Value == nil || v.Interval == nil {
			t.Fatalf("suite value %+v: want a value and an interval", v)
		}
		suiteValue[v.Slice], suiteInterval[v.Slice] = *v.Value, *v.Interval
	}
	suiteCompare := map[string]float64{}
	for _, d := range sr.Checks[1].Deltas {
		suiteCompare[d.Slice] = d.Candidate
	}

	// 4. mltest compare (JSON).
	code, out, errOut = runCLI(t, "", "compare", "--task", "binary", "--baseline", base, "--candidate", cand, "--id", "id",
		"--label", "y", "--score", "p", "--weight", "w", "--cluster", "user", "--slice", "device", "--metrics", metric,
		"--bootstrap", fmt.Sprint(resamples), "--seed", fmt.Sprint(seed), "--format", "json")
	if code != exitOK {
		t.Fatalf("compare: exit %d: %s", code, errOut)
	}
	var cmpOut struct {
		Comparisons []struct{ Candidate float64 }
		Slices      []struct {
			Key         map[string]string
			Comparisons []struct{ Candidate float64 }
		}
	}
	if err := json.Unmarshal([]byte(out), &cmpOut); err != nil {
		t.Fatal(err)
	}
	cliCompare := map[string]float64{"": cmpOut.Comparisons[0].Candidate}
	for _, s := range cmpOut.Slices {
		cliCompare["device="+s.Key["device"]] = s.Comparisons[0].Candidate
	}
	// 5. The Go API of compare.
	copt := compare.DefaultOptions()
	copt.Resamples, copt.Seed = resamples, seed
	crep, err := flow.Compare(flow.Predictions{File: base, Columns: withID(cols)}, flow.Predictions{File: cand, Columns: withID(cols)},
		[]string{metric}, copt, table.Options{})
	if err != nil {
		t.Fatal(err)
	}
	apiCompare := map[string]float64{"": crep.Comparisons[0].Candidate}
	for _, s := range crep.Slices {
		apiCompare["device="+s.Key] = s.Comparisons[0].Candidate
	}

	if len(cliValue) != 4 {
		t.Fatalf("eval: %d groups, want all rows and 3 devices: %v", len(cliValue), cliValue)
	}
	for g, want := range cliValue {
		for name, got := range map[string]float64{"Go API": apiValue[g], "suite metric check": suiteValue[g],
			"mltest compare": cliCompare[g], "suite compare check": suiteCompare[g], "compare Go API": apiCompare[g]} {
			if got != want {
				t.Errorf("%s [%s]: %s = %v, mltest eval says %v", name, g, metric, got, want)
			}
		}
		for name, got := range map[string][2]float64{"Go API": apiInterval[g], "suite metric check": suiteInterval[g]} {
			if got != cliInterval[g] {
				t.Errorf("%s [%s]: interval %v, mltest eval says %v", name, g, got, cliInterval[g])
			}
		}
	}
}

func withID(c table.Columns) table.Columns {
	c.ID = "id"
	return c
}
