package metrics

import (
	"cmp"
	"math"
	"slices"
)

// minGeoMean is trec_eval's MIN_GEO_MEAN: average precision is clamped to it
// before the logarithm of gm_map, so a query scoring 0 does not send the
// geometric mean to 0.
const minGeoMean = 0.00001

// TrecOption adjusts a TrecEval. Options are made only by the functions of
// this package.
type TrecOption interface{ applyTrec(*TrecEval) }

type trecOptionFunc func(*TrecEval)

func (f trecOptionFunc) applyTrec(e *TrecEval) { f(e) }

// RelevanceLevel sets the lowest relevance value that counts as relevant for
// the binary measures (trec_eval -l); the default is 1. ndcg and ndcg_cut use
// the relevance values as gains and ignore it, as trec_eval does.
func RelevanceLevel(level int) TrecOption {
	return trecOptionFunc(func(e *TrecEval) { e.level = level })
}

// MaxDocsPerQuery evaluates only the first n documents of each ranking
// (trec_eval -M); n <= 0 means all.
func MaxDocsPerQuery(n int) TrecOption {
	return trecOptionFunc(func(e *TrecEval) { e.maxDocs = n })
}

// CompleteAveraging makes the summary average over every query of the
// judgments (trec_eval -c): the caller adds a Missing result for each judged
// query the run lacks. It also reproduces trec_eval's summary num_rel under
// -c, which counts every judgment with relevance > 0 whatever the level.
func CompleteAveraging() TrecOption {
	return trecOptionFunc(func(e *TrecEval) { e.complete = true })
}

// TrecEval evaluates rankings with a set of trec_eval measures. It is
// immutable after NewTrecEval and safe for concurrent use.
type TrecEval struct {
	measures []TrecMeasure
	values   []TrecValue
	level    int
	maxDocs  int
	complete bool
}

// NewTrecEval returns an evaluator of measures (from ParseTrecMeasures). It
// panics if a measure is not one ParseTrecMeasures knows.
func NewTrecEval(measures []TrecMeasure, opts ...TrecOption) *TrecEval {
	e := &TrecEval{measures: measures, level: 1}
	for _, m := range measures {
		if trecMeasureIndex(m.Name) < 0 {
			panic("metrics: unknown trec_eval measure " + m.Name)
		}
		e.values = append(e.values, m.values()...)
	}
	for _, o := range opts {
		o.applyTrec(e)
	}
	return e
}

// Values lists the numbers each query result and the summary hold, in
// trec_eval's output order.
func (e *TrecEval) Values() []TrecValue { return e.values }

// Measures returns the measures being evaluated.
func (e *TrecEval) Measures() []TrecMeasure { return e.measures }

// TrecQueryResult is the evaluation of one query.
type TrecQueryResult struct {
	// Values is parallel to TrecEval.Values. For gm_map it holds
	// log(max(AP, 0.00001)), the term the geometric mean averages.
	Values []float64
	// positive is the number of judgments with relevance > 0, which the
	// summary num_rel counts under CompleteAveraging.
	positive int
}

// Query evaluates one query: judged maps docno to relevance (the query's
// qrels), docs are the retrieved documents (sorted in place, see
// NewRanking). It returns NewRanking's errors.
func (e *TrecEval) Query(judged map[string]int, docs []ScoredDoc) (TrecQueryResult, error) {
	var s rankScratch
	var r Ranking
	return e.query(&s, &r, judged, docs)
}

// TrecWorker evaluates queries one after another reusing its memory; a
// TrecWorker is not safe for concurrent use, make one per goroutine.
type TrecWorker struct {
	eval    *TrecEval
	scratch rankScratch
	ranking Ranking
}

// Worker returns a TrecWorker of e.
func (e *TrecEval) Worker() *TrecWorker { return &TrecWorker{eval: e} }

// Query is TrecEval.Query without the per-call allocations of its working
// memory.
func (w *TrecWorker) Query(judged map[string]int, docs []ScoredDoc) (TrecQueryResult, error) {
	return w.eval.query(&w.scratch, &w.ranking, judged, docs)
}

func (e *TrecEval) query(s *rankScratch, r *Ranking, judged map[string]int, docs []ScoredDoc) (TrecQueryResult, error) {
	if err := s.rank(r, judged, docs, e.maxDocs); err != nil {
		return TrecQueryResult{}, err
	}
	return e.Ranking(*r), nil
}

// Missing returns the result trec_eval -c gives a judged query absent from
// the run: it ranks a single unjudged document and reports num_ret 0, so
// every measure is 0 except num_rel (and gm_map's log(0.00001)).
func (e *TrecEval) Missing(judged map[string]int) TrecQueryResult {
	// trec_eval ranks a bogus docno ("ceci_nest_pas_un_docno") that no
	// qrels hold: one retrieved, unjudged document.
	r := Ranking{Rels: []int{NotJudged}}
	for _, rel := range judged {
		if rel >= 0 {
			r.Judged = append(r.Judged, rel)
		}
	}
	slices.SortFunc(r.Judged, func(a, b int) int { return cmp.Compare(b, a) })
	res := e.Ranking(r)
	for i, v := range e.values {
		if v.Name == "num_ret" {
			res.Values[i] = 0
		}
	}
	return res
}

// Ranking evaluates an already built ranking (see NewRanking).
func (e *TrecEval) Ranking(r Ranking) TrecQueryResult {
	res := TrecQueryResult{Values: make([]float64, 0, len(e.values))}
	for _, v := range r.Judged {
		if v > 0 {
			res.positive++
		}
	}
	level := e.level
	for _, m := range e.measures {
		switch m.Name {
		case "runid":
		case "num_q":
			res.Values = append(res.Values, 1)
		case "num_ret":
			res.Values = append(res.Values, float64(NumRetrieved(r)))
		case "num_rel":
			res.Values = append(res.Values, float64(NumRelevant(r, level)))
		case "num_rel_ret":
			res.Values = append(res.Values, float64(NumRelevantRetrieved(r, level)))
		case "map":
			res.Values = append(res.Values, QueryAveragePrecision(r, level))
		case "gm_map":
			res.Values = append(res.Values, math.Log(max(QueryAveragePrecision(r, level), minGeoMean)))
		case "Rprec":
			res.Values = append(res.Values, RPrecision(r, level))
		case "bpref":
			res.Values = append(res.Values, Bpref(r, level))
		case "recip_rank":
			res.Values = append(res.Values, ReciprocalRank(r, level))
		case "iprec_at_recall":
			res.Values = append(res.Values, interpolatedPrecisions(r, level, m.Recalls)...)
		case "P":
			for _, k := range m.Cutoffs {
				res.Values = append(res.Values, PrecisionAtK(r, level, k))
			}
		case "recall":
			for _, k := range m.Cutoffs {
				res.Values = append(res.Values, RecallAtK(r, level, k))
			}
		case "ndcg":
			res.Values = append(res.Values, NDCG(r))
		case "ndcg_cut":
			for _, k := range m.Cutoffs {
				res.Values = append(res.Values, NDCGAtK(r, k))
			}
		case "success":
			for _, k := range m.Cutoffs {
				res.Values = append(res.Values, SuccessAtK(r, level, k))
			}
		}
	}
	return res
}

// TrecAccumulator sums query results into trec_eval's summary ("all"). It
// holds sums and counts only, so accumulators over any split of the queries,
// merged, give the summary of all of them (up to the rounding of the order
// of floating-point additions; adding queries in the judgments' order, as
// trec_eval does, reproduces its output exactly).
type TrecAccumulator struct {
	eval     *TrecEval
	sums     []float64
	queries  int
	positive int
}

// NewAccumulator returns an empty accumulator for e's results.
func (e *TrecEval) NewAccumulator() *TrecAccumulator {
	return &TrecAccumulator{eval: e, sums: make([]float64, len(e.values))}
}

// Add adds one query's result.
func (a *TrecAccumulator) Add(r TrecQueryResult) {
	if len(r.Values) != len(a.sums) {
		panic("metrics: slice length mismatch")
	}
	for i, v := range r.Values {
		a.sums[i] += v
	}
	a.queries++
	a.positive += r.positive
}

// Merge adds other's queries to a. Both must come from the same TrecEval.
func (a *TrecAccumulator) Merge(other *TrecAccumulator) {
	if a.eval != other.eval {
		panic("metrics: merging accumulators of different TrecEvals")
	}
	for i, v := range other.sums {
		a.sums[i] += v
	}
	a.queries += other.queries
	a.positive += other.positive
}

// NumQueries returns the number of results added.
func (a *TrecAccumulator) NumQueries() int { return a.queries }

// Result returns the summary values, parallel to TrecEval.Values:
//
//	num_q                        the number of queries added
//	num_ret num_rel num_rel_ret  sums over queries (num_rel under
//	                             CompleteAveraging: judgments with rel > 0)
//	gm_map                       exp(mean of log(max(AP, 0.00001)))
//	every other value            the arithmetic mean over queries
//
// With no queries every value is 0.
func (a *TrecAccumulator) Result() []float64 {
	out := make([]float64, len(a.sums))
	for i, v := range a.eval.values {
		sum := a.sums[i]
		switch {
		case v.Name == "num_q":
			out[i] = float64(a.queries)
		case v.Name == "num_rel" && a.eval.complete:
			out[i] = float64(a.positive)
		case v.Count:
			out[i] = sum
		case v.Name == "gm_map":
			if a.queries > 0 {
				out[i] = math.Exp(sum / float64(a.queries))
			}
		default:
			if a.queries > 0 {
				out[i] = sum / float64(a.queries)
			}
		}
	}
	return out
}
