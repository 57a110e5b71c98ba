package radix

import (
	"math"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"
)

// Walk visits the rows of chunks in key order without sorting them into a
// second array: the rows stay in the chunks, and at no time is more memory
// used than a few slabs of SlabRows rows per core. That matters for the
// exact ranking metrics, whose rows are most of a process's memory: a
// second array as large would double it, and on virtual machines the first
// touch of fresh memory costs more than the sort.
//
// The chunks hold the rows in insertion order (chunk by chunk, each in
// order), and the order visited is the stable sort of that sequence by
// key: equal keys in insertion order. Walk reorders the rows within each
// chunk (they end grouped by key range, equal keys still in insertion
// order), so a later Walk of the same chunks visits the same order.
//
// How: one pass finds the key range, a second histograms the rows on the
// top 16 bits of it (a cell of more than SlabRows rows again on the next
// 12), and consecutive histogram cells are grouped into slabs of at most
// SlabRows rows. Each chunk is then partitioned by slab, stably
// and in place (with a chunk-sized scratch). Finally, slab by slab, the
// slab's stretch of every chunk is gathered into a buffer, which is sorted
// by the least-significant-digit radix sort and handed to visit; slabs are
// sorted on every core ahead of visit. A slab whose rows all have one key is
// visited as its stretches, without copying; a single histogram cell of more
// than SlabRows rows with several keys is walked again on its own range,
// 16 bits finer.
//
// visit gets the slabs in the walk's order: with Ascending each slab is
// sorted ascending and the slabs ascend; with Descending the slabs descend,
// each still sorted ascending, to be read from its end: the rows read that
// way are in descending key order, ties in reverse insertion order, the
// reverse of the ascending walk. A slab is valid only during the call.
func Walk(chunks [][]Row, order Order, workers int, visit func(slab []Row)) {
	n := 0
	for _, c := range chunks {
		n += len(c)
	}
	if n == 0 {
		return
	}
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	w := &walker{order: order, workers: workers, visit: visit}
	w.level(chunks, n, true)
}

// Order is the direction of Walk.
type Order bool

// The directions of Walk.
const (
	Ascending  Order = false
	Descending Order = true
)

// SlabRows is the most rows Walk sorts at once (1 MiB of rows: a slab is
// sorted in the cache).
const SlabRows = 1 << 16

// cellBits is the resolution of the histogram that cuts the slabs.
const cellBits = 16

type walker struct {
	order   Order
	workers int
	visit   func([]Row)
}

// plan is the slabs of one level: chunk c's rows of slab s are
// chunks[c][cut[c][s]:cut[c][s+1]].
type plan struct {
	chunks    [][]Row
	minK      uint64
	shift     uint
	subShift  uint
	slabOf    []uint32   // histogram cell -> slab, or refined|index into subSlabOf
	subSlabOf [][]uint32 // sub-cell of a crowded cell -> slab
	rows      []int      // rows per slab
	cut       [][]int32
}

// level walks chunks, n rows in all, by slabs; parallel says whether the
// slabs are sorted on every core (the top level) or in this goroutine.
func (w *walker) level(chunks [][]Row, n int, parallel bool) {
	p := w.plan(chunks, n)
	s := len(p.rows)
	slab := func(k int) int { // the k-th slab in the walk's order
		if w.order == Descending {
			return s - 1 - k
		}
		return k
	}
	if !parallel || s == 1 {
		var buf, scratch []Row
		for k := range s {
			buf, scratch = w.slab(p, slab(k), buf, scratch)
		}
		return
	}
	// Slabs are sorted ahead on every core into a ring of buffers and
	// visited in order. A worker takes a buffer before it claims a slab, so
	// the slab visit waits for always has a buffer and a worker.
	type done struct {
		rows []Row // sorted slab; nil: visit it here (large)
		buf  []Row
	}
	ready := make([]chan done, s)
	for k := range ready {
		ready[k] = make(chan done, 1)
	}
	free := make(chan []Row, w.workers+1)
	for range w.workers + 1 {
		free <- nil
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range w.workers {
		wg.Go(func() {
			var scratch []Row
			for {
				buf := <-free
				k := int(next.Add(1) - 1)
				if k >= s {
					free <- buf
					return
				}
				j := slab(k)
				if p.rows[j] > SlabRows {
					ready[k] <- done{nil, buf}
					continue
				}
				var rows []Row
				rows, buf, scratch = p.gatherSorted(j, buf, scratch)
				ready[k] <- done{rows, buf}
			}
		})
	}
	var buf, scratch []Row
	for k := range s {
		d := <-ready[k]
		if d.rows != nil {
			w.visit(d.rows)
		} else {
			buf, scratch = w.slab(p, slab(k), buf, scratch)
		}
		free <- d.buf
	}
	wg.Wait()
}

// slab visits slab j of p in this goroutine, recursing into a large one.
func (w *walker) slab(p *plan, j int, buf, scratch []Row) ([]Row, []Row) {
	if p.rows[j] == 0 {
		return buf, scratch
	}
	if p.rows[j] <= SlabRows {
		var rows []Row
		rows, buf, scratch = p.gatherSorted(j, buf, scratch)
		w.visit(rows)
		return buf, scratch
	}
	parts := p.stretches(j)
	lo, hi := uint64(math.MaxUint64), uint64(0)
	for _, c := range parts {
		for _, r := range c {
			lo, hi = min(lo, r.Key), max(hi, r.Key)
		}
	}
	if lo == hi {
		// One key: the stretches, in insertion order, are the slab.
		if w.order == Descending {
			for i := len(parts) - 1; i >= 0; i-- {
				w.visit(parts[i])
			}
		} else {
			for _, c := range parts {
				w.visit(c)
			}
		}
		return buf, scratch
	}
	w.level(parts, p.rows[j], false)
	return buf, scratch
}

// plan finds the slabs of chunks and partitions every chunk by slab.
func (w *walker) plan(chunks [][]Row, n int) *plan {
	p := &plan{chunks: chunks}
	// The key range, and the histogram of the top cellBits bits of it.
	minK, maxK := uint64(math.MaxUint64), uint64(0)
	for _, c := range chunks {
		for _, r := range c {
			minK, maxK = min(minK, r.Key), max(maxK, r.Key)
		}
	}
	p.minK = minK
	if varying := uint(bits.Len64(maxK - minK)); varying > cellBits {
		p.shift = varying - cellBits
	}
	cells := int((maxK-minK)>>p.shift) + 1
	hist := make([]int, cells)
	for _, c := range chunks {
		for _, r := range c {
			hist[(r.Key-minK)>>p.shift]++
		}
	}
	// A cell of more than SlabRows rows (scores crowd into few binades of
	// the float64 range) is histogrammed again on the next subBits bits.
	p.subShift = p.shift - min(p.shift, subBits)
	subOf := make([]int32, cells) // cell -> 1 + index into sub, 0: none
	var sub [][]int
	for cell, h := range hist {
		if h > SlabRows && p.subShift < p.shift {
			sub = append(sub, make([]int, 1<<(p.shift-p.subShift)))
			subOf[cell] = int32(len(sub))
		}
	}
	if sub != nil {
		mask := uint64(1)<<(p.shift-p.subShift) - 1
		for _, c := range chunks {
			for _, r := range c {
				d := r.Key - minK
				if i := subOf[d>>p.shift]; i > 0 {
					sub[i-1][(d>>p.subShift)&mask]++
				}
			}
		}
	}
	// Consecutive cells (and sub-cells) make a slab of at most SlabRows
	// rows; one of more is a slab of its own.
	p.slabOf = make([]uint32, cells)
	rows := 0
	add := func(h int) uint32 {
		if rows > 0 && rows+h > SlabRows {
			p.rows = append(p.rows, rows)
			rows = 0
		}
		rows += h
		return uint32(len(p.rows))
	}
	for cell, h := range hist {
		if i := subOf[cell]; i > 0 {
			subHist := sub[i-1]
			p.slabOf[cell] = refined | uint32(len(p.subSlabOf))
			table := make([]uint32, len(subHist))
			for i, sh := range subHist {
				table[i] = add(sh)
			}
			p.subSlabOf = append(p.subSlabOf, table)
			continue
		}
		p.slabOf[cell] = add(h)
	}
	p.rows = append(p.rows, rows)
	// Partition every chunk by slab, stably, in place.
	s := len(p.rows)
	p.cut = make([][]int32, len(chunks))
	if s == 1 {
		for c, rows := range chunks {
			p.cut[c] = []int32{0, int32(len(rows))}
		}
		return p
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(w.workers, len(chunks)) {
		wg.Go(func() {
			var scratch []Row
			count := make([]int32, s+1)
			for {
				c := int(next.Add(1) - 1)
				if c >= len(chunks) {
					return
				}
				scratch = p.partition(c, count, scratch)
			}
		})
	}
	wg.Wait()
	return p
}

// refined marks a slabOf entry that indexes subSlabOf.
const refined = 1 << 31

// subBits is the resolution of the second histogram of a crowded cell.
const subBits = 12

// slab returns the slab of key k.
func (p *plan) slab(k uint64) uint32 {
	d := k - p.minK
	j := p.slabOf[d>>p.shift]
	if j&refined != 0 {
		t := p.subSlabOf[j&^refined]
		return t[(d>>p.subShift)&uint64(len(t)-1)]
	}
	return j
}

// partition groups chunk c by slab, stably, recording the cuts; count is
// scratch of len(slabs)+1.
func (p *plan) partition(c int, count []int32, scratch []Row) []Row {
	rows := p.chunks[c]
	clear(count)
	for _, r := range rows {
		count[p.slab(r.Key)+1]++
	}
	for j := 1; j < len(count); j++ {
		count[j] += count[j-1]
	}
	cut := make([]int32, len(count))
	copy(cut, count)
	p.cut[c] = cut
	if cap(scratch) < len(rows) {
		scratch = make([]Row, len(rows))
	}
	scratch = scratch[:len(rows)]
	for _, r := range rows {
		j := p.slab(r.Key)
		scratch[count[j]] = r
		count[j]++
	}
	copy(rows, scratch)
	return scratch
}

// stretches returns slab j's stretch of every chunk that has rows in it, in
// chunk order.
func (p *plan) stretches(j int) [][]Row {
	var parts [][]Row
	for c, rows := range p.chunks {
		if from, to := p.cut[c][j], p.cut[c][j+1]; to > from {
			parts = append(parts, rows[from:to])
		}
	}
	return parts
}

// gatherSorted copies slab j's rows into buf, in chunk order, and sorts
// them stably; it returns the sorted rows and the buffers for reuse.
func (p *plan) gatherSorted(j int, buf, scratch []Row) (rows, bufOut, scratchOut []Row) {
	n := p.rows[j]
	if cap(buf) < n {
		buf = make([]Row, max(n, SlabRows))
	}
	if cap(scratch) < n {
		scratch = make([]Row, max(n, SlabRows))
	}
	gathered := scratch[:0]
	for c, chunk := range p.chunks {
		gathered = append(gathered, chunk[p.cut[c][j]:p.cut[c][j+1]]...)
	}
	rows = Sort(gathered, buf[:len(gathered)])
	return rows, buf, scratch
}
