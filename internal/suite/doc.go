// Package suite reads the suite files of `mltest run` and runs their checks.
//
// A suite is a YAML file that names data sources (prediction tables, ranking
// judgments and runs) and a list of checks, each of one type: metric (a
// metric against absolute or baseline-relative thresholds, overall and per
// slice, optionally on its confidence interval), compare (a paired comparison
// of a candidate with a baseline model's predictions under the significance
// rule of metrics/compare), parity (offline predictions against a served
// endpoint), golden (a file against a golden file) and drift (feature
// distributions of two tables against thresholds on effect sizes). Every key
// is documented in docs/suite.md.
//
// Parsing is strict, because a misspelt threshold that is silently ignored is
// a gate that never fails: an unknown key, a value of the wrong type, a
// duplicate check name, an undefined ${VAR} or a missing file is an *Error
// naming the suite file, the line and the key's path
// ("suite.yaml:12: checks[3].threshold: unknown key "mn" (expected ...)").
//
// Run executes the checks, independent ones concurrently, and returns a
// report.Report; every check ends in exactly one status: pass, fail (its
// severity is fail), warn (it failed and its severity is warn, or a
// baseline-relative rule had no baseline) or error (it could not run).
package suite
