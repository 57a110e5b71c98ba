package report

import (
	"slices"
	"testing"
)

func TestNiceTicks(t *testing.T) {
	cases := []struct {
		lo, hi         float64
		n              int
		wantLo, wantHi float64
		labels         []string
	}{
		{0, 1, 5, 0, 1, []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
		{0.757, 0.913, 5, 0.75, 0.95, []string{"0.75", "0.80", "0.85", "0.90", "0.95"}},
		{-16, 0, 6, -16, 0, []string{"-16", "-14", "-12", "-10", "-8", "-6", "-4", "-2", "0"}},
		{-0.0199, 0.0314, 5, -0.02, 0.04, []string{"-0.02", "-0.01", "0.00", "0.01", "0.02", "0.03", "0.04"}},
		{3, 3, 5, 2.7, 3.3, []string{"2.7", "2.8", "2.9", "3.0", "3.1", "3.2", "3.3"}}, // widened by 10%
	}
	for _, c := range cases {
		lo, hi, ticks := niceTicks(c.lo, c.hi, c.n)
		var labels []string
		for _, v := range ticks {
			labels = append(labels, tickLabel(v, ticks))
		}
		if !close(lo, c.wantLo) || !close(hi, c.wantHi) || !slices.Equal(labels, c.labels) {
			t.Errorf("niceTicks(%v, %v, %d) = %v, %v, %v; want %v, %v, %v", c.lo, c.hi, c.n, lo, hi, labels, c.wantLo, c.wantHi, c.labels)
		}
	}
}

func close(a, b float64) bool { return a-b < 1e-12 && b-a < 1e-12 }

func TestThin(t *testing.T) {
	if got := thin(3, 400); !slices.Equal(got, []int{0, 1, 2}) {
		t.Errorf("thin(3, 400) = %v", got)
	}
	got := thin(100000, 400)
	if len(got) != 400 || got[0] != 0 || got[399] != 99999 {
		t.Fatalf("thin(100000, 400): %d indices from %d to %d, want 400 from 0 to 99999", len(got), got[0], got[len(got)-1])
	}
	for i := 1; i < len(got); i++ {
		if got[i] <= got[i-1] {
			t.Fatalf("thin: indices not increasing at %d: %v", i, got[i-1:i+1])
		}
	}
}

func TestXYThin(t *testing.T) {
	xy := XY{X: []float64{0, 0.1, 0.2, 0.3, 0.4, 1}, Y: []float64{0, 1, 2, 3, 4, 5}}
	if got := xy.Thin(10); len(got.X) != 6 {
		t.Errorf("Thin(10) of 6 points kept %d", len(got.X))
	}
	got := xy.Thin(3)
	if !slices.Equal(got.X, []float64{0, 0.3, 1}) || !slices.Equal(got.Y, []float64{0, 3, 5}) { // index round(2.5) = 3
		t.Errorf("Thin(3) = %v", got)
	}
	if got := xy.Thin(0); len(got.X) != 2 || got.X[1] != 1 {
		t.Errorf("Thin(0) = %v, want the two ends", got)
	}
}
