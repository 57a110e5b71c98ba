package metrics

import "math"

// The trec_eval measures of interpolated precision (m_iprec_at_recall.c,
// m_11pt_avg.c, m_Rprec_mult.c), ported line by line. Their divisions by
// num_ret are kept as they are: a query that retrieves nothing gets
// trec_eval's NaN where trec_eval prints one (iprec_at_recall_0.00 under
// -M 0).

// recallCutoffs converts recall levels to numbers of relevant documents,
// rounding half away from zero (C lround), as trec_eval 10 does.
func recallCutoffs(levels []float64, numRel int, buf []int) []int {
	buf = buf[:0]
	for _, x := range levels {
		buf = append(buf, int(math.Round(x*float64(numRel))))
	}
	return buf
}

// iprecScan walks the ranking from the bottom, as trec_eval's interpolated
// measures do, calling hit(k, intPrecis) for each cutoff k reached (from
// the highest down) and returning the index of the highest cutoff not
// reached and the final interpolated precision.
func iprecScan(rr *resRels, lvl int, cuts []int, hit func(k int, v float64)) (int, float64) {
	current := len(cuts) - 1
	for current >= 0 && cuts[current] > rr.numRelRet {
		current--
	}
	precis := float64(rr.numRelRet) / float64(rr.numRet)
	intPrecis := precis
	relSoFar := rr.numRelRet
	for i := rr.numRet; i > 0 && relSoFar > 0; i-- {
		precis = float64(relSoFar) / float64(i)
		if intPrecis < precis {
			intPrecis = precis
		}
		if rr.rels[i-1] >= lvl {
			for current >= 0 && relSoFar == cuts[current] {
				hit(current, intPrecis)
				current--
			}
			relSoFar--
		}
	}
	return current, intPrecis
}

func calcIprecAtRecall(rr *resRels, lvl int, m *measureSpec, out []float64) {
	cuts := recallCutoffs(m.dcuts, rr.numRel, nil)
	current, intPrecis := iprecScan(rr, lvl, cuts, func(k int, v float64) { out[k] = v })
	for ; current >= 0; current-- {
		out[current] = intPrecis
	}
}

func calc11ptAvg(rr *resRels, lvl int, m *measureSpec, out []float64) {
	cuts := recallCutoffs(m.doubles, rr.numRel, nil)
	sum := 0.0
	current, intPrecis := iprecScan(rr, lvl, cuts, func(_ int, v float64) { sum += v })
	for ; current >= 0; current-- {
		sum += intPrecis
	}
	out[0] = sum / float64(len(m.doubles))
}

// rprecMultCutoffs converts multiples of R to ranks as m_Rprec_mult.c does:
// (long) (x * R + 0.9).
func rprecMultCutoffs(mults []float64, numRel int) []int {
	cuts := make([]int, len(mults))
	for i, x := range mults {
		cuts[i] = int(x*float64(numRel) + 0.9)
	}
	return cuts
}

// rprecMult is m_Rprec_mult.c's loop for one ranking; add(k, v) stores (or
// adds, for Rprec_mult_avgjg) the value of cutoff k.
func rprecMult(rr *resRels, lvl int, cuts []int, add func(k int, v float64)) {
	current := len(cuts) - 1
	for current >= 0 && cuts[current] > rr.numRet {
		add(current, float64(rr.numRelRet)/float64(cuts[current]))
		current--
	}
	relSoFar := rr.numRelRet
	for i := rr.numRet; i > 0 && relSoFar > 0; i-- {
		precis := float64(relSoFar) / float64(i)
		for current >= 0 && i == cuts[current] {
			add(current, precis)
			current--
		}
		if rr.rels[i-1] >= lvl {
			relSoFar--
		}
	}
}

func calcRprecMult(rr *resRels, lvl int, m *measureSpec, out []float64) {
	rprecMult(rr, lvl, rprecMultCutoffs(m.dcuts, rr.numRel), func(k int, v float64) { out[k] = v })
}
