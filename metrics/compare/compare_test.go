package compare

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/stats"
	"github.com/stretchr/testify/require"
)

// binaryPair returns n rows with labels (40% positive) and two models'
// probabilities sharing per-row noise; the candidate's signal is the
// baseline's times (1 + lift), so lift < 0 makes it truly worse.
func binaryPair(n int, seed uint64, lift float64) (labels []bool, base, cand []float64) {
	rng := rand.New(rand.NewPCG(seed, 99))
	sigmoid := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	for range n {
		y := rng.Float64() < 0.4
		s := -1.0
		if y {
			s = 1
		}
		shared := rng.NormFloat64()
		labels = append(labels, y)
		base = append(base, sigmoid(s+shared+0.7*rng.NormFloat64()))
		cand = append(cand, sigmoid((1+lift)*s+shared+0.7*rng.NormFloat64()))
	}
	return labels, base, cand
}

func opts() Options {
	o := DefaultOptions()
	o.Resamples = 300
	o.Trials = 2000
	return o
}

func comparisonOf(t *testing.T, r *Report, metric string) MetricComparison {
	t.Helper()
	for _, c := range r.Comparisons {
		if c.Metric == metric {
			return c
		}
	}
	t.Fatalf("no comparison of %s", metric)
	return MetricComparison{}
}

func TestBinaryMethodSelection(t *testing.T) {
	labels, base, cand := binaryPair(400, 1, 0)
	names := []string{"roc_auc", "accuracy", "log_loss"}

	r, err := Binary(labels, base, cand, Rows{}, names, opts())
	require.NoError(t, err)
	require.Equal(t, "delong", comparisonOf(t, r, "roc_auc").Method)
	require.True(t, strings.HasPrefix(comparisonOf(t, r, "accuracy").Method, "mcnemar"))
	require.Equal(t, "paired bootstrap", comparisonOf(t, r, "log_loss").Method)

	// The DeLong and McNemar comparisons are those of metrics/stats on the same rows.
	want, err := stats.DeLongTest(labels, base, cand, 0.95)
	require.NoError(t, err)
	want.Metric = "roc_auc"
	require.Equal(t, want, comparisonOf(t, r, "roc_auc").Comparison)
	bc, cc := make([]bool, len(labels)), make([]bool, len(labels))
	for i, y := range labels {
		bc[i], cc[i] = (base[i] >= 0.5) == y, (cand[i] >= 0.5) == y
	}
	mc, err := stats.McNemar(bc, cc)
	require.NoError(t, err)
	wantAcc := mc.Comparison(0.95)
	wantAcc.Metric = "accuracy"
	require.Equal(t, wantAcc, comparisonOf(t, r, "accuracy").Comparison)

	weights := make([]float64, len(labels))
	clusters := make([]int, len(labels))
	for i := range weights {
		weights[i] = float64(1 + i%3)
		clusters[i] = i / 4
	}
	for _, rows := range []Rows{{Weights: weights}, {Clusters: clusters}} {
		r, err := Binary(labels, base, cand, rows, names, opts())
		require.NoError(t, err)
		for _, name := range names {
			require.Equal(t, "paired bootstrap", comparisonOf(t, r, name).Method, name)
		}
	}

	// Weighted estimates are the weighted metrics of each model.
	r, err = Binary(labels, base, cand, Rows{Weights: weights}, names, opts())
	require.NoError(t, err)
	auc, err := metrics.ROCAUC(labels, cand, weights)
	require.NoError(t, err)
	require.Equal(t, auc, comparisonOf(t, r, "roc_auc").Candidate)
}

func TestMulticlassAccuracyUsesMcNemarOthersBootstrap(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var labels []int
	var base, cand [][]float64
	for range 200 {
		y := rng.IntN(3)
		labels = append(labels, y)
		for _, dst := range []*[][]float64{&base, &cand} {
			p := []float64{rng.Float64(), rng.Float64(), rng.Float64()}
			p[y] += 0.8
			s := p[0] + p[1] + p[2]
			for j := range p {
				p[j] /= s
			}
			*dst = append(*dst, p)
		}
	}
	r, err := Multiclass(labels, base, cand, Rows{}, []string{"accuracy", "macro_f1"}, opts())
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(comparisonOf(t, r, "accuracy").Method, "mcnemar"))
	require.Equal(t, "paired bootstrap", comparisonOf(t, r, "macro_f1").Method)
	acc, err := metrics.MulticlassAccuracy(labels, base, nil)
	require.NoError(t, err)
	require.InDelta(t, acc, comparisonOf(t, r, "accuracy").Baseline, 1e-15)
}

func TestGateFailsOnlyForSignificantRegressionLargerThanDelta(t *testing.T) {
	names := []string{"roc_auc", "log_loss"}
	gate := func(labels []bool, base, cand []float64, delta float64) Gate {
		o := opts()
		o.MaxRegression = map[string]float64{"roc_auc": delta}
		r, err := Binary(labels, base, cand, Rows{}, names, o)
		require.NoError(t, err)
		require.Len(t, r.Gates, 1)
		require.Equal(t, r.Gates[0].Failed, r.Failed())
		return r.Gates[0]
	}

	// Truly worse on 3000 rows: AUC falls by about 0.05, very significantly.
	labels, base, cand := binaryPair(3000, 7, -0.5)
	g := gate(labels, base, cand, 0.01)
	require.True(t, g.Failed, g.Reason)
	require.Contains(t, g.Reason, "significant at alpha=0.05 and larger than the allowed 0.01")
	require.Contains(t, g.Reason, "delong")

	// The same significant drop within a generous delta passes.
	g = gate(labels, base, cand, 0.2)
	require.False(t, g.Failed, g.Reason)
	require.Contains(t, g.Reason, "significant at alpha=0.05 but within the allowed 0.2")

	// A large but insignificant drop on 20 rows passes.
	labels, base, cand = binaryPair(20, 11, -0.5)
	r, err := Binary(labels, base, cand, Rows{}, names, opts())
	require.NoError(t, err)
	c := comparisonOf(t, r, "roc_auc")
	require.Less(t, c.Diff, -0.02, "the seed must give a visible drop")
	require.Greater(t, c.P, 0.05)
	g = gate(labels, base, cand, 0.01)
	require.False(t, g.Failed, g.Reason)
	require.Contains(t, g.Reason, "larger than the allowed 0.01 but not significant")

	// A better candidate never fails, even with delta 0.
	labels, base, cand = binaryPair(3000, 7, 0.5)
	g = gate(labels, base, cand, 0)
	require.False(t, g.Failed, g.Reason)
	require.Contains(t, g.Reason, "roc_auc rose by")

	// Equal models (the same scores) do not fail.
	labels, base, _ = binaryPair(500, 5, 0)
	g = gate(labels, base, base, 0)
	require.False(t, g.Failed, g.Reason)
	require.Contains(t, g.Reason, "did not change")
}

func TestGateKnowsLowerIsBetter(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	n := 1000
	y, base, cand := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range y {
		y[i] = rng.NormFloat64()
		base[i] = y[i] + 0.5*rng.NormFloat64()
		cand[i] = y[i] + 0.8*rng.NormFloat64() // larger errors: mse rises
	}
	o := opts()
	o.MaxRegression = map[string]float64{"mse": 0.1, "r2": 0.1}
	r, err := Regression(y, base, cand, Rows{}, []string{"mse", "r2"}, o)
	require.NoError(t, err)
	require.Len(t, r.Gates, 2)
	require.True(t, r.Gates[0].Failed, r.Gates[0].Reason)
	require.Contains(t, r.Gates[0].Reason, "mse rose by")
	require.True(t, r.Gates[1].Failed, r.Gates[1].Reason)
	require.Contains(t, r.Gates[1].Reason, "r2 fell by")

	// Swapping the models makes both improvements.
	r, err = Regression(y, cand, base, Rows{}, []string{"mse", "r2"}, o)
	require.NoError(t, err)
	require.False(t, r.Failed())
}

func TestReproducibleForASeed(t *testing.T) {
	labels, base, cand := binaryPair(300, 2, -0.1)
	rows := Rows{Slices: make([]string, len(labels))}
	for i := range labels {
		rows.Slices[i] = []string{"a", "b", "c"}[i%3]
	}
	o := opts()
	o.MaxRegression = map[string]float64{"f1": 0.01}
	names := []string{"f1", "brier"}
	r1, err := Binary(labels, base, cand, rows, names, o)
	require.NoError(t, err)
	r2, err := Binary(labels, base, cand, rows, names, o)
	require.NoError(t, err)
	require.Empty(t, cmp.Diff(r1, r2, cmpopts.EquateNaNs()))

	o.Seed = 2
	r3, err := Binary(labels, base, cand, rows, names, o)
	require.NoError(t, err)
	require.Equal(t, r1.Comparisons[0].Diff, r3.Comparisons[0].Diff, "the estimate does not depend on the seed")
	require.NotEqual(t, r1.Comparisons[0].Interval, r3.Comparisons[0].Interval, "the interval does")
}

// bhByDefinition is Benjamini-Hochberg written from its definition,
// adj_i = min(1, min over j with p_j >= p_i of m p_j / rank_j), rank_j the
// 1-based position of p_j in increasing order (ties take the largest rank).
func bhByDefinition(p []float64) []float64 {
	m := len(p)
	out := make([]float64, m)
	for i := range p {
		out[i] = 1
		for j := range p {
			if p[j] < p[i] {
				continue
			}
			rank := 0
			for k := range p {
				if p[k] <= p[j] {
					rank++
				}
			}
			out[i] = math.Min(out[i], float64(m)*p[j]/float64(rank))
		}
	}
	return out
}

func TestSlicesBHAdjustedAndSupport(t *testing.T) {
	// Four slices: in "worse" the candidate is truly worse; "tiny" has 10 rows.
	var labels []bool
	var base, cand []float64
	var keys []string
	for k, spec := range []struct {
		key  string
		n    int
		lift float64
	}{{"worse", 600, -0.6}, {"same1", 400, 0}, {"same2", 400, 0}, {"tiny", 10, -0.6}} {
		l, b, c := binaryPair(spec.n, uint64(20+k), spec.lift)
		labels, base, cand = append(labels, l...), append(base, b...), append(cand, c...)
		for range spec.n {
			keys = append(keys, spec.key)
		}
	}
	o := opts()
	o.MaxRegression = map[string]float64{"roc_auc": 0.01, "log_loss": 0}
	names := []string{"roc_auc", "log_loss"}
	r, err := Binary(labels, base, cand, Rows{Slices: keys}, names, o)
	require.NoError(t, err)
	require.Equal(t, []string{"same1", "same2", "tiny", "worse"}, sliceKeys(r))
	for j := range names {
		var p, adj []float64
		for _, s := range r.Slices {
			p = append(p, s.Comparisons[j].P)
			adj = append(adj, s.Comparisons[j].PAdjusted)
		}
		want := bhByDefinition(p)
		for i := range want {
			require.InDelta(t, want[i], adj[i], 1e-15, "%s slice %d", names[j], i)
			require.GreaterOrEqual(t, adj[i], p[i])
		}
	}
	// Each slice is compared on its own rows: its DeLong test is that of the slice's data.
	var idx []int
	for i, k := range keys {
		if k == "same2" {
			idx = append(idx, i)
		}
	}
	want, err := stats.DeLongTest(pick(labels, idx), pick(base, idx), pick(cand, idx), 0.95)
	require.NoError(t, err)
	require.Equal(t, want.P, r.Slices[1].Comparisons[0].P)
	require.Equal(t, 400, r.Slices[1].N)

	require.False(t, r.Slices[2].Gated, "tiny slice below 30 rows")
	for _, g := range r.Gates {
		require.NotEqual(t, "tiny", g.Slice, "ungated slice has no gate")
	}
	failed := map[string]bool{}
	for _, g := range r.Gates {
		if g.Failed {
			failed[g.Metric+"/"+g.Slice] = true
			require.Contains(t, g.Reason, "larger than the allowed")
		}
		if g.InSlice {
			require.Contains(t, g.Reason, "Benjamini-Hochberg")
		}
	}
	require.True(t, failed["roc_auc/worse"], "%v", r.Gates)
	require.False(t, failed["roc_auc/same1"] || failed["roc_auc/same2"], "%v", r.Gates)
}

func sliceKeys(r *Report) []string {
	var out []string
	for _, s := range r.Slices {
		out = append(out, s.Key)
	}
	return out
}

func TestUndefinedSliceIsReportedNotGated(t *testing.T) {
	labels, base, cand := binaryPair(200, 4, 0)
	keys := make([]string, len(labels))
	for i := range keys {
		keys[i] = "mixed"
	}
	// A slice of 40 negatives: roc_auc is undefined there.
	for i := range 40 {
		labels = append(labels, false)
		base = append(base, 0.1+float64(i)/100)
		cand = append(cand, 0.1+float64(i)/100)
		keys = append(keys, "negatives")
	}
	o := opts()
	o.MaxRegression = map[string]float64{"roc_auc": 0.05}
	r, err := Binary(labels, base, cand, Rows{Slices: keys}, []string{"roc_auc"}, o)
	require.NoError(t, err)
	require.Equal(t, []string{"mixed", "negatives"}, sliceKeys(r))
	c := r.Slices[1].Comparisons[0]
	require.True(t, math.IsNaN(c.Diff))
	require.Contains(t, c.Undefined, "at least 2 positives and 2 negatives")
	require.Contains(t, strings.Join(r.Warnings, "\n"), "slice negatives: roc_auc:")
	require.False(t, r.Failed(), "%+v", r.Gates)
	require.Equal(t, "negatives", r.Gates[2].Slice)
	require.False(t, r.Gates[2].Failed)
	require.Contains(t, r.Gates[2].Reason, "not assessed on this slice")
}

func TestBadData(t *testing.T) {
	labels, base, cand := binaryPair(50, 1, 0)
	one := make([]int, len(labels))
	_, err := Binary(labels, base, cand, Rows{Clusters: one}, nil, opts())
	require.ErrorContains(t, err, "1 independent units (rows or clusters): the comparison needs at least 2")

	bad := slices.Clone(cand)
	bad[3] = math.NaN()
	_, err = Binary(labels, base, bad, Rows{}, nil, opts())
	require.EqualError(t, err, "compare: candidate score at row 3 is NaN: want a finite number")

	o := opts()
	o.MaxRegression = map[string]float64{"auc": 0.1}
	_, err = Binary(labels, base, cand, Rows{}, []string{"roc_auc"}, o)
	require.EqualError(t, err, `compare: max regression names "auc", which is not compared; compared: roc_auc`)

	_, err = Binary(labels, base, cand, Rows{}, []string{"auc"}, opts())
	require.ErrorContains(t, err, `unknown binary metric "auc"`)

	require.PanicsWithValue(t, "compare: slice length mismatch", func() {
		Binary(labels, base, cand[:3], Rows{}, nil, opts())
	})
}
