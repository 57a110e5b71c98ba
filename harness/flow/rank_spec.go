package flow

import (
	"strings"

	"github.com/mltest/mltest/internal/trec"
	"github.com/mltest/mltest/metrics"
)

// RankSpec says what is computed for each query, as trec_eval's flags say
// it. Start from DefaultRankOptions, whose Level is trec_eval's 1: the zero
// RankSpec has Level 0, which counts every judgment >= 0 as relevant.
type RankSpec struct {
	// Measures are trec_eval -m arguments ("map", "P.5,10", "ndcg_cut.10",
	// "official"); empty means trec_eval's official set. See
	// metrics.ParseTrecMeasures.
	Measures []string
	// Level is the lowest relevance that counts as relevant (trec_eval -l).
	Level int
	// MaxDocs evaluates only the first MaxDocs documents of each ranking
	// (trec_eval -M); 0 means all.
	MaxDocs int
	// Complete evaluates every judged query, a query the run lacks scoring
	// metrics.TrecEval.Missing (trec_eval -c). See SelectQueries.
	Complete bool
}

// Eval returns the metrics.TrecEval of the spec, or the error of a bad
// measure argument.
func (s RankSpec) Eval() (*metrics.TrecEval, error) {
	ms, err := metrics.ParseTrecMeasures(s.Measures)
	if err != nil {
		return nil, err
	}
	opts := []metrics.TrecOption{metrics.RelevanceLevel(s.Level), metrics.MaxDocsPerQuery(s.MaxDocs)}
	if s.Complete {
		opts = append(opts, metrics.CompleteAveraging())
	}
	return metrics.NewTrecEval(ms, opts...), nil
}

// QueryStatus is what the query-selection rule does with one query.
type QueryStatus int

const (
	// QueryIgnored: the query has no judgments (it is in the run only). It is
	// not evaluated and not reported, as trec_eval ignores it.
	QueryIgnored QueryStatus = iota
	// QueryEvaluated: judged and retrieved; evaluated.
	QueryEvaluated
	// QueryMissing: judged, not retrieved, and the spec is Complete; it is
	// evaluated with the values of metrics.TrecEval.Missing (0 for every
	// measure but num_rel, and gm_map's log(0.00001)).
	QueryMissing
	// QuerySkipped: judged, not retrieved, the spec is not Complete; it is
	// not evaluated, and a warning says so.
	QuerySkipped
)

// Status applies the query-selection rule to one query: whether it has
// judgments (any line in the qrels, whatever the relevance) and whether the
// run retrieved any document for it. The rule is trec_eval 10's, and the
// only one mltest uses (mltest rank, the suite's ranking checks, the Beam
// adapter):
//
//   - a query is evaluated when the qrels judge it and the run retrieves for it;
//   - a query the run retrieves for but the qrels do not judge is ignored;
//   - a judged query the run lacks is skipped with a warning, or, with
//     Complete (trec_eval -c), evaluated with trec_eval's Missing values, so
//     that the average is over every judged query.
func (s RankSpec) Status(judged, retrieved bool) QueryStatus {
	switch {
	case !judged:
		return QueryIgnored
	case retrieved:
		return QueryEvaluated
	case s.Complete:
		return QueryMissing
	}
	return QuerySkipped
}

// SelectQueries applies Status to every judged query of qrels. evaluated
// lists the queries evaluated (QueryEvaluated and QueryMissing), skipped the
// judged queries the run lacks when the spec is not Complete; both are in
// byte order, trec_eval's evaluation order, in which summing the queries'
// values reproduces trec_eval's averages bit for bit.
func (s RankSpec) SelectQueries(qrels map[string]map[string]int, run map[string][]metrics.ScoredDoc) (evaluated, skipped []string) {
	for _, q := range trec.SortedQIDs(qrels) {
		switch s.Status(true, len(run[q]) > 0) {
		case QueryEvaluated, QueryMissing:
			evaluated = append(evaluated, q)
		case QuerySkipped:
			skipped = append(skipped, q)
		}
	}
	return evaluated, skipped
}

// MeasureArg returns the trec_eval -m argument that computes the value
// named name: "ndcg_cut_10" -> "ndcg_cut.10", "P_10" -> "P.10",
// "iprec_at_recall_0.50" -> "iprec_at_recall.0.50", "map" -> "map". A
// name whose last "_" part is not a number (digits and dots) is returned as
// it is.
func MeasureArg(name string) string {
	i := strings.LastIndexByte(name, '_')
	if i <= 0 || i == len(name)-1 {
		return name
	}
	for _, c := range name[i+1:] {
		if (c < '0' || c > '9') && c != '.' {
			return name
		}
	}
	return name[:i] + "." + name[i+1:]
}
