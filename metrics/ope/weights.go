package ope

import (
	"fmt"
	"math"
)

// ImportanceWeights returns w_i = target_i / propensity_i, where target_i is
// the target policy's probability of the logged action and propensity_i the
// logging policy's. It checks the values first: a propensity must be in
// (0, 1] and a target probability in [0, 1], both finite; the first bad one
// is an error naming its index.
func ImportanceWeights(target, propensity []float64) ([]float64, error) {
	checkLen(len(target), len(propensity))
	w := make([]float64, len(target))
	for i, p := range propensity {
		if err := checkPropensity(p); err != nil {
			return nil, fmt.Errorf("ope: event %d: propensity %w", i, err)
		}
		if err := checkProbability(target[i]); err != nil {
			return nil, fmt.Errorf("ope: event %d: target probability %w", i, err)
		}
		w[i] = target[i] / p
	}
	return w, nil
}

// checkPropensity returns an error unless 0 < p <= 1: a logged action had
// a positive probability of being logged, or it would not be there.
func checkPropensity(p float64) error {
	if !(p > 0 && p <= 1) {
		return fmt.Errorf("%v outside (0, 1]", p)
	}
	return nil
}

func checkProbability(p float64) error {
	if !(p >= 0 && p <= 1) {
		return fmt.Errorf("%v outside [0, 1]", p)
	}
	return nil
}

// Clip returns the weights min(w_i, max), the clipped (truncated)
// importance weights of Ionides (2008) and obp's lambda_: bounded
// variance, bias toward the rewards of actions the target favours less. max
// <= 0 or +Inf returns w unchanged (no clipping).
func Clip(w []float64, max float64) []float64 {
	if max <= 0 || math.IsInf(max, 1) {
		return w
	}
	out := make([]float64, len(w))
	for i, v := range w {
		out[i] = math.Min(v, max)
	}
	return out
}

// ESS returns the effective sample size of importance weights,
// (sum w)^2 / sum w^2 (Kong 1992; Owen 2013, §9.3): n when all weights are
// equal, 1 when one weight carries everything. It is 0 when every weight
// is 0 (the target never takes a logged action) and for no weights.
func ESS(w []float64) float64 {
	var s, s2 float64
	for _, v := range w {
		s += v
		s2 += v * v
	}
	if s2 == 0 {
		return 0
	}
	return s * s / s2
}

// MaxWeight returns the largest weight, 0 for none.
func MaxWeight(w []float64) float64 {
	m := 0.0
	for _, v := range w {
		m = math.Max(m, v)
	}
	return m
}

func checkLen(a, b int) {
	if a != b {
		panic("ope: slice length mismatch")
	}
}
