package skew

import "slices"

// binCounts counts the sorted sample s in the right-closed bins
// (-Inf, e_1], (e_1, e_2], ..., (e_last, +Inf) of stats.QuantileBinEdges:
// one binary search per edge, where stats.PSI's counting of an unsorted
// sample costs one per value.
func binCounts(s, edges []float64) []float64 {
	c := make([]float64, len(edges)+1)
	prev := 0
	for i, e := range edges {
		k := prev + upperBound(s[prev:], e)
		c[i] = float64(k - prev)
		prev = k
	}
	c[len(edges)] = float64(len(s) - prev)
	return c
}

// upperBound is the number of values of sorted s that are <= x.
func upperBound(s []float64, x float64) int {
	k, _ := slices.BinarySearchFunc(s, x, func(v, x float64) int {
		if v <= x {
			return -1
		}
		return 1
	})
	return k
}
