// Package compare compares two models evaluated on the same rows (or the
// same queries) and decides whether the candidate regressed: per metric the
// difference candidate - baseline, its confidence interval and a two-sided
// p-value, overall and per slice, with a merge gate that fails only when a
// regression is both statistically significant and larger than an allowed
// delta.
//
// The test follows the metric:
//
//   - roc_auc, unweighted and unclustered: DeLong's test of two correlated
//     AUCs (stats.DeLongTest).
//   - accuracy (binary and multiclass), unweighted and unclustered: McNemar's
//     test on the discordant rows (stats.McNemar).
//   - every other metric, and the two above when rows are weighted or
//     clustered: the paired bootstrap (stats.PairedBootstrap), resampling
//     rows (or whole clusters) once for both models; each resample evaluates
//     the metric (as the metrics registry's accumulator defines it) with the
//     row weights multiplied by the bootstrap multiplicities.
//   - ranking measures: the paired approximate randomization test over
//     per-query values (stats.RandomizationTest, as ranx and Smucker et al.
//     2007), with a percentile bootstrap interval over queries.
//
// Slices (groups of rows sharing a key) are compared the same way; the
// p-values of one metric across the slices are adjusted with
// Benjamini-Hochberg, and slices smaller than a minimum support are reported
// but not gated. The gate (Options.MaxRegression) is stats.Regressed, which
// knows each metric's direction (HigherIsBetter).
//
// Every random choice is seeded by Options.Seed: the same inputs and seed
// give the same report bit for bit. A metric undefined on the data (ROC AUC
// of a slice with one class) is reported with its reason, never as 0.
// Mismatched slice lengths panic with a "compare:" prefix; bad data (a NaN
// score, a negative weight, a single cluster) is a returned error.
package compare
