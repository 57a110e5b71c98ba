package metrics

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"strings"
)

// Relevance values of a ranked document that has no relevance judgment, as
// trec_eval 10 encodes them (form_res_rels.c).
const (
	// NotJudged marks a retrieved document absent from the query's judgments.
	NotJudged = -1
	// UnjudgedInPool marks a retrieved document listed in the judgments with
	// a negative relevance (in the pool but not judged, as infAP samples).
	UnjudgedInPool = -2
)

// ScoredDoc is one retrieved document of a query: its identifier (trec_eval's
// docno) and the system's score for it.
type ScoredDoc struct {
	DocNo string
	Score float64
}

// Ranking is one query's retrieved list reduced to what trec_eval's measures
// read: the relevance of the document at each rank, and the relevance values
// of every judged document of the query, retrieved or not.
type Ranking struct {
	// Rels[i] is the judged relevance (>= 0) of the document at rank i+1, or
	// NotJudged, or UnjudgedInPool.
	Rels []int
	// Judged holds the relevance of every judged document of the query
	// (negative judgments excluded), in decreasing order. The number of
	// relevant documents R at level l is the count of Judged values >= l.
	Judged []int
}

// DuplicateDocError reports a docno that occurs twice in one query's ranked
// list, which trec_eval also refuses: the rank of such a document is undefined.
type DuplicateDocError struct {
	DocNo string
}

func (e *DuplicateDocError) Error() string {
	return fmt.Sprintf("metrics: docno %q retrieved twice for one query", e.DocNo)
}

// NewRanking orders docs as trec_eval does and looks each one up in judged
// (docno -> relevance). docs is sorted in place.
//
// Order: score descending; ties broken by docno descending in byte order
// (trec_eval's comp_sim_docno). The rank field of a TREC run is ignored, as
// trec_eval ignores it. maxDocs > 0 keeps only the first maxDocs documents
// after ordering (trec_eval -M); 0 keeps all.
//
// A NaN score and a docno occurring twice are errors (the order would be
// undefined); an empty docs is a valid ranking that retrieves nothing.
func NewRanking(judged map[string]int, docs []ScoredDoc, maxDocs int) (Ranking, error) {
	var r Ranking
	var s rankScratch
	err := s.rank(&r, judged, docs, maxDocs)
	return r, err
}

// rankScratch is reusable working memory for building rankings, so that an
// evaluator ranking millions of documents allocates little.
type rankScratch struct {
	seed  maphash.Seed
	slots []int32 // open-addressing set of docs indexes + 1; 0 is empty
}

// duplicate returns the index of a docno that occurs twice in docs, or -1.
// It hashes into a reused open-addressing table: cheaper than a map, which
// matters at millions of documents.
func (s *rankScratch) duplicate(docs []ScoredDoc) int {
	size := 16
	for size < 2*len(docs) {
		size *= 2
	}
	if cap(s.slots) < size {
		s.slots = make([]int32, size)
		s.seed = maphash.MakeSeed()
	} else {
		s.slots = s.slots[:size]
		clear(s.slots)
	}
	mask := uint64(size - 1)
	for i, d := range docs {
		h := maphash.String(s.seed, d.DocNo) & mask
		for {
			j := s.slots[h]
			if j == 0 {
				s.slots[h] = int32(i + 1)
				break
			}
			if docs[j-1].DocNo == d.DocNo {
				return i
			}
			h = (h + 1) & mask
		}
	}
	return -1
}

func compareScoredDocs(a, b ScoredDoc) int {
	switch {
	case a.Score > b.Score:
		return -1
	case a.Score < b.Score:
		return 1
	}
	return strings.Compare(b.DocNo, a.DocNo)
}

func (s *rankScratch) rank(r *Ranking, judged map[string]int, docs []ScoredDoc, maxDocs int) error {
	for _, d := range docs {
		if math.IsNaN(d.Score) {
			return fmt.Errorf("metrics: NaN score for docno %q", d.DocNo)
		}
	}
	if i := s.duplicate(docs); i >= 0 {
		return &DuplicateDocError{DocNo: docs[i].DocNo}
	}
	if !slices.IsSortedFunc(docs, compareScoredDocs) {
		slices.SortFunc(docs, compareScoredDocs)
	}
	n := len(docs)
	if maxDocs > 0 && n > maxDocs {
		n = maxDocs
	}
	r.Rels = slices.Grow(r.Rels[:0], n)
	for _, d := range docs[:n] {
		rel := relCode(judged, d.DocNo)
		r.Rels = append(r.Rels, rel)
	}
	r.Judged = r.Judged[:0]
	for _, rel := range judged {
		if rel >= 0 {
			r.Judged = append(r.Judged, rel)
		}
	}
	slices.SortFunc(r.Judged, func(a, b int) int { return cmp.Compare(b, a) })
	return nil
}

// NumRetrieved returns the number of ranked documents (trec_eval num_ret).
func NumRetrieved(r Ranking) int { return len(r.Rels) }

// NumRelevant returns R, the number of judged documents with relevance >=
// level (trec_eval num_rel).
func NumRelevant(r Ranking, level int) int {
	n := 0
	for _, v := range r.Judged {
		if v < level {
			break
		}
		n++
	}
	return n
}

// NumRelevantRetrieved returns the number of ranked documents with relevance
// >= level (trec_eval num_rel_ret).
func NumRelevantRetrieved(r Ranking, level int) int {
	n := 0
	for _, v := range r.Rels {
		if v >= level {
			n++
		}
	}
	return n
}

// QueryAveragePrecision returns trec_eval's map for one query:
//
//	AP = (1/R) * sum over ranks i with rel_i >= level of (relevant in top i) / i
//
// where R = NumRelevant(r, level). Relevant documents never retrieved
// contribute 0. A query with R = 0 scores 0.
func QueryAveragePrecision(r Ranking, level int) float64 {
	sum, relSoFar := apSum(&resRels{rels: r.Rels}, level)
	if relSoFar == 0 {
		return 0
	}
	return sum / float64(NumRelevant(r, level))
}

// relevantInTop returns the number of documents with relevance >= level among
// the first k ranks (all ranks when fewer than k are retrieved).
func relevantInTop(r Ranking, level, k int) int {
	n := 0
	for i, v := range r.Rels {
		if i >= k {
			break
		}
		if v >= level {
			n++
		}
	}
	return n
}

// PrecisionAtK returns trec_eval's P_k: (relevant in top k) / k. When fewer
// than k documents are retrieved the missing ranks count as non-relevant, so
// the denominator stays k. It panics if k <= 0.
func PrecisionAtK(r Ranking, level, k int) float64 {
	checkCutoff(k)
	return float64(relevantInTop(r, level, k)) / float64(k)
}

// RecallAtK returns trec_eval's recall_k: (relevant in top k) / R, and 0 when
// R = 0. It panics if k <= 0.
func RecallAtK(r Ranking, level, k int) float64 {
	checkCutoff(k)
	R := NumRelevant(r, level)
	if R == 0 {
		return 0
	}
	return float64(relevantInTop(r, level, k)) / float64(R)
}

// SuccessAtK returns trec_eval's success_k: 1 when a document with relevance
// >= level is among the first k ranks, else 0. It panics if k <= 0.
func SuccessAtK(r Ranking, level, k int) float64 {
	checkCutoff(k)
	if relevantInTop(r, level, k) > 0 {
		return 1
	}
	return 0
}

// ReciprocalRank returns trec_eval's recip_rank: 1/i for the first rank i
// holding a document with relevance >= level, and 0 when none is retrieved.
func ReciprocalRank(r Ranking, level int) float64 {
	for i, v := range r.Rels {
		if v >= level {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// RPrecision returns trec_eval's Rprec: (relevant in top R) / R with R =
// NumRelevant(r, level); 0 when R = 0 or nothing is retrieved.
func RPrecision(r Ranking, level int) float64 {
	R := NumRelevant(r, level)
	if R == 0 || len(r.Rels) == 0 {
		return 0
	}
	return float64(relevantInTop(r, level, R)) / float64(R)
}

// NDCG returns trec_eval's ndcg over the whole ranking:
//
//	DCG  = sum over ranks i of g_i / log2(i+1),  g_i = max(rel_i, 0)
//	IDCG = the same sum over all judged relevance values in decreasing order
//	NDCG = DCG / IDCG, and 0 when IDCG = 0
//
// The gain is the relevance value itself (trec_eval's default gains), every
// positive value counts whatever the relevance level, and the ideal ranking
// is built from every judged document of the query, retrieved or not.
// (NDCGScore is scikit-learn's ndcg_score, a different convention: gains
// from a score matrix, ideal from the same documents.)
func NDCG(r Ranking) float64 {
	dcg := 0.0
	for i, v := range r.Rels {
		if v > 0 {
			dcg += float64(v) / math.Log2(float64(i+2))
		}
	}
	idcg := idealDCG(r, len(r.Judged))
	if idcg > 0 {
		return dcg / idcg
	}
	return 0
}

// idealDCG returns the DCG of the first k judged relevance values in
// decreasing order, the ideal ranking's DCG at cutoff k.
func idealDCG(r Ranking, k int) float64 {
	idcg := 0.0
	for i, v := range r.Judged {
		if i >= k || v <= 0 {
			break
		}
		idcg += float64(v) / math.Log2(float64(i+2))
	}
	return idcg
}

// NDCGAtK returns trec_eval's ndcg_cut_k: NDCG with both the ranking and the
// ideal ranking cut at k ranks (formula of NDCG); 0 when the ideal DCG at k
// is 0. It panics if k <= 0.
func NDCGAtK(r Ranking, k int) float64 {
	checkCutoff(k)
	dcg := 0.0
	for i, v := range r.Rels {
		if i >= k {
			break
		}
		if v > 0 {
			dcg += float64(v) / math.Log2(float64(i+2))
		}
	}
	idcg := idealDCG(r, k)
	if idcg > 0 {
		return dcg / idcg
	}
	return 0
}

// Bpref returns trec_eval's bpref (Buckley and Voorhees, SIGIR 2004):
//
//	bpref = (1/R) * sum over retrieved relevant d of
//	        1 - min(n_d, R) / min(N, R)
//
// where n_d is the number of judged non-relevant documents (0 <= rel <
// level) ranked above d, N the number of judged non-relevant documents of
// the query, R = NumRelevant(r, level). Unjudged documents are skipped. The
// term is 1 when n_d = 0; bpref is 0 when R = 0.
func Bpref(r Ranking, level int) float64 {
	R := NumRelevant(r, level)
	N := 0
	for _, v := range r.Judged {
		if v < level {
			N++
		}
	}
	nonrelSoFar := 0
	bpref := 0.0
	for _, v := range r.Rels {
		if v < 0 {
			continue
		}
		if v < level {
			nonrelSoFar++
			continue
		}
		if nonrelSoFar > 0 {
			bpref += 1 - float64(min(nonrelSoFar, R))/float64(min(N, R))
		} else {
			bpref++
		}
	}
	if R > 0 {
		bpref /= float64(R)
	}
	return bpref
}

// InterpolatedPrecisionAtRecall returns trec_eval's iprec_at_recall_x: the
// highest precision at any rank whose recall is at least x,
//
//	iprec(x) = max over ranks j with rel_j >= level and (relevant in top j) >= round(x*R)
//	           of (relevant in top j) / j
//
// where round is half away from zero (C lround) and, as trec_eval computes
// it, the maximum also covers the precision at every rank below j. Recall
// levels that the ranking never reaches score 0.
func InterpolatedPrecisionAtRecall(r Ranking, level int, x float64) float64 {
	return interpolatedPrecisions(r, level, []float64{x})[0]
}

// interpolatedPrecisions ports te_calc_iprec_at_recall: cutoffs must be in
// increasing order.
func interpolatedPrecisions(r Ranking, level int, cutoffs []float64) []float64 {
	out := make([]float64, len(cutoffs))
	R := NumRelevant(r, level)
	relRet := NumRelevantRetrieved(r, level)
	numRet := len(r.Rels)
	cut := make([]int, len(cutoffs))
	for i, c := range cutoffs {
		cut[i] = int(math.Round(c * float64(R)))
	}
	current := len(cut) - 1
	for current >= 0 && cut[current] > relRet {
		current--
	}
	if numRet == 0 {
		return out
	}
	precis := float64(relRet) / float64(numRet)
	intPrecis := precis
	relSoFar := relRet
	for i := numRet; i > 0 && relSoFar > 0; i-- {
		precis = float64(relSoFar) / float64(i)
		if intPrecis < precis {
			intPrecis = precis
		}
		if r.Rels[i-1] >= level {
			for current >= 0 && relSoFar == cut[current] {
				out[current] = intPrecis
				current--
			}
			relSoFar--
		}
	}
	for current >= 0 {
		out[current] = intPrecis
		current--
	}
	return out
}

func checkCutoff(k int) {
	if k <= 0 {
		panic("metrics: rank cutoff must be positive")
	}
}
