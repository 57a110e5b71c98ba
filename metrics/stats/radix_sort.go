package stats

import (
	"math"
	"slices"
)

// keyedRow is a row index sorted by an order-preserving integer image of its
// score (see scoreKey).
type keyedRow struct {
	key uint64
	row int
}

// scoreKey maps a finite float64 to a uint64 with the same order: flip every
// bit of a negative number, only the sign bit of a non-negative one. -0 and
// +0 map to the same key, so equal scores have equal keys.
func scoreKey(s float64) uint64 {
	if s == 0 {
		s = 0 // -0 -> +0
	}
	b := math.Float64bits(s)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

// sortKeyed sorts rows by key, ascending, in O(n): an LSD radix sort on
// 11-bit digits (six passes cover 64 bits; a pass whose digit is the same
// for every row is skipped). buf is scratch space of the same length. Short
// inputs use pdqsort, where the count tables would cost more than the sort.
func sortKeyed(rows, buf []keyedRow) []keyedRow {
	if len(rows) < 1024 {
		slices.SortFunc(rows, func(a, b keyedRow) int {
			switch {
			case a.key < b.key:
				return -1
			case a.key > b.key:
				return 1
			}
			return 0
		})
		return rows
	}
	const bits, passes = 11, 6
	var counts [passes][1 << bits]int
	for _, r := range rows {
		for p := range passes {
			counts[p][(r.key>>(p*bits))&(1<<bits-1)]++
		}
	}
	src, dst := rows, buf[:len(rows)]
	for p := range passes {
		c := &counts[p]
		if c[(src[0].key>>(p*bits))&(1<<bits-1)] == len(src) {
			continue // every row has this digit
		}
		sum := 0
		for d := range c {
			c[d], sum = sum, sum+c[d]
		}
		for _, r := range src {
			d := (r.key >> (p * bits)) & (1<<bits - 1)
			dst[c[d]] = r
			c[d]++
		}
		src, dst = dst, src
	}
	return src
}
