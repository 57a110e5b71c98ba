// Package radix sorts (key, payload) rows by key in O(n), stably: the exact
// sort behind mltest's ROC AUC, average precision, curves and DeLong, where
// the key is a score mapped to an order-preserving integer (ScoreKey) and the
// payload is whatever the caller carries along (a weight and label, a row
// index).
package radix

import (
	"math"
	"math/bits"
)

// Row is one row to sort: Key orders it, Payload is carried along.
type Row struct {
	Key     uint64
	Payload uint64
}

const signBit = 1 << 63

// ScoreKey maps a finite float64 to a uint64 with the same order: positive
// numbers get the sign bit set, negative numbers have every bit flipped, so
// unsigned comparison of keys is numeric comparison of scores. -0 is folded
// into +0 so that the two zeros are one tied score, as numpy compares them.
func ScoreKey(s float64) uint64 {
	if s == 0 {
		return signBit
	}
	b := math.Float64bits(s)
	if b&signBit != 0 {
		return ^b
	}
	return b | signBit
}

// KeyScore inverts ScoreKey.
func KeyScore(k uint64) float64 {
	if k&signBit != 0 {
		return math.Float64frombits(k &^ signBit)
	}
	return math.Float64frombits(^k)
}

// The sort is a radix sort in two stages, exact and O(n):
//
//  1. one most-significant-digit pass scatters the rows into at most
//     2^msdMaxBits buckets by the top varying bits of their keys (the bits
//     above the highest bit in which the smallest and largest key differ are
//     the same for every row and are ignored), aiming at one to two thousand
//     rows a bucket when the keys spread evenly;
//  2. each bucket, small enough to stay in cache, is sorted on its remaining
//     low bits by a least-significant-digit radix sort over bytes, skipping
//     the bytes that are the same for every row of the bucket, or by
//     insertion sort when it is tiny.
//
// Main memory is read three times (range, histogram, scatter) and written
// once, and only one array of rows (plus a bucket-sized scratch) is
// allocated. Both stages are stable. Keys that crowd into few buckets (one
// far outlier among scores in [0, 1]) leave big buckets; a bucket of more
// than bigBucket rows is split again by the same two stages on its own, much
// narrower, key range.
const (
	msdRowsPerBucket = 1024
	msdMaxBits       = 12
	insertionMax     = 48
	bigBucket        = 1 << 16 // rows (1 MiB); larger buckets are split again
)

// Buckets returns stage 1's bucket layout for n keys in [minK, maxK]: the
// shift and count of buckets, bucket(k) = (k - minK) >> shift. A caller that
// builds its rows from its own slices can scatter them straight into buckets
// (one pass over memory fewer than building then sorting) and finish with
// SortBuckets.
func Buckets(n int, minK, maxK uint64) (shift uint, buckets int) {
	varying := uint(bits.Len64(maxK - minK))
	want := uint(bits.Len(uint(n / msdRowsPerBucket)))
	want = min(max(want, 1), msdMaxBits)
	if varying > want {
		shift = varying - want
	}
	return shift, int((maxK-minK)>>shift) + 1
}

// Sort sorts rows by key, ascending and stably. buf is scratch space of
// at least len(rows); the sorted rows are returned and live in buf (or in
// rows when len(rows) < 2).
func Sort(rows, buf []Row) []Row {
	if len(rows) < 2 {
		return rows
	}
	return SortChunksInto([][]Row{rows}, buf[:len(rows)])
}

// SortChunksInto sorts the rows of all chunks, ascending and stably, into
// out, whose length is their total count, and returns out.
func SortChunksInto(chunks [][]Row, out []Row) []Row {
	n := len(out)
	if n == 0 {
		return out
	}
	minK, maxK := uint64(math.MaxUint64), uint64(0)
	for _, c := range chunks {
		for _, r := range c {
			minK = min(minK, r.Key)
			maxK = max(maxK, r.Key)
		}
	}
	shift, nb := Buckets(n, minK, maxK)
	start := make([]int, nb+1)
	for _, c := range chunks {
		for _, r := range c {
			start[(r.Key-minK)>>shift+1]++
		}
	}
	for b := 1; b <= nb; b++ {
		start[b] += start[b-1]
	}
	next := append([]int(nil), start[:nb]...)
	for _, c := range chunks {
		for _, r := range c {
			b := (r.Key - minK) >> shift
			out[next[b]] = r
			next[b]++
		}
	}
	SortBuckets(out, start, minK, shift)
	return out
}

// SortBuckets is stage 2: it sorts each bucket rows[start[b]:start[b+1]],
// laid out by Buckets, on the low shift bits of Key - minK, the bits above
// being equal within a bucket.
func SortBuckets(rows []Row, start []int, minK uint64, shift uint) {
	if shift == 0 {
		return // each bucket holds one key
	}
	largest := 0
	for b := 1; b < len(start); b++ {
		largest = max(largest, start[b]-start[b-1])
	}
	var scratch []Row
	if largest > insertionMax {
		scratch = make([]Row, largest)
	}
	for b := 1; b < len(start); b++ {
		bucket := rows[start[b-1]:start[b]]
		switch {
		case len(bucket) <= insertionMax:
			insertionSort(bucket)
		case len(bucket) > bigBucket:
			// Crowded keys: split this bucket again on its own key range,
			// which has fewer varying bits, so the recursion ends.
			copy(bucket, SortChunksInto([][]Row{bucket}, scratch[:len(bucket)]))
		default:
			lsdSortBytes(bucket, scratch[:len(bucket)], minK, (shift+7)/8)
		}
	}
}

func insertionSort(rows []Row) {
	for i := 1; i < len(rows); i++ {
		r := rows[i]
		j := i
		for ; j > 0 && rows[j-1].Key > r.Key; j-- {
			rows[j] = rows[j-1]
		}
		rows[j] = r
	}
}

// lsdSortBytes sorts rows on the low nBytes bytes of key - minK by an LSD
// radix sort over bytes, leaving the result in rows.
func lsdSortBytes(rows, scratch []Row, minK uint64, nBytes uint) {
	var counts [8][256]int32
	for _, r := range rows {
		k := r.Key - minK
		for p := uint(0); p < nBytes; p++ {
			counts[p][byte(k>>(8*p))]++
		}
	}
	n := int32(len(rows))
	src, dst := rows, scratch
	for p := uint(0); p < nBytes; p++ {
		c := &counts[p]
		if c[byte((src[0].Key-minK)>>(8*p))] == n {
			continue // every row has this byte
		}
		var off [256]int32
		var sum int32
		for i, v := range c {
			off[i] = sum
			sum += v
		}
		for _, r := range src {
			d := byte((r.Key - minK) >> (8 * p))
			dst[off[d]] = r
			off[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &rows[0] {
		copy(rows, src)
	}
}
