package mltestbeam

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/mltest/mltest/fixtures"
	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/metrics"
)

// makeTREC returns seeded random qrels and a run: 60 queries, of which some
// have no judgments (run only), some no run (qrels only), some judgments
// with relevance 0..3 and -1 (unjudged pool), scores with ties.
func makeTREC(seed uint64) ([]Judgment, []RunDoc) {
	r := rand.New(rand.NewPCG(seed, 9))
	var qrels []Judgment
	var run []RunDoc
	for q := 0; q < 60; q++ {
		qid := fmt.Sprintf("q%03d", q)
		docs := r.Perm(80)
		if q%11 != 5 { // judged
			for _, d := range docs[:20+r.IntN(30)] {
				qrels = append(qrels, Judgment{QID: qid, DocNo: fmt.Sprintf("d%d", d), Rel: r.IntN(5) - 1})
			}
		}
		if q%13 != 7 { // retrieved
			for _, d := range r.Perm(80)[:10+r.IntN(60)] {
				run = append(run, RunDoc{QID: qid, DocNo: fmt.Sprintf("d%d", d), Score: math.Round(r.Float64()*20) / 20})
			}
		}
	}
	return qrels, run
}

// referenceRanking is `mltest rank`'s computation, flow.Ranking.Evaluate:
// the qrels queries in byte order, skipped without a run unless complete,
// each evaluated by metrics.TrecEval and added to one accumulator in that
// order.
func referenceRanking(t *testing.T, spec RankSpec, qrels []Judgment, run []RunDoc) (map[string][]float64, []float64, []string) {
	t.Helper()
	in := &flow.Ranking{Qrels: fixtures.Qrels{}, Run: &fixtures.Run{Queries: map[string][]metrics.ScoredDoc{}}}
	for _, j := range qrels {
		if in.Qrels[j.QID] == nil {
			in.Qrels[j.QID] = map[string]int{}
		}
		in.Qrels[j.QID][j.DocNo] = j.Rel
	}
	for _, d := range run {
		in.Run.Queries[d.QID] = append(in.Run.Queries[d.QID], metrics.ScoredDoc{DocNo: d.DocNo, Score: d.Score})
	}
	opt := flow.DefaultRankOptions()
	opt.RankSpec = spec.flowSpec()
	res, err := in.Evaluate(opt)
	if err != nil {
		t.Fatal(err)
	}
	per := map[string][]float64{}
	for i, q := range res.Queries {
		per[q] = res.PerQuery[i].Values
	}
	return per, res.Summary, res.Skipped
}

func TestEvaluateRankingOnPrismEqualsMltestRank(t *testing.T) {
	t.Logf("seed %d", testSeed)
	qrels, run := makeTREC(testSeed)
	specs := map[string]RankSpec{
		"official": {},
		"complete": {Measures: []string{"map", "gm_map", "P.5,10", "ndcg", "ndcg_cut.10", "recip_rank", "bpref", "num_rel", "num_ret"}, Complete: true, Level: 2},
		"maxdocs":  {Measures: []string{"map", "recall.20", "success.1,5", "iprec_at_recall", "Rprec"}, MaxDocs: 15},
		"trec_more": {Measures: []string{"official", "infAP", "gm_bpref", "Rprec_mult", "utility", "11pt_avg", "binG", "G",
			"ndcg", "ndcg_rel", "Rndcg", "map_cut", "relative_P", "set_F", "rbp", "rbp_resid", "unj", "num_nonrel_judged_ret", "yaap"}, JudgedOnly: true},
		"ir_measures": {Measures: []string{"nDCG@10", "P(rel=2)@5", "ERR@10", "RBP(p=0.8)", "Judged@10", "RR@3",
			"SDCG(max_rel=3)@10", "NumRet", "NumRelRet"}, Complete: true},
		"ties_average": {Measures: []string{"map", "P.5", "ndcg_cut.10", "recip_rank", "nDCG@10"}, Ties: metrics.TiesAverage},
	}
	p, s := beam.NewPipelineWithRoot()
	// Several bundles on each side.
	q := beam.Flatten(s, beam.CreateList(s, qrels[:len(qrels)/2]), beam.CreateList(s, qrels[len(qrels)/2:]))
	r := beam.Flatten(s, beam.CreateList(s, run[:len(run)/3]), beam.CreateList(s, run[len(run)/3:]))
	for name, spec := range specs {
		per, sum := EvaluateRanking(s, spec, q, r)
		collect(s, name+"/q", per)
		collect(s, name+"/all", sum)
	}
	if err := ptest.Run(p); err != nil {
		t.Fatal(err)
	}
	for name, spec := range specs {
		wantPer, wantAll, wantSkipped := referenceRanking(t, spec, qrels, run)
		gotPer := collectedItems(name + "/q")
		if len(gotPer) != len(wantPer) {
			t.Fatalf("%s: %d queries, want %d", name, len(gotPer), len(wantPer))
		}
		for _, x := range gotPer {
			qr := x.(QueryResult)
			if !slices.Equal(qr.Values, wantPer[qr.QID]) {
				t.Errorf("%s: query %s: %v, want %v", name, qr.QID, qr.Values, wantPer[qr.QID])
			}
		}
		all := collectedItems(name + "/all")
		if len(all) != 1 {
			t.Fatalf("%s: %d summaries", name, len(all))
		}
		sum := all[0].(RankSummary)
		for i, v := range sum.Values {
			if math.Float64bits(v) != math.Float64bits(wantAll[i]) {
				t.Errorf("%s: %s = %v, mltest rank %v (want bit-identical)", name, sum.Names[i], v, wantAll[i])
			}
		}
		if !slices.Equal(sum.Skipped, wantSkipped) || sum.Queries != len(wantPer) {
			t.Errorf("%s: skipped %v, queries %d; want %v, %d", name, sum.Skipped, sum.Queries, wantSkipped, len(wantPer))
		}
		if len(sum.Values) == 0 || (spec.Complete && len(sum.Skipped) != 0) || (!spec.Complete && len(sum.Skipped) == 0) {
			t.Errorf("%s: the data does not exercise skipping (%d skipped)", name, len(sum.Skipped))
		}
	}
}
