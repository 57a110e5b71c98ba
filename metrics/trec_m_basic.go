package metrics

// The trec_eval 10 measures of one query computed from its resRels, ported
// from m_<name>.c line by line so that every value, NaN included, is
// trec_eval's to the bit. Each writes its values into out, which holds
// zeros on entry (trec_eval zeroes every value before each query), and
// reads rr, lvl (-l or the measure's own relevance level) and the
// measure's parameters m.

func calcNumRet(rr *resRels, _ int, _ *measureSpec, out []float64) {
	out[0] = float64(rr.numRet)
}

func calcNumRel(rr *resRels, _ int, _ *measureSpec, out []float64) {
	out[0] = float64(rr.numRel)
}

func calcNumRelRet(rr *resRels, _ int, _ *measureSpec, out []float64) {
	out[0] = float64(rr.numRelRet)
}

func calcNumNonrelJudgedRet(rr *resRels, _ int, _ *measureSpec, out []float64) {
	out[0] = float64(rr.numRet - rr.numNonpool - rr.numUnjudged - rr.numRelRet)
}

// apSum returns sum over relevant ranks i of (relevant in top i) / i and
// the number of relevant retrieved documents: map's numerator.
func apSum(rr *resRels, lvl int) (float64, int) {
	relSoFar := 0
	sum := 0.0
	for i, r := range rr.rels {
		if r >= lvl {
			relSoFar++
			sum += float64(relSoFar) / float64(i+1)
		}
	}
	return sum, relSoFar
}

func calcMap(rr *resRels, lvl int, _ *measureSpec, out []float64) {
	if sum, n := apSum(rr, lvl); n > 0 {
		out[0] = sum / float64(rr.numRel)
	}
}

// calcGmMap stores log(max(AP, 0.00001)); the summary is exp of the mean.
func calcGmMap(rr *resRels, lvl int, _ *measureSpec, out []float64) {
	sum, n := apSum(rr, lvl)
	if n > 0 {
		sum /= float64(rr.numRel)
	}
	out[0] = cLog(cMax(sum, minGeoMean))
}

func calcRprec(rr *resRels, lvl int, _ *measureSpec, out []float64) {
	n := min(rr.numRet, rr.numRel)
	if n == 0 {
		return
	}
	relSoFar := 0
	for _, r := range rr.rels[:n] {
		if r >= lvl {
			relSoFar++
		}
	}
	out[0] = float64(relSoFar) / float64(rr.numRel)
}

// bprefValue is m_bpref.c's computation.
func bprefValue(rr *resRels, lvl int) float64 {
	numNonrel := 0
	for j := 0; j < lvl; j++ {
		numNonrel += rr.levelCount(j)
	}
	nonrelSoFar := 0
	bpref := 0.0
	for _, r := range rr.rels {
		if r == NotJudged || r == UnjudgedInPool {
			continue
		}
		if r >= 0 && r < lvl {
			nonrelSoFar++
			continue
		}
		if nonrelSoFar > 0 {
			bpref += 1.0 - float64(min(nonrelSoFar, rr.numRel))/float64(min(numNonrel, rr.numRel))
		} else {
			bpref += 1.0
		}
	}
	if rr.numRel > 0 {
		bpref /= float64(rr.numRel)
	}
	return bpref
}

func calcBpref(rr *resRels, lvl int, _ *measureSpec, out []float64) {
	out[0] = bprefValue(rr, lvl)
}

func calcGmBpref(rr *resRels, lvl int, _ *measureSpec, out []float64) {
	out[0] = cLog(cMax(bprefValue(rr, lvl), minGeoMean))
}

func calcRecipRank(rr *resRels, lvl int, _ *measureSpec, out []float64) {
	for i, r := range rr.rels {
		if r >= lvl {
			out[0] = 1.0 / float64(i+1)
			return
		}
	}
}

// infapEpsilon is trec_eval's INFAP_EPSILON.
const infapEpsilon = .00001

func calcInfAP(rr *resRels, lvl int, _ *measureSpec, out []float64) {
	nonrelSoFar, relSoFar, poolUnjudgedSoFar := 0, 0, 0
	infAP := 0.0
	for j, r := range rr.rels {
		if r == NotJudged {
			continue
		}
		if r == UnjudgedInPool {
			poolUnjudgedSoFar++
			continue
		}
		if r >= 0 && r < lvl {
			nonrelSoFar++
			continue
		}
		relSoFar++
		if j == 0 {
			infAP += 1.0
			continue
		}
		fj := float64(j)
		infAP += 1.0/(fj+1.0) +
			(fj/(fj+1.0))*
				(float64(relSoFar-1+nonrelSoFar+poolUnjudgedSoFar)/fj)*
				((float64(relSoFar-1)+infapEpsilon)/
					(float64(relSoFar-1+nonrelSoFar)+2*infapEpsilon))
	}
	if rr.numRel > 0 {
		infAP /= float64(rr.numRel)
	}
	out[0] = infAP
}

func calcYaap(rr *resRels, lvl int, _ *measureSpec, out []float64) {
	sum, _ := apSum(rr, lvl)
	out[0] = cLog((1.0 + sum) / (1.0 + float64(rr.numRel) - sum))
}

func calcBinG(rr *resRels, lvl int, _ *measureSpec, out []float64) {
	relSoFar := 0
	sum := 0.0
	for i, r := range rr.rels {
		if r >= lvl {
			relSoFar++
			sum += 1.0 / cLog2(float64(3+i-relSoFar))
		}
	}
	if relSoFar > 0 {
		out[0] = sum / float64(rr.numRel)
	}
}

func calcSetP(rr *resRels, _ int, _ *measureSpec, out []float64) {
	if rr.numRet > 0 {
		out[0] = float64(rr.numRelRet) / float64(rr.numRet)
	}
}

func calcSetRelativeP(rr *resRels, _ int, _ *measureSpec, out []float64) {
	if rr.numRet > 0 && rr.numRel > 0 {
		out[0] = float64(rr.numRelRet) / float64(min(rr.numRet, rr.numRel))
	}
}

func calcSetRecall(rr *resRels, _ int, _ *measureSpec, out []float64) {
	if rr.numRel > 0 {
		out[0] = float64(rr.numRelRet) / float64(rr.numRel)
	}
}

func calcSetMap(rr *resRels, _ int, _ *measureSpec, out []float64) {
	if rr.numRet > 0 && rr.numRel > 0 {
		out[0] = (float64(rr.numRelRet) * float64(rr.numRelRet)) / (float64(rr.numRet) * float64(rr.numRel))
	}
}

func calcSetF(rr *resRels, _ int, m *measureSpec, out []float64) {
	if rr.numRelRet == 0 {
		return
	}
	p := float64(rr.numRelRet) / float64(rr.numRet)
	r := float64(rr.numRelRet) / float64(rr.numRel)
	x := m.doubles[0]
	out[0] = (x + 1.0) * p * r / (x*p + r)
}

func calcUtility(rr *resRels, _ int, m *measureSpec, out []float64) {
	p := m.doubles
	out[0] = p[0]*float64(rr.numRelRet) +
		p[1]*float64(rr.numRet-rr.numRelRet) +
		p[2]*float64(rr.numRel-rr.numRelRet) +
		p[3]*float64(m.numDocsInColl+int64(rr.numRelRet-rr.numRet-rr.numRel))
}

// relString is relstring's text: one character per retrieved document of
// the first int(param) ranks.
func relString(rr *resRels, m *measureSpec) string {
	n := min(int(m.doubles[0]), rr.numRet)
	if n < 0 {
		n = 0
	}
	b := make([]byte, n)
	for i, r := range rr.rels[:n] {
		switch {
		case r > 9:
			b[i] = '>'
		case r >= 0:
			b[i] = byte('0' + r)
		case r == NotJudged:
			b[i] = '-'
		case r == UnjudgedInPool:
			b[i] = '.'
		default:
			b[i] = '<'
		}
	}
	return string(b)
}
