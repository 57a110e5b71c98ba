package harness_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// Small real models, trained inside the tests on seeded synthetic data, for
// the model-property checks to pass on and to catch broken variants of.

// logisticRegression is fitted by full-batch gradient descent on the mean
// log loss.
type logisticRegression struct {
	w []float64
	b float64
}

func (m logisticRegression) score(x []float64) float64 {
	z := m.b
	for j, v := range x {
		z += m.w[j] * v
	}
	return 1 / (1 + math.Exp(-z))
}

// trueLogit generates the labels: feature 0 raises the odds, feature 1
// lowers them, feature 2 is irrelevant.
func trueLogit(x []float64) float64 { return 0.2 + 1.5*x[0] - 1.0*x[1] }

func syntheticClassification(seed uint64, n int) ([][]float64, []bool) {
	rng := rand.New(rand.NewPCG(seed, 1))
	xs, ys := make([][]float64, n), make([]bool, n)
	for i := range xs {
		x := []float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		xs[i] = x
		ys[i] = rng.Float64() < 1/(1+math.Exp(-trueLogit(x)))
	}
	return xs, ys
}

func fitLogisticRegression(xs [][]float64, ys []bool, iters int, rate float64) logisticRegression {
	m := logisticRegression{w: make([]float64, len(xs[0]))}
	grad := make([]float64, len(m.w))
	for range iters {
		clear(grad)
		gb := 0.0
		for i, x := range xs {
			y := 0.0
			if ys[i] {
				y = 1
			}
			e := m.score(x) - y
			for j, v := range x {
				grad[j] += e * v
			}
			gb += e
		}
		for j := range m.w {
			m.w[j] -= rate * grad[j] / float64(len(xs))
		}
		m.b -= rate * gb / float64(len(xs))
	}
	return m
}

// itemKNN scores a candidate by the sum of its cosine similarities to the
// items in the user's history (item-based collaborative filtering).
type itemKNN struct {
	sim [][]float64 // item x item cosine similarity over user incidence
}

type recRequest struct {
	History    []int // items the user consumed
	Candidates []int // items the recommender may return
	K          int
}

const (
	knnItems  = 40
	knnGenres = 4 // item i has genre i % knnGenres
)

// syntheticInteractions: each user has a favourite genre; 80% of their
// items come from it.
func syntheticInteractions(seed uint64, users, perUser int) [][]int {
	rng := rand.New(rand.NewPCG(seed, 2))
	hist := make([][]int, users)
	for u := range hist {
		fav := rng.IntN(knnGenres)
		seen := map[int]bool{}
		for len(hist[u]) < perUser {
			it := rng.IntN(knnItems)
			if rng.Float64() < 0.8 {
				it = fav + knnGenres*rng.IntN(knnItems/knnGenres)
			}
			if !seen[it] {
				seen[it] = true
				hist[u] = append(hist[u], it)
			}
		}
	}
	return hist
}

func fitItemKNN(hist [][]int) itemKNN {
	co := make([][]float64, knnItems)
	for i := range co {
		co[i] = make([]float64, knnItems)
	}
	for _, h := range hist {
		for _, a := range h {
			for _, b := range h {
				co[a][b]++
			}
		}
	}
	m := itemKNN{sim: make([][]float64, knnItems)}
	for a := range co {
		m.sim[a] = make([]float64, knnItems)
		for b := range co {
			if a != b && co[a][a] > 0 && co[b][b] > 0 {
				m.sim[a][b] = co[a][b] / math.Sqrt(co[a][a]*co[b][b])
			}
		}
	}
	return m
}

func (m itemKNN) scoreOf(history []int, c int) float64 {
	s := 0.0
	for _, h := range history {
		s += m.sim[c][h]
	}
	return s
}

// topK ranks the candidates by score, ties by lower item id, so the result
// does not depend on the order of the candidate list.
func (m itemKNN) topK(history, candidates []int, k int, skipConsumed bool) []int {
	var cs []int
	for _, c := range candidates {
		if skipConsumed && slices.Contains(history, c) {
			continue
		}
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool {
		si, sj := m.scoreOf(history, cs[i]), m.scoreOf(history, cs[j])
		if si != sj {
			return si > sj
		}
		return cs[i] < cs[j]
	})
	return cs[:min(k, len(cs))]
}

// recommend is the correct recommender.
func (m itemKNN) recommend(r recRequest) []int { return m.topK(r.History, r.Candidates, r.K, true) }

// recommendLeaky is broken: it forgets to drop items the user consumed.
func (m itemKNN) recommendLeaky(r recRequest) []int {
	return m.topK(r.History, r.Candidates, r.K, false)
}

// recommendBudgeted is broken: to save time it scores only the first 15
// candidates, so its output depends on the order of the candidate list.
func (m itemKNN) recommendBudgeted(r recRequest) []int {
	return m.topK(r.History, r.Candidates[:min(15, len(r.Candidates))], r.K, true)
}
