package stats

import (
	"math"
	"testing"
)

// TestMcNemarAgrestiApproval is the worked example of Agresti (2007), An
// Introduction to Categorical Data Analysis, 2nd ed., §8.1, Table 8.1:
// presidential approval of 1600 people in two surveys a month apart,
// approve-approve 794, approve-disapprove 150, disapprove-approve 86,
// disapprove-disapprove 570. Agresti gives z = (86 - 150)/sqrt(86 + 150) =
// -4.17 (z^2 = 17.36, without continuity correction), the difference of
// proportions 0.5375 - 0.5775 = -0.04 with standard error 0.0095 and 95%
// interval (-0.06, -0.02).
//
// B + C = 236 >= 25, so McNemar uses the corrected chi-square:
// (|150 - 86| - 1)^2 / 236 = 63^2/236 = 3969/236 = 16.817796...
func TestMcNemarAgrestiApproval(t *testing.T) {
	base, cand := mcnemarRows(794, 150, 86, 570) // "baseline" = first survey
	r, err := McNemar(base, cand)
	if err != nil {
		t.Fatal(err)
	}
	if r.B != 150 || r.C != 86 || r.N != 1600 || r.Exact {
		t.Fatalf("counts %+v", r)
	}
	z := float64(r.C-r.B) / math.Sqrt(float64(r.B+r.C))
	if math.Round(z*100)/100 != -4.17 || math.Round(z*z*100)/100 != 17.36 {
		t.Errorf("uncorrected z = %.4f (z^2 %.4f), Agresti: -4.17 (17.36)", z, z*z)
	}
	if math.Abs(r.Statistic-3969.0/236) > 1e-12 {
		t.Errorf("Statistic = %.15g, want 3969/236", r.Statistic)
	}
	if want := math.Erfc(math.Sqrt(3969.0 / 236 / 2)); r.P != want || r.P > 1e-4 {
		t.Errorf("P = %g, want %g (< 1e-4)", r.P, want)
	}
	c := r.Comparison(0.95)
	se := (c.Interval.Hi - c.Interval.Lo) / 2 / 1.959963984540054
	if math.Abs(c.Diff+0.04) > 1e-15 || math.Round(se*10000)/10000 != 0.0095 ||
		math.Round(c.Interval.Lo*100)/100 != -0.06 || math.Round(c.Interval.Hi*100)/100 != -0.02 {
		t.Errorf("Comparison = %+v (se %.5f), Agresti: diff -0.04, se 0.0095, CI (-0.06, -0.02)", c, se)
	}
	if c.Method != "mcnemar chi2" || c.Baseline != 944.0/1600 || c.Candidate != 880.0/1600 {
		t.Errorf("Comparison = %+v", c)
	}
}

// TestMcNemarExactHand: B = 1, C = 6, seven discordant pairs (< 25, exact):
// P = 2 P(X <= 1), X ~ Bin(7, ½) = 2 (C(7,0) + C(7,1)) / 2^7 = 2 * 8/128 = 0.125.
func TestMcNemarExactHand(t *testing.T) {
	base, cand := mcnemarRows(10, 1, 6, 3)
	r, err := McNemar(base, cand)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Exact || r.Statistic != 1 || r.P != 0.125 {
		t.Errorf("McNemar = %+v, want exact, statistic 1, P 0.125", r)
	}
	if c := r.Comparison(0.95); c.Method != "mcnemar exact" || c.Diff != 5.0/20 {
		t.Errorf("Comparison = %+v, want mcnemar exact, Diff 0.25", c)
	}
}

// TestMcNemarCutoff: 24 discordant pairs use the exact test, 25 the
// chi-square.
func TestMcNemarCutoff(t *testing.T) {
	for _, tc := range []struct {
		b, c  int
		exact bool
	}{{24, 0, true}, {12, 12, true}, {13, 12, false}, {25, 0, false}, {0, 0, true}} {
		base, cand := mcnemarRows(5, tc.b, tc.c, 5)
		r, err := McNemar(base, cand)
		if err != nil {
			t.Fatal(err)
		}
		if r.Exact != tc.exact {
			t.Errorf("B=%d C=%d: Exact = %v, want %v", tc.b, tc.c, r.Exact, tc.exact)
		}
		if tc.b == tc.c && tc.b == 0 && r.P != 1 {
			t.Errorf("no discordant pairs: P = %v, want 1", r.P)
		}
	}
	if _, err := McNemar(nil, nil); err == nil {
		t.Error("empty input: want an error")
	}
	mustPanic(t, "length mismatch", func() { McNemar([]bool{true}, nil) })
}
