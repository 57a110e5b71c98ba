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

// sortRows sorts rows by key, ascending, with a least-significant-digit radix
// sort over 11-bit digits: O(n) time, exact, stable. buf is scratch space of
// at least len(rows); the sorted rows are returned and live in either rows or
// buf. All digit histograms are built in one pass; a pass whose digit is the
// same for every key is skipped (scores in [0, 1] share their top bits).
func sortRows(rows, buf []scoredRow) []scoredRow {
	n := len(rows)
	if n < 2 {
		return rows
	}
	buf = buf[:n]
	var counts [radixPasses][radixBuckets]int
	for _, r := range rows {
		k := r.key
		counts[0][k&(radixBuckets-1)]++
		counts[1][(k>>11)&(radixBuckets-1)]++
		counts[2][(k>>22)&(radixBuckets-1)]++
		counts[3][(k>>33)&(radixBuckets-1)]++
		counts[4][(k>>44)&(radixBuckets-1)]++
		counts[5][k>>55]++
	}
	src, dst := rows, buf
	for pass := 0; pass < radixPasses; pass++ {
		c := &counts[pass]
		shift := uint(pass * radixBits)
		if c[(src[0].key>>shift)&(radixBuckets-1)] == n {
			continue // every key has this digit: the pass would not move a row
		}
		var offsets [radixBuckets]int
		sum := 0
		for i, v := range c {
			offsets[i] = sum
			sum += v
		}
		for _, r := range src {
			d := (r.key >> shift) & (radixBuckets - 1)
			dst[offsets[d]] = r
			offsets[d]++
		}
		src, dst = dst, src
	}
	return src
}
