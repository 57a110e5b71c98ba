package metrics

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// tieOrder is an order of a query's documents: score descending, equal
// scores by docno descending (trec_eval's comp_sim_docno), by docno
// ascending (form_prefs_counts' comparison, ndeval's and ir_measures'
// sort), or in input order (a stable sort).
type tieOrder uint8

const (
	orderDocnoDesc tieOrder = iota
	orderDocnoAsc
	orderInput
	numOrders
)

// queryCtx holds one query's input and what its measures derive from it,
// each derived structure built once per query on first use.
type queryCtx struct {
	e       *TrecEval
	j       QueryJudgments
	docs    []ScoredDoc // the input order
	orders  [numOrders][]ScoredDoc
	sorted  [numOrders]bool
	rrs     []rrEntry
	jg      []resRels
	jgKey   rrKey
	jgDone  bool
	prefs   resultsPrefs
	prefsOK bool
	gainBuf []relGain
	scratch rankScratch
}

type rrKey struct {
	order      tieOrder
	level      int
	judgedOnly bool
	relMap     *irSpec // an ir_measures nDCG's gains map; nil for none
}

type rrEntry struct {
	key rrKey
	rr  *resRels
}

// reset starts a query: it copies docs and checks them.
func (c *queryCtx) reset(e *TrecEval, j QueryJudgments, docs []ScoredDoc) error {
	c.e, c.j = e, j
	c.docs = append(c.docs[:0], docs...)
	for _, d := range c.docs {
		if math.IsNaN(d.Score) {
			return fmt.Errorf("metrics: NaN score for docno %q", d.DocNo)
		}
	}
	if i := c.scratch.duplicate(c.docs); i >= 0 {
		return &DuplicateDocError{DocNo: c.docs[i].DocNo}
	}
	c.sorted = [numOrders]bool{}
	for i := range c.rrs {
		c.rrs[i].key = rrKey{order: numOrders}
	}
	c.jgDone, c.prefsOK = false, false
	return nil
}

// ordered returns the documents in order o.
func (c *queryCtx) ordered(o tieOrder) []ScoredDoc {
	if c.sorted[o] {
		return c.orders[o]
	}
	d := append(c.orders[o][:0], c.docs...)
	switch o {
	case orderDocnoDesc:
		if !slices.IsSortedFunc(d, compareScoredDocs) {
			slices.SortFunc(d, compareScoredDocs)
		}
	case orderDocnoAsc:
		slices.SortFunc(d, func(a, b ScoredDoc) int {
			return cmp.Or(cmp.Compare(b.Score, a.Score), strings.Compare(a.DocNo, b.DocNo))
		})
	case orderInput:
		slices.SortStableFunc(d, func(a, b ScoredDoc) int { return cmp.Compare(b.Score, a.Score) })
	}
	c.orders[o], c.sorted[o] = d, true
	return d
}

// orderOf is the order a measure reads under the evaluator's tie policy.
func (c *queryCtx) orderOf(s *measureSpec) tieOrder {
	if c.e.ties == TiesInput {
		return orderInput
	}
	if s.ir != nil {
		return s.ir.order
	}
	if s.def.format == PrefsFormat {
		return orderDocnoAsc
	}
	return orderDocnoDesc
}

// level is the relevance level a measure uses: its own (ir_measures' rel)
// or -l.
func (c *queryCtx) level(s *measureSpec) int {
	if s.ir != nil && s.ir.hasLevel {
		return s.ir.level
	}
	return c.e.level
}

func (c *queryCtx) judgedOnly(s *measureSpec) bool {
	return c.e.judgedOnly || (s.ir != nil && s.ir.judgedOnly)
}

// resRels returns the query's resRels as measure s reads it.
func (c *queryCtx) resRels(s *measureSpec) *resRels {
	key := rrKey{order: c.orderOf(s), level: c.level(s), judgedOnly: c.judgedOnly(s)}
	if s.ir != nil && s.ir.relMap != nil {
		key.relMap = s.ir
	}
	free := -1
	for i := range c.rrs {
		if c.rrs[i].key == key {
			return c.rrs[i].rr
		}
		if c.rrs[i].key.order == numOrders && free < 0 {
			free = i
		}
	}
	if free < 0 {
		c.rrs = append(c.rrs, rrEntry{rr: &resRels{}})
		free = len(c.rrs) - 1
	}
	e := &c.rrs[free]
	e.key = key
	judged := c.j.Rel
	if key.relMap != nil {
		judged = key.relMap.mapRelevance(judged)
	}
	formResRels(e.rr, judged, c.ordered(key.order), c.e.maxDocs, key.judgedOnly, key.level)
	return e.rr
}

// jgResRels returns one resRels per judgment group, in group id order
// (te_form_res_rels_jg).
func (c *queryCtx) jgResRels(s *measureSpec) []resRels {
	key := rrKey{order: c.orderOf(s), level: c.level(s), judgedOnly: c.judgedOnly(s)}
	if c.jgDone && c.jgKey == key {
		return c.jg
	}
	groups := slices.Clone(c.j.Groups)
	slices.SortFunc(groups, func(a, b JudgmentGroup) int { return strings.Compare(a.ID, b.ID) })
	if cap(c.jg) < len(groups) {
		c.jg = make([]resRels, len(groups))
	}
	c.jg = c.jg[:len(groups)]
	ordered := c.ordered(key.order)
	for g := range groups {
		formResRels(&c.jg[g], groups[g].Rel, ordered, c.e.maxDocs, key.judgedOnly, key.level)
	}
	c.jgKey, c.jgDone = key, true
	return c.jg
}

// resultsPrefs returns the query's preferences counted against its
// ranking.
func (c *queryCtx) resultsPrefs(s *measureSpec) (*resultsPrefs, error) {
	if c.prefsOK {
		return &c.prefs, nil
	}
	if err := formPrefsCounts(&c.prefs, c.j.Prefs, c.ordered(c.orderOf(s)), c.e.maxDocs); err != nil {
		return nil, err
	}
	c.prefsOK = true
	return &c.prefs, nil
}

// gains returns setupGains' gains, in memory the next call reuses.
func (c *queryCtx) gains(rr *resRels, pairs []TrecGain) []relGain {
	c.gainBuf = setupGains(pairs, rr, c.gainBuf)
	return c.gainBuf
}

// compute writes measure s's values of the query into out (zeros on entry)
// and, for a text measure, its text into texts.
func (c *queryCtx) compute(s *measureSpec, out []float64, texts []string) error {
	if c.e.ties == TiesAverage {
		return c.computeAverage(s, out)
	}
	if s.ir != nil && s.ir.calc != nil {
		return s.ir.calc(c, s, out)
	}
	d := s.def
	switch {
	case d.name == "runid":
	case d.name == "num_q":
		out[0] = 1
	case d.text:
		texts[0] = relString(c.resRels(s), s)
	case d.rr != nil:
		d.rr(c.resRels(s), c.level(s), s, out)
	case d.gain != nil:
		d.gain(c, c.resRels(s), s, out)
	case d.jg != nil:
		d.jg(c.jgResRels(s), c.level(s), s, out)
	case d.prefs != nil:
		rp, err := c.resultsPrefs(s)
		if err != nil {
			return err
		}
		d.prefs(rp, s, out)
	}
	return nil
}
