package assert

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestToleranceEqual pins the documented rule |got - want| <= Abs +
// Rel*|want| (or within ULP), with want the reference: the cases marked
// symmetric hold in both orders, the others only as written.
func TestToleranceEqual(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	next := math.Nextafter(1, 2)
	cases := []struct {
		got, want float64
		tol       Tolerance
		equal     bool
		symmetric bool
	}{
		{1, 1, Tolerance{}, true, true},
		{1, next, Tolerance{}, false, true},
		{1, next, Tolerance{ULP: 1}, true, true},
		{1, math.Nextafter(next, 2), Tolerance{ULP: 1}, false, true},
		{0, math.Copysign(0, -1), Tolerance{}, true, true},
		{math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, Tolerance{ULP: 2}, true, true},
		{math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, Tolerance{ULP: 1}, false, true},
		{100, 101, Tolerance{Rel: 0.01}, true, true},      // 1 <= 0.01*100 and 1 <= 0.01*101
		{101.01, 100, Tolerance{Rel: 0.01}, false, false}, // 1.01 > 0.01*|want| = 1
		{100, 101.01, Tolerance{Rel: 0.01}, true, false},  // 1.01 <= 0.01*|want| = 1.0101
		{1e-10, 0, Tolerance{Rel: 1}, false, false},       // relative to |want| = 0
		{0, 1e-10, Tolerance{Rel: 1}, true, false},        // 1e-10 <= 1*|want|
		{0, 1e-10, Tolerance{Abs: 1e-9}, true, true},
		{15.9, 10, Tolerance{Abs: 1, Rel: 0.5}, true, false},  // 5.9 <= 1 + 0.5*10: the sum, not max(1, 5)
		{16.1, 10, Tolerance{Abs: 1, Rel: 0.5}, false, false}, // 6.1 > 6
		{nan, nan, Tolerance{Abs: 1}, false, true},
		{nan, nan, Tolerance{EquateNaN: true}, true, true},
		{nan, 1, Tolerance{EquateNaN: true, Abs: inf}, false, true},
		{inf, inf, Tolerance{}, true, true},
		{inf, math.MaxFloat64, Tolerance{Rel: 1, ULP: 10}, false, true},
		{inf, -inf, Tolerance{EquateNaN: true}, false, true},
	}
	for _, c := range cases {
		if got := c.tol.Equal(c.got, c.want); got != c.equal {
			t.Errorf("Tolerance{%v}.Equal(%v, %v) = %v, want %v", c.tol, c.got, c.want, got, c.equal)
		}
		if got := c.tol.Equal(c.want, c.got); c.symmetric && got != c.equal {
			t.Errorf("Tolerance{%v}.Equal(%v, %v) = %v, want %v (swapped)", c.tol, c.want, c.got, got, c.equal)
		}
	}
}

// CmpOption accepts a pair only when it is equal with either value as want,
// so the comparer go-cmp calls is symmetric.
func TestToleranceCmpOptionIsSymmetric(t *testing.T) {
	tol := Tolerance{Rel: 0.01}
	if cmp.Equal(100.0, 101.01, tol.CmpOption()) || cmp.Equal(101.01, 100.0, tol.CmpOption()) {
		t.Error("101.01 vs 100 within rel 0.01 of the larger value only: want unequal in both orders")
	}
	if !cmp.Equal(100.0, 101.0, tol.CmpOption()) || !cmp.Equal(101.0, 100.0, tol.CmpOption()) {
		t.Error("101 vs 100 within rel 0.01 of either: want equal in both orders")
	}
}

func TestToleranceCmpOption(t *testing.T) {
	type result struct {
		Name   string
		Scores []float64
	}
	want := result{"m", []float64{0.5, 0.25, math.NaN()}}
	got := result{"m", []float64{0.5 + 1e-12, 0.25, math.NaN()}}
	if !cmp.Equal(want, got, Tolerance{Abs: 1e-9, EquateNaN: true}.CmpOption()) {
		t.Errorf("not equal within 1e-9: %s", cmp.Diff(want, got, Tolerance{Abs: 1e-9, EquateNaN: true}.CmpOption()))
	}
	if cmp.Equal(want, got, Tolerance{Abs: 1e-9}.CmpOption()) {
		t.Error("NaN equal without EquateNaN")
	}
	if cmp.Equal(want, got, Tolerance{Abs: 1e-13, EquateNaN: true}.CmpOption()) {
		t.Error("equal beyond the tolerance")
	}
}

func TestFloatsDiffExact(t *testing.T) {
	got := FloatsDiff([]float64{1, 2.5, 3}, []float64{1, 2, 3}, Tolerance{Abs: 0.1})
	want := "1 of 3 values differ beyond abs 0.1 (-want +got):\n-\t[1] 2\n+\t[1] 2.5\n"
	if got != want {
		t.Errorf("FloatsDiff:\n%q\nwant\n%q", got, want)
	}
	if d := FloatsDiff([]float64{1, 2.05}, []float64{1, 2}, Tolerance{Abs: 0.1}); d != "" {
		t.Errorf("equal within tolerance, diff %q", d)
	}
	if d := FloatsDiff([]float64{1}, []float64{1, 2}, Tolerance{}); d != "length differs (-want +got):\n-\tlen 2\n+\tlen 1\n" {
		t.Errorf("length diff %q", d)
	}
	got = MatrixDiff([][]float64{{1, 2}, {3, 5}}, [][]float64{{1, 2}, {3, 4}}, Tolerance{Rel: 1e-9})
	want = "1 of 4 values differ beyond rel 1e-09 (-want +got):\n-\t[1][1] 4\n+\t[1][1] 5\n"
	if got != want {
		t.Errorf("MatrixDiff:\n%q\nwant\n%q", got, want)
	}
	many := make([]float64, 12)
	if d := FloatsDiff(many, make([]float64, 12), Tolerance{}); d != "" {
		t.Errorf("zeros differ: %q", d)
	}
	for i := range many {
		many[i] = 1
	}
	if d := FloatsDiff(many, make([]float64, 12), Tolerance{}); !strings.HasSuffix(d, "-\t[9] 0\n+\t[9] 1\n\t... 2 more\n") {
		t.Errorf("cap: %q", d)
	}
}

func TestMessagesExact(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{CheckMetricAtLeast("NDCG@10", 0.412, 0.45), "NDCG@10 = 0.412, want >= 0.450"},
		{CheckMetricAtLeast("AUC", 0.4499, 0.45), "AUC = 0.4499, want >= 0.4500"},
		{CheckMetricAtLeast("AUC", math.NaN(), 0.45), "AUC = NaN, want >= 0.450"},
		{CheckMetricAtMost("log_loss", 0.712, 0.7), "log_loss = 0.712, want <= 0.700"},
		{CheckMetricAtMost("mse", 2.5e-7, 1e-7), "mse = 2.5e-07, want <= 1e-07"},
		{CheckMetricWithin("recall@20", 0.512, 0.54, 0.02), "recall@20 = 0.512, want 0.540 ± 0.020"},
		{CheckFloat("log_loss", 0.6931, 0.6932, Tolerance{Abs: 1e-9}), "log_loss = 0.6931, want 0.6932 (abs 1e-09)"},
		{CheckTopKOverlap([]string{"a", "b", "x", "d"}, []string{"a", "b", "c", "x"}, 3, 1), "top-3 overlap = 0.667, want >= 1.000 (2 of 3 shared; missing [c], extra [x])"},
		{CheckKendallTau([]string{"b", "a", "c", "d"}, []string{"a", "b", "c", "d"}, 0.8), "Kendall tau-b(got, want) = 0.667, want >= 0.800 (4 items; first swapped pair: b above a)"},
		{CheckSameDistribution("score", []float64{1, 2, 3}, []float64{4, 5, 6}, 0.2), "score: KS D = 1.000, p = 0.1 < alpha 0.2 (n_got=3, n_want=3, exact); largest ECDF gap 1.000 at 3"},
		// by hand: edge 2.5; shares (0.5, 0.5) vs (0 -> 1e-4, 1):
		// (1e-4-0.5)*ln(1e-4/0.5) + (1-0.5)*ln(1/0.5) = 4.2578 + 0.3466
		{CheckPSIAtMost("age", []float64{5, 5, 5, 5}, []float64{1, 2, 3, 4}, 2, 0.2), "age: PSI = 4.604, want <= 0.200 (2 quantile bins of expected; largest shift in bin (-Inf, 2.5]: expected 50.0%, actual 0.0%)"},
	}
	for _, c := range cases {
		if c.err == nil || c.err.Error() != c.want {
			t.Errorf("error %v\nwant  %s", c.err, c.want)
		}
	}
	passing := []error{
		CheckMetricAtLeast("m", 0.45, 0.45),
		CheckMetricAtMost("m", 0.45, 0.45),
		CheckMetricWithin("m", 0.53, 0.54, 0.02),
		CheckTopKOverlap([]int{1, 2, 3}, []int{3, 2, 1, 4}, 3, 1),
		CheckKendallTau([]int{1, 2, 3}, []int{1, 2, 3}, 1),
		CheckSameDistribution("s", []float64{1, 2, 3}, []float64{1.5, 2.5, 3.5}, 0.05),
		CheckPSIAtMost("s", []float64{1, 2, 3, 4}, []float64{1, 2, 3, 4}, 2, 0),
	}
	for i, err := range passing {
		if err != nil {
			t.Errorf("passing case %d: %v", i, err)
		}
	}
}

func TestWrappersFailAndPass(t *testing.T) {
	fail := []func(testing.TB){
		func(t testing.TB) { MetricAtLeast(t, "NDCG@10", 0.412, 0.45) },
		func(t testing.TB) { MetricAtMost(t, "m", 1, 0) },
		func(t testing.TB) { MetricWithin(t, "m", 1, 0, 0.5) },
		func(t testing.TB) { EqualFloat(t, "m", 1, 2, Tolerance{}) },
		func(t testing.TB) { EqualFloats(t, "v", []float64{1}, []float64{2}, Tolerance{}) },
		func(t testing.TB) { EqualMatrix(t, "m", [][]float64{{1}}, [][]float64{{2}}, Tolerance{}) },
		func(t testing.TB) { TopKOverlapAtLeast(t, []int{1}, []int{2}, 1, 1) },
		func(t testing.TB) { KendallTauAtLeast(t, []int{1, 2}, []int{2, 1}, 0) },
		func(t testing.TB) { SameDistribution(t, "s", []float64{1, 2, 3}, []float64{4, 5, 6}, 0.2) },
		func(t testing.TB) { PSIAtMost(t, "s", []float64{5, 5}, []float64{1, 2}, 2, 0.1) },
	}
	pass := []func(testing.TB){
		func(t testing.TB) { MetricAtLeast(t, "NDCG@10", 0.5, 0.45) },
		func(t testing.TB) { MetricAtMost(t, "m", 0, 0) },
		func(t testing.TB) { MetricWithin(t, "m", 1, 0, 1) },
		func(t testing.TB) { EqualFloat(t, "m", 1, 1+1e-12, Tolerance{Abs: 1e-9}) },
		func(t testing.TB) { EqualFloats(t, "v", []float64{2}, []float64{2}, Tolerance{}) },
		func(t testing.TB) { EqualMatrix(t, "m", [][]float64{{2}}, [][]float64{{2}}, Tolerance{}) },
		func(t testing.TB) { TopKOverlapAtLeast(t, []int{1, 2}, []int{2, 1}, 2, 1) },
		func(t testing.TB) { KendallTauAtLeast(t, []int{1, 2}, []int{1, 2}, 1) },
		func(t testing.TB) { SameDistribution(t, "s", []float64{1, 2, 3}, []float64{1, 2, 3}, 0.05) },
		func(t testing.TB) { PSIAtMost(t, "s", []float64{1, 2}, []float64{1, 2}, 2, 0) },
	}
	for i, f := range fail {
		r := &recordingTB{}
		f(r)
		if len(r.errors) != 1 || len(r.fatals) != 0 || r.helper == 0 {
			t.Errorf("failing case %d: errors %q fatals %q helper calls %d", i, r.errors, r.fatals, r.helper)
		}
	}
	for i, f := range pass {
		r := &recordingTB{}
		f(r)
		if len(r.errors)+len(r.fatals) != 0 {
			t.Errorf("passing case %d failed: %q %q", i, r.errors, r.fatals)
		}
	}
}
