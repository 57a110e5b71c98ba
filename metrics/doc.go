// Package metrics computes evaluation metrics for machine-learning models:
// binary and multiclass classification, regression, ranking (trec_eval
// compatible) and recommendation beyond accuracy.
//
// Every metric comes in two shapes. A function over slices, in the shape of
// gonum's stat package, for data already in memory:
//
//	auc, err := metrics.ROCAUC(labels, scores, weights) // nil weights: all ones
//
// and an accumulator, for data that arrives in pieces: rows are added one at a
// time, accumulators built over disjoint parts of the data merge into the
// accumulator of the whole, and Result reports the value. Merging any split of
// the rows gives the same result as adding them all to one accumulator, which
// is what lets evaluation run per slice, per shard and on many cores.
//
// Conventions follow the reference each family is checked against:
// scikit-learn 1.2+ for classification and regression, trec_eval 10 for
// ranking, Microsoft Recommenders for beyond-accuracy measures. Each doc comment
// states the formula and what the metric does with ties, empty input, a single
// class and queries without relevant documents.
//
// Errors: a length mismatch between parallel slices is a programming error and
// panics with a "metrics:" prefix. Bad data (a NaN score, a negative weight)
// is a returned error. A metric that has no value on the data (ROC AUC with a
// single class) returns an *UndefinedError, never a silent 0.
package metrics
