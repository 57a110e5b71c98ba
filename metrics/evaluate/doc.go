// Package evaluate runs a set of metrics over predictions, overall and per
// slice of the population, with confidence intervals: the engine behind
// `mltest eval`, for Go programs that hold their predictions in memory or
// stream them.
//
// An Evaluator takes rows one at a time (Add), each with the values of the
// slicing columns; it keeps one accumulator per metric for the whole data and
// for each slice. Evaluators built over disjoint shards of the rows Merge into
// the evaluator of the whole, so a file can be read on every core and the
// result does not depend on how many there are, provided shards are merged in
// a fixed order.
//
// With intervals asked for, the rows of each group are kept and resampled:
// DeLong's interval for an unweighted, unclustered, exact ROC AUC; otherwise
// a percentile bootstrap, by clusters when rows carry one (a user, a session),
// reproducible for a seed. A slice with fewer rows than MinSliceN is reported
// but marked not gated: a CI gate should not fail on a handful of rows.
package evaluate
