package metrics

import (
	"fmt"
	"math"
)

// Tie-averaged measures (TiesAverage). A query's documents are ordered by
// score; documents of equal score form a group, and the value at a rank is
// the mean over the rank's group of what the measure reads there (the
// indicator of relevance, the gain, the indicator of an unjudged document).
// For a measure that sums such values with weights that depend on the rank
// only, that is the exact mean of the measure over all orders of the tied
// documents. -M cuts the averaged ranking; its cut through a group keeps
// the group's mean at the ranks it keeps.

// avgQuery is a query's ranking under TiesAverage.
type avgQuery struct {
	rr    resRels // the docno-descending ranking: counts over the judgments
	rels  []int   // every document's code, in that order, uncut
	group []int   // group index of each document
	start []int   // first rank of each group; start[len] = len(rels)
	n     int     // ranks kept (-M)
}

// averageQuery builds the averaged ranking of measure s.
func (c *queryCtx) averageQuery(s *measureSpec) (*avgQuery, error) {
	lvl := c.level(s)
	if c.judgedOnly(s) && c.e.maxDocs >= 0 {
		return nil, fmt.Errorf("measure %s: --ties average cannot combine -J with -M (which documents are judged within the cut depends on the order of ties)", s.name)
	}
	judged := c.j.Rel
	if s.ir != nil && s.ir.relMap != nil {
		judged = s.ir.mapRelevance(judged)
	}
	q := &avgQuery{}
	formRelLevels(&q.rr, judged, lvl)
	prev := math.NaN()
	for _, d := range c.ordered(orderDocnoDesc) {
		rel := relCode(judged, d.DocNo)
		if rel < 0 && c.judgedOnly(s) {
			continue
		}
		if len(q.rels) == 0 || d.Score != prev {
			q.start = append(q.start, len(q.rels))
		}
		prev = d.Score
		q.group = append(q.group, len(q.start)-1)
		q.rels = append(q.rels, rel)
	}
	q.start = append(q.start, len(q.rels))
	q.n = len(q.rels)
	if c.e.maxDocs >= 0 && q.n > c.e.maxDocs {
		q.n = c.e.maxDocs
	}
	q.rr.numRet = q.n
	return q, nil
}

// mean returns, for each kept rank, the mean of f over its group.
func (q *avgQuery) mean(f func(rel int) float64) []float64 {
	sums := make([]float64, len(q.start)-1)
	for i, r := range q.rels {
		sums[q.group[i]] += f(r)
	}
	out := make([]float64, q.n)
	for i := range out {
		g := q.group[i]
		out[i] = sums[g] / float64(q.start[g+1]-q.start[g])
	}
	return out
}

// expected returns the sum over the kept ranks of the means of f.
func (q *avgQuery) expected(f func(rel int) float64) float64 {
	s := 0.0
	for _, v := range q.mean(f) {
		s += v
	}
	return s
}

func indicator(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// relevantAt is the indicator trec_eval's measures test at a rank.
func relevantAt(lvl int) func(int) float64 {
	return func(r int) float64 { return indicator(r >= lvl) }
}

// judgedRelevant is what num_rel_ret counts: judged, relevance >= level.
func judgedRelevant(lvl int) func(int) float64 {
	return func(r int) float64 { return indicator(r >= 0 && r >= lvl) }
}

// prefixSums returns s[k] = sum of v[:k].
func prefixSums(v []float64) []float64 {
	s := make([]float64, len(v)+1)
	for i, x := range v {
		s[i+1] = s[i] + x
	}
	return s
}

// firstRelevantPosition returns, for a group of size size holding rel
// relevant documents in a random order, the probability that the first
// relevant one is at position j (0-based) for each j.
func firstRelevantPosition(size, rel int) []float64 {
	p := make([]float64, size-rel+1)
	none := 1.0 // probability that positions before j hold none
	for j := range p {
		p[j] = none * float64(rel) / float64(size-j)
		none *= float64(size-rel-j) / float64(size-j)
	}
	return p
}

// averages reports whether the measure has a tie-averaged form.
func (s *measureSpec) averages() bool {
	return s.averaged() != nil
}

// computeAverage is compute under TiesAverage.
func (c *queryCtx) computeAverage(s *measureSpec, out []float64) error {
	q, err := c.averageQuery(s)
	if err != nil {
		return err
	}
	return s.averaged()(c, q, c.level(s), s, out)
}
