package assert_test

import (
	"fmt"
	"math"

	"github.com/google/go-cmp/cmp"
	"github.com/mltest/mltest/assert"
)

func ExampleCheckMetricAtLeast() {
	fmt.Println(assert.CheckMetricAtLeast("NDCG@10", 0.412, 0.45))
	fmt.Println(assert.CheckMetricAtLeast("NDCG@10", 0.467, 0.45))
	// Output:
	// NDCG@10 = 0.412, want >= 0.450
	// <nil>
}

func ExampleTolerance() {
	tol := assert.Tolerance{Abs: 1e-9, Rel: 1e-9}
	fmt.Println(tol.Equal(0.1+0.2, 0.3))
	fmt.Println(tol.Equal(math.NaN(), math.NaN()))
	fmt.Println(cmp.Equal([]float64{0.1 + 0.2}, []float64{0.3}, tol.CmpOption()))
	fmt.Print(assert.FloatsDiff([]float64{0.5, 0.3}, []float64{0.5, 0.25}, tol))
	// Output:
	// true
	// false
	// true
	// 1 of 2 values differ beyond abs 1e-09, rel 1e-09 (-want +got):
	// -	[1] 0.25
	// +	[1] 0.3
}

func ExampleCheckTopKOverlap() {
	got := []string{"dune", "alien", "heat", "up"}
	want := []string{"dune", "heat", "brazil", "up"}
	fmt.Println(assert.TopKOverlap(got, want, 3))
	fmt.Println(assert.CheckTopKOverlap(got, want, 3, 0.9))
	// Output:
	// 0.6666666666666666
	// top-3 overlap = 0.667, want >= 0.900 (2 of 3 shared; missing [brazil], extra [alien])
}

func ExampleCheckSameDistribution() {
	got := []float64{0.1, 0.4, 0.35, 0.8}
	want := []float64{0.5, 0.9, 0.7, 0.95, 0.6}
	fmt.Println(assert.CheckSameDistribution("score", got, want, 0.05))
	fmt.Println(assert.CheckSameDistribution("score", got, want, 0.2))
	// Output:
	// <nil>
	// score: KS D = 0.750, p = 0.143 < alpha 0.2 (n_got=4, n_want=5, exact); largest ECDF gap 0.750 at 0.4
}

func ExampleCheckPSIAtMost() {
	expected := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	shifted := []float64{6, 7, 7, 8, 8, 9, 9, 10, 10, 11}
	fmt.Println(assert.CheckPSIAtMost("feature x", expected, expected, 5, 0.1))
	fmt.Println(assert.CheckPSIAtMost("feature x", shifted, expected, 5, 0.1))
	// Output:
	// <nil>
	// feature x: PSI = 3.522, want <= 0.100 (5 quantile bins of expected; largest shift in bin (8.2, +Inf): expected 20.0%, actual 50.0%)
}
