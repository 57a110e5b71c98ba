package clicksim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/mltest/mltest/harness/interleave"
)

// World is a fixed set of queries, each with candidate items of known
// relevance grade (0 to 4), and users who each issue a few of the queries.
type World struct {
	// Rel[q][i] is the grade of item i of query q; item ids are "q<q>d<i>".
	Rel [][]int
	// UserQueries[u] are the queries user u issues; UserScale[u] multiplies
	// that user's click probabilities (some users click more than others)
	// and QueryScale[q] those on query q's lists (some queries draw more
	// clicks than others).
	UserQueries [][]int
	UserScale   []float64
	QueryScale  []float64
	// K is the length of a served list.
	K int

	gradeOf map[string]int
	lists   sync.Map // Ranker -> [][]string, each ranker's list per query
}

// NewWorld draws a world: queries with items candidates each (grades 0..4
// with probabilities .45 .25 .15 .10 .05), users users who issue 1 to 5
// queries each, lists of length k. spread sets how much users and queries
// differ: each user's and each query's click scale is log-normal,
// exp(spread Z - spread²/2) with Z standard normal (mean 1; spread 0 makes
// them all 1, spread 1 makes the busiest tenth click about 3.6 times as much
// as the median).
func NewWorld(queries, items, users, k int, spread float64, seed uint64) *World {
	rng := rand.New(rand.NewPCG(seed, 0x77))
	w := &World{K: k, gradeOf: map[string]int{}}
	cum := []float64{.45, .70, .85, .95, 1}
	for range queries {
		rel := make([]int, items)
		for i := range rel {
			x := rng.Float64()
			for rel[i] = 0; x > cum[rel[i]]; rel[i]++ {
			}
			w.gradeOf[ItemID(len(w.Rel), i)] = rel[i]
		}
		w.Rel = append(w.Rel, rel)
		w.QueryScale = append(w.QueryScale, math.Exp(spread*rng.NormFloat64()-spread*spread/2))
	}
	for range users {
		n := 1 + rng.IntN(5)
		qs := make([]int, n)
		for i := range qs {
			qs[i] = rng.IntN(queries)
		}
		w.UserQueries = append(w.UserQueries, qs)
		w.UserScale = append(w.UserScale, math.Exp(spread*rng.NormFloat64()-spread*spread/2))
	}
	return w
}

// ItemID returns the id of item i of query q.
func ItemID(q, i int) string { return fmt.Sprintf("q%dd%d", q, i) }

// Ranker ranks a query's items by relevance grade plus Gaussian noise of
// standard deviation Noise, the noise fixed per (Seed, query): a ranker is
// a deterministic function, as a trained model is. More noise is a worse
// ranker.
type Ranker struct {
	Noise float64
	Seed  uint64
}

// Rank returns the ranker's top K items of query q, best first.
func (r Ranker) Rank(w *World, q int) []string {
	rng := rand.New(rand.NewPCG(r.Seed, uint64(q)+1))
	rel := w.Rel[q]
	score := make([]float64, len(rel))
	idx := make([]int, len(rel))
	for i, g := range rel {
		score[i] = float64(g) + r.Noise*rng.NormFloat64()
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case score[a] > score[b]:
			return -1
		case score[a] < score[b]:
			return 1
		}
		return 0
	})
	out := make([]string, min(w.K, len(idx)))
	for p := range out {
		out[p] = ItemID(q, idx[p])
	}
	return out
}

// Examination is the position-based model's probability that a user looks
// at list position p (0 is the top): 1/(p+1), the reciprocal-rank decay
// fitted to search logs (Craswell et al. 2008 report examination falling
// about this fast).
func Examination(p int) float64 { return 1 / float64(p+1) }

// Attraction is the probability that a user who looks at an item of grade
// g clicks it: (2^g - 1)/15, the gain of nDCG, scaled into [0.02, 0.52],
// from 0.02 for a non-relevant item to 0.52 for grade 4. With the
// examination decay this gives about one click in two impressions.
func Attraction(g int) float64 { return 0.02 + 0.5*(math.Exp2(float64(g))-1)/15 }

// grade returns the relevance grade of an item.
func (w *World) grade(id string) int { return w.gradeOf[id] }

// list returns r's list for query q, computed once per ranker.
func (w *World) list(r Ranker, q int) []string {
	v, ok := w.lists.Load(r)
	if !ok {
		all := make([][]string, len(w.Rel))
		for q := range all {
			all[q] = r.Rank(w, q)
		}
		v, _ = w.lists.LoadOrStore(r, all)
	}
	return v.([][]string)[q]
}

// clickProb is the position-based model's probability that user u clicks
// item id shown at position p for query q.
func (w *World) clickProb(u, q, p int, id string) float64 {
	return math.Min(1, w.UserScale[u]*w.QueryScale[q]*Examination(p)*Attraction(w.grade(id)))
}

// Clicks draws the clicks of user u on a list shown for query q under the
// position-based model: item at position p is clicked with probability
// min(1, userScale * queryScale * Examination(p) * Attraction(grade)),
// independently.
func (w *World) Clicks(u, q int, items []string, rng *rand.Rand) []string {
	clicks := []string{}
	for p, id := range items {
		if rng.Float64() < w.clickProb(u, q, p, id) {
			clicks = append(clicks, id)
		}
	}
	return clicks
}

// CTR returns the exact expected number of clicks per impression of r's
// own list, averaged over users and their queries as Interleaved and AB
// draw them: the ranker's true quality under the click model.
func (w *World) CTR(r Ranker) float64 {
	var sum float64
	for u, qs := range w.UserQueries {
		var su float64
		for _, q := range qs {
			for p, id := range w.list(r, q) {
				su += w.clickProb(u, q, p, id)
			}
		}
		sum += su / float64(len(qs))
	}
	return sum / float64(len(w.UserQueries))
}

// request draws impression n's user and query.
func (w *World) request(rng *rand.Rand) (u, q int) {
	u = rng.IntN(len(w.UserQueries))
	qs := w.UserQueries[u]
	return u, qs[rng.IntN(len(qs))]
}

// Interleaved simulates n impressions of the team-draft interleaving of a
// and b (interleaving seed seed, click seed seed+1), as the log
// harness/interleave reads: ids "imp<n>", users "u<u>".
func (w *World) Interleaved(a, b Ranker, n int, seed uint64) []interleave.Impression {
	rng := rand.New(rand.NewPCG(seed+1, 0x1c))
	out := make([]interleave.Impression, n)
	for i := range out {
		u, q := w.request(rng)
		id := fmt.Sprintf("imp%d", i)
		il := interleave.TeamDraft(w.list(a, q), w.list(b, q), w.K, interleave.RequestRand(seed, id))
		out[i] = interleave.Impression{
			ID: id, User: fmt.Sprintf("u%d", u),
			Items: il.Items, Teams: il.TeamNames(),
			Clicks: w.Clicks(u, q, il.Items, rng),
		}
	}
	return out
}

// ABResult is an A/B test: per arm, the impressions served that ranker's
// list, their clicks and their squared click counts (for the variance).
type ABResult struct {
	N      [2]int
	Clicks [2]float64
	Sq     [2]float64
}

// CTR returns arm i's clicks per impression (0 is A, 1 is B).
func (r ABResult) CTR(i int) float64 { return r.Clicks[i] / float64(r.N[i]) }

// AB simulates n impressions split at random between a and b, each showing
// that ranker's own list: the classic A/B test on click-through rate
// (clicks per impression).
func (w *World) AB(a, b Ranker, n int, seed uint64) ABResult {
	rng := rand.New(rand.NewPCG(seed+1, 0xab))
	var r ABResult
	for range n {
		u, q := w.request(rng)
		arm, rk := 0, a
		if rng.IntN(2) == 1 {
			arm, rk = 1, b
		}
		c := float64(len(w.Clicks(u, q, w.list(rk, q), rng)))
		r.N[arm]++
		r.Clicks[arm] += c
		r.Sq[arm] += c * c
	}
	return r
}

// P returns the two-sided p-value of the two-sample z-test (Welch's
// standard error) of equal click-through rates; 1 when an arm is empty or
// neither varies.
func (r ABResult) P() float64 {
	var se2 float64
	for i := range 2 {
		n := float64(r.N[i])
		if n < 2 {
			return 1
		}
		m := r.Clicks[i] / n
		se2 += (r.Sq[i] - n*m*m) / (n - 1) / n
	}
	if se2 <= 0 {
		return 1
	}
	return math.Erfc(math.Abs(r.CTR(0)-r.CTR(1)) / math.Sqrt(se2) / math.Sqrt2)
}
