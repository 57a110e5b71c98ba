package metrics

import "math"

// avgCalc computes a measure of a tie-averaged query.
type avgCalc func(c *queryCtx, q *avgQuery, lvl int, s *measureSpec, out []float64) error

// averaged returns the tie-averaged form of a measure, nil when it has none.
func (s *measureSpec) averaged() avgCalc {
	if s.ir != nil && s.ir.calc != nil {
		switch {
		case s.ir.base == "Judged":
			return avgJudged
		case s.ir.base == "RR":
			return avgRecipRank
		case s.ir.base == "nDCG":
			return avgGdevalNDCG
		case s.ir.cwl.kind == cwlRBP || s.ir.cwl.kind == cwlSDCG || s.ir.cwl.kind == cwlINSQ:
			if s.ir.base == "RBP" || s.ir.base == "SDCG" || s.ir.base == "INSQ" {
				return avgCWL
			}
		}
		return nil
	}
	switch s.def.name {
	case "runid", "num_q":
		return func(_ *queryCtx, _ *avgQuery, _ int, s *measureSpec, out []float64) error {
			if s.def.name == "num_q" {
				out[0] = 1
			}
			return nil
		}
	case "num_ret":
		return avgCount(func(q *avgQuery, _ int) float64 { return float64(q.n) })
	case "num_rel":
		return avgCount(func(q *avgQuery, _ int) float64 { return float64(q.rr.numRel) })
	case "num_rel_ret":
		return avgCount(func(q *avgQuery, lvl int) float64 { return q.expected(judgedRelevant(lvl)) })
	case "num_nonrel_judged_ret":
		return avgCount(func(q *avgQuery, lvl int) float64 {
			return q.expected(func(r int) float64 { return indicator(r >= 0 && r < lvl) })
		})
	case "map", "map_cut":
		return avgMap
	case "Rprec", "P", "recall", "relative_P", "Rprec_mult":
		return avgPrecision
	case "recip_rank":
		return avgRecipRank
	case "success":
		return avgSuccess
	case "set_P", "set_relative_P", "set_recall", "set_map", "set_F", "utility":
		return avgSet
	case "dcg", "ideal_dcg", "ndcg", "Rndcg", "ndcg_cut", "rbp", "rbp_resid", "unj":
		return avgGain
	}
	return nil
}

func avgCount(f func(q *avgQuery, lvl int) float64) avgCalc {
	return func(_ *queryCtx, q *avgQuery, lvl int, _ *measureSpec, out []float64) error {
		out[0] = f(q, lvl)
		return nil
	}
}

// avgPrecision: P, recall, relative_P, Rprec and Rprec_mult count the
// relevant documents above a rank: the sum of the means.
func avgPrecision(_ *queryCtx, q *avgQuery, lvl int, s *measureSpec, out []float64) error {
	above := prefixSums(q.mean(relevantAt(lvl)))
	at := func(k int) float64 { return above[min(max(k, 0), q.n)] }
	R := float64(q.rr.numRel)
	switch s.def.name {
	case "P":
		for i, k := range s.cuts {
			out[i] = at(k) / float64(k)
		}
	case "recall":
		for i, k := range s.cuts {
			if R > 0 {
				out[i] = at(k) / R
			}
		}
	case "relative_P":
		for i, k := range s.cuts {
			if R > 0 {
				out[i] = at(k) / float64(min(k, q.rr.numRel))
			}
		}
	case "Rprec":
		if n := min(q.n, q.rr.numRel); n > 0 {
			out[0] = at(n) / R
		}
	case "Rprec_mult":
		for i, c := range rprecMultCutoffs(s.dcuts, q.rr.numRel) {
			if c > 0 {
				out[i] = at(c) / float64(c)
			}
		}
	}
	return nil
}

// avgMap is scikit-learn's average precision with trec_eval's denominator:
// each group of ties (as far as the cut keeps it) is one threshold, adding
// its relevant documents times the precision at its end, over num_rel.
func avgMap(_ *queryCtx, q *avgQuery, lvl int, s *measureSpec, out []float64) error {
	mean := q.mean(relevantAt(lvl))
	cuts := []int{q.n}
	if s.def.name == "map_cut" {
		cuts = s.cuts
	}
	if q.rr.numRel == 0 {
		return nil
	}
	for k, cut := range cuts {
		cut = min(cut, q.n)
		sum, relSoFar := 0.0, 0.0
		for i := 0; i < cut; {
			end := min(q.start[q.group[i]+1], cut)
			inGroup := 0.0
			for ; i < end; i++ {
				inGroup += mean[i]
			}
			relSoFar += inGroup
			sum += inGroup * relSoFar / float64(end)
		}
		out[k] = sum / float64(q.rr.numRel)
	}
	return nil
}

// avgRecipRank is the mean of 1/rank of the first relevant document over
// the orders of the ties: the first group holding a relevant document
// decides, its first relevant position following the hypergeometric law.
// RR@k (an ir_measures name) cuts at k.
func avgRecipRank(c *queryCtx, q *avgQuery, lvl int, s *measureSpec, out []float64) error {
	limit := q.n
	if s.ir != nil && s.ir.cutoff > 0 {
		limit = min(limit, s.ir.cutoff)
	}
	isRel := relevantAt(lvl)
	for g := 0; g+1 < len(q.start) && q.start[g] < limit; g++ {
		size := q.start[g+1] - q.start[g]
		rel := 0
		for _, r := range q.rels[q.start[g]:q.start[g+1]] {
			rel += int(isRel(r))
		}
		if rel == 0 {
			continue
		}
		for j, p := range firstRelevantPosition(size, rel) {
			if q.start[g]+j >= limit {
				break
			}
			out[0] += p / float64(q.start[g]+j+1)
		}
		return nil
	}
	return nil
}

// avgSuccess is the probability over the orders of the ties that a
// relevant document is in the first k ranks.
func avgSuccess(_ *queryCtx, q *avgQuery, lvl int, s *measureSpec, out []float64) error {
	for i, k := range s.cuts {
		out[i] = q.probAny(relevantAt(lvl), k)
	}
	return nil
}

// probAny is the probability over the orders of the ties that a document
// with f = 1 is among the first k kept ranks.
func (q *avgQuery) probAny(f func(int) float64, k int) float64 {
	k = min(k, q.n)
	none := 1.0
	for g := 0; g+1 < len(q.start) && q.start[g] < k && none > 0; g++ {
		size := q.start[g+1] - q.start[g]
		slots := min(size, k-q.start[g])
		m := 0
		for _, r := range q.rels[q.start[g]:q.start[g+1]] {
			m += int(f(r))
		}
		for j := 0; j < slots; j++ {
			none *= float64(size-m-j) / float64(size-j)
		}
	}
	return 1 - none
}

// avgSet: the set measures and utility are linear in num_rel_ret, except
// set_map (its square: the variance of the group the cut splits counts).
func avgSet(_ *queryCtx, q *avgQuery, lvl int, s *measureSpec, out []float64) error {
	relRet := q.expected(judgedRelevant(lvl))
	ret, R := float64(q.n), float64(q.rr.numRel)
	switch s.def.name {
	case "set_P":
		if q.n > 0 {
			out[0] = relRet / ret
		}
	case "set_relative_P":
		if q.n > 0 && q.rr.numRel > 0 {
			out[0] = relRet / float64(min(q.n, q.rr.numRel))
		}
	case "set_recall":
		if q.rr.numRel > 0 {
			out[0] = relRet / R
		}
	case "set_map":
		if q.n > 0 && q.rr.numRel > 0 {
			out[0] = (relRet*relRet + q.cutVariance(judgedRelevant(lvl))) / (ret * R)
		}
	case "set_F":
		// (x+1) P R / (x P + R) = (x+1) relRet / (x R + ret).
		if relRet > 0 {
			x := s.doubles[0]
			out[0] = (x + 1) * relRet / (x*R + ret)
		}
	case "utility":
		p := s.doubles
		out[0] = p[0]*relRet + p[1]*(ret-relRet) + p[2]*(R-relRet) + p[3]*(float64(s.numDocsInColl)+relRet-ret-R)
	}
	return nil
}

// cutVariance is the variance of the count of f among the kept documents
// of the group -M splits (a hypergeometric draw); 0 when no group is split.
func (q *avgQuery) cutVariance(f func(int) float64) float64 {
	if q.n == 0 || q.n == len(q.rels) || q.start[q.group[q.n-1]+1] <= q.n {
		return 0
	}
	g := q.group[q.n-1]
	size := float64(q.start[g+1] - q.start[g])
	t := float64(q.n - q.start[g])
	m := 0.0
	for _, r := range q.rels[q.start[g]:q.start[g+1]] {
		m += f(r)
	}
	if size <= 1 {
		return 0
	}
	return t * (m / size) * ((size - m) / size) * ((size - t) / (size - 1))
}

// avgGain: the gain measures sum each rank's gain (or unjudged indicator)
// times a weight of the rank; the averaged gains give their mean.
func avgGain(c *queryCtx, q *avgQuery, _ int, s *measureSpec, out []float64) error {
	rr := &q.rr
	switch s.def.name {
	case "unj":
		unj := prefixSums(q.mean(func(r int) float64 { return indicator(r == NotJudged || r == UnjudgedInPool) }))
		for i, k := range s.cuts {
			out[i] = unj[min(k, q.n)] / float64(k)
		}
		return nil
	case "rbp_resid":
		// cur_p + (1-p) sum when an unjudged document is kept, else 0: the
		// first term counts with the probability that one is.
		p := rbpPersistence(s.pairs)
		unjudged := func(r int) float64 { return indicator(r < 0) }
		sum, curP := 0.0, 1.0
		for _, u := range q.mean(unjudged) {
			sum += u * curP
			curP *= p
		}
		out[0] = q.probAny(unjudged, q.n)*curP + (1-p)*sum
		return nil
	case "ndcg_cut":
		calcNdcgCutGains(rr, q.mean(func(r int) float64 { return float64(max(r, 0)) }), s.cuts, out)
		return nil
	}
	gains := c.gains(rr, s.pairs)
	if s.def.name == "rbp" {
		rescaleRbpGains(gains)
	}
	mean := q.mean(func(r int) float64 { return gainOf(r, gains) })
	switch s.def.name {
	case "rbp":
		rbpOf(mean, rbpPersistence(s.pairs), out)
	case "dcg":
		out[0], _ = dcgs(mean, gains)
	case "ideal_dcg":
		_, out[0] = dcgs(nil, gains)
	case "ndcg":
		ndcgOf(mean, gains, out)
	case "Rndcg":
		rndcgOf(mean, gains, rr.numRel, out)
	}
	return nil
}

// avgJudged is Judged@k over the averaged ranking.
func avgJudged(_ *queryCtx, q *avgQuery, _ int, s *measureSpec, out []float64) error {
	k := s.ir.cutoff
	if k <= 0 || k > q.n {
		k = q.n
	}
	if k > 0 {
		judged := prefixSums(q.mean(func(r int) float64 { return indicator(r != NotJudged) }))
		out[0] = judged[k] / float64(k)
	}
	return nil
}

// avgGdevalNDCG is gdeval's nDCG@k over the averaged gains 2^rel - 1.
func avgGdevalNDCG(c *queryCtx, q *avgQuery, _ int, s *measureSpec, out []float64) error {
	if err := gdevalCheck(c, s); err != nil {
		return err
	}
	dcg := 0.0
	for i, g := range q.mean(func(r int) float64 { return math.Pow(2, float64(max(r, 0))) - 1 }) {
		if i >= s.ir.cutoff {
			break
		}
		dcg += g / math.Log(float64(i+2))
	}
	var ideal []float64
	for _, r := range c.j.Rel {
		if r > 0 {
			ideal = append(ideal, float64(r))
		}
	}
	sortDescending(ideal)
	if id := gdevalDCG(s.ir.cutoff, ideal); id > 0 {
		out[0] = dcg / id
	}
	return nil
}

// avgCWL is the C/W/L measures whose continuation does not depend on the
// gains (RBP, SDCG, INSQ) over the averaged gains.
func avgCWL(_ *queryCtx, q *avgQuery, _ int, s *measureSpec, out []float64) error {
	p := s.ir.cwl
	mean := q.mean(func(r int) float64 {
		if r < 0 {
			return 0
		}
		return p.gain(r)
	})
	gains := make([]float64, cwlDepth)
	copy(gains, mean)
	cwlUtility(&p, gains, out)
	return nil
}
