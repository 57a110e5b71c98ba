package metrics

import "math"

// scoredRow is one (score, label, weight) row in the compact form the ranking
// metrics (ROC AUC, average precision, the curves) sort: 16 bytes a row.
//
// key is the score mapped to an unsigned integer whose order is the order of
// the float64 scores (see scoreKey). payload holds the weight's bits with the
// label in the sign bit, which is free because weights are never negative.
type scoredRow struct {
	key     uint64
	payload uint64
}

const labelBit = 1 << 63

// scoreKey maps a finite float64 to a uint64 with the same order: positive
// numbers get the sign bit set, negative numbers have every bit flipped, so
// unsigned comparison of keys is numeric comparison of scores. -0 is folded
// into +0 so that the two zeros are one tied score, as numpy compares them.
func scoreKey(s float64) uint64 {
	if s == 0 {
		return labelBit
	}
	b := math.Float64bits(s)
	if b&labelBit != 0 {
		return ^b
	}
	return b | labelBit
}

// keyScore inverts scoreKey.
func keyScore(k uint64) float64 {
	if k&labelBit != 0 {
		return math.Float64frombits(k &^ labelBit)
	}
	return math.Float64frombits(^k)
}

func makeRow(label bool, score, weight float64) scoredRow {
	p := math.Float64bits(weight)
	if label {
		p |= labelBit
	}
	return scoredRow{key: scoreKey(score), payload: p}
}

func (r scoredRow) label() bool     { return r.payload&labelBit != 0 }
func (r scoredRow) weight() float64 { return math.Float64frombits(r.payload &^ labelBit) }

const (
	radixBits    = 11
	radixBuckets = 1 << radixBits
	radixPasses  = (64 + radixBits - 1) / radixBits // 6
)

// radixCounts holds the digit histograms of every pass, built in one read of
// the keys.
type radixCounts [radixPasses][radixBuckets]int

func (c *radixCounts) add(k uint64) {
	c[0][k&(radixBuckets-1)]++
	c[1][(k>>11)&(radixBuckets-1)]++
	c[2][(k>>22)&(radixBuckets-1)]++
	c[3][(k>>33)&(radixBuckets-1)]++
	c[4][(k>>44)&(radixBuckets-1)]++
	c[5][k>>55]++
}

// moves reports whether pass would move a row: false when every one of the n
// keys has the same digit there (key is any one of them).
func (c *radixCounts) moves(pass, n int, key uint64) bool {
	return c[pass][(key>>(pass*radixBits))&(radixBuckets-1)] != n
}

// offsets returns the start of each bucket of pass.
func (c *radixCounts) offsets(pass int) *[radixBuckets]int {
	var off [radixBuckets]int
	sum := 0
	for i, v := range c[pass] {
		off[i] = sum
		sum += v
	}
	return &off
}

// sortRows sorts rows by key, ascending, with a least-significant-digit radix
// sort over 11-bit digits: O(n) time, exact, stable. buf is scratch space of
// at least len(rows); the sorted rows are returned and live in either rows or
// buf. All digit histograms are built in one pass; a pass whose digit is the
// same for every key is skipped (scores in [0, 1] share their top bits).
func sortRows(rows, buf []scoredRow) []scoredRow {
	if len(rows) < 2 {
		return rows
	}
	var counts radixCounts
	for _, r := range rows {
		counts.add(r.key)
	}
	return radixPassesFrom(rows, buf[:len(rows)], &counts, 0)
}

// radixPassesFrom runs the passes from first on, alternating between src and
// dst, and returns the slice holding the result.
func radixPassesFrom(src, dst []scoredRow, counts *radixCounts, first int) []scoredRow {
	n := len(src)
	for pass := first; pass < radixPasses; pass++ {
		if !counts.moves(pass, n, src[0].key) {
			continue
		}
		off := counts.offsets(pass)
		shift := uint(pass * radixBits)
		for _, r := range src {
			d := (r.key >> shift) & (radixBuckets - 1)
			dst[off[d]] = r
			off[d]++
		}
		src, dst = dst, src
	}
	return src
}

// sortedRankRows validates the rows, packs them and sorts them by score in
// one go: the first radix pass that moves rows scatters straight from the
// caller's slices, so the rows are never written in input order.
func sortedRankRows(metric string, labels []bool, scores, weights []float64) ([]scoredRow, classPresence, error) {
	n := len(labels)
	checkLen(n, weights, len(scores))
	if n == 0 {
		return nil, 0, undefined(metric, "no rows")
	}
	var counts radixCounts
	var classes classPresence
	for i, s := range scores {
		if math.IsNaN(s) || math.IsInf(s, 0) {
			return nil, 0, badScore(metric, i, s)
		}
		if weights != nil {
			if w := weights[i]; !(w >= 0) || math.IsInf(w, 1) {
				return nil, 0, badWeight(metric, i, w)
			}
		}
		counts.add(scoreKey(s))
		classes |= presenceOf(labels[i])
	}
	a := make([]scoredRow, n)
	first := 0
	for first < radixPasses && !counts.moves(first, n, scoreKey(scores[0])) {
		first++
	}
	if first == radixPasses { // one distinct score: any order is sorted
		for i, s := range scores {
			a[i] = makeRow(labels[i], s, weightAt(weights, i))
		}
		return a, classes, nil
	}
	b := make([]scoredRow, n)
	off := counts.offsets(first)
	shift := uint(first * radixBits)
	if weights == nil {
		for i, s := range scores {
			r := makeRow(labels[i], s, 1)
			d := (r.key >> shift) & (radixBuckets - 1)
			a[off[d]] = r
			off[d]++
		}
	} else {
		weights = weights[:n]
		for i, s := range scores {
			r := makeRow(labels[i], s, weights[i])
			d := (r.key >> shift) & (radixBuckets - 1)
			a[off[d]] = r
			off[d]++
		}
	}
	return radixPassesFrom(a, b, &counts, first+1), classes, nil
}
