package stats

import (
	"fmt"
	"math"
)

// DefaultSignMSPRTPriorSD is the standard deviation of the mixing
// distribution SignMSPRT uses when none is given: 0.05 on the win
// probability. Interleaving experiments of rankers worth shipping show win
// probabilities of about 0.5-0.6 (Chapelle et al. 2012, ACM TOIS 30(1),
// Table 4); a mixture of that width puts its mass where such effects are,
// and costs little power on larger ones (the evidence grows like
// exp(2 n (θ - ½)²) whatever the width, up to a factor 1/(2 sd sqrt n)).
const DefaultSignMSPRTPriorSD = 0.05

// SignMSPRT is the always-valid sign test: a mixture sequential probability
// ratio test (Robbins 1970, Ann. Math. Statist. 41(5); the "mSPRT" of
// Johari, Koomen, Pekelis & Walsh 2017, KDD, "Peeking at A/B tests") of
// H0: θ = ½ for a sequence of wins and losses (ties left out) that are
// independent Bernoulli(θ) trials, θ the probability of a win.
//
// After n trials with S wins and F = n - S losses the mixture likelihood
// ratio, with θ drawn from the conjugate Beta(a, a) centred on ½,
//
//	Λ_n = B(a + S, a + F) / B(a, a) · 2^n
//
// is a nonnegative martingale of mean 1 under H0, so by Ville's inequality
// P_H0(Λ_n >= 1/α for some n) <= α exactly, at every sample size: no
// normal approximation is involved. The always-valid p-value is
//
//	p_n = min(1, min_{m <= n} 1/Λ_m)
//
// and rejecting when p_n < α keeps the false-positive rate at or below α
// however often the experiment is looked at (every impression, every day)
// and whenever it is stopped. a is set from the prior's standard deviation
// sd, Var(θ) = 1/(4(2a + 1)) = sd², so a = (1/(4 sd²) - 1)/2.
//
// The order of the trials matters (p_n is a running minimum): feed them in
// the order they happened. The zero value is not usable; call
// NewSignMSPRT.
type SignMSPRT struct {
	a          float64 // Beta(a, a) mixing parameter
	logBetaAA  float64
	wins, loss int
	p          float64
}

// NewSignMSPRT returns the test with a Beta(a, a) mixture of standard
// deviation sd, 0 < sd < ½; sd = 0 means DefaultSignMSPRTPriorSD. Any
// other sd panics.
func NewSignMSPRT(sd float64) *SignMSPRT {
	if sd == 0 {
		sd = DefaultSignMSPRTPriorSD
	}
	if !(sd > 0 && sd < 0.5) {
		panic(fmt.Sprintf("metrics/stats: mSPRT prior standard deviation %v outside (0, 0.5)", sd))
	}
	a := (1/(4*sd*sd) - 1) / 2
	return &SignMSPRT{a: a, logBetaAA: logBeta(a, a), p: 1}
}

// Add records one untied trial: win is true when the first side won.
func (t *SignMSPRT) Add(win bool) {
	if win {
		t.wins++
	} else {
		t.loss++
	}
	if lam := t.LogLikelihoodRatio(); lam > 0 {
		t.p = math.Min(t.p, math.Exp(-lam))
	}
}

// LogLikelihoodRatio returns log Λ_n for the trials added so far (0 before
// the first).
func (t *SignMSPRT) LogLikelihoodRatio() float64 {
	n := t.wins + t.loss
	return logBeta(t.a+float64(t.wins), t.a+float64(t.loss)) - t.logBetaAA + float64(n)*math.Ln2
}

// P returns the always-valid p-value p_n after the trials added so far (1
// before the first).
func (t *SignMSPRT) P() float64 { return t.p }

// Counts returns the wins and losses added so far.
func (t *SignMSPRT) Counts() (wins, losses int) { return t.wins, t.loss }

// logBeta returns log B(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b) for
// a, b > 0.
func logBeta(a, b float64) float64 {
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	return la + lb - lab
}
