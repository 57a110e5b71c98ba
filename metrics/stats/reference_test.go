package stats

import (
	"encoding/json"
	"math"
	"os"
	"testing"
)

// reference is testdata/reference.json, written by testdata/gen.py from
// numpy (DeLong, Sun & Xu's algorithm), scipy (ttest_rel) and statsmodels
// (mcnemar, multipletests fdr_bh). Regenerate with
//
//	cd metrics/stats/testdata && /usr/bin/python3 gen.py
type reference struct {
	Versions map[string]string
	DeLong   []struct {
		Name                string
		Labels              []int
		Baseline, Candidate []float64
		AUCBaseline         float64    `json:"auc_baseline"`
		VarBaseline         float64    `json:"var_baseline"`
		AUCCandidate        float64    `json:"auc_candidate"`
		VarCandidate        float64    `json:"var_candidate"`
		CI95Baseline        [2]float64 `json:"ci95_baseline"`
		CI90Candidate       [2]float64 `json:"ci90_candidate"`
		Diff, VarDiff, P    float64
		CI95Diff            [2]float64 `json:"ci95_diff"`
	} `json:"delong"`
	McNemar []struct {
		Both, B, C, Neither int
		Exact               bool
		Statistic, P        float64
	} `json:"mcnemar"`
	TTest []struct {
		Baseline, Candidate []float64
		Statistic, P, Diff  float64
		CI95, CI99          [2]float64
	} `json:"ttest_rel"`
	BH []struct {
		P, Adjusted []float64
	} `json:"bh"`
}

func loadReference(t *testing.T) reference {
	t.Helper()
	data, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.DeLong) == 0 || len(ref.McNemar) == 0 || len(ref.TTest) == 0 || len(ref.BH) == 0 {
		t.Fatal("reference.json is missing a section")
	}
	return ref
}

// close9 reports whether got is within 1e-9 of want, absolutely or relatively.
func close9(got, want float64) bool {
	d := math.Abs(got - want)
	return d <= 1e-9 || d <= 1e-9*math.Abs(want)
}

func checkClose(t *testing.T, what string, got, want float64) {
	t.Helper()
	if !close9(got, want) {
		t.Errorf("%s = %.17g, want %.17g (reference; diff %.3g)", what, got, want, got-want)
	}
}

func boolLabels(x []int) []bool {
	out := make([]bool, len(x))
	for i, v := range x {
		out[i] = v == 1
	}
	return out
}

func TestDeLongMatchesNumpyReference(t *testing.T) {
	ref := loadReference(t)
	for _, c := range ref.DeLong {
		t.Run(c.Name, func(t *testing.T) {
			labels := boolLabels(c.Labels)
			auc, v, err := DeLong(labels, c.Baseline)
			if err != nil {
				t.Fatal(err)
			}
			checkClose(t, "AUC(baseline)", auc, c.AUCBaseline)
			checkClose(t, "Var(baseline)", v, c.VarBaseline)
			auc, v, err = DeLong(labels, c.Candidate)
			if err != nil {
				t.Fatal(err)
			}
			checkClose(t, "AUC(candidate)", auc, c.AUCCandidate)
			checkClose(t, "Var(candidate)", v, c.VarCandidate)

			iv, err := DeLongInterval(labels, c.Baseline, 0.95)
			if err != nil {
				t.Fatal(err)
			}
			checkClose(t, "DeLongInterval(baseline, 0.95).Lo", iv.Lo, c.CI95Baseline[0])
			checkClose(t, "DeLongInterval(baseline, 0.95).Hi", iv.Hi, c.CI95Baseline[1])
			iv, err = DeLongInterval(labels, c.Candidate, 0.90)
			if err != nil {
				t.Fatal(err)
			}
			checkClose(t, "DeLongInterval(candidate, 0.90).Lo", iv.Lo, c.CI90Candidate[0])
			checkClose(t, "DeLongInterval(candidate, 0.90).Hi", iv.Hi, c.CI90Candidate[1])

			cmp, err := DeLongTest(labels, c.Baseline, c.Candidate, 0.95)
			if err != nil {
				t.Fatal(err)
			}
			checkClose(t, "DeLongTest.Baseline", cmp.Baseline, c.AUCBaseline)
			checkClose(t, "DeLongTest.Candidate", cmp.Candidate, c.AUCCandidate)
			checkClose(t, "DeLongTest.Diff", cmp.Diff, c.Diff)
			checkClose(t, "DeLongTest.P", cmp.P, c.P)
			checkClose(t, "DeLongTest.Interval.Lo", cmp.Interval.Lo, c.CI95Diff[0])
			checkClose(t, "DeLongTest.Interval.Hi", cmp.Interval.Hi, c.CI95Diff[1])
		})
	}
}

func TestMcNemarMatchesStatsmodels(t *testing.T) {
	ref := loadReference(t)
	for _, c := range ref.McNemar {
		base, cand := mcnemarRows(c.Both, c.B, c.C, c.Neither)
		r, err := McNemar(base, cand)
		if err != nil {
			t.Fatal(err)
		}
		if r.B != c.B || r.C != c.C || r.Exact != c.Exact {
			t.Errorf("table %+v: got B=%d C=%d exact=%v", c, r.B, r.C, r.Exact)
		}
		checkClose(t, "McNemar statistic", r.Statistic, c.Statistic)
		checkClose(t, "McNemar P", r.P, c.P)
	}
}

// mcnemarRows builds paired correctness vectors with the given 2x2 counts.
func mcnemarRows(both, b, c, neither int) (base, cand []bool) {
	add := func(k int, x, y bool) {
		for range k {
			base = append(base, x)
			cand = append(cand, y)
		}
	}
	add(both, true, true)
	add(b, true, false)
	add(c, false, true)
	add(neither, false, false)
	return base, cand
}

func TestPairedTTestMatchesScipy(t *testing.T) {
	ref := loadReference(t)
	for _, c := range ref.TTest {
		for _, lv := range []struct {
			level float64
			ci    [2]float64
		}{{0.95, c.CI95}, {0.99, c.CI99}} {
			cmp, err := PairedTTest(c.Baseline, c.Candidate, lv.level)
			if err != nil {
				t.Fatal(err)
			}
			checkClose(t, "PairedTTest.Diff", cmp.Diff, c.Diff)
			checkClose(t, "PairedTTest.P", cmp.P, c.P)
			checkClose(t, "PairedTTest.Interval.Lo", cmp.Interval.Lo, lv.ci[0])
			checkClose(t, "PairedTTest.Interval.Hi", cmp.Interval.Hi, lv.ci[1])
		}
	}
}

func TestBenjaminiHochbergMatchesStatsmodels(t *testing.T) {
	ref := loadReference(t)
	for _, c := range ref.BH {
		got := BenjaminiHochberg(c.P)
		for i := range got {
			checkClose(t, "BenjaminiHochberg", got[i], c.Adjusted[i])
		}
	}
}
