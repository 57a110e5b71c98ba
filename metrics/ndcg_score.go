package metrics

import (
	"fmt"
	"math"
	"slices"
)

// NDCGScore returns scikit-learn's ndcg_score (1.2): the weighted mean over
// rows of the row's DCG divided by its ideal DCG,
//
//	DCG@k(row)  = Σ_{ranks r < k} gain(r) / log2(r + 2),  r = 0, 1, …
//	IDCG@k(row) = DCG@k of the row's yTrue sorted decreasingly
//	NDCGScore   = Σ_rows w · DCG/IDCG / Σ_rows w
//
// Each row is one query: yTrue[i][j] is the true relevance of item j and
// yScore[i][j] its predicted score; items are ranked by decreasing score.
// k = 0 means all items (sklearn's k=None); k < 0 panics. nil weights are all
// ones.
//
// Conventions, as sklearn's: unless ignoreTies, items with equal scores share
// the mean of their gains (tie-averaged DCG, McSherry & Najork 2008), so the
// result is the average over every order of the ties; with ignoreTies, tied
// items are taken in decreasing index order (what a stable sort gives; numpy's
// argsort is unstable on long rows, so sklearn's order among ties is
// unspecified there). The ideal DCG comes from the row's own yTrue. A row
// whose ideal DCG is 0 (no relevant item) scores 0. Negative relevance is
// accepted, as sklearn 1.2 does with a FutureWarning; such rows may score
// outside [0, 1].
//
// Errors: sklearn's ValueErrors are returned errors here: rows with fewer
// than two items (sklearn requires a multioutput y_true), NaN or infinite
// values, or gains so large that the sums overflow. A negative, NaN or
// infinite weight is an error (sklearn's np.average would accept a negative
// one). No rows, or weights summing to 0, is an *UndefinedError. Rows of
// different lengths, a yScore row of another length than its yTrue row, or
// len(weights) != len(yTrue) panic.
func NDCGScore(yTrue, yScore [][]float64, weights []float64, k int, ignoreTies bool) (float64, error) {
	return dcgScoreOf(NewNDCGScoreAccumulator(k, ignoreTies), yTrue, yScore, weights)
}

// DCGScore returns scikit-learn's dcg_score (1.2, log_base 2): the weighted
// mean over rows of DCG@k, with the ties, k, weights and error conventions of
// NDCGScore.
func DCGScore(yTrue, yScore [][]float64, weights []float64, k int, ignoreTies bool) (float64, error) {
	return dcgScoreOf(NewDCGScoreAccumulator(k, ignoreTies), yTrue, yScore, weights)
}

func dcgScoreOf(a *DCGScoreAccumulator, yTrue, yScore [][]float64, weights []float64) (float64, error) {
	checkLen(len(yTrue), weights, len(yScore))
	for i := range yTrue {
		if len(yTrue[i]) != len(yTrue[0]) {
			panic("metrics: rows of yTrue differ in length")
		}
	}
	if len(yTrue) > 0 && len(yTrue[0]) < 2 {
		return math.NaN(), fmt.Errorf("metrics: %s: rows have %d item(s), need at least 2 (sklearn requires multioutput y_true)", a.Name(), len(yTrue[0]))
	}
	for i := range yTrue {
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		a.Add(yTrue[i], yScore[i], w)
		if a.err != nil {
			break
		}
	}
	return a.Result()
}

// DCGScoreAccumulator is the mergeable form of NDCGScore and DCGScore: rows
// (one query's yTrue and yScore, with a weight) are added one at a time, and
// Result is their weighted mean. Rows may differ in length; a one-item row
// has DCG = its gain and NDCG 1 (or 0 when its gain is 0). Add never fails:
// a bad value is remembered and Result reports it (the first one, with its
// row number). Merge of accumulators over any split of the rows equals the
// accumulator of all rows up to floating-point rounding of the sums.
type DCGScoreAccumulator struct {
	k          int
	normalize  bool
	ignoreTies bool
	rows       int
	// Σ w·g over rows with g >= 0 (sum) and g < 0 (neg, of -g), and Σ w,
	// each in units of its own largest term: weights of 1e-193 times DCGs
	// of 1e-154 would underflow a float64 sum, weights of 1e300 times DCGs
	// of 1e100 overflow it.
	sum, neg, wsum scaledSum
	err            error

	disc   []float64 // discount by rank, grown as longer rows arrive
	cumsum []float64 // its prefix sums
	order  []int
	keyed  []keyedItem
	values []float64
}

// NewNDCGScoreAccumulator returns an accumulator for NDCGScore.
func NewNDCGScoreAccumulator(k int, ignoreTies bool) *DCGScoreAccumulator {
	if k < 0 {
		panic("metrics: negative k")
	}
	return &DCGScoreAccumulator{k: k, normalize: true, ignoreTies: ignoreTies}
}

// NewDCGScoreAccumulator returns an accumulator for DCGScore.
func NewDCGScoreAccumulator(k int, ignoreTies bool) *DCGScoreAccumulator {
	a := NewNDCGScoreAccumulator(k, ignoreTies)
	a.normalize = false
	return a
}

// Name returns "ndcg_score" or "dcg_score".
func (a *DCGScoreAccumulator) Name() string {
	if a.normalize {
		return "ndcg_score"
	}
	return "dcg_score"
}

// Add adds one row. yScore must have the length of yTrue (Add panics
// otherwise); Add keeps nothing of either slice.
func (a *DCGScoreAccumulator) Add(yTrue, yScore []float64, weight float64) {
	if len(yTrue) != len(yScore) {
		panic("metrics: slice length mismatch")
	}
	a.rows++
	if a.err != nil {
		return
	}
	row := a.rows - 1
	if len(yTrue) == 0 {
		a.err = fmt.Errorf("metrics: %s: row %d has no items", a.Name(), row)
		return
	}
	for j := range yTrue {
		if math.IsNaN(yTrue[j]) || math.IsInf(yTrue[j], 0) {
			a.err = fmt.Errorf("metrics: %s: row %d: yTrue[%d] = %v, want a finite number", a.Name(), row, j, yTrue[j])
			return
		}
		if math.IsNaN(yScore[j]) || math.IsInf(yScore[j], 0) {
			a.err = fmt.Errorf("metrics: %s: row %d: yScore[%d] = %v, want a finite number", a.Name(), row, j, yScore[j])
			return
		}
	}
	if math.IsNaN(weight) || math.IsInf(weight, 0) || weight < 0 {
		a.err = fmt.Errorf("metrics: %s: row %d: weight %v, want a finite number >= 0", a.Name(), row, weight)
		return
	}
	a.grow(len(yTrue))
	g := a.dcg(yTrue, yScore)
	if a.normalize {
		ideal := a.idealDCG(yTrue)
		if ideal == 0 {
			g = 0
		} else {
			g /= ideal
		}
	}
	if math.IsNaN(g) || math.IsInf(g, 0) {
		// Gains near the float64 limit overflow the sums; sklearn returns
		// nan or inf with a RuntimeWarning.
		a.err = fmt.Errorf("metrics: %s: row %d: the gains overflow float64", a.Name(), row)
		return
	}
	if g >= 0 {
		a.sum.addProduct(weight, g, 1)
	} else {
		a.neg.addProduct(weight, -g, 1)
	}
	a.wsum.add(weight)
}

// grow extends the discount prefix sums to n ranks. sklearn's discount is
// 1 / (ln(r+2) / ln 2), zero from rank k on; prefix sums are sequential, as
// np.cumsum's, so a longer row's sums extend a shorter one's.
func (a *DCGScoreAccumulator) grow(n int) {
	for r := len(a.cumsum); r < n; r++ {
		d := 0.0
		if a.k == 0 || r < a.k {
			d = 1 / (math.Log(float64(r+2)) / math.Log(2))
		}
		a.disc = append(a.disc, d)
		if r > 0 {
			d += a.cumsum[r-1]
		}
		a.cumsum = append(a.cumsum, d)
	}
}

// topK is the largest k handled by insertion into a short sorted buffer
// rather than by sorting the whole row.
const topK = 64

// partial reports whether only the first k ranks of an n-item row need
// ordering, which insertion into a k-buffer does in about n comparisons.
func (a *DCGScoreAccumulator) partial(n int) bool {
	return a.k > 0 && a.k < n && a.k <= topK
}

// insertTop inserts j into buf, kept sorted by before and at most k long.
func insertTop(buf []int, k, j int, before func(p, q int) bool) []int {
	if len(buf) == k && !before(j, buf[k-1]) {
		return buf
	}
	if len(buf) < k {
		buf = append(buf, j)
	} else {
		buf[k-1] = j
	}
	for p := len(buf) - 1; p > 0 && before(buf[p], buf[p-1]); p-- {
		buf[p], buf[p-1] = buf[p-1], buf[p]
	}
	return buf
}

func (a *DCGScoreAccumulator) dcg(yTrue, yScore []float64) float64 {
	n := len(yScore)
	order := a.order[:0]
	if a.ignoreTies {
		// Decreasing score; ties in decreasing index, as numpy's stable
		// argsort reversed.
		before := func(p, q int) bool {
			return yScore[p] > yScore[q] || (yScore[p] == yScore[q] && p > q)
		}
		if a.partial(n) {
			for j := 0; j < n; j++ {
				order = insertTop(order, a.k, j, before)
			}
		} else {
			order = a.sortedByScore(order, yScore, true)
		}
		a.order = order
		s := 0.0
		for r, j := range order {
			s += a.disc[r] * yTrue[j]
		}
		return s
	}
	// sklearn's _tie_averaged_dcg: groups of equal score in decreasing score
	// order, each contributing mean(gain in group) times the group's discount
	// sum, taken as a difference of prefix sums. With a small k only the
	// items scoring at least the k-th score matter (the whole group at rank
	// k-1 shares its mean gain), so only those are sorted.
	if a.partial(n) {
		for j := 0; j < n; j++ {
			order = insertTop(order, a.k, j, func(p, q int) bool { return yScore[p] > yScore[q] })
		}
		threshold := yScore[order[len(order)-1]]
		order = order[:0]
		for j := 0; j < n; j++ {
			if yScore[j] >= threshold {
				order = append(order, j)
			}
		}
		slices.SortFunc(order, func(p, q int) int {
			switch {
			case yScore[p] > yScore[q]:
				return -1
			case yScore[p] < yScore[q]:
				return 1
			}
			return p - q
		})
	} else {
		order = a.sortedByScore(order, yScore, false)
	}
	a.order = order
	s, prev := 0.0, 0.0
	for start := 0; start < len(order); {
		end := start + 1
		for end < len(order) && yScore[order[end]] == yScore[order[start]] {
			end++
		}
		g := 0.0
		for _, j := range order[start:end] {
			g += yTrue[j]
		}
		g /= float64(end - start)
		last := a.cumsum[end-1]
		s += g * (last - prev)
		prev = last
		start = end
	}
	return s
}

// idealDCG: sklearn's DCG of yTrue ranked by itself with ignore_ties, a dot
// product of the discounts with yTrue sorted decreasingly.
func (a *DCGScoreAccumulator) idealDCG(yTrue []float64) float64 {
	n := len(yTrue)
	order := a.order[:0]
	before := func(p, q int) bool { return yTrue[p] > yTrue[q] }
	if a.partial(n) {
		for j := 0; j < n; j++ {
			order = insertTop(order, a.k, j, before)
		}
		a.order = order
		s := 0.0
		for r, j := range order {
			s += a.disc[r] * yTrue[j]
		}
		return s
	}
	sorted := append(a.values[:0], yTrue...)
	a.values = sorted
	slices.Sort(sorted)
	s := 0.0
	for r := range sorted {
		s += a.disc[r] * sorted[n-1-r]
	}
	return s
}

// sortedByScore appends to order the indices 0…n-1 by decreasing score,
// ties by increasing index (tie-averaged DCG, where the order only fixes how
// a group's gains are summed) or decreasing index (ignoreTies). Sorting
// (key, index) pairs with the score as an order-preserving integer key took
// a third less time in BenchmarkNDCGScore than sorting indices through the
// scores.
func (a *DCGScoreAccumulator) sortedByScore(order []int, yScore []float64, laterFirst bool) []int {
	keyed := a.keyed[:0]
	for j, s := range yScore {
		keyed = append(keyed, keyedItem{descendingKey(s), j})
	}
	a.keyed = keyed
	slices.SortFunc(keyed, func(x, y keyedItem) int {
		switch {
		case x.key < y.key:
			return -1
		case x.key > y.key:
			return 1
		case laterFirst:
			return y.j - x.j
		}
		return x.j - y.j
	})
	for _, it := range keyed {
		order = append(order, it.j)
	}
	return order
}

type keyedItem struct {
	key uint64
	j   int
}

// descendingKey maps finite floats to integers in decreasing order, with
// -0 and +0 equal.
func descendingKey(s float64) uint64 {
	if s == 0 {
		s = 0
	}
	b := math.Float64bits(s)
	if b>>63 != 0 {
		b = ^b
	} else {
		b |= 1 << 63
	}
	return ^b
}

// Merge folds other into a. Both must have the same kind (NDCG or DCG), k and
// ties setting; Merge panics otherwise.
func (a *DCGScoreAccumulator) Merge(other *DCGScoreAccumulator) {
	if a.k != other.k || a.normalize != other.normalize || a.ignoreTies != other.ignoreTies {
		panic("metrics: merging DCG score accumulators with different settings")
	}
	if a.err == nil && other.err != nil {
		a.err = other.err
	}
	a.rows += other.rows
	a.sum = a.sum.plus(other.sum)
	a.neg = a.neg.plus(other.neg)
	a.wsum = a.wsum.plus(other.wsum)
}

// Result returns the weighted mean over the rows added. No rows, or weights
// summing to 0, is an *UndefinedError.
func (a *DCGScoreAccumulator) Result() (float64, error) {
	if a.err != nil {
		return math.NaN(), a.err
	}
	if a.rows == 0 {
		return math.NaN(), undefined(a.Name(), "no rows")
	}
	if a.wsum.isZero() {
		return math.NaN(), undefined(a.Name(), "weights sum to zero")
	}
	if a.neg.isZero() {
		return a.sum.ratio(a.wsum), nil
	}
	return a.sum.ratio(a.wsum) - a.neg.ratio(a.wsum), nil
}
