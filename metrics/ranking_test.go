package metrics

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// handRanking: judged a=1, b=0, c=2, e=-1 (pooled, unjudged); retrieved a and
// b tie at 0.5, so docno descending puts b first: b, a, d, e.
func handRanking(t *testing.T) Ranking {
	t.Helper()
	judged := map[string]int{"a": 1, "b": 0, "c": 2, "e": -1}
	docs := []ScoredDoc{{"a", 0.5}, {"d", 0.25}, {"e", 0.1}, {"b", 0.5}}
	r, err := NewRanking(judged, docs, 0)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRankingHandChecked(t *testing.T) {
	r := handRanking(t)
	if want := []int{0, 1, NotJudged, UnjudgedInPool}; !slices.Equal(r.Rels, want) {
		t.Fatalf("Rels = %v, want %v", r.Rels, want)
	}
	if want := []int{2, 1, 0}; !slices.Equal(r.Judged, want) {
		t.Fatalf("Judged = %v, want %v", r.Judged, want)
	}
	ln3 := math.Log2(3)
	checks := []struct {
		name      string
		got, want float64
	}{
		{"NumRetrieved", float64(NumRetrieved(r)), 4},
		{"NumRelevant(1)", float64(NumRelevant(r, 1)), 2},
		{"NumRelevant(2)", float64(NumRelevant(r, 2)), 1},
		{"NumRelevantRetrieved(1)", float64(NumRelevantRetrieved(r, 1)), 1},
		{"QueryAveragePrecision(1)", QueryAveragePrecision(r, 1), 0.5 / 2},
		{"QueryAveragePrecision(2)", QueryAveragePrecision(r, 2), 0},
		{"PrecisionAtK(1,1)", PrecisionAtK(r, 1, 1), 0},
		{"PrecisionAtK(1,2)", PrecisionAtK(r, 1, 2), 0.5},
		{"PrecisionAtK(1,10)", PrecisionAtK(r, 1, 10), 0.1},
		{"RecallAtK(1,2)", RecallAtK(r, 1, 2), 0.5},
		{"RecallAtK(3,2)", RecallAtK(r, 3, 2), 0},
		{"SuccessAtK(1,1)", SuccessAtK(r, 1, 1), 0},
		{"SuccessAtK(1,2)", SuccessAtK(r, 1, 2), 1},
		{"ReciprocalRank(1)", ReciprocalRank(r, 1), 0.5},
		{"ReciprocalRank(0)", ReciprocalRank(r, 0), 1},
		{"RPrecision(1)", RPrecision(r, 1), 0.5},
		{"NDCG", NDCG(r), (1 / ln3) / (2 + 1/ln3)},
		{"NDCGAtK(1)", NDCGAtK(r, 1), 0},
		{"NDCGAtK(2)", NDCGAtK(r, 2), (1 / ln3) / (2 + 1/ln3)},
		// b (non-relevant) above a: a's term is 1 - min(1,2)/min(1,2) = 0.
		{"Bpref(1)", Bpref(r, 1), 0},
		// level 2: c is not retrieved.
		{"Bpref(2)", Bpref(r, 2), 0},
		{"Bpref(0)", Bpref(r, 0), 2.0 / 3},
		{"iprec(0)", InterpolatedPrecisionAtRecall(r, 1, 0), 0.5},
		{"iprec(0.5)", InterpolatedPrecisionAtRecall(r, 1, 0.5), 0.5},
		{"iprec(1)", InterpolatedPrecisionAtRecall(r, 1, 1), 0},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 1e-12 {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestRankingErrors(t *testing.T) {
	_, err := NewRanking(nil, []ScoredDoc{{"a", 1}, {"b", 2}, {"a", 0}}, 0)
	var dup *DuplicateDocError
	if !errors.As(err, &dup) || dup.DocNo != "a" {
		t.Errorf("duplicate docno: err = %v", err)
	}
	if _, err := NewRanking(nil, []ScoredDoc{{"a", math.NaN()}}, 0); err == nil {
		t.Error("NaN score accepted")
	}
	r, err := NewRanking(map[string]int{"a": 1}, nil, 0)
	if err != nil || len(r.Rels) != 0 || QueryAveragePrecision(r, 1) != 0 || NDCG(r) != 0 || RPrecision(r, 1) != 0 {
		t.Errorf("empty run: %v %+v", err, r)
	}
	defer func() {
		if p := recover(); p == nil || p != "metrics: rank cutoff must be positive" {
			t.Errorf("PrecisionAtK(k=0) panic = %v", p)
		}
	}()
	PrecisionAtK(r, 1, 0)
}

func TestParseTrecMeasures(t *testing.T) {
	ms, err := ParseTrecMeasures([]string{"ndcg_cut.10", "P.20,5", "map", "P.7", "P"})
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, m := range ms {
		parts = append(parts, strings.TrimSuffix(fmt.Sprintln(m.Name, m.Cutoffs, m.Recalls), "\n"))
	}
	got := "[" + strings.Join(parts, " ") + "]"
	// trec_eval order; the first parameter list of P wins.
	if want := "[map [] [] P [5 20] [] ndcg_cut [10] []]"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	ms, _ = ParseTrecMeasures(nil)
	var names []string
	for _, v := range NewTrecEval(ms).Values() {
		names = append(names, v.Name)
	}
	if len(names) != 4+2+3+11+9 || names[0] != "num_q" || names[len(names)-1] != "P_1000" || names[9] != "iprec_at_recall_0.00" {
		t.Errorf("official values = %v", names)
	}
	for _, bad := range []string{"nope", "map.5", "P.", "P.0", "P.3,3"} {
		if _, err := ParseTrecMeasures([]string{bad}); err == nil {
			t.Errorf("ParseTrecMeasures(%q) accepted", bad)
		}
	}
	// Recall levels outside [0, 1] are trec_eval 10's to take (its values in
	// cmd/mltest/testdata/trec10: iprec_levels_q, iprec_neg_c_q).
	ms, err = ParseTrecMeasures([]string{"iprec_at_recall.2,-0.5"})
	if err != nil {
		t.Fatalf("ParseTrecMeasures(iprec_at_recall.2,-0.5): %v", err)
	}
	names = names[:0]
	for _, v := range NewTrecEval(ms).Values() {
		names = append(names, v.Name)
	}
	if want := []string{"iprec_at_recall_-0.50", "iprec_at_recall_2.00"}; !slices.Equal(names, want) {
		t.Errorf("iprec_at_recall.2,-0.5 values = %v, want %v", names, want)
	}
}

// rankingInput draws a query: judgments with graded, zero and negative
// relevance, and a run over judged and unjudged docnos with tied scores.
func rankingInput(t *rapid.T) (map[string]int, []ScoredDoc) {
	nJudged := rapid.IntRange(0, 30).Draw(t, "nJudged")
	judged := map[string]int{}
	for i := range nJudged {
		judged[fmt.Sprintf("d%02d", i)] = rapid.IntRange(-1, 3).Draw(t, "rel")
	}
	nDocs := rapid.IntRange(0, 40).Draw(t, "nDocs")
	perm := rapid.Permutation(func() []int {
		p := make([]int, 50)
		for i := range p {
			p[i] = i
		}
		return p
	}()).Draw(t, "docs")
	docs := make([]ScoredDoc, nDocs)
	for i := range docs {
		docs[i] = ScoredDoc{fmt.Sprintf("d%02d", perm[i]), float64(rapid.IntRange(0, 5).Draw(t, "score"))}
	}
	return judged, docs
}

func TestRankingProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		judged, docs := rankingInput(t)
		level := rapid.IntRange(0, 3).Draw(t, "level")
		k := rapid.IntRange(1, 50).Draw(t, "k")
		r, err := NewRanking(judged, slices.Clone(docs), 0)
		if err != nil {
			t.Fatal(err)
		}
		// The order of the input lines does not matter.
		shuffled := rapid.Permutation(docs).Draw(t, "shuffled")
		r2, err := NewRanking(judged, shuffled, 0)
		if err != nil || !slices.Equal(r.Rels, r2.Rels) {
			t.Fatalf("rank depends on input order: %v vs %v", r.Rels, r2.Rels)
		}
		values := map[string]float64{
			"ap": QueryAveragePrecision(r, level), "P": PrecisionAtK(r, level, k), "recall": RecallAtK(r, level, k),
			"success": SuccessAtK(r, level, k), "rr": ReciprocalRank(r, level), "rprec": RPrecision(r, level),
			"ndcg": NDCG(r), "ndcg_cut": NDCGAtK(r, k), "bpref": Bpref(r, level),
			"iprec": InterpolatedPrecisionAtRecall(r, level, rapid.Float64Range(0, 1).Draw(t, "x")),
		}
		for name, v := range values {
			if !(v >= 0 && v <= 1+1e-12) {
				t.Fatalf("%s = %v outside [0, 1]", name, v)
			}
		}
		R := NumRelevant(r, level)
		if R == 0 && (values["ap"] != 0 || values["recall"] != 0 || values["rprec"] != 0) {
			t.Fatalf("R = 0 but %v", values)
		}
		if values["success"] == 0 && values["P"] != 0 {
			t.Fatalf("P > 0 without success: %v", values)
		}
		// Retrieving every judged document by relevance is ideal.
		var ideal []ScoredDoc
		for d, rel := range judged {
			ideal = append(ideal, ScoredDoc{d, float64(rel)})
		}
		ri, err := NewRanking(judged, ideal, 0)
		if err != nil {
			t.Fatal(err)
		}
		if level > 0 && R > 0 && (QueryAveragePrecision(ri, level) != 1 || RPrecision(ri, level) != 1) {
			t.Fatalf("ideal ranking: AP %v Rprec %v", QueryAveragePrecision(ri, level), RPrecision(ri, level))
		}
		if len(ri.Judged) > 0 && ri.Judged[0] > 0 && math.Abs(NDCG(ri)-1) > 1e-12 {
			t.Fatalf("ideal ranking: NDCG %v", NDCG(ri))
		}
	})
}

// TestTrecAccumulatorMerge: accumulators over any split of the queries,
// merged, give the summary of all of them.
func TestTrecAccumulatorMerge(t *testing.T) {
	ms, err := ParseTrecMeasures([]string{"official", "ndcg", "ndcg_cut", "recall", "success"})
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		var opts []TrecOption
		if rapid.Bool().Draw(t, "complete") {
			opts = append(opts, CompleteAveraging())
		}
		e := NewTrecEval(ms, opts...)
		n := rapid.IntRange(0, 12).Draw(t, "queries")
		whole := e.NewAccumulator()
		parts := []*TrecAccumulator{e.NewAccumulator(), e.NewAccumulator(), e.NewAccumulator()}
		for range n {
			judged, docs := rankingInput(t)
			var res TrecQueryResult
			if rapid.IntRange(0, 4).Draw(t, "missing") == 0 {
				res = e.Missing(judged)
			} else {
				res, err = e.Query(judged, docs)
				if err != nil {
					t.Fatal(err)
				}
			}
			whole.Add(res)
			parts[rapid.IntRange(0, 2).Draw(t, "part")].Add(res)
		}
		merged := e.NewAccumulator()
		for _, p := range parts {
			merged.Merge(p)
		}
		w, m := whole.Result(), merged.Result()
		for i, v := range e.Values() {
			if math.Abs(w[i]-m[i]) > 1e-12*max(1, math.Abs(w[i])) {
				t.Fatalf("%s: whole %v, merged %v", v.Name, w[i], m[i])
			}
		}
		if merged.NumQueries() != n {
			t.Fatalf("NumQueries = %d, want %d", merged.NumQueries(), n)
		}
	})
}

// TestHitRateMRRProperties: HitRateAtK is the mean of SuccessAtK and MRRAtK
// the mean of ReciprocalRank on rankings cut at k, on random queries.
func TestHitRateMRRProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(1, 20).Draw(t, "k")
		n := rapid.IntRange(1, 8).Draw(t, "queries")
		var hits [][]bool
		success, rr := 0.0, 0.0
		for range n {
			judged, docs := rankingInput(t)
			r, _ := NewRanking(judged, slices.Clone(docs), 0)
			h := make([]bool, len(r.Rels))
			for i, v := range r.Rels {
				h[i] = v >= 1
			}
			hits = append(hits, h)
			success += SuccessAtK(r, 1, k)
			cut, _ := NewRanking(judged, docs, k)
			rr += ReciprocalRank(cut, 1)
		}
		hr, err1 := HitRateAtK(hits, k)
		mrr, err2 := MRRAtK(hits, k)
		if err1 != nil || err2 != nil || hr != success/float64(n) || mrr != rr/float64(n) {
			t.Fatalf("HitRate %v (%v) vs %v; MRR %v (%v) vs %v", hr, err1, success/float64(n), mrr, err2, rr/float64(n))
		}
	})
	if _, err := HitRateAtK(nil, 5); !errors.Is(err, ErrUndefined) {
		t.Errorf("HitRateAtK(no users) err = %v", err)
	}
	if _, err := MRRAtK(nil, 5); !errors.Is(err, ErrUndefined) {
		t.Errorf("MRRAtK(no users) err = %v", err)
	}
	if v, _ := MRRAtK([][]bool{{false, false, true}, {false}}, 3); v != (1.0/3)/2 {
		t.Errorf("MRRAtK = %v, want 1/6", v)
	}
	if v, _ := MRRAtK([][]bool{{false, false, true}}, 2); v != 0 {
		t.Errorf("MRRAtK beyond k = %v, want 0", v)
	}
}

// BenchmarkTrecWorkerQuery evaluates one 1,000-document query with the
// measures of the trec_eval comparison (map ndcg_cut.10 P.10 recall.100
// recip_rank), the per-query hot path of mltest rank.
func BenchmarkTrecWorkerQuery(b *testing.B) {
	judged := map[string]int{}
	docs := make([]ScoredDoc, 1000)
	for i := range docs {
		docs[i] = ScoredDoc{DocNo: fmt.Sprintf("clueweb09-en%08d", i*7919%100000), Score: float64((i * 31) % 500)}
		if i%5 == 0 {
			judged[docs[i].DocNo] = i % 4
		}
	}
	ms, err := ParseTrecMeasures([]string{"map", "ndcg_cut.10", "P.10", "recall.100", "recip_rank"})
	if err != nil {
		b.Fatal(err)
	}
	w := NewTrecEval(ms).Worker()
	work := make([]ScoredDoc, len(docs))
	b.ReportAllocs()
	for b.Loop() {
		copy(work, docs) // unsorted input each time
		if _, err := w.Query(judged, work); err != nil {
			b.Fatal(err)
		}
	}
}
