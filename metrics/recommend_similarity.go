package metrics

import "math/bits"

// cooccurrence returns |U(i) ∩ U(j)|, the number of training users who
// interacted with both items, without a dense item×item matrix: only the
// pairs the measures ask about are counted. Two popular items intersect as
// bitsets (nUsers/64 words), a popular and a rare one by testing the rare
// one's users against the bitset, two rare ones by merging their sorted user
// lists (or binary search when one is much shorter).
func (b *BeyondAccuracy) cooccurrence(i, j int32) int {
	ui, uj := b.usersOf(i), b.usersOf(j)
	bi, bj := b.bitsAt[i], b.bitsAt[j]
	switch {
	case bi >= 0 && bj >= 0:
		x, y := b.bits[bi:int(bi)+b.words], b.bits[bj:int(bj)+b.words]
		n := 0
		for w := range x {
			n += bits.OnesCount64(x[w] & y[w])
		}
		return n
	case bj >= 0:
		return countInBitset(ui, b.bits[bj:int(bj)+b.words])
	case bi >= 0:
		return countInBitset(uj, b.bits[bi:int(bi)+b.words])
	}
	return intersectSorted(ui, uj)
}

func countInBitset(users []int32, set []uint64) int {
	n := 0
	for _, u := range users {
		n += int(set[u>>6] >> (uint(u) & 63) & 1)
	}
	return n
}

// intersectSorted counts the common elements of two ascending lists.
func intersectSorted(a, c []int32) int {
	if len(a) > len(c) {
		a, c = c, a
	}
	n := 0
	if len(a)*16 < len(c) {
		// Galloping would do; a binary search over the shrinking tail of c
		// is enough when a is much shorter.
		for _, x := range a {
			lo, hi := 0, len(c)
			for lo < hi {
				m := int(uint(lo+hi) >> 1)
				if c[m] < x {
					lo = m + 1
				} else {
					hi = m
				}
			}
			if lo < len(c) && c[lo] == x {
				n++
				lo++
			}
			c = c[lo:]
		}
		return n
	}
	// Merge; each step advances p, q or both by arithmetic rather than by
	// a three-way branch on unpredictable comparisons.
	p, q := 0, 0
	for p < len(a) && q < len(c) {
		x, y := a[p], c[q]
		n += oneIf(x == y)
		p += oneIf(x <= y)
		q += oneIf(y <= x)
	}
	return n
}

func oneIf(b bool) int {
	if b {
		return 1
	}
	return 0
}
