package harness_test

import (
	"math"
	"slices"
	"testing"

	"github.com/mltest/mltest/assert"
	"github.com/mltest/mltest/harness"
	"github.com/mltest/mltest/metrics"
)

func dcg(rels []int) float64 {
	s := 0.0
	for i, g := range rels {
		if g > 0 {
			s += float64(g) / math.Log2(float64(i+2))
		}
	}
	return s
}

// mutantNDCGIdealFromRetrieved builds the ideal DCG from the retrieved list
// only, so a ranking that misses relevant documents is not penalized.
func mutantNDCGIdealFromRetrieved(rels, judged []int) float64 {
	ideal := slices.Clone(rels)
	slices.SortFunc(ideal, func(a, b int) int { return b - a })
	if d := dcg(ideal); d > 0 {
		return dcg(rels) / d
	}
	return 0
}

func apSum(rels []int) (sum float64, relRet int) {
	for i, g := range rels {
		if g >= 1 {
			relRet++
			sum += float64(relRet) / float64(i+1)
		}
	}
	return sum, relRet
}

// mutantAPOverRetrieved divides by the number of retrieved documents
// instead of the number of relevant ones.
func mutantAPOverRetrieved(rels, judged []int) float64 {
	sum, _ := apSum(rels)
	if len(rels) == 0 {
		return 0
	}
	return sum / float64(len(rels))
}

// mutantAPOverRelevantRetrieved divides by the relevant documents retrieved
// instead of all relevant ones, the commonest MAP bug.
func mutantAPOverRelevantRetrieved(rels, judged []int) float64 {
	sum, n := apSum(rels)
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

func TestRankingMutantsAreCaught(t *testing.T) {
	noFailFiles(t)
	for _, tc := range []struct {
		name string
		fn   harness.RankingMetric
		want string
	}{
		{"NDCG with the ideal from the retrieved list", mutantNDCGIdealFromRetrieved, "MonotoneUnderImprovement"},
		{"AP divided by retrieved", mutantAPOverRetrieved, "PerfectRankingIsOptimum(1)"},
		{"AP divided by relevant retrieved", mutantAPOverRelevantRetrieved, "MonotoneUnderImprovement"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var caught []string
			for _, p := range harness.DefaultRankingProperties() {
				rec := &recordingTB{TB: t}
				harness.CheckRankingMetric(rec, tc.fn, p)
				if rec.failed {
					caught = append(caught, p.Name())
				}
			}
			t.Logf("caught by %v", caught)
			if !slices.Contains(caught, tc.want) {
				t.Errorf("%s: caught by %v, want %s among them", tc.name, caught, tc.want)
			}
		})
	}
}

func TestTrecMeasuresPass(t *testing.T) {
	for _, tc := range []struct {
		name    string
		measure func(metrics.Ranking) float64
	}{
		{"map", func(r metrics.Ranking) float64 { return metrics.QueryAveragePrecision(r, 1) }},
		{"ndcg", metrics.NDCG},
		{"ndcg_cut_5", func(r metrics.Ranking) float64 { return metrics.NDCGAtK(r, 5) }},
		{"Rprec", func(r metrics.Ranking) float64 { return metrics.RPrecision(r, 1) }},
		{"recip_rank", func(r metrics.Ranking) float64 { return metrics.ReciprocalRank(r, 1) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			harness.CheckRankingMetric(t, harness.TrecRankingMetric(tc.measure))
		})
	}
	t.Run("P_5", func(t *testing.T) {
		p5 := harness.TrecRankingMetric(func(r metrics.Ranking) float64 { return metrics.PrecisionAtK(r, 1, 5) })
		harness.CheckRankingMetric(t, p5, harness.RankingDeterministic(), harness.RankingBounded(0, 1),
			harness.JudgedOrderInvariant(), harness.MonotoneUnderImprovement())
	})
}

// TestTrecAdapterAgreesWithDirectRanking pins the adapter: NDCG through
// qrels, run and metrics.NewRanking equals NDCG of the Ranking built by hand.
func TestTrecAdapterAgreesWithDirectRanking(t *testing.T) {
	direct := func(rels, judged []int) float64 {
		j := slices.Clone(judged)
		slices.SortFunc(j, func(a, b int) int { return b - a })
		return metrics.NDCG(metrics.Ranking{Rels: rels, Judged: j})
	}
	harness.CheckRankingMetric(t, harness.TrecRankingMetric(metrics.NDCG), harness.RankingAgreesWith(direct, assert.Tolerance{}))
}
