package metrics

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"slices"
	"sync"
	"testing"

	"github.com/mltest/mltest/internal/exactref"
)

// FuzzRankingExtremes holds the ranking measures to exact evaluations
// (internal/exactref: rationals, 300-bit logarithms for the discounts) on
// a handful of documents with extreme gains, grades and scores, ties
// included, to 1e-12 relative:
//
//   - NDCGScore and DCGScore (scikit-learn's, tie-averaged unless
//     ignoreTies, cut at k) over up to 3 rows of 2-5 items: gains from 0 or
//     2^-1024 to 2^1016, scores from 2^-1024 to 2^504 in magnitude, either
//     sign, row weights from 0 or 2^-1024 to 2^1016. Gains are >= 0: with
//     negative ones (accepted, as sklearn 1.2 does) a DCG is a difference
//     of rounded terms, exact to no relative tolerance.
//   - trec_eval's map, recip_rank, ndcg, ndcg_cut_k, P_k and Rprec of one
//     query of up to 6 retrieved documents (grades from -2^53 to 2^53,
//     plus one judged document never retrieved) ordered as NewRanking
//     orders them: score descending, ties by docno descending.
func FuzzRankingExtremes(f *testing.F) {
	f.Add([]byte{0x03, 2, 0x80, 0, 0x40, 0, 0x80, 0, 0x40, 2, 0x70, 0, 0x41, 0, 0x80, 0, 0x40, 0})
	f.Add([]byte{0x12, 0xff, 0, 0xff, 0, 0xbf, 0, 0x01, 0, 0xbf, 0, 0, 0, 0x10, 0, 0x01, 0, 0xff, 0})
	f.Add([]byte{0x21, 4, 0x30, 0, 0x40, 0, 0xf0, 0, 0x40, 0, 0x30, 3, 0x40, 0, 0x30, 0, 0x20, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		checkDCGScores(t, data[0], data[1], data[2:])
		checkTrecMeasures(t, data[2:])
	})
}

// log2Discount is 1/log2(r+2), a new value each call.
func log2Discount(r int) *big.Float { return new(big.Float).Set(log2Discounts()[r]) }

var log2Discounts = sync.OnceValue(func() []*big.Float {
	d := make([]*big.Float, 16)
	for r := range d {
		l := exactref.Log(new(big.Float).SetPrec(exactref.Prec).SetInt64(int64(r + 2)))
		d[r] = l.Quo(exactref.Ln2(), l)
	}
	return d
})

// checkDCGScores: rows of 4 bytes an item (gain, score), after 2 bytes of
// row weight; mode: items per row (2-5), ignoreTies, k.
func checkDCGScores(t *testing.T, mode, kb byte, data []byte) {
	n := 2 + int(mode&3)
	ignoreTies := mode&4 != 0
	k := int(kb) % (n + 1)
	var yTrue, yScore [][]float64
	var weights []float64
	for i := 0; i+2+4*n <= len(data) && len(yTrue) < 3; i += 2 + 4*n {
		weights = append(weights, exactref.Weight(data[i], data[i+1]))
		g, s := make([]float64, n), make([]float64, n)
		for j := range n {
			b := data[i+2+4*j:]
			g[j], s[j] = exactref.Weight(b[0], b[1]), exactref.Signed(b[2], b[3])
		}
		yTrue, yScore = append(yTrue, g), append(yScore, s)
	}
	if len(yTrue) == 0 {
		return
	}
	for _, normalize := range []bool{true, false} {
		sum, wsum := new(big.Float).SetPrec(exactref.Prec), new(big.Rat)
		for i := range yTrue {
			g := exactDCG(yTrue[i], yScore[i], k, ignoreTies)
			if normalize {
				ideal := slices.Clone(yTrue[i])
				slices.SortFunc(ideal, func(a, b float64) int { return cmp.Compare(b, a) })
				idcg := exactDCG(ideal, nil, k, true)
				if idcg.Sign() == 0 {
					g.SetInt64(0)
				} else {
					g.Quo(g, idcg)
				}
			}
			sum.Add(sum, g.Mul(g, exactref.Float(exactref.Rat(weights[i]))))
			wsum.Add(wsum, exactref.Rat(weights[i]))
		}
		want := exactref.Undefined
		if wsum.Sign() != 0 {
			want = exactref.OfFloat(sum.Quo(sum, exactref.Float(wsum)))
		}
		name, fn := "NDCGScore", NDCGScore
		if !normalize {
			name, fn = "DCGScore", DCGScore
		}
		got, err := fn(yTrue, yScore, weights, k, ignoreTies)
		what := fmt.Sprintf("%s(%v, %v, %v, k=%d, ignoreTies=%v)", name, yTrue, yScore, weights, k, ignoreTies)
		if msg := exactref.Check(what, got, err == nil, want, 1e-12, 0); msg != "" {
			t.Errorf("%s (err %v)", msg, err)
		}
	}
}

// exactDCG: sklearn's DCG of gains ranked by decreasing score (scores nil:
// in the given order), the first k ranks (k = 0: all); tied scores share
// the mean gain of their group unless ignoreTies, which takes ties in
// decreasing index.
func exactDCG(gains, scores []float64, k int, ignoreTies bool) *big.Float {
	n := len(gains)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	if scores != nil {
		slices.SortStableFunc(order, func(p, q int) int {
			if c := cmp.Compare(scores[q], scores[p]); c != 0 {
				return c
			}
			if ignoreTies {
				return q - p
			}
			return 0
		})
	}
	sum := new(big.Float).SetPrec(exactref.Prec)
	for start := 0; start < n; {
		end := start + 1
		for !ignoreTies && scores != nil && end < n && scores[order[end]] == scores[order[start]] {
			end++
		}
		mean := new(big.Rat)
		for _, j := range order[start:end] {
			mean.Add(mean, exactref.Rat(gains[j]))
		}
		mean.Quo(mean, big.NewRat(int64(end-start), 1))
		disc := new(big.Float).SetPrec(exactref.Prec)
		for r := start; r < end && (k == 0 || r < k); r++ {
			disc.Add(disc, log2Discount(r))
		}
		sum.Add(sum, disc.Mul(disc, exactref.Float(mean)))
		start = end
	}
	return sum
}

// checkTrecMeasures: documents of 4 bytes (grade, score); document i is
// "d<i>", and one more judged document is never retrieved.
func checkTrecMeasures(t *testing.T, data []byte) {
	judged := map[string]int{}
	var docs []ScoredDoc
	grade := func(e, m byte) int {
		g := int(math.Ldexp(1+float64(m>>1)/128, int(e)%54))
		if e >= 0xc0 {
			g = 0
		}
		if m&1 == 1 {
			g = -g
		}
		return g
	}
	for i := 0; i+4 <= len(data) && len(docs) < 6; i += 4 {
		id := fmt.Sprintf("d%d", i/4)
		if data[i] != 0xff { // 0xff: not judged
			judged[id] = grade(data[i], data[i+1])
		}
		docs = append(docs, ScoredDoc{DocNo: id, Score: exactref.Signed(data[i+2], data[i+3])})
	}
	if len(docs) == 0 {
		return
	}
	if len(data) > 0 {
		judged["unretrieved"] = grade(data[len(data)-1], data[0])
	}
	in := slices.Clone(docs)
	r, err := NewRanking(judged, in, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The exact order: score descending, ties by docno descending.
	slices.SortFunc(docs, func(a, b ScoredDoc) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(b.DocNo, a.DocNo)
	})
	rels := make([]int, len(docs))
	for i, d := range docs {
		rel, ok := judged[d.DocNo]
		if !ok {
			rel = NotJudged
		}
		rels[i] = rel
	}
	var all []int
	for _, v := range judged {
		all = append(all, v)
	}
	slices.SortFunc(all, func(a, b int) int { return cmp.Compare(b, a) })
	R := 0
	for _, v := range all {
		if v >= 1 {
			R++
		}
	}
	check := func(name string, got float64, want *big.Float) {
		t.Helper()
		if msg := exactref.Check(fmt.Sprintf("%s of %v (judged %v)", name, docs, judged), got, true, exactref.OfFloat(want), 1e-12, 0); msg != "" {
			t.Error(msg)
		}
	}
	frac := func(p, q int) *big.Float {
		if q == 0 {
			return new(big.Float)
		}
		return exactref.Float(big.NewRat(int64(p), int64(q)))
	}
	ap, rr, found := new(big.Rat), new(big.Rat), 0
	for i, v := range rels {
		if v >= 1 {
			found++
			ap.Add(ap, big.NewRat(int64(found), int64(i+1)))
			if rr.Sign() == 0 {
				rr.SetFrac64(1, int64(i+1))
			}
		}
	}
	if R > 0 {
		ap.Quo(ap, big.NewRat(int64(R), 1))
	} else {
		ap.SetInt64(0)
	}
	check("map", QueryAveragePrecision(r, 1), exactref.Float(ap))
	check("recip_rank", ReciprocalRank(r, 1), exactref.Float(rr))
	inTop := func(k int) int {
		c := 0
		for i, v := range rels {
			if i < k && v >= 1 {
				c++
			}
		}
		return c
	}
	check("P_5", PrecisionAtK(r, 1, 5), frac(inTop(5), 5))
	if len(rels) > 0 {
		check("Rprec", RPrecision(r, 1), frac(inTop(R), R))
	}
	dcg := func(gains []int, k int) *big.Float {
		s := new(big.Float).SetPrec(exactref.Prec)
		for i, v := range gains {
			if i < k && v > 0 {
				s.Add(s, log2Discount(i).Mul(log2Discount(i), new(big.Float).SetInt64(int64(v))))
			}
		}
		return s
	}
	ndcg := func(k int) *big.Float {
		ideal := dcg(all, k)
		if ideal.Sign() == 0 {
			return ideal
		}
		return ideal.Quo(dcg(rels, k), ideal)
	}
	check("ndcg", NDCG(r), ndcg(len(all)+len(rels)))
	check("ndcg_cut_3", NDCGAtK(r, 3), ndcg(3))
}
