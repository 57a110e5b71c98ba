package skew

import (
	"math"
	"slices"
	"unsafe"
)

// radixMin is the length from which sortValues radix-sorts; below it
// slices.Sort is as fast and needs no scratch space.
const radixMin = 4096

// sortValues sorts finite (or infinite, never NaN) values ascending. Large
// slices are sorted by an LSD radix sort on order-preserving integer keys,
// four passes of 16 bits (fewer when a digit is the same in every key),
// O(n) where slices.Sort is O(n log n): comparing 1M-row profiles is
// mostly sorting them. It needs a scratch slice as long as x while it runs.
func sortValues(x []float64) {
	if len(x) < radixMin {
		slices.Sort(x)
		return
	}
	// The keys overwrite the values in place (same size, one word each),
	// so the only scratch space is buf.
	keys := unsafe.Slice((*uint64)(unsafe.Pointer(&x[0])), len(x))
	for i, v := range x {
		keys[i] = floatKey(v)
	}
	var counts [4][1 << 16]uint32
	for _, k := range keys {
		counts[0][k&0xffff]++
		counts[1][k>>16&0xffff]++
		counts[2][k>>32&0xffff]++
		counts[3][k>>48]++
	}
	buf := make([]uint64, len(x))
	src, dst := keys, buf
	for pass := range 4 {
		c := &counts[pass]
		shift := uint(16 * pass)
		if c[src[0]>>shift&0xffff] == uint32(len(src)) {
			continue // every key has this digit: the pass would not move anything
		}
		var sum uint32
		for d := range c {
			c[d], sum = sum, sum+c[d]
		}
		for _, k := range src {
			d := k >> shift & 0xffff
			dst[c[d]] = k
			c[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
	for i, k := range keys {
		x[i] = keyFloat(k)
	}
}

// floatKey maps a float64 to a uint64 of the same order: a positive number
// gets its sign bit set, a negative one every bit flipped.
func floatKey(v float64) uint64 {
	b := math.Float64bits(v)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

// keyFloat inverts floatKey.
func keyFloat(k uint64) float64 {
	if k>>63 == 1 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}
