package metrics

import (
	"math"
	"slices"
	"strings"
)

// ndeval's intent-aware measures (ndeval.c of the TREC Web track, version
// 4.5, as pyndeval wraps it for ir_measures): alpha_DCG, alpha_nDCG,
// ERR_IA, nERR_IA, P_IA, StRecall at k <= 20, NRBP, nNRBP and AP_IA. The
// judgments are the subtopics of a diversity qrels (QueryJudgments.Groups,
// the iter column), a document relevant to a subtopic when its judgment
// there is >= rel (pyndeval's binarization).

// ndevalDepth is ndeval's DEPTH: the deepest cutoff it computes.
const ndevalDepth = 20

// ndevalKind selects an ndeval measure.
type ndevalKind uint8

const (
	ndevalAlphaDCG ndevalKind = iota
	ndevalAlphaNDCG
	ndevalERRIA
	ndevalNERRIA
	ndevalPIA
	ndevalStRecall
	ndevalNRBP
	ndevalNNRBP
	ndevalAPIA
)

type ndevalParams struct {
	kind        ndevalKind
	alpha, beta float64
	k           int
}

// ndevalList is ndeval's rList: a ranked list (a run's, or the ideal one)
// with each document's subtopic judgments, and its measures.
type ndevalList struct {
	rels     [][]bool // per rank: relevant to each subtopic; nil when unjudged
	docnos   []string
	nrelSub  []int
	actual   int // subtopics with a relevant document
	dcg, err [ndevalDepth]float64
	nrbp     float64
	ndcg     [ndevalDepth]float64
	nerr     [ndevalDepth]float64
	prec     [ndevalDepth]float64
	strec    [ndevalDepth]float64
	mapIA    float64
}

func calcNdeval(c *queryCtx, s *measureSpec, out []float64) error {
	p := s.ir.ndeval
	lvl := c.level(s)
	groups := c.j.Groups
	// Each judged docno's relevance per subtopic.
	judged := map[string][]bool{}
	for j, g := range groups {
		for d, r := range g.Rel {
			v := judged[d]
			if v == nil {
				v = make([]bool, len(groups))
				judged[d] = v
			}
			v[j] = v[j] || r >= lvl
		}
	}
	ideal := ndevalIdeal(judged, len(groups), p.alpha, p.beta)
	run := &ndevalList{nrelSub: ideal.nrelSub, actual: ideal.actual}
	for _, d := range c.ranked(s) {
		run.docnos = append(run.docnos, d.DocNo)
		run.rels = append(run.rels, judged[d.DocNo])
	}
	run.computeDCG(p.alpha)
	run.computeNRBP(p.alpha, p.beta)
	run.computeERR(p.alpha)
	for i := range ndevalDepth {
		if run.dcg[i] != 0 {
			run.ndcg[i] = run.dcg[i] / ideal.dcg[i]
			run.nerr[i] = run.err[i] / ideal.err[i]
		}
	}
	nnrbp := run.nrbp / ideal.nrbp
	run.computeCoverage()
	run.computeMAP()
	k := p.k - 1
	switch p.kind {
	case ndevalAlphaDCG:
		out[0] = run.dcg[k]
	case ndevalAlphaNDCG:
		out[0] = run.ndcg[k]
	case ndevalERRIA:
		out[0] = run.err[k]
	case ndevalNERRIA:
		out[0] = run.nerr[k]
	case ndevalPIA:
		out[0] = run.prec[k]
	case ndevalStRecall:
		out[0] = run.strec[k]
	case ndevalNRBP:
		out[0] = run.nrbp
	case ndevalNNRBP:
		out[0] = nnrbp
	case ndevalAPIA:
		out[0] = run.mapIA
	}
	return nil
}

// ndevalIdeal is qrelPopulateResultList: the ideal list of the judged
// documents, built greedily (idealResult: at each rank the document adding
// the most not-yet-discounted subtopic gain, ties to the greater docno),
// with its DCG, NRBP and ERR.
func ndevalIdeal(judged map[string][]bool, subtopics int, alpha, beta float64) *ndevalList {
	l := &ndevalList{nrelSub: make([]int, subtopics)}
	docs := make([]string, 0, len(judged))
	for d := range judged {
		docs = append(docs, d)
	}
	slices.Sort(docs)
	for _, d := range docs {
		for j, r := range judged[d] {
			if r {
				l.nrelSub[j]++
			}
		}
	}
	for _, n := range l.nrelSub {
		if n > 0 {
			l.actual++
		}
	}
	gain := make([]float64, subtopics)
	for j := range gain {
		gain[j] = 1
	}
	used := make([]bool, len(docs))
	for range docs {
		where, best := -1, 0.0
		for i, d := range docs {
			if used[i] {
				continue
			}
			score := 0.0
			for j, r := range judged[d] {
				if r {
					score += gain[j]
				}
			}
			if where == -1 || score > best || (score == best && strings.Compare(d, docs[where]) > 0) {
				where, best = i, score
			}
		}
		used[where] = true
		l.docnos = append(l.docnos, docs[where])
		l.rels = append(l.rels, judged[docs[where]])
		for j, r := range judged[docs[where]] {
			if r {
				gain[j] *= 1 - alpha
			}
		}
	}
	l.computeDCG(alpha)
	l.computeNRBP(alpha, beta)
	l.computeERR(alpha)
	return l
}

// ndevalDiscount is ndeval's discount: log(2) / log(rank + 2) for a 0-based
// rank, 1 for rank 0 (as ndeval caches it).
func ndevalDiscount(rank int) float64 {
	if rank <= 0 {
		return 1
	}
	return math.Log(2.0) / math.Log(float64(rank)+2.0)
}

// scores calls f with each of the first n ranks' gain: the sum over the
// subtopics it is relevant to of (1 - alpha)^(earlier ranks relevant to
// the subtopic).
func (l *ndevalList) scores(n int, alpha float64, f func(i int, score float64)) {
	gain := make([]float64, len(l.nrelSub))
	for j := range gain {
		gain[j] = 1
	}
	for i := 0; i < n && i < len(l.rels); i++ {
		score := 0.0
		for j, r := range l.rels[i] {
			if r {
				score += gain[j]
				gain[j] *= 1 - alpha
			}
		}
		f(i, score)
	}
}

// computeDCG is ndeval's computeDCG: cumulative gain discounted by
// ndevalDiscount, over the "ideal ideal" of every subtopic at every rank.
func (l *ndevalList) computeDCG(alpha float64) {
	l.cumulative(&l.dcg, alpha, func(s float64, i int) float64 { return s * ndevalDiscount(i) })
}

// computeERR is ndeval's computeERR: the same with gain / rank.
func (l *ndevalList) computeERR(alpha float64) {
	l.cumulative(&l.err, alpha, func(s float64, i int) float64 { return s / float64(i+1) })
}

// cumulative fills dst with the running sum of discount(gain, rank) over
// the first ndevalDepth ranks, each normalized (from the second rank on, as
// ndeval does) by the same sum for actual subtopics all covered at every
// rank.
func (l *ndevalList) cumulative(dst *[ndevalDepth]float64, alpha float64, discount func(s float64, i int) float64) {
	*dst = [ndevalDepth]float64{}
	if l.actual == 0 {
		return
	}
	l.scores(ndevalDepth, alpha, func(i int, s float64) { dst[i] = discount(s, i) })
	var idealIdeal [ndevalDepth]float64
	g := float64(l.actual)
	for i := range ndevalDepth {
		idealIdeal[i] = discount(g, i)
		g *= 1 - alpha
	}
	for i := 1; i < ndevalDepth; i++ {
		dst[i] += dst[i-1]
		idealIdeal[i] += idealIdeal[i-1]
	}
	for i := 1; i < ndevalDepth; i++ {
		dst[i] /= idealIdeal[i]
	}
}

func (l *ndevalList) computeNRBP(alpha, beta float64) {
	l.nrbp = 0
	if l.actual == 0 {
		return
	}
	decay := 1.0
	l.scores(len(l.rels), alpha, func(_ int, s float64) {
		l.nrbp += s * decay
		decay *= beta
	})
	l.nrbp *= (1 - (1-alpha)*beta) / float64(l.actual)
}

// computeCoverage is computeSTRecall and computePrecision: the share of
// subtopics covered by the first i ranks, and the subtopic judgments of
// the first i ranks over i times the subtopics, for i up to ndeval's depth.
func (l *ndevalList) computeCoverage() {
	if l.actual == 0 {
		return
	}
	seen := make([]bool, len(l.nrelSub))
	covered, count := 0, 0
	for i := range ndevalDepth {
		if i < len(l.rels) {
			for j, r := range l.rels[i] {
				if r {
					count++
					if !seen[j] {
						seen[j] = true
						covered++
					}
				}
			}
		}
		l.strec[i] = float64(covered) / float64(l.actual)
		l.prec[i] = float64(count) / float64((i+1)*l.actual)
	}
}

func (l *ndevalList) computeMAP() {
	l.mapIA = 0
	if l.actual == 0 {
		return
	}
	count := make([]int, len(l.nrelSub))
	total := make([]float64, len(l.nrelSub))
	for i, rels := range l.rels {
		for j, r := range rels {
			if r {
				count[j]++
				total[j] += float64(count[j]) / float64(i+1)
			}
		}
	}
	for j, n := range l.nrelSub {
		if n > 0 {
			l.mapIA += total[j] / float64(n)
		}
	}
	l.mapIA /= float64(l.actual)
}
