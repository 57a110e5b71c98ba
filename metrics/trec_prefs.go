package metrics

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
	"strings"
)

// resultsPrefs is trec_eval's RESULTS_PREFS (form_prefs_counts.c): a
// query's preferences counted against its ranking. Every judged docno gets a
// docid: the judged documents the run retrieved are 0..numJudgedRet-1 in
// rank order, the others follow in docno order. counts[i*numJudged+j] is
// the number of judgment groups preferring docid i to docid j.
type resultsPrefs struct {
	jgs          []prefsJG
	numJudged    int
	numJudgedRet int
	counts       []uint16
}

// prefsJG is trec_eval's JG: one judgment group's preferences and their
// counts against the ranking. A group with one sub-group keeps its
// preferences as equivalence classes of equal level (ecs, in decreasing
// level); one with several keeps a preference matrix closed under
// transitivity (pa, rel for the level of each docid, -1 for docids the
// group does not judge).
type prefsJG struct {
	ecs []prefsEC
	pa  *bitMatrix
	rel []float64

	fulRet, possRet, fulImp, possImp, possNotOccur int
	numNonrel, numNonrelRet, numRel, numRelRet     int
}

type prefsEC struct {
	level float64
	ranks []int // docids, increasing
}

// prefLine is a preference with its docid.
type prefLine struct {
	Preference
	rank int
}

// formPrefsCounts fills rp for the preferences of one query and the run's
// documents ordered (in rank order, cut at maxDocs < 0: all). It returns
// an error for preferences trec_eval refuses: a docno at two levels in one
// sub-group, at level 0 and another level in one group, or preferences of
// one group that contradict each other.
func formPrefsCounts(rp *resultsPrefs, prefs []Preference, ordered []ScoredDoc, maxDocs int) error {
	n := len(ordered)
	if maxDocs >= 0 && n > maxDocs {
		n = maxDocs
	}
	// docid of each judged docno: retrieved ones in rank order first.
	judged := make(map[string]int, len(prefs))
	for _, p := range prefs {
		judged[p.DocNo] = -1
	}
	next := 0
	for _, d := range ordered[:n] {
		if r, ok := judged[d.DocNo]; ok && r < 0 {
			judged[d.DocNo] = next
			next++
		}
	}
	rp.numJudgedRet = next
	lines := make([]prefLine, len(prefs))
	for i, p := range prefs {
		lines[i] = prefLine{Preference: p}
	}
	slices.SortFunc(lines, func(a, b prefLine) int { return strings.Compare(a.DocNo, b.DocNo) })
	for i := range lines {
		r := judged[lines[i].DocNo]
		if r < 0 {
			r = next
			next++
			judged[lines[i].DocNo] = r
		}
		lines[i].rank = r
	}
	rp.numJudged = next
	slices.SortFunc(lines, func(a, b prefLine) int {
		return cmp.Or(strings.Compare(a.JG, b.JG), strings.Compare(a.JSG, b.JSG),
			-cmp.Compare(a.Level, b.Level), cmp.Compare(a.rank, b.rank))
	})

	nj := rp.numJudged
	if cap(rp.counts) < nj*nj {
		rp.counts = make([]uint16, nj*nj)
	}
	rp.counts = rp.counts[:nj*nj]
	clear(rp.counts)
	rp.jgs = rp.jgs[:0]
	for start := 0; start < len(lines); {
		end := start + 1
		subGroups := 1
		for end < len(lines) && lines[end].JG == lines[start].JG {
			if lines[end].JSG != lines[end-1].JSG {
				subGroups++
			}
			end++
		}
		var jg prefsJG
		var err error
		if subGroups > 1 {
			err = jg.formPA(lines[start:end], rp)
		} else {
			err = jg.formEC(lines[start:end], rp)
		}
		if err != nil {
			return fmt.Errorf("judgment group %q: %w", lines[start].JG, err)
		}
		rp.jgs = append(rp.jgs, jg)
		start = end
	}
	return nil
}

// formEC is form_jg_ec and add_ec_pref_to_jg.
func (jg *prefsJG) formEC(lines []prefLine, rp *resultsPrefs) error {
	for i, l := range lines {
		if i == 0 || l.Level != lines[i-1].Level {
			jg.ecs = append(jg.ecs, prefsEC{level: l.Level})
		}
		ec := &jg.ecs[len(jg.ecs)-1]
		ec.ranks = append(ec.ranks, l.rank)
	}
	njr, nj := rp.numJudgedRet, rp.numJudged
	for e1 := range jg.ecs {
		ec1 := &jg.ecs[e1]
		ret := 0
		for ret < len(ec1.ranks) && ec1.ranks[ret] < njr {
			ret++
		}
		if ec1.level > 0 {
			jg.numRelRet += ret
			jg.numRel += len(ec1.ranks)
		} else {
			jg.numNonrelRet += ret
			jg.numNonrel += len(ec1.ranks)
		}
		for e2 := e1 + 1; e2 < len(jg.ecs); e2++ {
			for _, r1 := range ec1.ranks {
				for _, r2 := range jg.ecs[e2].ranks {
					rp.counts[r1*nj+r2]++
					if r1 == r2 {
						return fmt.Errorf("docno %q has two relevance levels in one sub-group", docnoOfRank(lines, r1))
					}
					jg.count(r1, r2, njr)
				}
			}
		}
	}
	jg.possRet += jg.fulRet
	jg.possImp += jg.fulImp
	return nil
}

// count adds the preference of docid a over docid b to the group's
// counts: fulfilled when the run ranks a above b (both retrieved: "ret";
// only a retrieved: "imp"), possible in any case, "notoccur" when neither
// is retrieved (docids below njr are the retrieved ones, in rank order).
// The possible counts get the fulfilled ones added once all are counted.
func (jg *prefsJG) count(a, b, njr int) {
	switch {
	case a < njr && b < njr && a < b:
		jg.fulRet++
	case a < njr && b < njr:
		jg.possRet++
	case a < njr:
		jg.fulImp++
	case b < njr:
		jg.possImp++
	default:
		jg.possNotOccur++
	}
}

func docnoOfRank(lines []prefLine, r int) string {
	for _, l := range lines {
		if l.rank == r {
			return l.DocNo
		}
	}
	return ""
}

// formPA is form_jg_pa, add_transitives and add_pa_pref_to_jg.
func (jg *prefsJG) formPA(lines []prefLine, rp *resultsPrefs) error {
	nj, njr := rp.numJudged, rp.numJudgedRet
	jg.pa = newBitMatrix(nj)
	jg.rel = make([]float64, nj)
	for i := range jg.rel {
		jg.rel[i] = -1
	}
	for i, l := range lines {
		old := jg.rel[l.rank]
		if (old > 0 && l.Level == 0) || (old == 0 && l.Level > 0) {
			return fmt.Errorf("docno %q has both level 0 and a level above 0", l.DocNo)
		}
		jg.rel[l.rank] = l.Level
		j := i + 1
		for j < len(lines) && lines[j].JSG == l.JSG && lines[j].Level == l.Level {
			j++
		}
		for ; j < len(lines) && lines[j].JSG == l.JSG; j++ {
			jg.pa.set(l.rank, lines[j].rank)
		}
	}
	jg.pa.closeTransitively()
	for i := range nj {
		for j := range nj {
			if i != j && jg.pa.get(i, j) && jg.pa.get(j, i) {
				return fmt.Errorf("preferences contradict each other: docnos %q and %q are each preferred to the other",
					docnoOfRank(lines, i), docnoOfRank(lines, j))
			}
		}
	}
	for i := range njr {
		if jg.rel[i] > 0 {
			jg.numRelRet++
		} else if jg.rel[i] == 0 {
			jg.numNonrelRet++
		}
	}
	jg.numRel, jg.numNonrel = jg.numRelRet, jg.numNonrelRet
	for i := njr; i < nj; i++ {
		if jg.rel[i] > 0 {
			jg.numRel++
		} else if jg.rel[i] == 0 {
			jg.numNonrel++
		}
	}
	for i := range nj {
		jg.pa.eachInRow(i, func(j int) {
			rp.counts[i*nj+j]++
			jg.count(i, j, njr)
		})
	}
	jg.possRet += jg.fulRet
	jg.possImp += jg.fulImp
	return nil
}

// bitMatrix is a square boolean matrix, a row of uint64 words per row.
type bitMatrix struct {
	n, words int
	bits     []uint64
}

func newBitMatrix(n int) *bitMatrix {
	w := (n + 63) / 64
	return &bitMatrix{n: n, words: w, bits: make([]uint64, n*w)}
}

func (m *bitMatrix) row(i int) []uint64 { return m.bits[i*m.words : (i+1)*m.words] }
func (m *bitMatrix) set(i, j int)       { m.bits[i*m.words+j/64] |= 1 << (j % 64) }
func (m *bitMatrix) get(i, j int) bool  { return m.bits[i*m.words+j/64]&(1<<(j%64)) != 0 }

// closeTransitively adds every preference implied by transitivity
// (Warshall's algorithm): the fixed point trec_eval reaches by squaring
// the matrix with ones on the diagonal, whose diagonal it then clears.
func (m *bitMatrix) closeTransitively() {
	for k := range m.n {
		rk := m.row(k)
		for i := range m.n {
			if i != k && m.get(i, k) {
				ri := m.row(i)
				for w := range ri {
					ri[w] |= rk[w]
				}
			}
		}
	}
	for i := range m.n {
		m.bits[i*m.words+i/64] &^= 1 << (i % 64)
	}
}

// eachInRow calls f for every j with m[i][j] set, in increasing j.
func (m *bitMatrix) eachInRow(i int, f func(j int)) {
	for w, word := range m.row(i) {
		for word != 0 {
			b := bits.TrailingZeros64(word)
			f(w*64 + b)
			word &^= 1 << b
		}
	}
}
