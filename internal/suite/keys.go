package suite

// The keys each part of a suite file accepts. The parser rejects every other
// key; docs/suite.md documents each of these (a test checks it).
var (
	suiteKeys     = []string{"name", "description", "model_version", "vars", "concurrency", "data", "checks"}
	sourceKeys    = []string{"path", "format", "label", "score", "classes", "weight", "id", "cluster", "slices", "qrels", "run", "queries", "query_id", "relevance_level"}
	checkKeys     = []string{"name", "type", "severity", "description"}
	metricKeys    = []string{"data", "task", "metric", "threshold", "per_slice", "min_slice_n", "ci", "bootstrap", "seed", "require_interval", "decision_threshold", "k"}
	thresholdKeys = []string{"min", "max", "max_drop", "direction"}
	compareKeys   = []string{"baseline", "candidate", "task", "metrics", "max_regression", "require_better", "alpha", "ci", "bootstrap", "trials", "seed", "per_slice", "min_slice_n", "decision_threshold", "k"}
	parityKeys    = []string{"requests", "offline", "against", "protocol", "url", "model", "signature", "grpc_contents", "binary_data", "headers", "tls", "tls_ca", "tls_cert", "tls_key", "abs_tol", "rel_tol", "rank_k", "concurrency", "batch", "timeout", "retries", "max_mismatches", "stages"}
	goldenKeys    = []string{"file", "golden"}
	driftKeys     = []string{"reference", "current", "features", "categorical", "bins", "thresholds"}
)

// Keys returns every key the parser accepts, by the part of the file that
// holds it: "suite", "data source", "check", "threshold" and one part per
// check type ("metric", "compare", "parity", "golden", "drift").
func Keys() map[string][]string {
	cp := func(s []string) []string { return append([]string(nil), s...) }
	return map[string][]string{
		"suite":       cp(suiteKeys),
		"data source": cp(sourceKeys),
		"check":       cp(checkKeys),
		"threshold":   cp(thresholdKeys),
		TypeMetric:    cp(metricKeys),
		TypeCompare:   cp(compareKeys),
		TypeParity:    cp(parityKeys),
		TypeGolden:    cp(goldenKeys),
		TypeDrift:     cp(driftKeys),
	}
}
