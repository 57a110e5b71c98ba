package stats_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/mltest/mltest/assert"
	"github.com/mltest/mltest/metrics/stats"
)

// distributionReference holds the values testdata/gen_distribution.py
// computed with scipy and numpy. Regenerate with:
//
//	cd metrics/stats/testdata && /usr/bin/python3 gen_distribution.py > distribution_reference.json
type distributionReference struct {
	Versions map[string]string
	KS       []struct {
		Name            string
		X, Y            []float64
		N1, N2          int
		Scale, Shift    float64
		D, P            float64
		ScipyExact      bool    `json:"scipy_exact"`
		PAsympKstwobign float64 `json:"p_asymp_kstwobign"`
	}
	Kstwobign []struct{ Z, SF float64 }
	Kendall   []struct {
		X, Y []float64
		Tau  float64
	}
	PSI []struct {
		Expected, Actual []float64
		Bins             int
		PSI              float64
	}
}

func loadDistributionReference(t *testing.T) distributionReference {
	t.Helper()
	b, err := os.ReadFile("testdata/distribution_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var r distributionReference
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// tol1e9 is an absolute 1e-9: D, the p-values and tau lie in [-1, 1], the
// PSI values of the reference below 8.3.
var tol1e9 = assert.Tolerance{Abs: 1e-9}

func TestKSTwoSampleMatchesScipy(t *testing.T) {
	ref := loadDistributionReference(t)
	if len(ref.KS) < 10 {
		t.Fatalf("only %d KS cases in reference.json", len(ref.KS))
	}
	for _, c := range ref.KS {
		x, y := c.X, c.Y
		if x == nil { // grid cases, rebuilt with the same IEEE operations as numpy
			x, y = make([]float64, c.N1), make([]float64, c.N2)
			for i := range x {
				x[i] = float64(i) / float64(c.N1)
			}
			for j := range y {
				y[j] = float64(j)/float64(c.N2)*c.Scale + c.Shift
			}
		}
		r, err := stats.KSTwoSample(x, y)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		assert.EqualFloat(t, c.Name+": D", r.D, c.D, tol1e9)
		wantExact := max(len(x), len(y)) <= 10000
		if r.Exact != wantExact {
			t.Errorf("%s: Exact = %v, want %v", c.Name, r.Exact, wantExact)
		}
		if wantExact {
			// scipy's exact value, or 1 where scipy fell back because its
			// recurrence left [0, 1] (n1 = n2 = 5, D = 1/5: p = 1 exactly).
			assert.EqualFloat(t, c.Name+": p", r.PValue, c.P, tol1e9)
			if len(x) == len(y) && c.ScipyExact { // the series keeps relative accuracy
				assert.EqualFloat(t, c.Name+": p (relative)", r.PValue, c.P, assert.Tolerance{Rel: 1e-9})
			}
		} else {
			assert.EqualFloat(t, c.Name+": p", r.PValue, c.PAsympKstwobign, tol1e9)
		}
	}
}

func TestKolmogorovSurvivalMatchesScipy(t *testing.T) {
	for _, c := range loadDistributionReference(t).Kstwobign {
		assert.EqualFloat(t, "kstwobign.sf", stats.KolmogorovSurvival(c.Z), c.SF, assert.Tolerance{Abs: 1e-12})
	}
}

func TestKendallTauBMatchesScipy(t *testing.T) {
	for i, c := range loadDistributionReference(t).Kendall {
		got, err := stats.KendallTauB(c.X, c.Y)
		if err != nil {
			t.Fatal(err)
		}
		assert.EqualFloat(t, "tau-b case "+string(rune('0'+i)), got, c.Tau, tol1e9)
	}
}

func TestPSIMatchesNumpy(t *testing.T) {
	for i, c := range loadDistributionReference(t).PSI {
		r, err := stats.PSI(c.Actual, c.Expected, c.Bins)
		if err != nil {
			t.Fatal(err)
		}
		assert.EqualFloat(t, "PSI case "+string(rune('0'+i)), r.PSI, c.PSI, tol1e9)
	}
}

// By hand: x = {1, 2, 3}, y = {4, 5, 6}: the ECDFs are 1 and 0 between 3 and
// 4, D = 1, and only the 2 of binom(6, 3) = 20 paths that take all steps of
// one sample first reach it: p = 2/20.
func TestKSTwoSampleByHand(t *testing.T) {
	r, err := stats.KSTwoSample([]float64{3, 1, 2}, []float64{6, 4, 5})
	if err != nil {
		t.Fatal(err)
	}
	assert.EqualFloat(t, "D", r.D, 1, assert.Tolerance{})
	assert.EqualFloat(t, "At", r.At, 3, assert.Tolerance{})
	assert.EqualFloat(t, "p", r.PValue, 0.1, assert.Tolerance{ULP: 4})
	// n1 != n2 by hand: x = {1, 2}, y = {3, 4, 5}: D = 1; the paths reaching
	// |i/2 - j/3| >= 1 are the two that end a sample first: 2/binom(5, 2) = 0.2.
	r, err = stats.KSTwoSample([]float64{1, 2}, []float64{3, 4, 5})
	if err != nil {
		t.Fatal(err)
	}
	assert.EqualFloat(t, "p", r.PValue, 0.2, assert.Tolerance{ULP: 4})
}
