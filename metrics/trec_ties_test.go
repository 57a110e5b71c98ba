package metrics

import (
	"fmt"
	"math"
	"testing"

	"pgregory.net/rapid"
)

// tiedQuery draws a small query with few distinct scores (big tied
// groups), graded, zero and negative judgments and unjudged documents.
func tiedQuery(t *rapid.T) (map[string]int, []ScoredDoc) {
	n := rapid.IntRange(1, 7).Draw(t, "docs")
	judged := map[string]int{}
	var docs []ScoredDoc
	for i := range n {
		d := fmt.Sprintf("d%d", i)
		docs = append(docs, ScoredDoc{DocNo: d, Score: float64(rapid.IntRange(0, 2).Draw(t, "score"))})
		if rel := rapid.IntRange(-2, 3).Draw(t, "rel"); rel > -2 {
			judged[d] = rel
		}
	}
	for i := range rapid.IntRange(0, 3).Draw(t, "unretrieved") {
		judged[fmt.Sprintf("u%d", i)] = rapid.IntRange(0, 3).Draw(t, "rel")
	}
	return judged, docs
}

// orderings calls f with every order of docs that keeps scores
// descending, i.e. every order of each group of ties.
func orderings(docs []ScoredDoc, f func([]ScoredDoc)) {
	byScore := map[float64][]ScoredDoc{}
	var scores []float64
	for _, d := range docs {
		if _, ok := byScore[d.Score]; !ok {
			scores = append(scores, d.Score)
		}
		byScore[d.Score] = append(byScore[d.Score], d)
	}
	var rec func(g int, acc []ScoredDoc)
	rec = func(g int, acc []ScoredDoc) {
		if g == len(scores) {
			f(acc)
			return
		}
		permute(byScore[scores[g]], func(p []ScoredDoc) { rec(g+1, append(acc[:len(acc):len(acc)], p...)) })
	}
	rec(0, nil)
}

func permute(x []ScoredDoc, f func([]ScoredDoc)) {
	var rec func(k int)
	rec = func(k int) {
		if k == len(x) {
			f(append([]ScoredDoc(nil), x...))
			return
		}
		for i := k; i < len(x); i++ {
			x[k], x[i] = x[i], x[k]
			rec(k + 1)
			x[k], x[i] = x[i], x[k]
		}
	}
	rec(0)
}

// TestTiesAverageIsTheMeanOverOrders: under TiesAverage every measure but
// map and map_cut (scikit-learn's thresholds, not a mean) equals its mean
// over all orders of the tied documents, each order evaluated with
// TiesInput; with and without a cut through the ties (-M), at several
// levels.
func TestTiesAverageIsTheMeanOverOrders(t *testing.T) {
	args := []string{"P.1,2,3,5", "recall.2,5", "relative_P.2,3", "Rprec", "Rprec_mult.0.5,1,2", "recip_rank",
		"success.1,2,3", "num_ret", "num_rel", "num_rel_ret", "num_nonrel_judged_ret", "set_P", "set_recall",
		"set_relative_P", "set_F.0.5", "set_map", "utility.1,-1,0.5,0", "dcg", "ideal_dcg", "ndcg.1=2,2=3", "Rndcg",
		"ndcg_cut.2,3,5", "rbp.p=0.5", "rbp_resid", "unj.2,3",
		"Judged@3", "RR@2", "nDCG(dcg='exp-log2')@3", "RBP(p=0.8,rel=1)", "SDCG(max_rel=3)@3", "INSQ(max_rel=3)"}
	ms, err := ParseTrecMeasures(args)
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		judged, docs := tiedQuery(t)
		opts := []TrecOption{RelevanceLevel(rapid.IntRange(0, 2).Draw(t, "level"))}
		if rapid.Bool().Draw(t, "cut") {
			opts = append(opts, MaxDocsPerQuery(rapid.IntRange(0, len(docs)).Draw(t, "M")))
		}
		avg, err := NewTrecEval(ms, append(opts, Ties(TiesAverage))...).Query(judged, docs)
		if err != nil {
			t.Fatal(err)
		}
		input := NewTrecEval(ms, append(opts, Ties(TiesInput))...)
		sum := make([]float64, len(avg.Values))
		n := 0
		orderings(docs, func(order []ScoredDoc) {
			r, err := input.Query(judged, order)
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range r.Values {
				sum[i] += v
			}
			n++
		})
		for i, v := range input.Values() {
			mean := sum[i] / float64(n)
			if math.Abs(avg.Values[i]-mean) > 1e-12 {
				t.Fatalf("%s: tie-averaged %v, mean over %d orders %v", v.Name, avg.Values[i], n, mean)
			}
		}
	})
}

// TestTiesAverageMap: map under TiesAverage is scikit-learn's average
// precision with trec_eval's denominator, a tied group one threshold:
// scores 3 2 2 1 with relevance 0 1 0 1 and 2 relevant documents give
// (1 * 1/3 + 1 * 2/4) / 2 = 5/12, as average_precision_score gives.
func TestTiesAverageMap(t *testing.T) {
	ms, err := ParseTrecMeasures([]string{"map", "map_cut.3"})
	if err != nil {
		t.Fatal(err)
	}
	judged := map[string]int{"a": 0, "b": 1, "c": 0, "d": 1}
	docs := []ScoredDoc{{"a", 3}, {"b", 2}, {"c", 2}, {"d", 1}}
	r, err := NewTrecEval(ms, Ties(TiesAverage)).Query(judged, docs)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Values[0]-5.0/12) > 1e-15 || math.Abs(r.Values[1]-(1.0/3)/2) > 1e-15 {
		t.Errorf("map, map_cut_3 = %v, want [5/12 1/6]", r.Values)
	}
	for _, bad := range []string{"bpref", "infAP", "ERR@5", "INST", "alpha_nDCG@5", "relstring"} {
		ms, _ := ParseTrecMeasures([]string{bad})
		if err := CheckTrecMeasures(ms, Ties(TiesAverage)); err == nil {
			t.Errorf("%s accepted under TiesAverage", bad)
		}
	}
}
