package metrics

import (
	"cmp"
	"math"
	"slices"
)

// The measures ir_measures takes from providers other than pytrec_eval
// (trec_eval), ported from the providers' sources: gdeval.pl (ERR@k and
// nDCG(dcg='exp-log2')@k), ir_measures' judged provider (Judged@k),
// msmarco_eval.py (RR@k), cwl_eval's C/W/L framework (RBP, INST, INSQ,
// NERR8..NERR11, SDCG, BPM); ndeval's are in irm_ndeval.go.

// ranked returns the documents measure s reads, in its order, cut at -M,
// without unjudged ones under -J or judged_only.
func (c *queryCtx) ranked(s *measureSpec) []ScoredDoc {
	d := c.ordered(c.orderOf(s))
	if c.e.maxDocs >= 0 && len(d) > c.e.maxDocs {
		d = d[:c.e.maxDocs]
	}
	if !c.judgedOnly(s) {
		return d
	}
	var out []ScoredDoc
	for _, x := range d {
		if c.judgedAnywhere(x.DocNo) {
			out = append(out, x)
		}
	}
	return out
}

// judgedAnywhere reports whether the qrels (or a subtopic of them) judge
// docno, whatever the relevance.
func (c *queryCtx) judgedAnywhere(docno string) bool {
	if _, ok := c.j.Rel[docno]; ok {
		return true
	}
	for _, g := range c.j.Groups {
		if _, ok := g.Rel[docno]; ok {
			return true
		}
	}
	return false
}

// gdevalMaxJudgment is gdeval.pl's $MAX_JUDGMENT: it refuses larger
// judgments, and ERR's gains are scaled by 2^4.
const gdevalMaxJudgment = 4

// gdevalGain is a document's gdeval gain: its judgment when positive, else
// 0 (gdeval keeps only positive judgments).
func gdevalGain(judged map[string]int, docno string) float64 {
	if r, ok := judged[docno]; ok && r > 0 {
		return float64(r)
	}
	return 0
}

// calcGdevalERR is gdeval.pl's err: sum over the first k ranks of
// r_i * decay_i / i, r_i = (2^g_i - 1) / 2^4, decay the product of (1 - r)
// above. A judgment above 4 is refused, as gdeval dies on it.
func calcGdevalERR(c *queryCtx, s *measureSpec, out []float64) error {
	if err := gdevalCheck(c, s); err != nil {
		return err
	}
	score, decay := 0.0, 1.0
	for i, d := range c.ranked(s) {
		if i >= s.ir.cutoff {
			break
		}
		r := (math.Pow(2, gdevalGain(c.j.Rel, d.DocNo)) - 1) / math.Pow(2, gdevalMaxJudgment)
		score += r * decay / float64(i+1)
		decay *= 1 - r
	}
	out[0] = score
	return nil
}

// calcGdevalNDCG is gdeval.pl's ndcg: sum over the first k ranks of
// (2^g - 1) / ln(i + 1), over the same sum for the positive judgments in
// decreasing order; 0 when the query has none (gdeval prints no line).
func calcGdevalNDCG(c *queryCtx, s *measureSpec, out []float64) error {
	if err := gdevalCheck(c, s); err != nil {
		return err
	}
	k := s.ir.cutoff
	var gains []float64
	for _, d := range c.ranked(s) {
		gains = append(gains, gdevalGain(c.j.Rel, d.DocNo))
	}
	var ideal []float64
	for _, r := range c.j.Rel {
		if r > 0 {
			ideal = append(ideal, float64(r))
		}
	}
	sortDescending(ideal)
	if id := gdevalDCG(k, ideal); id > 0 {
		out[0] = gdevalDCG(k, gains) / id
	}
	return nil
}

func gdevalDCG(k int, gains []float64) float64 {
	score := 0.0
	for i, g := range gains {
		if i >= k {
			break
		}
		score += (math.Pow(2, g) - 1) / math.Log(float64(i+2))
	}
	return score
}

func gdevalCheck(c *queryCtx, s *measureSpec) error {
	for d, r := range c.j.Rel {
		if r > gdevalMaxJudgment {
			return irDataError(s, "docno %q has relevance %d; gdeval.pl's gains stop at %d", d, r, gdevalMaxJudgment)
		}
	}
	return nil
}

// calcJudged is ir_measures' judged provider: the share of the first k
// documents (all without a cutoff) that the qrels judge, whatever the
// relevance; k is the number retrieved when fewer are.
func calcJudged(c *queryCtx, s *measureSpec, out []float64) error {
	docs := c.ranked(s)
	k := s.ir.cutoff
	if k <= 0 || k > len(docs) {
		k = len(docs)
	}
	if k == 0 {
		return nil
	}
	n := 0
	for _, d := range docs[:k] {
		if _, ok := c.j.Rel[d.DocNo]; ok {
			n++
		}
	}
	out[0] = float64(n) / float64(k)
	return nil
}

// calcMsmarcoRR is msmarco_eval.py's MRR@k by query: 1 / rank of the first
// document of relevance >= rel among the first k.
func calcMsmarcoRR(c *queryCtx, s *measureSpec, out []float64) error {
	lvl := c.level(s)
	for i, d := range c.ranked(s) {
		if i >= s.ir.cutoff {
			break
		}
		if r, ok := c.j.Rel[d.DocNo]; ok && r >= lvl {
			out[0] = 1 / float64(i+1)
			return nil
		}
	}
	return nil
}

func sortDescending(x []float64) {
	slices.SortFunc(x, func(a, b float64) int { return cmp.Compare(b, a) })
}
