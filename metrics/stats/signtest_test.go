package stats

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

// signReference is testdata/sign.json, written by testdata/gen_sign.py
// from scipy.stats.binomtest and scipy.special.betaln. Regenerate with
//
//	cd metrics/stats/testdata && /usr/bin/python3 gen_sign.py
type signReference struct {
	SignTest []struct {
		Wins, Losses int
		P            float64
	} `json:"sign_test"`
	MSPRT []struct {
		SD    float64
		Wins  []bool
		LogLR []float64 `json:"log_lr"`
		P     []float64
	} `json:"msprt"`
}

func loadSignReference(t *testing.T) signReference {
	t.Helper()
	data, err := os.ReadFile("testdata/sign.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref signReference
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.SignTest) == 0 || len(ref.MSPRT) == 0 {
		t.Fatal("sign.json is missing a section")
	}
	return ref
}

func TestSignTestMatchesScipy(t *testing.T) {
	for _, c := range loadSignReference(t).SignTest {
		got := SignTest(c.Wins, c.Losses)
		// Relative 1e-8 down to the far tail (p ~ 1e-600 underflows to 0 in
		// both).
		if d := math.Abs(got - c.P); d > 1e-8*c.P && d > 1e-300 {
			t.Errorf("SignTest(%d, %d) = %.17g, want %.17g (scipy binomtest)", c.Wins, c.Losses, got, c.P)
		}
	}
}

func TestSignTestLaws(t *testing.T) {
	for _, c := range [][2]int{{0, 0}, {3, 9}, {40, 41}, {1000, 1100}} {
		p, q := SignTest(c[0], c[1]), SignTest(c[1], c[0])
		if p != q {
			t.Errorf("SignTest(%d, %d) = %v but swapped %v: the test is two-sided", c[0], c[1], p, q)
		}
		if !(p > 0 && p <= 1) {
			t.Errorf("SignTest(%d, %d) = %v outside (0, 1]", c[0], c[1], p)
		}
		if more := SignTest(c[0], c[1]+10); c[1] >= c[0] && more > p {
			t.Errorf("SignTest(%d, %d) = %v > SignTest(%d, %d) = %v: more losses must not weaken the evidence",
				c[0], c[1]+10, more, c[0], c[1], p)
		}
	}
}

func TestSignMSPRTMatchesBetaMixture(t *testing.T) {
	for i, c := range loadSignReference(t).MSPRT {
		m := NewSignMSPRT(c.SD)
		for j, w := range c.Wins {
			m.Add(w)
			if got := m.LogLikelihoodRatio(); math.Abs(got-c.LogLR[j]) > 1e-9*math.Max(1, math.Abs(c.LogLR[j])) {
				t.Fatalf("case %d (sd %v) after %d trials: log LR = %.17g, want %.17g", i, c.SD, j+1, got, c.LogLR[j])
			}
			if got := m.P(); math.Abs(got-c.P[j]) > 1e-9*c.P[j] {
				t.Fatalf("case %d (sd %v) after %d trials: p = %.17g, want %.17g", i, c.SD, j+1, got, c.P[j])
			}
		}
	}
}

// TestSignMSPRTAlwaysValid is the property the test exists for: under H0,
// looking after every trial and stopping at the first p < alpha rejects in
// at most alpha of experiments, where the fixed-n sign test looked at the
// same way rejects far more often.
func TestSignMSPRTAlwaysValid(t *testing.T) {
	const (
		experiments = 2000
		trials      = 1000
		alpha       = 0.05
	)
	rng := rand.New(rand.NewPCG(7, 11))
	var seqRejects, naiveRejects int
	for range experiments {
		m := NewSignMSPRT(0)
		naive := false
		for k := 1; k <= trials; k++ {
			m.Add(rng.IntN(2) == 0)
			if k%50 == 0 && !naive {
				w, l := m.Counts()
				naive = SignTest(w, l) < alpha
			}
		}
		if m.P() < alpha {
			seqRejects++
		}
		if naive {
			naiveRejects++
		}
	}
	seq, naive := float64(seqRejects)/experiments, float64(naiveRejects)/experiments
	// Binomial standard error at 0.05 over 2000 runs is 0.0049.
	if seq > alpha+3*0.0049 {
		t.Errorf("mSPRT rejected H0 in %.3f of %d null experiments peeked after every trial, want <= %v", seq, experiments, alpha)
	}
	if naive < 2*alpha {
		t.Errorf("the fixed-n sign test peeked 20 times rejected in only %.3f: the simulation cannot show what peeking does", naive)
	}
	t.Logf("false-positive rate with peeking: mSPRT %.4f, fixed-n sign test %.4f (alpha %v)", seq, naive, alpha)
}

func TestSignMSPRTDetectsAnEffect(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	m := NewSignMSPRT(0)
	for range 4000 {
		m.Add(rng.Float64() < 0.56)
	}
	if p := m.P(); p >= 0.01 {
		t.Errorf("after 4000 trials at win rate 0.56 the always-valid p = %v, want < 0.01", p)
	}
}

func TestSignMSPRTPanicsOnBadPrior(t *testing.T) {
	for _, sd := range []float64{-1, 0.5, 2, math.NaN()} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewSignMSPRT(%v) did not panic", sd)
				}
			}()
			NewSignMSPRT(sd)
		}()
	}
}
