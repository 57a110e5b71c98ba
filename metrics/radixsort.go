package metrics

import (
	"math"
	"math/bits"
	"sync"
)

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

// keyRange returns the bucket shift and count for keys in [minK, maxK]:
// bucket(k) = (k - minK) >> shift.
func keyRange(n int, minK, maxK uint64) (shift uint, buckets int) {
	varying := uint(bits.Len64(maxK - minK))
	want := uint(bits.Len(uint(n / msdRowsPerBucket)))
	want = min(max(want, 1), msdMaxBits)
	if varying > want {
		shift = varying - want
	}
	return shift, int((maxK-minK)>>shift) + 1
}

// sortRows sorts rows by key, ascending and stably. buf is scratch space of
// at least len(rows); the sorted rows are returned and live in buf (or in
// rows when len(rows) < 2).
func sortRows(rows, buf []scoredRow) []scoredRow {
	if len(rows) < 2 {
		return rows
	}
	return sortChunksInto([][]scoredRow{rows}, buf[:len(rows)])
}

// sortChunksInto sorts the rows of all chunks, ascending and stably, into
// out, whose length is their total count, and returns out.
func sortChunksInto(chunks [][]scoredRow, out []scoredRow) []scoredRow {
	n := len(out)
	if n == 0 {
		return out
	}
	minK, maxK := uint64(math.MaxUint64), uint64(0)
	for _, c := range chunks {
		for _, r := range c {
			minK = min(minK, r.key)
			maxK = max(maxK, r.key)
		}
	}
	shift, nb := keyRange(n, minK, maxK)
	start := make([]int, nb+1)
	for _, c := range chunks {
		for _, r := range c {
			start[(r.key-minK)>>shift+1]++
		}
	}
	for b := 1; b <= nb; b++ {
		start[b] += start[b-1]
	}
	next := append([]int(nil), start[:nb]...)
	for _, c := range chunks {
		for _, r := range c {
			b := (r.key - minK) >> shift
			out[next[b]] = r
			next[b]++
		}
	}
	sortBuckets(out, start, minK, shift)
	return out
}

// rowChunks stores rows in fixed-size chunks: adding never copies what is
// stored (a growing slice would copy and touch fresh memory again at every
// doubling), and merging links chunks instead of copying rows.
type rowChunks struct {
	chunks [][]scoredRow
	n      int
}

const chunkRows = 1 << 14 // 256 KiB a chunk

func (c *rowChunks) add(r scoredRow) {
	k := len(c.chunks) - 1
	if k < 0 || len(c.chunks[k]) == cap(c.chunks[k]) {
		c.chunks = append(c.chunks, make([]scoredRow, 0, chunkRows))
		k++
	}
	c.chunks[k] = append(c.chunks[k], r)
	c.n++
}

// merge links o's chunks. They are capped at their length, so neither side
// can later append into an array the other one reads.
func (c *rowChunks) merge(o *rowChunks) {
	for _, ch := range o.chunks {
		c.chunks = append(c.chunks, ch[:len(ch):len(ch)])
	}
	c.n += o.n
	for i, ch := range o.chunks {
		o.chunks[i] = ch[:len(ch):len(ch)]
	}
}

// sorted sorts all rows into one chunk and returns them.
func (c *rowChunks) sorted() []scoredRow {
	if len(c.chunks) == 1 && c.n < 2 {
		return c.chunks[0]
	}
	out := sortChunksInto(c.chunks, make([]scoredRow, c.n))
	c.chunks = [][]scoredRow{out[:c.n:c.n]}
	return out
}

// sortBuckets sorts each bucket rows[start[b]:start[b+1]] on the low shift
// bits of key - minK, the bits above being equal within a bucket.
func sortBuckets(rows []scoredRow, start []int, minK uint64, shift uint) {
	if shift == 0 {
		return // each bucket holds one key
	}
	largest := 0
	for b := 1; b < len(start); b++ {
		largest = max(largest, start[b]-start[b-1])
	}
	var scratch []scoredRow
	if largest > insertionMax {
		scratch = make([]scoredRow, largest)
	}
	for b := 1; b < len(start); b++ {
		bucket := rows[start[b-1]:start[b]]
		switch {
		case len(bucket) <= insertionMax:
			insertionSortRows(bucket)
		case len(bucket) > bigBucket:
			// Crowded keys: split this bucket again on its own key range,
			// which has fewer varying bits, so the recursion ends.
			copy(bucket, sortChunksInto([][]scoredRow{bucket}, scratch[:len(bucket)]))
		default:
			lsdSortBytes(bucket, scratch[:len(bucket)], minK, (shift+7)/8)
		}
	}
}

func insertionSortRows(rows []scoredRow) {
	for i := 1; i < len(rows); i++ {
		r := rows[i]
		j := i
		for ; j > 0 && rows[j-1].key > r.key; j-- {
			rows[j] = rows[j-1]
		}
		rows[j] = r
	}
}

// lsdSortBytes sorts rows on the low nBytes bytes of key - minK by an LSD
// radix sort over bytes, leaving the result in rows.
func lsdSortBytes(rows, scratch []scoredRow, minK uint64, nBytes uint) {
	var counts [8][256]int32
	for _, r := range rows {
		k := r.key - minK
		for p := uint(0); p < nBytes; p++ {
			counts[p][byte(k>>(8*p))]++
		}
	}
	n := int32(len(rows))
	src, dst := rows, scratch
	for p := uint(0); p < nBytes; p++ {
		c := &counts[p]
		if c[byte((src[0].key-minK)>>(8*p))] == n {
			continue // every row has this byte
		}
		var off [256]int32
		var sum int32
		for i, v := range c {
			off[i] = sum
			sum += v
		}
		for _, r := range src {
			d := byte((r.key - minK) >> (8 * p))
			dst[off[d]] = r
			off[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &rows[0] {
		copy(rows, src)
	}
}

// rowBuffers caches the row arrays of ROCAUC, AveragePrecision and the
// curves between calls. It is only a cache: a call that finds none allocates.
// It matters when the same large data is evaluated many times (bootstrap
// intervals, slices), where allocating fresh memory for every call would cost
// more than the sort.
var rowBuffers sync.Pool // of *[]scoredRow

// borrowRows returns n rows from the cache or new; every row is overwritten
// by the caller, so the contents need not be zero.
func borrowRows(n int) []scoredRow {
	if p, ok := rowBuffers.Get().(*[]scoredRow); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]scoredRow, n)
}

// returnRows gives rows back to the cache; the caller must not use them after.
func returnRows(rows []scoredRow) {
	if cap(rows) > 0 {
		rowBuffers.Put(&rows)
	}
}

// sortedRankRows validates the rows, packs them and sorts them by score in
// one go: the most-significant-digit pass scatters straight from the
// caller's slices, so the rows are never written in input order. The rows are
// borrowed: the caller hands them back with returnRows when done.
func sortedRankRows(metric string, labels []bool, scores, weights []float64) ([]scoredRow, classPresence, error) {
	n := len(labels)
	checkLen(n, weights, len(scores))
	if n == 0 {
		return nil, 0, undefined(metric, "no rows")
	}
	var classes classPresence
	minK, maxK := uint64(math.MaxUint64), uint64(0)
	for i, s := range scores {
		if math.IsNaN(s) || math.IsInf(s, 0) {
			return nil, 0, badScore(metric, i, s)
		}
		if weights != nil {
			if w := weights[i]; !(w >= 0) || math.IsInf(w, 1) {
				return nil, 0, badWeight(metric, i, w)
			}
		}
		k := scoreKey(s)
		minK = min(minK, k)
		maxK = max(maxK, k)
		classes |= presenceOf(labels[i])
	}
	shift, nb := keyRange(n, minK, maxK)
	start := make([]int, nb+1)
	for _, s := range scores {
		start[(scoreKey(s)-minK)>>shift+1]++
	}
	for b := 1; b <= nb; b++ {
		start[b] += start[b-1]
	}
	next := append([]int(nil), start[:nb]...)
	rows := borrowRows(n)
	if weights == nil {
		for i, s := range scores {
			r := makeRow(labels[i], s, 1)
			b := (r.key - minK) >> shift
			rows[next[b]] = r
			next[b]++
		}
	} else {
		weights = weights[:n]
		for i, s := range scores {
			r := makeRow(labels[i], s, weights[i])
			b := (r.key - minK) >> shift
			rows[next[b]] = r
			next[b]++
		}
	}
	sortBuckets(rows, start, minK, shift)
	return rows, classes, nil
}
