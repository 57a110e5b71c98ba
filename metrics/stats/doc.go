// Package stats puts honest uncertainty on metrics: confidence intervals and
// paired tests that say whether a candidate model is really worse than a
// baseline, or only differs by the noise of a finite evaluation set, and
// the two-sample statistics that say whether two distributions agree.
//
// A merge gate that compares two point estimates flakes whenever its threshold
// sits inside the natural variance of the metric. The functions here give the
// interval around an estimate and the p-value of a paired difference, and
// Regressed turns a Comparison into a gate decision with a sentence that says
// why.
//
// What to use for what:
//
//   - Bootstrap and PairedBootstrap: any metric, weighted or not, written as a
//     function of per-row multiplicities (a row drawn k times gets weight
//     multiplier k). Clustered rows (queries, users, sessions) are resampled
//     as whole clusters. Seeded, parallel, and bit-for-bit reproducible
//     whatever the number of cores. ROCAUCStatistic is a ready statistic for
//     (weighted) ROC AUC that sorts once instead of once per resample.
//   - DeLong, DeLongInterval and DeLongTest: unweighted ROC AUC, its variance
//     and the test of two correlated AUCs on the same rows, in O(n) after a
//     radix sort of the scores.
//   - McNemar: paired accuracy of two classifiers on the same rows.
//   - RandomizationTest and PairedTTest: paired per-query values (ranking
//     measures such as nDCG@10 or AP per query).
//   - SignTest: paired wins and losses with ties left out (interleaving:
//     impressions won by ranker A against those won by B), exact binomial.
//   - SignMSPRT: the same question asked again and again as data arrive (a
//     running online experiment checked every day): an always-valid p-value
//     from a mixture sequential probability ratio test, whose false-positive
//     rate stays at alpha however often it is looked at.
//   - BenjaminiHochberg: adjust the p-values of many comparisons (metrics,
//     slices) for the false discovery rate.
//   - KSTwoSample (scipy's ks_2samp, exact p-values up to 10000 values a
//     side), PSI (quantile bins of the expected sample) and KendallTauB
//     (scipy's kendalltau): whether two samples, or two rankings, agree.
//     package assert's SameDistribution, PSIAtMost and KendallTauAtLeast
//     and package harness/skew's drift report are built on them.
//
// Conventions: a Comparison's Diff is candidate minus baseline; p-values are
// two-sided; intervals are two-sided at Level (0.95 means 2.5% in each tail).
// Slices of different lengths and levels outside (0, 1) are programming
// errors and panic with a "metrics/stats:" prefix; data on which a quantity
// has no value (one class, fewer than two clusters) is a returned error.
package stats
