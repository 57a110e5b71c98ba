package compare

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/stats"
	"github.com/stretchr/testify/require"
)

// rankingPair returns judgments for nq queries of 30 documents (about a
// quarter relevant) and two runs retrieving all of them; the candidate's
// scores carry more of the relevance signal (lift > 0) or less.
func rankingPair(nq int, seed uint64, lift float64) (qrels map[string]map[string]int, base, cand map[string][]metrics.ScoredDoc) {
	rng := rand.New(rand.NewPCG(seed, 5))
	qrels = map[string]map[string]int{}
	base, cand = map[string][]metrics.ScoredDoc{}, map[string][]metrics.ScoredDoc{}
	for q := range nq {
		qid := fmt.Sprintf("q%02d", q)
		qrels[qid] = map[string]int{}
		for d := range 30 {
			docno := fmt.Sprintf("d%02d", d)
			rel := 0
			if rng.Float64() < 0.25 {
				rel = 1
			}
			qrels[qid][docno] = rel
			shared := rng.NormFloat64()
			base[qid] = append(base[qid], metrics.ScoredDoc{DocNo: docno, Score: float64(rel) + shared + rng.NormFloat64()})
			cand[qid] = append(cand[qid], metrics.ScoredDoc{DocNo: docno, Score: (1+lift)*float64(rel) + shared + rng.NormFloat64()})
		}
	}
	return qrels, base, cand
}

// apAndP10 computes average precision and precision at 10 of one query by
// their textbook definitions (trec_eval's order: score descending, ties by
// docno descending), independently of package metrics.
func apAndP10(judged map[string]int, docs []metrics.ScoredDoc) (ap, p10 float64) {
	d := append([]metrics.ScoredDoc(nil), docs...)
	sort.Slice(d, func(i, j int) bool {
		if d[i].Score != d[j].Score {
			return d[i].Score > d[j].Score
		}
		return d[i].DocNo > d[j].DocNo
	})
	rel := 0
	for _, r := range judged {
		if r >= 1 {
			rel++
		}
	}
	hits := 0
	for k, doc := range d {
		if judged[doc.DocNo] >= 1 {
			hits++
			ap += float64(hits) / float64(k+1)
			if k < 10 {
				p10++
			}
		}
	}
	if rel > 0 {
		ap /= float64(rel)
	}
	return ap, p10 / 10
}

func TestRankingAgainstIndependentPerQueryValues(t *testing.T) {
	qrels, base, cand := rankingPair(40, 1, 0.5)
	measures, err := metrics.ParseTrecMeasures([]string{"map", "P.10"})
	require.NoError(t, err)
	o := opts()
	r, err := Ranking(RankingInput{Qrels: qrels, Baseline: base, Candidate: cand, Measures: measures}, o)
	require.NoError(t, err)
	require.Equal(t, 40, r.N)
	require.Equal(t, "ranking", r.Task)

	var apB, apC, pB, pC []float64
	for _, qid := range sortedKeys(qrels) {
		a, p := apAndP10(qrels[qid], base[qid])
		apB, pB = append(apB, a), append(pB, p)
		a, p = apAndP10(qrels[qid], cand[qid])
		apC, pC = append(apC, a), append(pC, p)
	}
	for _, c := range []struct {
		name       string
		base, cand []float64
	}{{"map", apB, apC}, {"P_10", pB, pC}} {
		got := comparisonOf(t, r, c.name)
		want, err := stats.RandomizationTest(c.base, c.cand, o.Trials, o.Seed)
		require.NoError(t, err)
		require.Equal(t, "randomization", got.Method)
		require.InDelta(t, want.Baseline, got.Baseline, 1e-12, c.name)
		require.InDelta(t, want.Candidate, got.Candidate, 1e-12, c.name)
		require.Equal(t, want.P, got.P, c.name)
		require.LessOrEqual(t, got.Interval.Lo, got.Diff)
		require.GreaterOrEqual(t, got.Interval.Hi, got.Diff)
	}
	// The candidate is truly better: significant improvement.
	require.Less(t, comparisonOf(t, r, "map").P, 0.01)
	require.Greater(t, comparisonOf(t, r, "map").Diff, 0.0)
}

func TestRankingGateAndSlices(t *testing.T) {
	qrels, base, cand := rankingPair(80, 2, -0.6)
	slices := map[string]string{}
	for i, qid := range sortedKeys(qrels) {
		slices[qid] = []string{"head", "tail"}[i%2]
	}
	o := opts()
	o.MaxRegression = map[string]float64{"map": 0.02}
	r, err := Ranking(RankingInput{Qrels: qrels, Baseline: base, Candidate: cand, Slices: slices}, o)
	require.NoError(t, err)
	require.Equal(t, []string{"map", "recip_rank", "P_10", "ndcg_cut_10"}, metricNames(r.Comparisons))
	require.True(t, r.Failed())
	require.Len(t, r.Gates, 3)
	for _, g := range r.Gates {
		require.True(t, g.Failed, g.Reason)
		require.Contains(t, g.Reason, "map fell by")
		require.Contains(t, g.Reason, "randomization")
	}
	require.Equal(t, 40, r.Slices[0].N)
	require.True(t, r.Slices[0].Gated)
	want := bhByDefinition([]float64{r.Slices[0].Comparisons[0].P, r.Slices[1].Comparisons[0].P})
	require.InDelta(t, want[0], r.Slices[0].Comparisons[0].PAdjusted, 1e-15)
	require.InDelta(t, want[1], r.Slices[1].Comparisons[0].PAdjusted, 1e-15)
}

func metricNames(cs []MetricComparison) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Metric)
	}
	return out
}

func TestRankingQuerySets(t *testing.T) {
	qrels, base, cand := rankingPair(10, 3, 0)
	delete(cand, "q03")
	delete(base, "q07")
	delete(base, "q08")
	delete(cand, "q08") // in neither run: left out with a warning
	_, err := Ranking(RankingInput{Qrels: qrels, Baseline: base, Candidate: cand}, opts())
	var qe *QuerySetError
	require.True(t, errors.As(err, &qe))
	require.EqualError(t, err, `compare: the runs cover different judged queries: 1 ("q03") only in the baseline, 1 ("q07") only in the candidate`)

	delete(base, "q03")
	delete(cand, "q07")
	r, err := Ranking(RankingInput{Qrels: qrels, Baseline: base, Candidate: cand}, opts())
	require.NoError(t, err)
	require.Equal(t, 7, r.N)
	require.Contains(t, r.Warnings, `query "q03" is judged but neither run retrieves for it: left out`)

	require.Equal(t, `7 (first "a", "b", "c", "d", "e", ...)`, FirstIDs([]string{"a", "b", "c", "d", "e", "f", "g"}, 5))
}
