package metrics

// The trec_eval measures at rank cutoffs (m_P.c, m_recall.c, m_success.c,
// m_map_cut.c, m_rel_P.c, m_unjudged.c, m_ndcg_cut.c), ported line by line.
// m.cuts holds the cutoffs in increasing order, each > 0; out[k] is the
// value at m.cuts[k].

// cutoffScan walks the ranking as trec_eval's cutoff measures do: at each
// rank i (0-based) equal to the next cutoff it calls at(k, i, state) with
// the state accumulated over ranks 0..i-1, then adds rank i to the state
// with step(i). Cutoffs beyond the ranking are reported by the caller.
func cutoffScan(rr *resRels, cuts []int, at func(k, i int), step func(i int)) int {
	k := 0
	for i := range rr.rels {
		if i == cuts[k] {
			at(k, i)
			if k++; k == len(cuts) {
				return k
			}
		}
		step(i)
	}
	return k
}

func calcP(rr *resRels, lvl int, m *measureSpec, out []float64) {
	relSoFar := 0
	k := cutoffScan(rr, m.cuts,
		func(k, i int) { out[k] = float64(relSoFar) / float64(i) },
		func(i int) {
			if rr.rels[i] >= lvl {
				relSoFar++
			}
		})
	for ; k < len(m.cuts); k++ {
		out[k] = float64(relSoFar) / float64(m.cuts[k])
	}
}

func calcRecall(rr *resRels, lvl int, m *measureSpec, out []float64) {
	if rr.numRel == 0 {
		return
	}
	relSoFar := 0
	k := cutoffScan(rr, m.cuts,
		func(k, i int) { out[k] = float64(relSoFar) / float64(rr.numRel) },
		func(i int) {
			if rr.rels[i] >= lvl {
				relSoFar++
			}
		})
	for ; k < len(m.cuts); k++ {
		out[k] = float64(relSoFar) / float64(rr.numRel)
	}
}

func calcSuccess(rr *resRels, lvl int, m *measureSpec, out []float64) {
	relSoFar := 0
	hit := func() float64 {
		if relSoFar > 0 {
			return 1
		}
		return 0
	}
	k := cutoffScan(rr, m.cuts,
		func(k, i int) { out[k] = hit() },
		func(i int) {
			if rr.rels[i] >= lvl {
				relSoFar++
			}
		})
	for ; k < len(m.cuts); k++ {
		out[k] = hit()
	}
}

func calcMapCut(rr *resRels, lvl int, m *measureSpec, out []float64) {
	if rr.numRel == 0 {
		return
	}
	relSoFar := 0
	sum := 0.0
	k := cutoffScan(rr, m.cuts,
		func(k, i int) { out[k] = sum / float64(rr.numRel) },
		func(i int) {
			if rr.rels[i] >= lvl {
				relSoFar++
				sum += float64(relSoFar) / float64(i+1)
			}
		})
	for ; k < len(m.cuts); k++ {
		out[k] = sum / float64(rr.numRel)
	}
}

func calcRelativeP(rr *resRels, lvl int, m *measureSpec, out []float64) {
	if rr.numRel == 0 {
		return
	}
	relSoFar := 0
	k := cutoffScan(rr, m.cuts,
		func(k, i int) { out[k] = float64(relSoFar) / float64(min(i, rr.numRel)) },
		func(i int) {
			if rr.rels[i] >= lvl {
				relSoFar++
			}
		})
	for ; k < len(m.cuts); k++ {
		out[k] = float64(relSoFar) / float64(min(m.cuts[k], rr.numRel))
	}
}

func calcUnj(rr *resRels, _ int, m *measureSpec, out []float64) {
	unjSoFar := 0
	k := cutoffScan(rr, m.cuts,
		func(k, i int) { out[k] = float64(unjSoFar) / float64(i) },
		func(i int) {
			if r := rr.rels[i]; r == NotJudged || r == UnjudgedInPool {
				unjSoFar++
			}
		})
	for ; k < len(m.cuts); k++ {
		out[k] = float64(unjSoFar) / float64(m.cuts[k])
	}
}

// calcNdcgCut is m_ndcg_cut.c: the relevance values themselves are the
// gains (ndcg_cut takes no gain parameters), the ideal ranking is built
// from relLevels, and -l plays no part.
func calcNdcgCut(rr *resRels, _ int, m *measureSpec, out []float64) {
	gains := make([]float64, len(rr.rels))
	for i, r := range rr.rels {
		gains[i] = float64(r)
	}
	calcNdcgCutGains(rr, gains, m.cuts, out)
}

// calcNdcgCutGains is ndcg_cut with each rank's gain given (the relevance,
// or under TiesAverage its group's mean); rr supplies the judgments'
// levels for the ideal ranking.
func calcNdcgCutGains(rr *resRels, gains []float64, cuts []int, out []float64) {
	sum := 0.0
	k := 0
	for i, gain := range gains {
		if i == cuts[k] {
			out[k] = sum
			if k++; k == len(cuts) {
				break
			}
		}
		if gain > 0 {
			sum += gain / cLog2(float64(i+2))
		}
	}
	for ; k < len(cuts); k++ {
		out[k] = sum
	}
	// The ideal DCG, normalizing each cutoff's DCG as the cutoff is passed.
	k = 0
	curLvl := rr.numRelLevels - 1
	lvlCount := 0
	idealDCG := 0.0
	for i := 0; ; i++ {
		lvlCount++
		for curLvl > 0 && lvlCount > rr.levelCount(curLvl) {
			curLvl--
			lvlCount = 1
		}
		if curLvl == 0 {
			break
		}
		if i == cuts[k] {
			if idealDCG > 0 {
				out[k] /= idealDCG
			}
			if k++; k == len(cuts) {
				break
			}
		}
		idealDCG += float64(curLvl) / cLog2(float64(i+2))
	}
	for ; k < len(cuts); k++ {
		if idealDCG > 0 {
			out[k] /= idealDCG
		}
	}
}
