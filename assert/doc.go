// Package assert holds the checks an ML test makes that plain equality
// cannot: floats equal within a tolerance, a metric above a threshold, two
// rankings that agree, two samples drawn from the same distribution.
//
// Every check returns a value and leaves failing to the caller, in the shape
// of go-cmp and testing/fstest: CheckXxx returns an error (nil when the check
// passes) and XxxDiff returns a diff string ("" when equal). Thin wrappers
// take a testing.TB, call t.Helper first and report through t.Errorf, so a
// test continues and reports every failed check:
//
//	assert.MetricAtLeast(t, "NDCG@10", ndcg, 0.45)
//	// NDCG@10 = 0.412, want >= 0.450
//
// Arguments come got before want. Diffs are written (-want +got), like
// cmp.Diff(want, got). Messages name the quantity, its value and the bound it
// missed; distributional checks add the test statistic, its p-value and an
// effect size, because a p-value alone does not say how large a shift is.
// The statistics behind them (stats.KSTwoSample, stats.PSI,
// stats.KendallTauB) live in package metrics/stats.
//
// Conventions shared by every check: NaN never passes a threshold and equals
// NaN only under a Tolerance with EquateNaN set; slices of different lengths
// given to a function that pairs them element by element are a programming
// error and panic with an "assert:" prefix; empty samples and NaN in data are
// returned errors.
package assert
