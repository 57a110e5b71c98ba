package flow

import (
	"fmt"

	"github.com/mltest/mltest/internal/trec"
	"github.com/mltest/mltest/metrics"
)

// NoDocuments is RankSpec.MaxDocs for trec_eval's -M 0: no document of any
// ranking is evaluated.
const NoDocuments = -1

// RankSpec says what is computed for each query, as trec_eval's flags say
// it. Start from DefaultRankOptions, whose Level is trec_eval's 1: the zero
// RankSpec has Level 0, which counts every judgment >= 0 as relevant.
type RankSpec struct {
	// Measures are -m arguments: trec_eval's ("map", "P.5,10",
	// "ndcg.1=3,2=9", "official", "all_trec"), ir_measures names ("nDCG@10",
	// "P(rel=2)@5") and recommender measures ("catalog_coverage",
	// "precision_at_k.10"); empty means trec_eval's official set. See
	// metrics.ParseTrecMeasures and metrics.ParseRecommenderMeasures.
	Measures []string
	// Level is the lowest relevance that counts as relevant (trec_eval -l).
	Level int
	// MaxDocs evaluates only the first MaxDocs documents of each ranking
	// (trec_eval -M); 0 means all, NoDocuments none (trec_eval -M 0).
	MaxDocs int
	// Complete evaluates every judged query, a query the run lacks scoring
	// metrics.TrecEval.Missing (trec_eval -c). See SelectQueries.
	Complete bool
	// JudgedOnly drops retrieved documents without a judgment (trec_eval -J).
	JudgedOnly bool
	// DocsInCollection is the collection's size, for utility (trec_eval -N).
	DocsInCollection int64
	// Judgments is the format of the judgments (trec_eval -R); "" is qrels.
	Judgments metrics.JudgmentFormat
	// Ties orders documents of equal score (mltest rank --ties).
	Ties metrics.TiePolicy
	// OnlyQuery, when set, evaluates that judged query alone (the query of
	// trec_eval's -D LEVEL.QID).
	OnlyQuery string
}

// measureArgs splits Measures into the trec_eval and ir_measures ones and
// the recommender ones. trec is nil when Measures is empty (trec_eval's
// official set) and empty, not nil, when every measure is a recommender's.
func (s RankSpec) measureArgs() (trec, reco []string) {
	for _, m := range s.Measures {
		if metrics.IsRecommenderMeasure(m) {
			reco = append(reco, m)
		} else {
			trec = append(trec, m)
		}
	}
	if len(s.Measures) > 0 && trec == nil {
		trec = []string{}
	}
	return trec, reco
}

// Eval returns the metrics.TrecEval of the spec, or the error of a bad
// measure argument or of a measure the spec's judgments or tie policy
// cannot compute.
func (s RankSpec) Eval() (*metrics.TrecEval, error) { return s.evalFor(0) }

// evalFor is Eval with the largest relevance of the judgments (0: not
// known), the default max_rel of cwl_eval's measures.
func (s RankSpec) evalFor(maxRel int) (*metrics.TrecEval, error) {
	args, reco := s.measureArgs()
	var ms []metrics.TrecMeasure
	if args == nil || len(args) > 0 {
		var err error
		if ms, err = metrics.ParseTrecMeasures(args); err != nil {
			return nil, err
		}
	}
	if _, err := metrics.ParseRecommenderMeasures(reco); err != nil {
		return nil, err
	}
	if s.Ties == metrics.TiesAverage && len(reco) > 0 {
		return nil, fmt.Errorf("measure %s has no tie-averaged form (--ties average); use docno or input", reco[0])
	}
	opts := []metrics.TrecOption{metrics.RelevanceLevel(s.Level), metrics.Ties(s.Ties)}
	if maxRel > 0 {
		opts = append(opts, metrics.MaxRelevance(maxRel))
	}
	switch {
	case s.MaxDocs > 0:
		opts = append(opts, metrics.MaxDocsPerQuery(s.MaxDocs))
	case s.MaxDocs == NoDocuments:
		opts = append(opts, metrics.MaxDocsPerQuery(0))
	case s.MaxDocs < 0:
		return nil, fmt.Errorf("MaxDocs %d: want a positive number of documents, 0 for all or NoDocuments", s.MaxDocs)
	}
	if s.Complete {
		opts = append(opts, metrics.CompleteAveraging())
	}
	if s.JudgedOnly {
		opts = append(opts, metrics.JudgedDocsOnly())
	}
	if s.DocsInCollection != 0 {
		opts = append(opts, metrics.DocsInCollection(s.DocsInCollection))
	}
	if s.Judgments != "" {
		opts = append(opts, metrics.Judgments(s.Judgments))
	}
	if err := metrics.CheckTrecMeasures(ms, opts...); err != nil {
		return nil, err
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
	return s.SelectQueryIDs(trec.SortedQIDs(qrels), run)
}

// SelectQueryIDs is SelectQueries for the judged queries judged (of any
// judgment format), which must be in byte order. With OnlyQuery, the other
// queries are neither evaluated nor skipped.
func (s RankSpec) SelectQueryIDs(judged []string, run map[string][]metrics.ScoredDoc) (evaluated, skipped []string) {
	for _, q := range judged {
		if s.OnlyQuery != "" && q != s.OnlyQuery {
			continue
		}
		switch s.Status(true, len(run[q]) > 0) {
		case QueryEvaluated, QueryMissing:
			evaluated = append(evaluated, q)
		case QuerySkipped:
			skipped = append(skipped, q)
		}
	}
	return evaluated, skipped
}

// MeasureArg returns the -m argument that computes the value named name:
// "ndcg_cut_10" -> "ndcg_cut.10", "P_10" -> "P.10", "utility_2,-1,0,0" ->
// "utility.2,-1,0,0", "iprec_at_recall_0.50" -> "iprec_at_recall.0.50",
// "map" -> "map", "nDCG@10" -> "nDCG@10"; see metrics.TrecMeasureArg.
func MeasureArg(name string) string { return metrics.TrecMeasureArg(name) }

// judgedIDs returns the judged queries of the ranking's format, in byte
// order.
func (r *Ranking) judgedIDs(f metrics.JudgmentFormat) []string {
	switch f {
	case metrics.QrelsJGFormat:
		return trec.SortedQIDs(r.Groups)
	case metrics.PrefsFormat, metrics.QrelsPrefsFormat:
		return trec.SortedQIDs(r.Prefs)
	}
	return trec.SortedQIDs(r.Qrels)
}

// judgments returns one query's judgments.
func (r *Ranking) judgments(qid string) metrics.QueryJudgments {
	return metrics.QueryJudgments{Rel: r.Qrels[qid], Groups: r.Groups[qid], Prefs: r.Prefs[qid]}
}

// maxRelevance is the largest relevance of the qrels (1 without any).
func (r *Ranking) maxRelevance() int {
	m, any := 0, false
	for _, q := range r.Qrels {
		for _, v := range q {
			if !any || v > m {
				m, any = v, true
			}
		}
	}
	if !any || m < 1 {
		return 1
	}
	return m
}
