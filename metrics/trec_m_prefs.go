package metrics

// The 14 trec_eval preference measures (m_prefs_*.c), ported line by line,
// over a query's resultsPrefs (formPrefsCounts).

func calcPrefsNumPoss(rp *resultsPrefs, _ *measureSpec, out []float64) {
	n := 0
	for _, jg := range rp.jgs {
		n += jg.possRet + jg.possImp + jg.possNotOccur
	}
	out[0] = float64(n)
}

func calcPrefsNumFul(rp *resultsPrefs, _ *measureSpec, out []float64) {
	n := 0
	for _, jg := range rp.jgs {
		n += jg.fulRet + jg.fulImp
	}
	out[0] = float64(n)
}

func calcPrefsNumFulRet(rp *resultsPrefs, _ *measureSpec, out []float64) {
	n := 0
	for _, jg := range rp.jgs {
		n += jg.fulRet
	}
	out[0] = float64(n)
}

// prefsRatio is the simp measures: fulfilled over possible, summed over
// groups. part selects ret (retrieved pairs), imp (and implied) or all
// (and pairs neither document of which was retrieved).
func prefsRatio(rp *resultsPrefs, part prefsPart, out []float64) {
	ful, poss := 0, 0
	for _, jg := range rp.jgs {
		f, p := jg.ratioParts(part)
		ful += f
		poss += p
	}
	if poss > 0 {
		out[0] = float64(ful) / float64(poss)
	}
}

type prefsPart int

const (
	prefsRet prefsPart = iota
	prefsImp
	prefsAll
)

func (jg *prefsJG) ratioParts(part prefsPart) (ful, poss int) {
	ful, poss = jg.fulRet, jg.possRet
	if part >= prefsImp {
		ful += jg.fulImp
		poss += jg.possImp
	}
	if part == prefsAll {
		poss += jg.possNotOccur
	}
	return ful, poss
}

// prefsAvgJG is the avgjg measures: the ratio per group, averaged over the
// groups (0 when every ratio is 0).
func prefsAvgJG(rp *resultsPrefs, part prefsPart, out []float64) {
	sum := 0.0
	for i := range rp.jgs {
		if ful, poss := rp.jgs[i].ratioParts(part); poss > 0 {
			sum += float64(ful) / float64(poss)
		}
	}
	if sum > 0 {
		out[0] = sum / float64(len(rp.jgs))
	}
}

// prefsPair is the pair measures: for each pair of docids with a
// preference in some group, the share of groups preferring the order the
// run gives; averaged over the pairs. Pairs of two unretrieved docids
// count with 0 when part is prefsAll.
func prefsPair(rp *resultsPrefs, part prefsPart, out []float64) {
	nj, njr := rp.numJudged, rp.numJudgedRet
	c := func(i, j int) float64 { return float64(rp.counts[i*nj+j]) }
	sum := 0.0
	pairs := 0
	add := func(i, j int) {
		if rp.counts[i*nj+j] != 0 || rp.counts[j*nj+i] != 0 {
			pairs++
			sum += c(i, j) / (c(i, j) + c(j, i))
		}
	}
	for i := range njr {
		for j := i + 1; j < njr; j++ {
			add(i, j)
		}
	}
	if part >= prefsImp {
		for i := range njr {
			for j := njr; j < nj; j++ {
				add(i, j)
			}
		}
	}
	if part == prefsAll {
		for i := njr; i < nj; i++ {
			for j := i + 1; j < nj; j++ {
				if rp.counts[i*nj+j] != 0 || rp.counts[j*nj+i] != 0 {
					pairs++
				}
			}
		}
	}
	if pairs > 0 {
		out[0] = sum / float64(pairs)
	}
}

// prefsAvgJGRnonrel is prefs_avgjg_Rnonrel (ret false) and
// prefs_avgjg_Rnonrel_ret (ret true): avgjg with the nonrelevant documents
// of each group limited to as many as it has relevant ones.
func prefsAvgJGRnonrel(rp *resultsPrefs, ret bool, out []float64) {
	sum := 0.0
	for i := range rp.jgs {
		jg := &rp.jgs[i]
		R, N := jg.numRel, jg.numNonrel
		if ret {
			R, N = jg.numRelRet, jg.numNonrelRet
		}
		var ful, poss int
		if R >= N {
			if ret {
				ful, poss = jg.fulRet, jg.possRet
			} else {
				ful, poss = jg.ratioParts(prefsAll)
			}
			ful += jg.numRelRet * (R - N)
			poss += jg.numRel * (R - N)
		} else {
			ful, poss = jg.recalculate(rp.numJudgedRet, ret)
		}
		sum += float64(ful) / float64(poss)
	}
	if sum > 0 {
		out[0] = sum / float64(len(rp.jgs))
	}
}

// recalculate is the recalculate of m_prefs_avgjg_Rnonrel.c (ret false)
// and m_prefs_avgjg_Rnonrel_ret.c (ret true): the group's preferences
// counted again with only its first R nonrelevant docids (R relevant ones
// for the first, retrieved relevant ones for the second).
func (jg *prefsJG) recalculate(njr int, ret bool) (ful, poss int) {
	if len(jg.ecs) > 0 {
		last := jg.ecs[len(jg.ecs)-1].ranks
		keep := jg.numRel
		if ret {
			keep = jg.numRelRet
		}
		newNonrel := last[:min(keep, len(last))]
		// Only ranks below njr take part in the _ret variant.
		prefix := func(r []int) []int {
			if !ret {
				return r
			}
			n := 0
			for n < len(r) && r[n] < njr {
				n++
			}
			return r[:n]
		}
		count := func(a, b []int) {
			for _, r1 := range prefix(a) {
				for _, r2 := range prefix(b) {
					if r1 < r2 && (ret || r1 < njr) {
						ful++
					} else {
						poss++
					}
				}
			}
		}
		for e1 := range jg.ecs {
			for e2 := e1 + 1; e2 < len(jg.ecs)-1; e2++ {
				count(jg.ecs[e1].ranks, jg.ecs[e2].ranks)
			}
		}
		for e1 := range jg.ecs {
			count(jg.ecs[e1].ranks, newNonrel)
		}
		return ful, poss + ful
	}
	nj := jg.pa.n
	limit := nj
	if ret {
		limit = njr
	}
	seen := 0
	first := 0
	for first = 0; first < limit; first++ {
		if jg.rel[first] == 0 {
			seen++
			if seen == jg.numRel+1 {
				break
			}
		}
	}
	dropped := func(i int) bool { return i >= first && jg.rel[i] == 0 }
	for i := range njr {
		if dropped(i) {
			continue
		}
		for j := 0; j < nj; j++ {
			if j == i || dropped(j) || !jg.pa.get(i, j) || (ret && j >= njr) {
				continue
			}
			switch {
			case j < i:
				poss++
			default:
				ful++
			}
		}
	}
	if !ret {
		for i := njr; i < nj; i++ {
			if dropped(i) {
				continue
			}
			for j := 0; j < nj; j++ {
				if j != i && !dropped(j) && jg.pa.get(i, j) {
					poss++
				}
			}
		}
	}
	return ful, poss + ful
}
