package suite

import (
	"context"
	"math"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/mltest/mltest/harness/parity"
	"github.com/mltest/mltest/internal/report"
	"github.com/mltest/mltest/metrics/ope"
)

// The schema of a suite file: the keys each part accepts, in the order
// messages name them, with how each value is read (parse_field.go). The
// parser rejects every other key; docs/suite.md documents each of these (a
// test checks it).

func suiteFields(s *Suite, data, checks **yaml.Node) []field {
	return []field{
		key("name", text(&s.Name)),
		key("description", text(&s.Description)),
		key("model_version", text(&s.ModelVersion)),
		key("vars", readElsewhere), // first: every other value may use them
		key("concurrency", integer(&s.Concurrency, 1)),
		key("data", node(data)),
		key("checks", node(checks)),
	}
}

func sourceFields(src *Source) []field {
	return []field{
		key("path", file(&src.Path)),
		key("format", choice(&src.Format, "csv", "jsonl", "parquet")),
		key("label", text(&src.Label)),
		key("score", list(&src.Scores)),
		key("classes", classNames(&src.Classes)),
		key("weight", text(&src.Weight)),
		key("id", text(&src.ID)),
		key("cluster", text(&src.Cluster)),
		key("slices", list(&src.Slices)),
		key("qrels", file(&src.Qrels)),
		key("run", file(&src.Run)),
		key("queries", file(&src.Queries)),
		key("query_id", text(&src.QueryID)),
		key("relevance_level", integer(&src.RelevanceLevel, math.MinInt)),
		key("complete", flag(&src.Complete)),
	}
}

// checkFields are the keys of every check, whatever its type.
func checkFields(c *Check) []field {
	return []field{
		key("name", text(&c.Name)),
		key("type", readElsewhere), // first: it says which other keys are allowed
		key("severity", choice(&c.Severity, SeverityFail, SeverityWarn)),
		key("description", text(&c.Description)),
	}
}

// A checkType is one type of check: its keys, their rules and how it runs.
// A new type is one entry in checkTypes, its part of Check, and a
// check_*.go file that runs it.
type checkType struct {
	name string
	// fields sets the type's part of c to its defaults and returns the
	// type's keys, bound to that part.
	fields func(c *Check) []field
	// finish checks the rules across the keys, once every key is read and
	// the required ones are known to be there, and resolves the data
	// sources the check names (nil: none).
	finish func(p *parser, s *Suite, c *Check, at checkNode) error
	// run runs a check of the type, filling out (its status, message and
	// figures); an error means the check could not run.
	run func(r *runner, ctx context.Context, c *Check, out *report.Check) error
}

var checkTypes = []checkType{
	{TypeMetric, metricFields, (*parser).finishMetric, (*runner).runMetric},
	{TypeCompare, compareFields, (*parser).finishCompare, (*runner).runCompare},
	{TypeParity, parityFields, (*parser).finishParity, (*runner).runParity},
	{TypeGolden, goldenFields, nil, (*runner).runGolden},
	{TypeDrift, driftFields, (*parser).finishDrift, (*runner).runDrift},
	{TypeInterleave, interleaveFields, (*parser).finishInterleave, (*runner).runInterleave},
	{TypeOPE, opeFields, (*parser).finishOPE, (*runner).runOPE},
	{TypeMonitor, monitorFields, (*parser).finishMonitor, (*runner).runMonitor},
}

var tasks = []string{"binary", "multiclass", "regression", "ranking"}

func metricFields(c *Check) []field {
	m := &MetricCheck{MinSliceN: 30, Bootstrap: 1000, Seed: 1, DecisionThreshold: 0.5, K: 2}
	c.Metric = m
	return []field{
		requiredKey("data", text(&m.Data)),
		key("task", choice(&m.Task, tasks...)),
		requiredKey("metric", text(&m.Metric)),
		requiredKey("threshold", threshold(&m.Threshold)),
		key("per_slice", flag(&m.PerSlice)),
		key("min_slice_n", integer(&m.MinSliceN, 1)),
		key("ci", probability(&m.CI)),
		key("bootstrap", integer(&m.Bootstrap, 1)),
		key("seed", unsigned(&m.Seed)),
		key("require_interval", flag(&m.RequireInterval)),
		key("decision_threshold", number(&m.DecisionThreshold)),
		key("k", integer(&m.K, 1)),
	}
}

func thresholdFields(t *Threshold) []field {
	return []field{
		key("min", thresholdBound(&t.Min)),
		key("max", thresholdBound(&t.Max)),
		key("max_drop", optionalNumber(&t.MaxDrop)),
		key("direction", choice(&t.Direction, "higher", "lower")),
	}
}

func compareFields(c *Check) []field {
	m := &CompareCheck{Alpha: 0.05, CI: 0.95, Bootstrap: 1000, Trials: 10000, Seed: 1, MinSliceN: 30, DecisionThreshold: 0.5, K: 2}
	c.Compare = m
	return []field{
		requiredKey("baseline", text(&m.Baseline)),
		requiredKey("candidate", text(&m.Candidate)),
		key("task", choice(&m.Task, tasks...)),
		key("metrics", list(&m.Metrics)),
		key("max_regression", numbers(&m.MaxRegression, nil)),
		key("require_better", list(&m.RequireBetter)),
		key("alpha", probability(&m.Alpha)),
		key("ci", probability(&m.CI)),
		key("bootstrap", integer(&m.Bootstrap, 1)),
		key("trials", integer(&m.Trials, 1)),
		key("seed", unsigned(&m.Seed)),
		key("per_slice", flag(&m.PerSlice)),
		key("min_slice_n", integer(&m.MinSliceN, 1)),
		key("decision_threshold", number(&m.DecisionThreshold)),
		key("k", integer(&m.K, 1)),
	}
}

func parityFields(c *Check) []field {
	m := &ParityCheck{Protocol: "v2", AbsTol: 1e-6, Concurrency: 8, Batch: 32, Timeout: 5 * time.Second, Retries: 2}
	c.Parity = m
	return []field{
		requiredKey("requests", file(&m.Requests)),
		key("offline", file(&m.Offline)), // or against (finishParity)
		key("against", parityEndpoint(&m.Against)),
		key("protocol", choice(&m.Protocol, parity.Protocols()...)),
		requiredKey("url", text(&m.URL)), // its form depends on the protocol (finishParity)
		key("model", text(&m.Model)),
		key("signature", text(&m.Signature)),
		key("grpc_contents", typedContents(&m.TypedContents)),
		key("binary_data", flag(&m.BinaryData)),
		key("headers", headers(&m.Headers)),
		key("tls", flag(&m.TLS.Enable)),
		key("tls_ca", file(&m.TLS.CAFile)),
		key("tls_cert", file(&m.TLS.CertFile)),
		key("tls_key", file(&m.TLS.KeyFile)),
		key("abs_tol", nonNegative(&m.AbsTol)),
		key("rel_tol", nonNegative(&m.RelTol)),
		key("rank_k", integer(&m.RankK, 1)),
		key("concurrency", integer(&m.Concurrency, 1)),
		key("batch", integer(&m.Batch, 1)),
		key("timeout", positiveDuration(&m.Timeout)),
		key("retries", integer(&m.Retries, 0)),
		key("max_mismatches", integer(&m.MaxMismatches, 0)),
		key("stages", stages(&m.Stages)),
	}
}

func goldenFields(c *Check) []field {
	m := &GoldenCheck{}
	c.Golden = m
	return []field{
		requiredKey("file", file(&m.File)),
		requiredKey("golden", file(&m.Golden)),
	}
}

// DriftStats are the statistics a drift check's thresholds may bound, by
// harness/skew's names: a feature drifts when one is above its bound
// (ks_pvalue: below).
var DriftStats = []string{"psi", "js_distance", "linf", "ks_d", "wasserstein_norm", "smd", "missing_rate_diff", "ks_pvalue"}

func driftFields(c *Check) []field {
	m := &DriftCheck{Bins: 10}
	c.Drift = m
	return []field{
		requiredKey("reference", text(&m.Reference)),
		requiredKey("current", text(&m.Current)),
		requiredKey("features", list(&m.Features)),
		key("categorical", list(&m.Categorical)),
		key("bins", integer(&m.Bins, 2)),
		key("thresholds", driftThresholds(&m.Thresholds)),
	}
}

func interleaveFields(c *Check) []field {
	m := &InterleaveCheck{CI: 0.95, Bootstrap: 1000, Seed: 1}
	c.Interleave = m
	return []field{
		requiredKey("log", file(&m.Log)),
		key("user", text(&m.User)),
		key("require", choice(&m.Require, "A", "B")),
		key("min_delta_ab", optionalSigned(&m.MinDeltaAB)),
		key("sequential", flag(&m.Sequential)),
		key("ci", probability(&m.CI)),
		key("bootstrap", integer(&m.Bootstrap, 1)),
		key("seed", unsigned(&m.Seed)),
	}
}

// OPEEstimators are the estimators an ope check may name: metrics/ope's
// for bandit logs, then for slate logs.
var OPEEstimators = append(append([]string{}, ope.BanditEstimators...), ope.SlateEstimators...)

func opeFields(c *Check) []field {
	m := &OPECheck{CI: 0.95, Bootstrap: 1000, Seed: 1}
	c.OPE = m
	return []field{
		requiredKey("log", file(&m.Log)),
		requiredKey("target", file(&m.Target)),
		key("reward_model", file(&m.RewardModel)),
		key("estimators", list(&m.Estimators)),
		key("clip", nonNegative(&m.Clip)),
		key("min", signedNumbers(&m.Min, OPEEstimators)),
		key("max", signedNumbers(&m.Max, OPEEstimators)),
		key("min_ess", optionalNumber(&m.MinESS)),
		key("require_interval", flag(&m.RequireInterval)),
		key("ci", probability(&m.CI)),
		key("bootstrap", integer(&m.Bootstrap, 1)),
		key("seed", unsigned(&m.Seed)),
	}
}

func monitorFields(c *Check) []field {
	m := &MonitorCheck{Task: "binary", Bootstrap: 1000, Seed: 1, MinSliceN: 30, DecisionThreshold: 0.5}
	c.Monitor = m
	return []field{
		requiredKey("predictions", file(&m.Predictions)),
		key("labels", file(&m.Labels)),
		requiredKey("id", text(&m.ID)),
		requiredKey("time", text(&m.Time)),
		requiredKey("score", list(&m.Scores)),
		requiredKey("label", text(&m.Label)),
		key("weight", text(&m.Weight)),
		key("task", choice(&m.Task, "binary", "multiclass", "regression")),
		key("metrics", list(&m.Metrics)),
		key("slices", list(&m.Slices)),
		requiredKey("window", positiveDuration(&m.Window)),
		key("every", positiveDuration(&m.Every)),
		key("label_delay", positiveDuration(&m.LabelDelay)),
		key("unlabeled_as", optionalNumber(&m.UnlabeledAs)),
		key("estimate", flag(&m.Estimate)),
		requiredKey("alerts", list(&m.Alerts)),
		key("ci", probability(&m.CI)),
		key("bootstrap", integer(&m.Bootstrap, 1)),
		key("seed", unsigned(&m.Seed)),
		key("min_slice_n", integer(&m.MinSliceN, 1)),
		key("decision_threshold", number(&m.DecisionThreshold)),
	}
}

func typeNames() []string {
	names := make([]string, len(checkTypes))
	for i, t := range checkTypes {
		names[i] = t.name
	}
	return names
}

func lookupType(name string) (checkType, bool) {
	for _, t := range checkTypes {
		if t.name == name {
			return t, true
		}
	}
	return checkType{}, false
}

// Keys returns every key the parser accepts, by the part of the file that
// holds it: "suite", "data source", "check", "threshold" and one part per
// check type ("metric", "compare", "parity", "golden", "drift",
// "interleave", "ope", "monitor").
func Keys() map[string][]string {
	keys := map[string][]string{
		"suite":       fieldKeys(suiteFields(&Suite{}, new(*yaml.Node), new(*yaml.Node))),
		"data source": fieldKeys(sourceFields(&Source{})),
		"check":       fieldKeys(checkFields(&Check{})),
		"threshold":   fieldKeys(thresholdFields(&Threshold{})),
	}
	for _, t := range checkTypes {
		keys[t.name] = fieldKeys(t.fields(&Check{}))
	}
	return keys
}

// orList joins names as a sentence does: "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
