package metrics

import (
	"github.com/mltest/mltest/internal/radix"
	"math"
	"sync"
)

// scoredRow is one (score, label, weight) row in the compact form the ranking
// metrics (ROC AUC, average precision, the curves) sort: 16 bytes a row.
//
// key is the score mapped to an unsigned integer whose order is the order of
// the float64 scores (see scoreKey). payload holds the weight's bits with the
// label in the sign bit, which is free because weights are never negative.
type scoredRow = radix.Row

const labelBit = 1 << 63

// scoreKey is radix.ScoreKey: the order-preserving integer image of a score.
func scoreKey(s float64) uint64 { return radix.ScoreKey(s) }

// keyScore inverts scoreKey.
func keyScore(k uint64) float64 { return radix.KeyScore(k) }

func makeRow(label bool, score, weight float64) scoredRow {
	p := math.Float64bits(weight)
	if label {
		p |= labelBit
	}
	return scoredRow{Key: scoreKey(score), Payload: p}
}

func rowLabel(r scoredRow) bool     { return r.Payload&labelBit != 0 }
func rowWeight(r scoredRow) float64 { return math.Float64frombits(r.Payload &^ labelBit) }

// sortRows sorts rows by key, ascending and stably, into buf (radix.Sort).
func sortRows(rows, buf []scoredRow) []scoredRow { return radix.Sort(rows, buf) }

func sortChunksInto(chunks [][]scoredRow, out []scoredRow) []scoredRow {
	return radix.SortChunksInto(chunks, out)
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
	shift, nb := radix.Buckets(n, minK, maxK)
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
			b := (r.Key - minK) >> shift
			rows[next[b]] = r
			next[b]++
		}
	} else {
		weights = weights[:n]
		for i, s := range scores {
			r := makeRow(labels[i], s, weights[i])
			b := (r.Key - minK) >> shift
			rows[next[b]] = r
			next[b]++
		}
	}
	radix.SortBuckets(rows, start, minK, shift)
	return rows, classes, nil
}
