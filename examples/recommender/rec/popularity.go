package rec

import (
	"math"
	"slices"
)

// bucketEdges returns the lower edges of at most n quantile buckets of the
// item counts: edge b is the count at position ⌊b·len/n⌋ of the sorted
// counts, b = 0..n-1, duplicates dropped. The first edge is the smallest
// count, so every item falls in a bucket.
func bucketEdges(counts []int, n int) []float64 {
	sorted := slices.Clone(counts)
	slices.Sort(sorted)
	var edges []float64
	for b := 0; b < n && len(sorted) > 0; b++ {
		e := float64(sorted[b*len(sorted)/n])
		if len(edges) == 0 || e > edges[len(edges)-1] {
			edges = append(edges, e)
		}
	}
	return edges
}

// bucketOf returns the index of the bucket holding count: the last edge
// <= count (0 below the first edge).
func bucketOf(edges []float64, count float64) int {
	b, found := slices.BinarySearch(edges, count)
	if !found {
		b--
	}
	return max(b, 0)
}

// popularityFeature is the encoded popularity of an item with count
// training interactions: log(1 + lower edge of its bucket). The scorer sees
// a step function of popularity, which is robust to the drift of raw counts
// between retrainings. The unbucketed variant, log(1 + count), is the
// deliberate bug; the two agree exactly when count sits on a bucket edge.
func popularityFeature(edges []float64, count float64, unbucketed bool) float64 {
	if unbucketed {
		return math.Log1p(count)
	}
	if len(edges) == 0 {
		return 0
	}
	return math.Log1p(edges[bucketOf(edges, count)])
}
