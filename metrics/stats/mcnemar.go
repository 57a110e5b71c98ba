package stats

import (
	"errors"
	"math"
)

// McNemarResult is McNemar's test of two classifiers on the same rows.
type McNemarResult struct {
	N         int     // rows
	Both      int     // rows both classify correctly
	B         int     // discordant: baseline correct, candidate wrong
	C         int     // discordant: baseline wrong, candidate correct
	Baseline  float64 // baseline accuracy (Both+B)/N
	Candidate float64 // candidate accuracy (Both+C)/N
	Exact     bool    // whether the exact binomial test was used
	Statistic float64 // min(B, C) for the exact test, the corrected chi-square otherwise
	P         float64 // two-sided p-value of equal accuracies
}

// McNemarExactBelow is the number of discordant pairs below which McNemar
// uses the exact binomial test instead of the chi-square approximation.
const McNemarExactBelow = 25

// McNemar tests whether two classifiers evaluated on the same rows have the
// same accuracy (McNemar 1947, Psychometrika 12:153-157), from the
// discordant pairs only: B rows the baseline gets right and the candidate
// wrong, C the reverse. Under the null hypothesis each discordant row is
// equally likely to go either way.
//
//   - B + C < 25 (McNemarExactBelow): the exact binomial test,
//     P = min(1, 2 * BinomCDF(min(B, C); B + C, ½)), as statsmodels'
//     mcnemar(table, exact=True); Statistic = min(B, C).
//   - otherwise: the chi-square test with Edwards' continuity correction,
//     Statistic = (|B - C| - 1)^2 / (B + C), P = P(chi2_1 >= Statistic), as
//     statsmodels' mcnemar(table, exact=False, correction=True). Like
//     statsmodels, the formula is used as is when B = C (Statistic = 1/(B+C)).
//
// The 25 cut-off is the common rule of thumb for where the chi-square
// approximation becomes adequate (Wikipedia, "McNemar's test": with b + c <
// 25 use the exact binomial test); statsmodels leaves the choice to the
// caller. With no discordant pair P is 1. Empty input is an error; slices of
// different lengths panic.
func McNemar(baselineCorrect, candidateCorrect []bool) (McNemarResult, error) {
	if len(baselineCorrect) != len(candidateCorrect) {
		panic("metrics/stats: slice length mismatch")
	}
	r := McNemarResult{N: len(baselineCorrect)}
	if r.N == 0 {
		return r, errors.New("metrics/stats: mcnemar: no rows")
	}
	for i, bc := range baselineCorrect {
		cc := candidateCorrect[i]
		switch {
		case bc && cc:
			r.Both++
		case bc:
			r.B++
		case cc:
			r.C++
		}
	}
	r.Baseline = float64(r.Both+r.B) / float64(r.N)
	r.Candidate = float64(r.Both+r.C) / float64(r.N)
	d := r.B + r.C
	if d < McNemarExactBelow {
		r.Exact = true
		k := min(r.B, r.C)
		r.Statistic = float64(k)
		r.P = math.Min(1, 2*binomialHalfCDF(k, d))
		return r, nil
	}
	a := math.Abs(float64(r.B-r.C)) - 1
	r.Statistic = a * a / float64(d)
	r.P = math.Erfc(math.Sqrt(r.Statistic / 2)) // chi-square, 1 df: P(Z^2 >= x)
	return r, nil
}

// binomialHalfCDF returns P(X <= k) for X ~ Binomial(n, ½), summing the
// binomial coefficients exactly (n < 25 keeps them below 2^53).
func binomialHalfCDF(k, n int) float64 {
	var sum, c float64 = 0, 1 // c = C(n, i)
	for i := 0; i <= k; i++ {
		sum += c
		c = c * float64(n-i) / float64(i+1)
	}
	return sum / math.Exp2(float64(n))
}

// Comparison returns the test as a Comparison of accuracies: Diff =
// Candidate - Baseline = (C - B)/N, P from the test, and the Wald interval of
// a difference of paired proportions (Agresti 2002, Categorical Data
// Analysis, §10.1.1)
//
//	Diff -/+ z_{(1+level)/2} sqrt((B + C) - (C - B)^2/N) / N
//
// clipped to [-1, 1]. Method is "mcnemar exact" or "mcnemar chi2". A level
// outside (0, 1) panics.
func (r McNemarResult) Comparison(level float64) Comparison {
	checkLevel(level)
	n := float64(r.N)
	diff := r.Candidate - r.Baseline
	dc := float64(r.C - r.B)
	se := math.Sqrt(math.Max(0, float64(r.B+r.C)-dc*dc/n)) / n
	method := "mcnemar chi2"
	if r.Exact {
		method = "mcnemar exact"
	}
	return Comparison{
		Baseline:  r.Baseline,
		Candidate: r.Candidate,
		Diff:      diff,
		Interval:  waldInterval(diff, se, level, -1, 1),
		P:         r.P,
		Method:    method,
	}
}
