package compare

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// drawBinary draws a small binary data set with tied scores and both
// classes at least twice.
func drawBinary(t *rapid.T) (labels []bool, base, cand []float64) {
	n := rapid.IntRange(8, 60).Draw(t, "n")
	labels = rapid.SliceOfN(rapid.Bool(), n, n).Draw(t, "labels")
	labels[0], labels[1], labels[2], labels[3] = true, true, false, false
	score := rapid.Map(rapid.IntRange(0, 10), func(i int) float64 { return float64(i) / 10 })
	base = rapid.SliceOfN(score, n, n).Draw(t, "base")
	cand = rapid.SliceOfN(score, n, n).Draw(t, "cand")
	return labels, base, cand
}

var propertyMetrics = []string{"roc_auc", "accuracy", "average_precision", "brier", "f1"}

// Swapping baseline and candidate negates the difference and its interval
// and keeps the p-value, for every method.
func TestSwapNegatesDifference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		labels, base, cand := drawBinary(t)
		o := DefaultOptions()
		o.Resamples = 50
		o.Seed = rapid.Uint64().Draw(t, "seed")
		var rows Rows
		if rapid.Bool().Draw(t, "weighted") {
			rows.Weights = rapid.SliceOfN(rapid.Float64Range(0.5, 3), len(labels), len(labels)).Draw(t, "weights")
		}
		r1, err1 := Binary(labels, base, cand, rows, propertyMetrics, o)
		r2, err2 := Binary(labels, cand, base, rows, propertyMetrics, o)
		if err1 != nil || err2 != nil {
			t.Fatalf("seed %d: %v / %v", o.Seed, err1, err2)
		}
		for j, a := range r1.Comparisons {
			b := r2.Comparisons[j]
			if (a.Undefined == "") != (b.Undefined == "") {
				t.Fatalf("%s: undefined one way only: %q / %q", a.Metric, a.Undefined, b.Undefined)
			}
			if a.Undefined != "" {
				continue
			}
			if a.Method != b.Method || !near(a.Diff, -b.Diff) || !near(a.P, b.P) ||
				!near(a.Interval.Lo, -b.Interval.Hi) || !near(a.Interval.Hi, -b.Interval.Lo) {
				t.Fatalf("%s (seed %d): %+v\nswapped: %+v", a.Metric, o.Seed, a.Comparison, b.Comparison)
			}
		}
	})
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(a)) }

// A gate fails exactly when the regression is larger than delta and
// significant, with the adjusted p-value in slices; never on an ungated
// slice.
func TestGateLaw(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		labels, base, cand := drawBinary(t)
		keys := make([]string, len(labels))
		for i := range keys {
			keys[i] = rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, "key")
		}
		o := DefaultOptions()
		o.Resamples = 50
		o.MinSliceSupport = rapid.IntRange(1, 30).Draw(t, "min support")
		o.Alpha = rapid.Float64Range(0.01, 0.5).Draw(t, "alpha")
		o.MaxRegression = map[string]float64{}
		for _, m := range propertyMetrics {
			o.MaxRegression[m] = rapid.Float64Range(0, 0.2).Draw(t, "delta "+m)
		}
		r, err := Binary(labels, base, cand, Rows{Slices: keys}, propertyMetrics, o)
		if err != nil {
			t.Fatal(err)
		}
		gated := map[string]bool{}
		bySlice := map[string][]MetricComparison{}
		for _, s := range r.Slices {
			gated[s.Key] = s.Gated
			bySlice[s.Key] = s.Comparisons
		}
		for _, g := range r.Gates {
			j := indexOf(propertyMetrics, g.Metric)
			c, p := r.Comparisons[j], r.Comparisons[j].P
			if g.InSlice {
				if !gated[g.Slice] {
					t.Fatalf("gate on ungated slice %q", g.Slice)
				}
				c = bySlice[g.Slice][j]
				p = c.PAdjusted
			}
			worse := c.Diff
			if HigherIsBetter(g.Metric) {
				worse = -c.Diff
			}
			want := worse > g.Delta && p < o.Alpha
			if c.Undefined != "" {
				want = !g.InSlice
			}
			if g.Failed != want {
				t.Fatalf("gate %+v: want failed=%v (diff %v, p %v, undefined %q)", g, want, c.Diff, p, c.Undefined)
			}
		}
	})
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}
