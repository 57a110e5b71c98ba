package skew

import (
	"math"
	"testing"
)

func TestStatsByName(t *testing.T) {
	num := FeatureSkew{Kind: Numeric, PSI: 0.1, JSDistance: 0.2, KS: nil, Wasserstein: 3, WassersteinNorm: math.Inf(1), SMD: -0.5,
		MissingRateRef: 0.1, MissingRateCur: 0.05, LInf: math.NaN()}
	got := num.Stats()
	want := map[string]float64{"psi": 0.1, "js_distance": 0.2, "wasserstein": 3, "smd": -0.5, "missing_rate_diff": 0.05}
	if len(got) != len(want) {
		t.Fatalf("Stats() = %v, want %v (no ks without KS, no infinite wasserstein_norm, no linf for a number)", got, want)
	}
	for k, v := range want {
		if math.Abs(got[k]-v) > 1e-15 {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	cat := FeatureSkew{Kind: Categorical, PSI: 1, JSDistance: 0.5, LInf: 0.25, SMD: 7}
	if got := cat.Stats(); got["linf"] != 0.25 || len(got) != 4 {
		t.Errorf("categorical Stats() = %v", got)
	}
}
