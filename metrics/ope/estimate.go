package ope

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/stats"
)

// The estimators Estimate and EstimateSlates know, by the names the CLI and
// the suite use.
var (
	BanditEstimators = []string{"ips", "snips", "dm", "dr"}
	SlateEstimators  = []string{"iips", "pi"}
)

// Bandit is a log of contextual-bandit events joined with the target
// policy and, optionally, a reward model: entry i of every slice is event i.
type Bandit struct {
	Reward []float64
	// Propensity is the logging policy's probability of the logged action.
	Propensity []float64
	// Target is the target policy's probability of the logged action.
	Target []float64
	// QLogged is the reward model's prediction for the logged action and
	// QTarget its expectation under the target policy, sum_a π(a|x) q(x, a).
	// Both nil without a reward model; DM and DR need them.
	QLogged, QTarget []float64
}

// Slates is a log of slates joined with the target policy: slate i has one
// entry per position in each of its slices.
type Slates struct {
	// Reward is the reward observed at each position.
	Reward [][]float64
	// Propensity is the logging policy's marginal probability of the logged
	// item at its position; Target the target policy's.
	Propensity, Target [][]float64
}

// Options configures Estimate and EstimateSlates. The zero value computes
// the default estimators with 95% intervals from 1000 resamples, seed 0,
// no clipping.
type Options struct {
	// Estimators names the estimators to compute, in the order to report
	// them. nil means ips and snips, plus dm and dr when there is a reward
	// model; for slates, iips and pi.
	Estimators []string
	// Clip caps the importance weights of IPS, DR and IIPS at this value
	// (obp's lambda_); 0 means no clipping. SNIPS, DM and PI are not
	// clipped: SNIPS is bounded by the largest reward already, and PI's
	// weights enter as a sum whose cap has no such meaning.
	Clip float64
	// Level, Resamples and Seed configure the percentile bootstrap over
	// events (slates) of every estimate's interval; 0 means 0.95 and 1000.
	Level     float64
	Resamples int
	Seed      uint64
}

// PolicyValue is one estimator's estimate of the target policy's value,
// with its bootstrap interval (NaN ends when undefined).
type PolicyValue struct {
	Value float64
	CI    [2]float64
}

// Result is an off-policy evaluation.
type Result struct {
	// N is the number of events (slates).
	N int
	// Estimators lists the estimators computed, in order; Values holds each
	// one's estimate (NaN when undefined on the data, with a warning).
	Estimators []string
	Values     map[string]PolicyValue
	// ESS and MaxWeight describe the unclipped importance weights (for
	// slates, the per-position weights): how many events the weighting
	// estimators effectively rest on, and the largest single weight.
	ESS, MaxWeight float64
	// Weights are the unclipped importance weights, event by event (slates:
	// position by position, slate after slate), for plots.
	Weights []float64
	Clip    float64
	Level   float64
	// Warnings say why a value is undefined or unreliable.
	Warnings []string
}

// An ESS below MinESS, or below MinESSFraction of the events, is reported
// as a warning: the weighting estimators then rest on a handful of events,
// and their intervals (a bootstrap cannot see the events that were not
// logged) are too narrow.
const (
	MinESS         = 10
	MinESSFraction = 0.01
)

// Estimate runs the off-policy estimators on a bandit log. Propensities must
// be in (0, 1], target probabilities in [0, 1], rewards and reward-model
// values finite; the first bad value is an error naming its event. An
// unknown estimator name, dm or dr without a reward model, and no events
// are errors. Slices of different lengths panic.
func Estimate(b Bandit, opt Options) (Result, error) {
	n := len(b.Reward)
	checkLen(n, len(b.Propensity))
	checkLen(n, len(b.Target))
	hasQ := b.QLogged != nil || b.QTarget != nil
	if hasQ {
		checkLen(n, len(b.QLogged))
		checkLen(n, len(b.QTarget))
	}
	if n == 0 {
		return Result{}, errors.New("ope: no events")
	}
	w, err := ImportanceWeights(b.Target, b.Propensity)
	if err != nil {
		return Result{}, err
	}
	for name, xs := range map[string][]float64{"reward": b.Reward, "reward model (logged action)": b.QLogged, "reward model (target policy)": b.QTarget} {
		if i := firstNonFinite(xs); i >= 0 {
			return Result{}, fmt.Errorf("ope: event %d: %s %v is not a finite number", i, name, xs[i])
		}
	}
	names := opt.Estimators
	if names == nil {
		names = []string{"ips", "snips"}
		if hasQ {
			names = append(names, "dm", "dr")
		}
	}
	wc := Clip(w, opt.Clip)
	stat := map[string]func(mult []float64) float64{
		"ips":   func(m []float64) float64 { return ips(b.Reward, wc, m) },
		"snips": func(m []float64) float64 { return snips(b.Reward, w, m) },
		"dm":    func(m []float64) float64 { return dm(b.QTarget, m) },
		"dr":    func(m []float64) float64 { return dr(b.Reward, wc, b.QLogged, b.QTarget, m) },
	}
	for _, name := range names {
		if !slices.Contains(BanditEstimators, name) {
			return Result{}, fmt.Errorf("ope: unknown estimator %q for bandit logs, want one of %v", name, BanditEstimators)
		}
		if (name == "dm" || name == "dr") && !hasQ {
			return Result{}, fmt.Errorf("ope: estimator %s needs a reward model", name)
		}
	}
	return run(n, w, names, stat, opt), nil
}

// EstimateSlates runs the slate estimators (iips, pi) on a slate log, with
// the checks of Estimate applied position by position; a slate with no
// position is an error naming it. Slices of different lengths panic.
func EstimateSlates(s Slates, opt Options) (Result, error) {
	n := len(s.Reward)
	checkLen(n, len(s.Propensity))
	checkLen(n, len(s.Target))
	if n == 0 {
		return Result{}, errors.New("ope: no slates")
	}
	w := make([][]float64, n)
	var flat []float64
	for i := range s.Reward {
		checkLen(len(s.Reward[i]), len(s.Propensity[i]))
		checkLen(len(s.Reward[i]), len(s.Target[i]))
		if len(s.Reward[i]) == 0 {
			return Result{}, fmt.Errorf("ope: slate %d has no position", i)
		}
		wi, err := ImportanceWeights(s.Target[i], s.Propensity[i])
		if err != nil {
			return Result{}, fmt.Errorf("ope: slate %d: %w", i, err)
		}
		if j := firstNonFinite(s.Reward[i]); j >= 0 {
			return Result{}, fmt.Errorf("ope: slate %d: reward at position %d %v is not a finite number", i, j, s.Reward[i][j])
		}
		w[i] = wi
		flat = append(flat, wi...)
	}
	names := opt.Estimators
	if names == nil {
		names = SlateEstimators
	}
	wc := w
	if opt.Clip > 0 {
		wc = make([][]float64, n)
		for i := range w {
			wc[i] = Clip(w[i], opt.Clip)
		}
	}
	stat := map[string]func(mult []float64) float64{
		"iips": func(m []float64) float64 { return iips(s.Reward, wc, m) },
		"pi":   func(m []float64) float64 { return pseudoInverse(s.Reward, w, m) },
	}
	for _, name := range names {
		if !slices.Contains(SlateEstimators, name) {
			return Result{}, fmt.Errorf("ope: unknown estimator %q for slate logs, want one of %v", name, SlateEstimators)
		}
	}
	return run(n, flat, names, stat, opt), nil
}

// run computes each estimator with its interval and the weight
// diagnostics.
func run(n int, w []float64, names []string, stat map[string]func([]float64) float64, opt Options) Result {
	if opt.Level == 0 {
		opt.Level = 0.95
	}
	r := Result{
		N: n, Estimators: names, Values: map[string]PolicyValue{},
		ESS: ESS(w), MaxWeight: MaxWeight(w), Weights: w, Clip: opt.Clip, Level: opt.Level,
	}
	nan := [2]float64{math.NaN(), math.NaN()}
	for _, name := range names {
		f := stat[name]
		v := f(nil)
		if math.IsNaN(v) {
			r.Values[name] = PolicyValue{Value: v, CI: nan}
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s is undefined: the importance weights sum to 0 (the target policy never takes a logged action)", name))
			continue
		}
		iv, err := stats.Bootstrap(n, func(mult []float64) (float64, error) {
			x := f(mult)
			if math.IsNaN(x) {
				return x, &metrics.UndefinedError{Metric: name, Reason: "the importance weights of the resample sum to 0"}
			}
			return x, nil
		}, stats.BootstrapOptions{Level: opt.Level, Resamples: opt.Resamples, Seed: opt.Seed})
		ci := [2]float64{iv.Lo, iv.Hi}
		if err != nil {
			ci = nan
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s: no interval: %v", name, err))
		}
		r.Values[name] = PolicyValue{Value: v, CI: ci}
	}
	if r.ESS < MinESS || r.ESS < MinESSFraction*float64(n) {
		r.Warnings = append(r.Warnings, fmt.Sprintf("effective sample size %.4g of %d events (largest weight %.4g): the weighting estimators rest on few events and their intervals are too narrow", r.ESS, n, r.MaxWeight))
	}
	return r
}

// firstNonFinite returns the index of the first NaN or infinite value, -1
// when there is none.
func firstNonFinite(xs []float64) int {
	for i, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return i
		}
	}
	return -1
}
