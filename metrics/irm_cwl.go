package metrics

import "math"

// cwl_eval's C/W/L framework (github.com/ireval/cwl, cwl/ruler), as
// ir_measures' cwl_eval provider calls it: a measure is a continuation
// vector C over the first 1000 ranks (cwl's max_n; the ranking is cut or
// padded with gain 0 to that length), from which the weight of rank i is
// W_i = prod_{j<i} C_j / sum_k prod_{j<k} C_j, and the value is the
// expected utility sum_i W_i * gain_i.

// cwlDepth is cwl_eval's max_n.
const cwlDepth = 1000

// cwlKind selects a C/W/L measure.
type cwlKind uint8

const (
	cwlRBP cwlKind = iota
	cwlINST
	cwlINSQ
	cwlNERR8
	cwlNERR9
	cwlNERR10
	cwlNERR11
	cwlSDCG
	cwlBPM
)

// cwlParams are a C/W/L measure's parameters.
type cwlParams struct {
	kind cwlKind
	p, t float64 // RBP's and NERR10's persistence; T of INST, INSQ, NERR11, BPM
	k    int     // cutoff of NERR8, NERR9, SDCG, BPM
	// Gains: with binary, 1 for relevance >= binaryLevel, else 0; with
	// graded, (clip(rel, minRel, maxRel) - minRel) / (maxRel - minRel); with
	// neither (RBP without rel), the relevance itself. Negative relevance is
	// 0 first, as ir_measures clips it.
	binary, graded bool
	binaryLevel    int
	minRel, maxRel float64
}

// cwlGain is a judged relevance's gain.
func (p *cwlParams) gain(rel int) float64 {
	r := float64(max(rel, 0))
	switch {
	case p.binary:
		if r >= float64(p.binaryLevel) {
			return 1
		}
		return 0
	case p.graded:
		r = min(max(r, p.minRel), p.maxRel)
		return (r - p.minRel) / (p.maxRel - p.minRel)
	}
	return r
}

func calcCWL(c *queryCtx, s *measureSpec, out []float64) error {
	p := s.ir.cwl
	gains := make([]float64, cwlDepth)
	for i, d := range c.ranked(s) {
		if i >= cwlDepth {
			break
		}
		if rel, ok := c.j.Rel[d.DocNo]; ok {
			gains[i] = p.gain(rel)
		}
		if (p.kind != cwlRBP || p.binary || p.graded) && (gains[i] < 0 || gains[i] > 1) {
			return irDataError(s, "gain %g of docno %q is outside [0, 1]; give max_rel", gains[i], d.DocNo)
		}
	}
	cwlUtility(&p, gains, out)
	return nil
}

// cwlUtility is the expected utility of gains (cwlDepth of them).
func cwlUtility(p *cwlParams, gains []float64, out []float64) {
	cvec := p.continuation(gains)
	// W: cumulative products of C, a leading 1, normalized to sum 1.
	prod := make([]float64, cwlDepth)
	prod[0] = 1
	for i := 1; i < cwlDepth; i++ {
		prod[i] = prod[i-1] * cvec[i-1]
	}
	total := 0.0
	for _, x := range prod {
		total += x
	}
	w1 := 1 / total
	eu := 0.0
	for i, g := range gains {
		w := w1
		if i > 0 {
			w = prod[i] * w1
		}
		eu += w * g
	}
	out[0] = eu
}

// continuation is each measure's C vector (cwl_<measure>.py's c_vector).
func (p *cwlParams) continuation(gains []float64) []float64 {
	c := make([]float64, len(gains))
	cum := 0.0
	for i, g := range gains {
		rank := float64(i + 1)
		cum += g
		switch p.kind {
		case cwlRBP:
			c[i] = p.p
		case cwlINST:
			ti := p.t - cum
			c[i] = math.Pow((rank+p.t+ti-1)/(rank+p.t+ti), 2)
		case cwlINSQ:
			c[i] = math.Pow((rank+2*p.t-1)/(rank+2*p.t), 2)
		case cwlNERR8:
			if i < p.k-1 {
				c[i] = 1 - g
			}
		case cwlNERR9:
			if i < p.k-1 {
				c[i] = rank / (rank + 1) * (1 - g)
			}
		case cwlNERR10:
			c[i] = p.p * (1 - g)
		case cwlNERR11:
			c[i] = math.Pow((rank+2*p.t-1)/(rank+2*p.t), 2) * (1 - g)
		case cwlSDCG:
			if i+1 < p.k {
				c[i] = math.Log(rank+1) / math.Log(rank+2)
			}
		case cwlBPM:
			// Costs are all 1 (cwl's default), so the cost constraint
			// continues while rank < K.
			if cum < p.t && rank < float64(p.k) {
				c[i] = 1
			}
		}
	}
	return c
}
