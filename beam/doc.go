// Package mltestbeam runs mltest's metrics on Apache Beam (the Go SDK,
// github.com/apache/beam/sdks/v2), for prediction logs too large for one
// machine: the same accumulators as the metrics package, combined per slice
// by a CombineFn, so a job moves from a laptop (the prism runner, in-process)
// to Dataflow, Flink or Spark without a second implementation of any metric.
//
// It is a separate Go module (github.com/mltest/mltest/beam) so that users of
// the core module never download Beam.
//
// The transforms:
//
//   - Evaluate: classification and regression metrics overall and per slice
//     (CombinePerKey over slice keys), with bootstrap intervals by Poisson(1)
//     resampling inside the combiner, as TFMA computes them;
//   - EvaluateRanking: trec_eval measures per query (qrels and run grouped by
//     query) and their summary, equal to `mltest rank`'s;
//   - ParityJoin: two prediction collections joined by id and compared with
//     `mltest parity`'s tolerance rule;
//   - ReadExamples, ReadQrels, ReadRun, ReadPredictions: the core's file
//     formats (CSV, JSONL, Parquet, gzip) with its FILE:LINE error messages.
//
// Results equal the single-machine ones: exactly for the kept-row and count
// metrics, and to floating-point rounding (relative 1e-12 in the tests) for
// sums, whose order of addition depends on how the runner bundles and merges;
// within the documented bound for the bounded-memory histogram AUC (see
// metrics.ScoreHistogram). The ranking summary sums queries in qid order, as
// `mltest rank` does, and is bit-identical to it.
//
// The package name is mltestbeam, not beam, so that it can be imported next
// to Apache Beam's beam package without renaming either.
package mltestbeam
