package mltestbeam

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/mltest/mltest/metrics/evaluate"
)

func TestMain(m *testing.M) { ptest.Main(m) }

const testSeed = 20261124

// makeExamples returns n seeded random rows of task with two slicing
// columns, integer weights in 1..3 and scores rounded to two decimals (ties).
func makeExamples(task evaluate.Task, n int, seed uint64) []Example {
	r := rand.New(rand.NewPCG(seed, uint64(len(task))))
	devices := []string{"web", "ios", "android"}
	countries := []string{"de", "fr"}
	rows := make([]Example, n)
	for i := range rows {
		e := Example{
			ID:      fmt.Sprintf("row%d", i),
			Cluster: fmt.Sprintf("user%d", r.IntN(n/8+2)),
			Slice:   []string{devices[r.IntN(3)], countries[r.IntN(2)]},
			Weight:  float64(1 + r.IntN(3)),
		}
		switch task {
		case evaluate.Binary:
			y := r.Float64() < 0.4
			s := r.NormFloat64()*0.2 + 0.4
			if y {
				e.Label = 1
				s += 0.2
			}
			e.Scores = []float64{math.Round(math.Min(math.Max(s, 0), 1)*100) / 100}
		case evaluate.Multiclass:
			e.Label = float64(r.IntN(3))
			p := []float64{r.Float64() + 0.01, r.Float64() + 0.01, r.Float64() + 0.01}
			p[int(e.Label)] += 0.5
			sum := p[0] + p[1] + p[2]
			e.Scores = []float64{p[0] / sum, p[1] / sum, p[2] / sum}
		default:
			e.Label = r.NormFloat64()*10 + 50
			e.Scores = []float64{e.Label + r.NormFloat64()*3}
		}
		rows[i] = e
	}
	return rows
}

// referenceReport is the single-machine result: the metrics/evaluate engine
// behind `mltest eval`, on the same rows.
func referenceReport(t *testing.T, spec EvalSpec, rows []Example) *evaluate.Report {
	t.Helper()
	opt := evaluate.DefaultOptions(spec.Task)
	opt.Metrics, opt.SliceBy, opt.Classes, opt.BoundedAUC = spec.Metrics, spec.SliceBy, spec.Classes, spec.BoundedAUC
	rep, err := evaluate.Run(opt, len(rows), func(i int) evaluate.Row {
		e := rows[i]
		return evaluate.Row{Label: e.Label, Scores: e.Scores, Weight: e.Weight}
	}, func(i int) []string { return rows[i].Slice })
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// exactMetrics are computed from sorted rows or integer sums (the weights
// here are integers), so any order of merging gives the same bits; the
// others sum floating-point terms in an order that depends on bundling.
var exactMetrics = map[string]bool{
	"roc_auc": true, "average_precision": true, "accuracy": true, "precision": true,
	"recall": true, "f1": true, "mcc": true, "macro_f1": true, "micro_f1": true,
	"weighted_f1": true, "top_k_accuracy": true, "roc_auc_ovr": true,
}

const sumTolerance = 1e-12 // relative, for floating-point sums merged in another order

// compareToReference checks every metric of every group against the
// single-machine report: bit for bit for exactMetrics, to sumTolerance for
// the others, and within MaxError of the exact value when bounded.
func compareToReference(t *testing.T, what string, got []GroupResult, want *evaluate.Report, exact *evaluate.Report) {
	t.Helper()
	SortGroups(got)
	wantGroups := append([]evaluate.Group{want.Overall}, want.Slices...)
	if len(got) != len(wantGroups) {
		t.Fatalf("%s: %d groups, want %d", what, len(got), len(wantGroups))
	}
	checked := 0
	for gi, g := range got {
		w := wantGroups[gi]
		if strings.Join(g.Key, "|") != strings.Join(w.Key, "|") || g.N != w.N || g.WeightSum != w.WeightSum {
			t.Fatalf("%s: group %v n=%d w=%v, want %v n=%d w=%v", what, g.Key, g.N, g.WeightSum, w.Key, w.N, w.WeightSum)
		}
		for i, name := range want.Metrics {
			v, wv := g.Metrics[i], w.Values[i]
			if v.Name != name || v.Defined != wv.Defined {
				t.Fatalf("%s %v %s: defined %v (%s %s), want %v (%s)", what, g.Key, name, v.Defined, v.Reason, v.Err, wv.Defined, wv.Reason)
			}
			if !v.Defined {
				continue
			}
			checked++
			switch {
			case exactMetrics[name] && exact == nil && v.Value != wv.Value:
				t.Errorf("%s %v %s = %v, single machine %v (want bit-identical)", what, g.Key, name, v.Value, wv.Value)
			case math.Abs(v.Value-wv.Value) > sumTolerance*math.Max(1, math.Abs(wv.Value)):
				t.Errorf("%s %v %s = %v, single machine %v", what, g.Key, name, v.Value, wv.Value)
			case v.MaxError != wv.MaxError && math.Abs(v.MaxError-wv.MaxError) > sumTolerance:
				t.Errorf("%s %v %s: max error %v, single machine %v", what, g.Key, name, v.MaxError, wv.MaxError)
			}
			if exact != nil && v.MaxError > 0 {
				ex := []evaluate.Group{exact.Overall}
				ev := append(ex, exact.Slices...)[gi].Values[i].Value
				if math.Abs(v.Value-ev) > v.MaxError {
					t.Errorf("%s %v %s = %v ± %v, exact %v: outside the bound", what, g.Key, name, v.Value, v.MaxError, ev)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatalf("%s: no metric was defined", what)
	}
}

// shards splits rows into k collections, so the runner combines in several
// bundles and merges encoded accumulators.
func shards(s beam.Scope, rows []Example, k int) beam.PCollection {
	var pcs []beam.PCollection
	for i := 0; i < k; i++ {
		lo, hi := i*len(rows)/k, (i+1)*len(rows)/k
		pcs = append(pcs, beam.CreateList(s, rows[lo:hi]))
	}
	return beam.Flatten(s, pcs...)
}

func groupsOf(name string) []GroupResult {
	var out []GroupResult
	for _, x := range collectedItems(name) {
		out = append(out, x.(GroupResult))
	}
	return out
}

// One pipeline for every task, every metric, overall and per slice, exact
// and bounded, with and without a bootstrap: prism's job startup is paid
// once.
func TestEvaluateOnPrismEqualsSingleMachine(t *testing.T) {
	t.Logf("seed %d", testSeed)
	const n = 3000
	binRows := makeExamples(evaluate.Binary, n, testSeed)
	mcRows := makeExamples(evaluate.Multiclass, n, testSeed)
	regRows := makeExamples(evaluate.Regression, n, testSeed)

	binSpec := DefaultEvalSpec(evaluate.Binary)
	binSpec.SliceBy = []string{"device", "country"}
	mcSpec := DefaultEvalSpec(evaluate.Multiclass)
	mcSpec.SliceBy = binSpec.SliceBy
	mcSpec.Classes = 3
	regSpec := DefaultEvalSpec(evaluate.Regression)
	regSpec.SliceBy = binSpec.SliceBy
	boundedSpec := binSpec
	boundedSpec.Metrics = []string{"roc_auc", "average_precision"}
	boundedSpec.BoundedAUC = 16
	bootSpec := binSpec
	bootSpec.Metrics = []string{"roc_auc", "log_loss", "accuracy"}
	bootSpec.Bootstrap = BootstrapSpec{Level: 0.9, Resamples: 50, Seed: 7}
	clusterSpec := regSpec
	clusterSpec.SliceBy = nil
	clusterSpec.Metrics = []string{"mae", "r2"}
	clusterSpec.Bootstrap = BootstrapSpec{Level: 0.95, Resamples: 40, Seed: 3, Clustered: true}

	clusterRows := slices.Clone(regRows)
	for i := range clusterRows {
		clusterRows[i].Slice = nil
	}

	p, s := beam.NewPipelineWithRoot()
	collect(s, "binary", Evaluate(s, binSpec, shards(s, binRows, 4)))
	collect(s, "multiclass", Evaluate(s, mcSpec, shards(s, mcRows, 3)))
	collect(s, "regression", Evaluate(s, regSpec, shards(s, regRows, 5)))
	collect(s, "bounded", Evaluate(s, boundedSpec, shards(s, binRows, 2)))
	collect(s, "bootstrap", Evaluate(s, bootSpec, shards(s, binRows, 3)))
	collect(s, "cluster", Evaluate(s, clusterSpec, shards(s, clusterRows, 2)))
	if err := ptest.Run(p); err != nil {
		t.Fatal(err)
	}

	compareToReference(t, "binary", groupsOf("binary"), referenceReport(t, binSpec, binRows), nil)
	compareToReference(t, "multiclass", groupsOf("multiclass"), referenceReport(t, mcSpec, mcRows), nil)
	compareToReference(t, "regression", groupsOf("regression"), referenceReport(t, regSpec, regRows), nil)
	exactSpec := boundedSpec
	exactSpec.BoundedAUC = 0
	compareToReference(t, "bounded", groupsOf("bounded"), referenceReport(t, boundedSpec, binRows), referenceReport(t, exactSpec, binRows))

	// The bootstrap intervals equal the in-process ones computed over the
	// rows in reverse order (counts depend on (seed, id, resample) only).
	for _, c := range []struct {
		name string
		spec EvalSpec
		rows []Example
	}{{"bootstrap", bootSpec, binRows}, {"cluster", clusterSpec, clusterRows}} {
		rev := slices.Clone(c.rows)
		slices.Reverse(rev)
		want, err := EvaluateLocal(c.spec, rev)
		if err != nil {
			t.Fatal(err)
		}
		got := groupsOf(c.name)
		SortGroups(got)
		if len(got) != len(want) {
			t.Fatalf("%s: %d groups, want %d", c.name, len(got), len(want))
		}
		for gi := range got {
			for i, v := range got[gi].Metrics {
				w := want[gi].Metrics[i]
				if !v.HasInterval || !w.HasInterval {
					t.Fatalf("%s %v %s: no interval (%s / %s)", c.name, got[gi].Key, v.Name, v.IntervalNote, w.IntervalNote)
				}
				tol := sumTolerance * math.Max(1, math.Abs(w.Value))
				if math.Abs(v.Lo-w.Lo) > tol || math.Abs(v.Hi-w.Hi) > tol {
					t.Errorf("%s %v %s: interval [%v, %v], in-process [%v, %v]", c.name, got[gi].Key, v.Name, v.Lo, v.Hi, w.Lo, w.Hi)
				}
				if !(v.Lo <= v.Hi) || v.Hi-v.Lo <= 0 {
					t.Errorf("%s %v %s: empty interval [%v, %v]", c.name, got[gi].Key, v.Name, v.Lo, v.Hi)
				}
			}
		}
	}
}
