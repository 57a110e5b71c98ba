package metrics

// The trec_eval measures with gain values (m_ndcg.c for ndcg, dcg and
// ideal_dcg; m_ndcg_rel.c, m_Rndcg.c, m_G.c, m_rbp.c, m_rbp_resid.c),
// ported line by line. Gains come from setupGains: each judged relevance
// level's own value unless a "level=gain" parameter says otherwise.

// idealWalk steps through the ideal ranking's gains, highest first, as the
// cur_level/num_at_level loops of m_ndcg.c do.
type idealWalk struct {
	gains      []relGain
	curLevel   int
	numAtLevel int
	gain       float64
}

func newIdealWalk(gains []relGain) idealWalk {
	w := idealWalk{gains: gains, curLevel: len(gains) - 1}
	if w.curLevel >= 0 {
		w.gain = gains[w.curLevel].gain
	}
	return w
}

// next moves to the next ideal rank and returns its gain.
func (w *idealWalk) next() float64 {
	w.numAtLevel++
	for w.curLevel >= 0 && w.numAtLevel > w.gains[w.curLevel].count {
		w.numAtLevel = 1
		w.curLevel--
		if w.curLevel >= 0 {
			w.gain = w.gains[w.curLevel].gain
		} else {
			w.gain = 0
		}
	}
	return w.gain
}

// rankGains returns the gain of each rank (get_gain of its relevance).
func rankGains(rr *resRels, gains []relGain) []float64 {
	out := make([]float64, len(rr.rels))
	for i, r := range rr.rels {
		out[i] = gainOf(r, gains)
	}
	return out
}

// dcgs returns the DCG of the ranking whose ranks have the gains rg and of
// the ideal ranking of gains, as te_calc_ndcg computes both.
func dcgs(rg []float64, gains []relGain) (results, ideal float64) {
	w := newIdealWalk(gains)
	i := 0
	for ; i < len(rg) && w.gain > 0; i++ {
		if g := rg[i]; g != 0 {
			results += g / cLog2(float64(i+2))
		}
		if g := w.next(); g > 0 {
			ideal += g / cLog2(float64(i+2))
		}
	}
	for ; i < len(rg); i++ {
		if g := rg[i]; g != 0 {
			results += g / cLog2(float64(i+2))
		}
	}
	for ; w.gain > 0; i++ {
		if g := w.next(); g > 0 {
			ideal += g / cLog2(float64(i+2))
		}
	}
	return results, ideal
}

func calcNdcg(c *queryCtx, rr *resRels, m *measureSpec, out []float64) {
	gains := c.gains(rr, m.pairs)
	ndcgOf(rankGains(rr, gains), gains, out)
}

func ndcgOf(rg []float64, gains []relGain, out []float64) {
	results, ideal := dcgs(rg, gains)
	if ideal > 0 {
		out[0] = results / ideal
	}
}

func calcDcg(c *queryCtx, rr *resRels, m *measureSpec, out []float64) {
	gains := c.gains(rr, m.pairs)
	out[0], _ = dcgs(rankGains(rr, gains), gains)
}

func calcIdealDcg(c *queryCtx, rr *resRels, m *measureSpec, out []float64) {
	_, out[0] = dcgs(nil, c.gains(rr, m.pairs))
}

func calcNdcgRel(c *queryCtx, rr *resRels, m *measureSpec, out []float64) {
	gains := c.gains(rr, m.pairs)
	rg := rankGains(rr, gains)
	w := newIdealWalk(gains)
	var resultsDCG, idealDCG, sum float64
	numRelRet, numRel := 0, 0
	i := 0
	for ; i < rr.numRet && w.gain > 0; i++ {
		g := rg[i]
		if g != 0 {
			resultsDCG += g / cLog2(float64(i+2))
		}
		if ig := w.next(); ig > 0 {
			numRel++
			idealDCG += ig / cLog2(float64(i+2))
		}
		if g > 0 {
			sum += resultsDCG / idealDCG
			numRelRet++
		}
	}
	for ; i < rr.numRet; i++ {
		g := rg[i]
		if g != 0 {
			resultsDCG += g / cLog2(float64(i+2))
		}
		if g > 0 {
			sum += resultsDCG / idealDCG
			numRelRet++
		}
	}
	for ; w.gain > 0; i++ {
		if ig := w.next(); ig > 0 {
			numRel++
			idealDCG += ig / cLog2(float64(i+2))
		}
	}
	sum += float64(numRel-numRelRet) * resultsDCG / idealDCG
	if sum > 0 {
		out[0] = sum / float64(numRel)
	}
}

func calcRndcg(c *queryCtx, rr *resRels, m *measureSpec, out []float64) {
	gains := c.gains(rr, m.pairs)
	rndcgOf(rankGains(rr, gains), gains, rr.numRel, out)
}

// rndcgOf is te_calc_Rndcg over the ranks' gains rg.
func rndcgOf(rg []float64, gains []relGain, numRel int, out []float64) {
	if numRel == 0 {
		return
	}
	w := newIdealWalk(gains)
	oldIdealGain := w.gain
	var resultsDCG, idealDCG, sum float64
	numChanged := 0
	boundary := func() {
		if oldIdealGain != w.gain {
			if idealDCG > 0 {
				sum += resultsDCG / idealDCG
				numChanged++
			}
			oldIdealGain = w.gain
		}
	}
	i := 0
	for ; i < len(rg) && w.gain > 0; i++ {
		g := rg[i]
		w.next()
		boundary()
		if g != 0 {
			resultsDCG += g / cLog2(float64(i+2))
		}
		if w.gain > 0 {
			idealDCG += w.gain / cLog2(float64(i+2))
		}
	}
	if i < len(rg) {
		for ; i < len(rg); i++ {
			if g := rg[i]; g != 0 {
				resultsDCG += g / cLog2(float64(i+2))
			}
		}
		if idealDCG > 0 {
			sum += resultsDCG / idealDCG
			numChanged++
		}
	}
	for ; w.gain > 0; i++ {
		w.next()
		boundary()
		if w.gain > 0 {
			idealDCG += w.gain / cLog2(float64(i+2))
		}
	}
	out[0] = sum / float64(numChanged)
}

func calcG(c *queryCtx, rr *resRels, m *measureSpec, out []float64) {
	gains := c.gains(rr, m.pairs)
	w := newIdealWalk(gains)
	var resultsG, sumResults, sumIdeal, sumCost float64
	const minCost = 1.0
	i := 0
	for ; i < rr.numRet && w.gain > 0; i++ {
		g := gainOf(rr.rels[i], gains)
		sumResults += g
		ig := w.next()
		if ig > 0 {
			sumIdeal += ig
		}
		if ig >= minCost {
			sumCost += ig
		} else {
			sumCost += minCost
		}
		if g != 0 {
			resultsG += g / cLog2(2+sumCost-sumResults)
		}
	}
	for ; i < rr.numRet; i++ {
		g := gainOf(rr.rels[i], gains)
		sumResults += g
		sumCost += minCost
		if g != 0 {
			resultsG += g / cLog2(2+sumCost-sumResults)
		}
	}
	for w.gain > 0 {
		if ig := w.next(); ig > 0 {
			sumIdeal += ig
		}
	}
	if sumIdeal > 0 {
		out[0] = resultsG / sumIdeal
	}
}

// rbpPersistence is the "p" parameter of rbp and rbp_resid, 0.9 by default
// (the last "p=" given wins, as in trec_eval).
func rbpPersistence(pairs []TrecGain) float64 {
	p := 0.9
	for _, g := range pairs {
		if g.Name == "p" {
			p = g.Value
		}
	}
	return p
}

// calcRbp is m_rbp.c. Its gains are rescaled to [0, 1] when one lies
// outside. trec_eval leaves the running minimum and maximum uninitialized:
// they start from whatever the measure computed before rbp left on the
// stack, which under -m all_trec (num_nonrel_judged_ret before rbp) reads
// as 0, the value this port starts them from. With other measures before
// rbp (yaap, dcg) trec_eval prints other numbers.
func calcRbp(c *queryCtx, rr *resRels, m *measureSpec, out []float64) {
	gains := c.gains(rr, m.pairs)
	rescaleRbpGains(gains)
	rbpOf(rankGains(rr, gains), rbpPersistence(m.pairs), out)
}

// rescaleRbpGains maps the gains to [0, 1] when one lies outside.
func rescaleRbpGains(gains []relGain) {
	lo, hi := 0.0, 0.0
	for _, g := range gains {
		if g.gain < lo {
			lo = g.gain
		}
		if g.gain > hi {
			hi = g.gain
		}
	}
	if lo < 0 || hi > 1 {
		for i := range gains {
			gains[i].gain = (gains[i].gain - lo) / (hi - lo)
		}
	}
}

func rbpOf(rg []float64, p float64, out []float64) {
	sum := 0.0
	curP := 1.0
	for _, g := range rg {
		if g != 0 {
			sum += g * curP
		}
		curP *= p
	}
	out[0] = (1.0 - p) * sum
}

func calcRbpResid(_ *queryCtx, rr *resRels, m *measureSpec, out []float64) {
	p := rbpPersistence(m.pairs)
	unj := 0
	sum := 0.0
	curP := 1.0
	for _, r := range rr.rels {
		if r < 0 {
			unj++
			sum += curP
		}
		curP *= p
	}
	if unj > 0 {
		out[0] = curP + (1-p)*sum
	}
}
