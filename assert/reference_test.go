package assert

import (
	"encoding/json"
	"os"
	"testing"
)

// reference holds the values assert/testdata/gen.py computed with scipy and
// numpy. Regenerate with:
//
//	/usr/bin/python3 assert/testdata/gen.py > assert/testdata/reference.json
type reference struct {
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

func loadReference(t *testing.T) reference {
	t.Helper()
	b, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var r reference
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

var tol1e9 = Tolerance{Abs: 1e-9, Rel: 1e-9}

func TestKSTwoSampleMatchesScipy(t *testing.T) {
	ref := loadReference(t)
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
		r, err := KSTwoSample(x, y)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		EqualFloat(t, c.Name+": D", r.D, c.D, tol1e9)
		wantExact := max(len(x), len(y)) <= 10000
		if r.Exact != wantExact {
			t.Errorf("%s: Exact = %v, want %v", c.Name, r.Exact, wantExact)
		}
		if wantExact {
			// scipy's exact value, or 1 where scipy fell back because its
			// recurrence left [0, 1] (n1 = n2 = 5, D = 1/5: p = 1 exactly).
			EqualFloat(t, c.Name+": p", r.PValue, c.P, tol1e9)
			if len(x) == len(y) && c.ScipyExact { // the series keeps relative accuracy
				EqualFloat(t, c.Name+": p (relative)", r.PValue, c.P, Tolerance{Rel: 1e-9})
			}
		} else {
			EqualFloat(t, c.Name+": p", r.PValue, c.PAsympKstwobign, tol1e9)
		}
	}
}

func TestKolmogorovSurvivalMatchesScipy(t *testing.T) {
	for _, c := range loadReference(t).Kstwobign {
		EqualFloat(t, "kstwobign.sf", KolmogorovSurvival(c.Z), c.SF, Tolerance{Abs: 1e-12, Rel: 1e-9})
	}
}

func TestKendallTauBMatchesScipy(t *testing.T) {
	for i, c := range loadReference(t).Kendall {
		got, err := KendallTauB(c.X, c.Y)
		if err != nil {
			t.Fatal(err)
		}
		EqualFloat(t, "tau-b case "+string(rune('0'+i)), got, c.Tau, tol1e9)
	}
}

func TestPSIMatchesNumpy(t *testing.T) {
	for i, c := range loadReference(t).PSI {
		r, err := PSI(c.Actual, c.Expected, c.Bins)
		if err != nil {
			t.Fatal(err)
		}
		EqualFloat(t, "PSI case "+string(rune('0'+i)), r.PSI, c.PSI, tol1e9)
	}
}
