package harness

import (
	"strconv"

	"github.com/mltest/mltest/metrics"
)

// TrecRankingMetric adapts a trec_eval measure of package metrics
// (metrics.NDCG, or func(r metrics.Ranking) float64 { return
// metrics.QueryAveragePrecision(r, 1) }) to a RankingMetric. It builds the
// query as a TREC user would: qrels naming one document per judged value,
// a run scoring the retrieved documents in decreasing order, and
// metrics.NewRanking to order and look them up, so the check covers the
// ranking step too. A value of rels not available among judged becomes an
// unjudged document.
func TrecRankingMetric(measure func(metrics.Ranking) float64) RankingMetric {
	return func(rels, judged []int) float64 {
		qrels := make(map[string]int, len(judged))
		byGrade := map[int][]string{}
		for i, g := range judged {
			doc := "j" + strconv.Itoa(i)
			qrels[doc] = g
			byGrade[g] = append(byGrade[g], doc)
		}
		run := make([]metrics.ScoredDoc, len(rels))
		for i, g := range rels {
			doc := "u" + strconv.Itoa(i)
			if docs := byGrade[g]; len(docs) > 0 {
				doc, byGrade[g] = docs[0], docs[1:]
			}
			run[i] = metrics.ScoredDoc{DocNo: doc, Score: float64(len(rels) - i)}
		}
		r, err := metrics.NewRanking(qrels, run, 0)
		if err != nil {
			panic("harness: " + err.Error()) // distinct docnos and scores: cannot happen
		}
		return measure(r)
	}
}
