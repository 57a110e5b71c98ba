package mltestbeam

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"reflect"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/metrics"
)

func init() {
	beam.RegisterType(reflect.TypeOf((*Judgment)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*RunDoc)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*QueryResult)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*RankSummary)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*queryPart)(nil)).Elem())
	beam.RegisterCoder(reflect.TypeOf((*rankAcc)(nil)), encodeRankAcc, decodeRankAcc)
	register.Function1x2[Judgment, string, Judgment](judgmentByQuery)
	register.Function1x2[RunDoc, string, RunDoc](runDocByQuery)
	register.DoFn5x1[string, func(*Judgment) bool, func(*RunDoc) bool, func(QueryResult), func(queryPart), error](&queryEvalFn{})
	register.Iter1[Judgment]()
	register.Iter1[RunDoc]()
	register.Emitter1[QueryResult]()
	register.Emitter1[queryPart]()
	register.Combiner3[*rankAcc, queryPart, RankSummary](&rankSummaryFn{})
}

// Judgment is one line of qrels: the relevance of a document to a query
// (negative: in the pool but not judged, trec_eval's convention).
type Judgment struct {
	QID, DocNo string
	Rel        int
}

// RunDoc is one line of a run: a retrieved document and its score. The
// rank field of a TREC run is ignored, as trec_eval ignores it.
type RunDoc struct {
	QID, DocNo string
	Score      float64
}

// RankSpec says what EvaluateRanking computes: `mltest rank`'s flags.
type RankSpec struct {
	Measures []string // -m arguments (e.g. "map", "P.5,10", "nDCG@10"); nil: trec_eval's official set
	Level    int      // -l: lowest relevant relevance; 0 means 1
	MaxDocs  int      // -M: documents per query evaluated; 0 means all, flow.NoDocuments none
	Complete bool     // -c: average over every qrels query, missing ones scoring 0
	// JudgedOnly drops unjudged retrieved documents (-J).
	JudgedOnly bool
	// Ties orders equal scores (--ties); a pipeline has no input order, so
	// TiesInput is refused.
	Ties metrics.TiePolicy
}

// flowSpec returns the spec as flow.RankSpec, `mltest rank`'s (Level 0 made 1).
func (r RankSpec) flowSpec() flow.RankSpec {
	level := r.Level
	if level == 0 {
		level = 1
	}
	return flow.RankSpec{Measures: r.Measures, Level: level, MaxDocs: r.MaxDocs, Complete: r.Complete,
		JudgedOnly: r.JudgedOnly, Ties: r.Ties}
}

// Eval returns the metrics.TrecEval of the spec. Beyond flow.RankSpec's
// errors, it refuses what a pipeline of qrels judgments cannot compute:
// measures of subtopics (alpha_nDCG ...), texts (relstring), the
// recommender measures, and TiesInput (a PCollection has no order).
func (r RankSpec) Eval() (*metrics.TrecEval, error) {
	for _, m := range r.Measures {
		if metrics.IsRecommenderMeasure(m) {
			return nil, fmt.Errorf("measure %s: the recommender measures are computed by mltest rank, not in a pipeline", m)
		}
	}
	if r.Ties == metrics.TiesInput {
		return nil, fmt.Errorf("ties input: a pipeline keeps no input order; use docno or average")
	}
	eval, err := r.flowSpec().Eval()
	if err != nil {
		return nil, err
	}
	if eval.NeedsGroups() {
		return nil, fmt.Errorf("a measure reads subtopics (a diversity qrels), which Judgment does not carry")
	}
	for _, v := range eval.Values() {
		if v.Text {
			return nil, fmt.Errorf("measure %s is a text, which a pipeline's per-query values do not carry", v.Name)
		}
	}
	return eval, nil
}

// QueryResult is one query's values, parallel to RankSummary.Names (the
// per-query lines of trec_eval -q; summary-only values such as num_q and
// gm_map's log term are in Values too, as metrics.TrecQueryResult holds them).
type QueryResult struct {
	QID    string
	Values []float64
}

// RankSummary is trec_eval's "all" lines.
type RankSummary struct {
	Names   []string  // metrics.TrecEval.Values' names, trec_eval's order
	Values  []float64 // parallel to Names
	Queries int       // queries averaged
	// Skipped lists the qrels queries absent from the run, which (without
	// Complete) are not averaged, as `mltest rank` warns.
	Skipped []string
}

// EvaluateRanking evaluates a run (PCollection<RunDoc>) against qrels
// (PCollection<Judgment>): both are grouped by query (CoGroupByKey), each
// query is evaluated by the metrics package's trec_eval engine, and the
// per-query results are summed in qid byte order, which is `mltest rank`'s
// (and trec_eval's) order, so the summary is bit-identical to its output. It
// returns the per-query results, a PCollection<QueryResult>, and the
// summary, a PCollection<RankSummary> of one element.
//
// The queries evaluated follow flow.RankSpec.Status, the rule of `mltest
// rank`: the qrels queries that the run retrieved for (with Complete every
// qrels query, a missing one scoring trec_eval's Missing values); run
// queries without judgments are ignored, as trec_eval ignores them; a
// judged query the run lacks is listed in RankSummary.Skipped. A document
// retrieved twice for one query, or judged twice, fails the job, as it
// stops `mltest rank`.
//
// The summary combine keeps one small partial result per query (the values'
// sums of that query) until it adds them in order: memory on one worker
// grows with the number of queries, not with documents.
//
// A bad spec (unknown measure) panics here, at pipeline construction.
func EvaluateRanking(s beam.Scope, spec RankSpec, qrels, run beam.PCollection) (perQuery, summary beam.PCollection) {
	s = s.Scope("mltest.EvaluateRanking")
	if _, err := spec.Eval(); err != nil {
		panic(fmt.Sprintf("mltestbeam: %v", err))
	}
	j := beam.ParDo(s, judgmentByQuery, qrels)
	d := beam.ParDo(s, runDocByQuery, run)
	grouped := beam.CoGroupByKey(s, j, d)
	perQuery, parts := beam.ParDo2(s, &queryEvalFn{Spec: spec}, grouped)
	summary = beam.Combine(s, &rankSummaryFn{Spec: spec}, parts)
	return perQuery, summary
}

func judgmentByQuery(j Judgment) (string, Judgment) { return j.QID, j }
func runDocByQuery(d RunDoc) (string, RunDoc)       { return d.QID, d }

// queryPart is one query's contribution to the summary: its single-query
// metrics.TrecAccumulator, encoded, or Skipped.
type queryPart struct {
	QID     string
	Acc     []byte
	Skipped bool
}

// queryEvalFn evaluates one query.
type queryEvalFn struct {
	Spec   RankSpec
	worker *metrics.TrecWorker
	eval   *metrics.TrecEval
}

func (f *queryEvalFn) Setup() error {
	var err error
	f.eval, err = f.Spec.Eval()
	if err == nil {
		f.worker = f.eval.Worker()
	}
	return err
}

func (f *queryEvalFn) ProcessElement(qid string, judgments func(*Judgment) bool, docs func(*RunDoc) bool,
	emitQuery func(QueryResult), emitPart func(queryPart)) error {
	judged := map[string]int{}
	var j Judgment
	for judgments(&j) {
		if _, dup := judged[j.DocNo]; dup {
			return fmt.Errorf("qrels: docno %q judged twice for query %q", j.DocNo, qid)
		}
		judged[j.DocNo] = j.Rel
	}
	var list []metrics.ScoredDoc
	var d RunDoc
	for docs(&d) {
		list = append(list, metrics.ScoredDoc{DocNo: d.DocNo, Score: d.Score})
	}
	var res metrics.TrecQueryResult
	switch f.Spec.flowSpec().Status(len(judged) > 0, len(list) > 0) {
	case flow.QueryIgnored:
		return nil
	case flow.QuerySkipped:
		emitPart(queryPart{QID: qid, Skipped: true})
		return nil
	case flow.QueryMissing:
		res = f.eval.Missing(judged)
	case flow.QueryEvaluated:
		var err error
		if res, err = f.worker.Query(judged, list); err != nil {
			return fmt.Errorf("run: query %q: %w", qid, err)
		}
	}
	acc := f.eval.NewAccumulator()
	acc.Add(res)
	b, err := acc.MarshalBinary()
	if err != nil {
		return err
	}
	emitQuery(QueryResult{QID: qid, Values: res.Values})
	emitPart(queryPart{QID: qid, Acc: b})
	return nil
}

// rankAcc holds the queries' parts until ExtractOutput adds them in order.
type rankAcc struct {
	parts []queryPart
}

type rankSummaryFn struct {
	Spec RankSpec
	eval *metrics.TrecEval
}

func (f *rankSummaryFn) Setup() error {
	var err error
	f.eval, err = f.Spec.Eval()
	return err
}

func (f *rankSummaryFn) CreateAccumulator() *rankAcc { return &rankAcc{} }

func (f *rankSummaryFn) AddInput(a *rankAcc, p queryPart) *rankAcc {
	a.parts = append(a.parts, p)
	return a
}

func (f *rankSummaryFn) MergeAccumulators(a, b *rankAcc) *rankAcc {
	a.parts = append(a.parts, b.parts...)
	return a
}

// ExtractOutput merges the single-query accumulators in qid byte order:
// merging a one-query accumulator adds its values to the sums exactly as
// TrecAccumulator.Add does, so the sums are `mltest rank`'s, bit for bit.
func (f *rankSummaryFn) ExtractOutput(a *rankAcc) (RankSummary, error) {
	if f.eval == nil {
		if err := f.Setup(); err != nil {
			return RankSummary{}, err
		}
	}
	slices.SortFunc(a.parts, func(x, y queryPart) int { return cmp.Compare(x.QID, y.QID) })
	total := f.eval.NewAccumulator()
	var out RankSummary
	for _, p := range a.parts {
		if p.Skipped {
			out.Skipped = append(out.Skipped, p.QID)
			continue
		}
		q, err := f.eval.DecodeAccumulator(p.Acc)
		if err != nil {
			return RankSummary{}, fmt.Errorf("query %q: %w", p.QID, err)
		}
		total.Merge(q)
	}
	for _, v := range f.eval.Values() {
		out.Names = append(out.Names, v.Name)
	}
	out.Values = total.Result()
	out.Queries = total.NumQueries()
	return out, nil
}

func encodeRankAcc(a *rankAcc) []byte {
	b := append([]byte(nil), "MLTR\x01"...)
	b = binary.AppendUvarint(b, uint64(len(a.parts)))
	for _, p := range a.parts {
		b = binary.AppendUvarint(b, uint64(len(p.QID)))
		b = append(b, p.QID...)
		if p.Skipped {
			b = append(b, 1)
			continue
		}
		b = append(b, 0)
		b = binary.AppendUvarint(b, uint64(len(p.Acc)))
		b = append(b, p.Acc...)
	}
	return b
}

func decodeRankAcc(b []byte) (*rankAcc, error) {
	bad := fmt.Errorf("mltestbeam: bad ranking accumulator encoding")
	if len(b) < 5 || string(b[:5]) != "MLTR\x01" {
		return nil, bad
	}
	b = b[5:]
	next := func() (int, bool) {
		v, n := binary.Uvarint(b)
		if n <= 0 || v > uint64(len(b)) {
			return 0, false
		}
		b = b[n:]
		return int(v), true
	}
	n, ok := next()
	if !ok {
		return nil, bad
	}
	a := &rankAcc{parts: make([]queryPart, 0, n)}
	for i := 0; i < n; i++ {
		l, ok := next()
		if !ok || l > len(b) {
			return nil, bad
		}
		p := queryPart{QID: string(b[:l])}
		b = b[l:]
		if len(b) < 1 {
			return nil, bad
		}
		p.Skipped = b[0] == 1
		b = b[1:]
		if !p.Skipped {
			l, ok := next()
			if !ok || l > len(b) {
				return nil, bad
			}
			p.Acc = b[:l:l]
			b = b[l:]
		}
		a.parts = append(a.parts, p)
	}
	if len(b) != 0 {
		return nil, bad
	}
	return a, nil
}
