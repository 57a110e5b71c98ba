package metrics

import (
	"fmt"
	"math"
	"strings"
)

// minGeoMean is trec_eval's MIN_GEO_MEAN: average precision (and bpref)
// is clamped to it before the logarithm of gm_map (gm_bpref), so a query
// scoring 0 does not send the geometric mean to 0.
const minGeoMean = 0.00001

// TrecOption adjusts a TrecEval. Options are made only by the functions of
// this package.
type TrecOption interface{ applyTrec(*TrecEval) }

type trecOptionFunc func(*TrecEval)

func (f trecOptionFunc) applyTrec(e *TrecEval) { f(e) }

// RelevanceLevel sets the lowest relevance value that counts as relevant for
// the binary measures (trec_eval -l); the default is 1. ndcg and ndcg_cut use
// the relevance values as gains and ignore it, as trec_eval does. A level of
// 0 or below counts judged nonrelevant documents as relevant and, in the
// measures that compare each rank's value with the level (map, P,
// recip_rank...), also unjudged ones (trec_eval's -l -1), while num_rel_ret
// counts judged documents only.
func RelevanceLevel(level int) TrecOption {
	return trecOptionFunc(func(e *TrecEval) { e.level = level })
}

// MaxDocsPerQuery evaluates only the first n documents of each ranking
// (trec_eval -M n); n = 0 evaluates none, as trec_eval -M 0 does, and a
// negative n every document, the default.
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

// JudgedDocsOnly removes the retrieved documents without a judgment before
// any measure is computed (trec_eval -J).
func JudgedDocsOnly() TrecOption {
	return trecOptionFunc(func(e *TrecEval) { e.judgedOnly = true })
}

// DocsInCollection sets the number of documents in the collection, which
// utility's fourth coefficient multiplies (trec_eval -N); the default is 0.
func DocsInCollection(n int64) TrecOption {
	return trecOptionFunc(func(e *TrecEval) { e.numDocsInColl = n })
}

// Judgments sets the kind of relevance information the evaluator reads
// (trec_eval -R); the default is QrelsFormat.
func Judgments(f JudgmentFormat) TrecOption {
	return trecOptionFunc(func(e *TrecEval) { e.format = f.family() })
}

// MaxRelevance is the largest relevance value of the judgments, the default
// max_rel of the measures named after cwl_eval (INST, SDCG, NERR8...) when
// their name gives none; 1 without this option. mltest rank passes the
// largest value of its qrels file. A measure whose min_rel is not below it
// is then an error.
func MaxRelevance(r int) TrecOption {
	return trecOptionFunc(func(e *TrecEval) { e.maxRel, e.maxRelSet = r, true })
}

// TiePolicy is how documents of equal score are ordered.
type TiePolicy uint8

const (
	// TiesDocno orders equal scores by docno, as trec_eval does:
	// descending for its qrels measures (and the ir_measures names it
	// computes) and ascending for its preference measures. The measures
	// from other programs follow theirs: ascending for Judged, RR@k and
	// ndeval's measures, descending for gdeval's; cwl_eval's measures and
	// Recommenders', whose programs keep the input order, take trec_eval's
	// descending docno. The default.
	TiesDocno TiePolicy = iota
	// TiesInput keeps equal scores in the order the documents were given
	// (a run file's order), as Microsoft Recommenders and ir_measures'
	// cwl_eval provider do.
	TiesInput
	// TiesAverage averages over the orders of tied documents: each rank's
	// relevance and gain is the mean over its group of equal scores (the
	// tie-averaged gains of scikit-learn's dcg_score), which for the
	// measures linear in them (P, recall, ndcg, dcg, rbp, num_rel_ret ...)
	// is their mean over every order of the tied documents; recip_rank and
	// success are their exact means over those orders; map and map_cut are
	// scikit-learn's average precision, a tied group counting as one
	// threshold. The other measures refuse it (CheckTrecMeasures).
	TiesAverage
)

// ParseTiePolicy reads docno, input or average.
func ParseTiePolicy(s string) (TiePolicy, error) {
	switch s {
	case "docno", "":
		return TiesDocno, nil
	case "input":
		return TiesInput, nil
	case "average":
		return TiesAverage, nil
	}
	return 0, fmt.Errorf("unknown tie policy %q; want docno, input or average", s)
}

// Ties sets the tie policy; the default is TiesDocno.
func Ties(p TiePolicy) TrecOption {
	return trecOptionFunc(func(e *TrecEval) { e.ties = p })
}

// TrecEval evaluates rankings with a set of trec_eval measures. It is
// immutable after NewTrecEval and safe for concurrent use.
type TrecEval struct {
	measures []TrecMeasure
	specs    []*measureSpec
	offsets  []int // specs[i]'s values are values[offsets[i]:offsets[i+1]]
	values   []TrecValue
	hasText  bool

	level         int
	maxDocs       int
	complete      bool
	judgedOnly    bool
	numDocsInColl int64
	format        JudgmentFormat
	ties          TiePolicy
	maxRel        int
	maxRelSet     bool
}

// NewTrecEval returns an evaluator of measures (from ParseTrecMeasures). It
// panics where CheckTrecMeasures returns an error: a measure it does not
// know, or one the options' judgments or tie policy cannot compute.
func NewTrecEval(measures []TrecMeasure, opts ...TrecOption) *TrecEval {
	e, err := newTrecEval(measures, opts)
	if err != nil {
		panic("metrics: " + err.Error())
	}
	return e
}

// CheckTrecMeasures returns the error NewTrecEval would panic with: a
// measure that is not trec_eval's nor ir_measures', one that cannot be
// computed from the judgment format of opts (trec_eval's qrels measures need
// qrels, map_avgjg and friends qrels_jg, the prefs_* measures prefs or
// qrels_prefs), or one without a tie-averaged form under TiesAverage.
func CheckTrecMeasures(measures []TrecMeasure, opts ...TrecOption) error {
	_, err := newTrecEval(measures, opts)
	return err
}

func newTrecEval(measures []TrecMeasure, opts []TrecOption) (*TrecEval, error) {
	e := &TrecEval{measures: measures, level: 1, maxDocs: -1, format: QrelsFormat, maxRel: 1}
	for _, o := range opts {
		o.applyTrec(e)
	}
	e.offsets = []int{0}
	var bad []string
	for _, m := range measures {
		s, err := m.resolve()
		if err != nil {
			return nil, err
		}
		c := *s
		c.numDocsInColl = e.numDocsInColl
		if c.ir != nil && c.ir.maxRelDefault {
			ir := *c.ir
			ir.cwl.maxRel = float64(e.maxRel)
			if ir.cwl.maxRel <= ir.cwl.minRel && e.maxRelSet {
				return nil, fmt.Errorf("measure %s: the largest relevance %d is not above min_rel %g; give max_rel", m.Name, e.maxRel, ir.cwl.minRel)
			}
			if ir.cwl.maxRel <= ir.cwl.minRel {
				ir.cwl.maxRel = ir.cwl.minRel + 1
			}
			c.ir = &ir
		}
		if f := c.format(); f != "" && f != e.format {
			bad = append(bad, fmt.Sprintf("%s (needs %s judgments)", m.Name, f))
		}
		if e.ties == TiesAverage && !c.averages() {
			return nil, fmt.Errorf("measure %s has no tie-averaged form (--ties average); use docno or input", m.Name)
		}
		e.specs = append(e.specs, &c)
		vs := c.values()
		e.values = append(e.values, vs...)
		e.offsets = append(e.offsets, len(e.values))
		for _, v := range vs {
			e.hasText = e.hasText || v.Text
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("cannot compute from %s judgments: %s", e.format, strings.Join(bad, ", "))
	}
	return e, nil
}

// resolve returns the measure's spec, reading Name (and the parameter
// fields) for a TrecMeasure written as a literal.
func (m TrecMeasure) resolve() (*measureSpec, error) {
	if m.spec != nil {
		return m.spec, nil
	}
	i := trecDefIndex(m.Name)
	if i < 0 {
		if isIRMeasureArg(m.Name) {
			return parseIRMeasure(m.Name)
		}
		return nil, fmt.Errorf("unknown trec_eval measure %s", m.Name)
	}
	s, err := newTrecSpec(trecDefs[i], "", false)
	if err != nil {
		return nil, err
	}
	if m.Cutoffs != nil {
		s.cuts = m.Cutoffs
	}
	if m.Recalls != nil {
		s.dcuts = m.Recalls
	}
	if m.Params != nil {
		s.doubles = m.Params
	}
	if m.Gains != nil {
		s.pairs = m.Gains
	}
	s.names = s.valueNames()
	return s, nil
}

// format is the judgment format the measure reads, "" for any.
func (s *measureSpec) format() JudgmentFormat {
	if s.ir != nil {
		return QrelsFormat
	}
	return s.def.format
}

// Values lists the numbers each query result and the summary hold, in
// trec_eval's output order.
func (e *TrecEval) Values() []TrecValue { return e.values }

// Measures returns the measures being evaluated.
func (e *TrecEval) Measures() []TrecMeasure { return e.measures }

// Options returns options that make another evaluator compute as e does
// (relevance level, -M, -c, -J, -N, judgments, ties, largest relevance),
// for other measures.
func (e *TrecEval) Options() []TrecOption {
	c := *e
	return []TrecOption{trecOptionFunc(func(x *TrecEval) {
		x.level, x.maxDocs, x.complete, x.judgedOnly = c.level, c.maxDocs, c.complete, c.judgedOnly
		x.numDocsInColl, x.format, x.ties, x.maxRel, x.maxRelSet = c.numDocsInColl, c.format, c.ties, c.maxRel, c.maxRelSet
	})}
}

// Format returns the judgment format the evaluator reads.
func (e *TrecEval) Format() JudgmentFormat { return e.format }

// NeedsGroups reports whether a measure reads QueryJudgments.Groups: the
// qrels_jg measures, and ndeval's (alpha_nDCG...), which read the subtopics
// of a diversity qrels file.
func (e *TrecEval) NeedsGroups() bool {
	if e.format == QrelsJGFormat {
		return true
	}
	for _, s := range e.specs {
		if s.ir != nil && s.ir.subtopics {
			return true
		}
	}
	return false
}

// TrecQueryResult is the evaluation of one query.
type TrecQueryResult struct {
	// Values is parallel to TrecEval.Values. For gm_map and gm_bpref it
	// holds log(max(value, 0.00001)), the term the geometric mean averages;
	// for a text value, 0.
	Values []float64
	// Texts is parallel to Values and holds the text of text values
	// (relstring); nil when the evaluator has none.
	Texts []string
	// positive is the number of judgments with relevance > 0, which the
	// summary num_rel counts under CompleteAveraging.
	positive int
}

// Query evaluates one query of qrels judgments: judged maps docno to
// relevance, docs are the retrieved documents in any order (not modified).
// It returns Evaluate's errors.
func (e *TrecEval) Query(judged map[string]int, docs []ScoredDoc) (TrecQueryResult, error) {
	return e.Worker().Query(judged, docs)
}

// Evaluate evaluates one query: its judgments and its retrieved documents,
// in any order (docs is not modified). A NaN score, a docno retrieved twice
// and preferences trec_eval refuses are errors.
func (e *TrecEval) Evaluate(j QueryJudgments, docs []ScoredDoc) (TrecQueryResult, error) {
	return e.Worker().Evaluate(j, docs)
}

// TrecWorker evaluates queries one after another reusing its memory; a
// TrecWorker is not safe for concurrent use, make one per goroutine.
type TrecWorker struct {
	eval *TrecEval
	ctx  queryCtx
}

// Worker returns a TrecWorker of e.
func (e *TrecEval) Worker() *TrecWorker { return &TrecWorker{eval: e} }

// Query is TrecEval.Query without the per-call allocations of its working
// memory.
func (w *TrecWorker) Query(judged map[string]int, docs []ScoredDoc) (TrecQueryResult, error) {
	return w.Evaluate(QueryJudgments{Rel: judged}, docs)
}

// Evaluate is TrecEval.Evaluate without the per-call allocations of its
// working memory.
func (w *TrecWorker) Evaluate(j QueryJudgments, docs []ScoredDoc) (TrecQueryResult, error) {
	e := w.eval
	c := &w.ctx
	if err := c.reset(e, j, docs); err != nil {
		return TrecQueryResult{}, err
	}
	res := TrecQueryResult{Values: make([]float64, len(e.values)), positive: j.positives(e.format)}
	if e.hasText {
		res.Texts = make([]string, len(e.values))
	}
	for i, s := range e.specs {
		from, to := e.offsets[i], e.offsets[i+1]
		var texts []string
		if res.Texts != nil {
			texts = res.Texts[from:to]
		}
		if err := c.compute(s, res.Values[from:to], texts); err != nil {
			return TrecQueryResult{}, err
		}
	}
	return res, nil
}

// missingDoc is the document trec_eval ranks for a judged query the run
// lacks under -c.
const missingDoc = "ceci_nest_pas_un_docno"

// Missing returns the result trec_eval -c gives a judged query of qrels
// judgments that the run lacks: MissingJudgments of QueryJudgments{Rel:
// judged}.
func (e *TrecEval) Missing(judged map[string]int) TrecQueryResult {
	res, err := e.MissingJudgments(QueryJudgments{Rel: judged})
	if err != nil {
		// Only preferences can fail, and judged holds none.
		panic("metrics: " + err.Error())
	}
	return res
}

// MissingJudgments returns the result trec_eval -c gives a judged query
// absent from the run: trec_eval ranks a single document
// "ceci_nest_pas_un_docno" of score 1 (unjudged, unless the judgments name
// it), then sets num_ret, utility, rbp_resid and the unj values to 0 and
// relstring to "" (by those exact names, as trec_eval does: utility given
// parameters keeps its value). Every other measure scores that one-document
// ranking: 0 for most, and gm_map's log(0.00001). The error is Evaluate's
// for preferences trec_eval refuses.
func (e *TrecEval) MissingJudgments(j QueryJudgments) (TrecQueryResult, error) {
	res, err := e.Evaluate(j, []ScoredDoc{{DocNo: missingDoc, Score: 1}})
	if err != nil {
		return TrecQueryResult{}, err
	}
	for i, v := range e.values {
		switch {
		case v.Name == "num_ret" || v.Name == "utility" || v.Name == "rbp_resid" || strings.HasPrefix(v.Name, "unj"):
			res.Values[i] = 0
		case v.Name == "relstring":
			res.Texts[i] = ""
		}
	}
	for k, s := range e.specs {
		if s.ir != nil && s.ir.zeroWhenMissing {
			for i := e.offsets[k]; i < e.offsets[k+1]; i++ {
				res.Values[i] = 0
			}
		}
	}
	return res, nil
}

// geometric is the summary of a geometric-mean value.
func geometric(sumLogs float64, n int) float64 {
	return math.Exp(sumLogs / float64(n))
}
