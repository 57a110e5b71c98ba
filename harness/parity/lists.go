package parity

import (
	"github.com/mltest/mltest/assert"
)

// ListAgreement says how far two ranked lists (best first) agree.
type ListAgreement struct {
	K           int     `json:"k"`             // depth of the top-k overlap
	TopKOverlap float64 `json:"top_k_overlap"` // assert.TopKOverlap of the first K items
	KendallTau  float64 `json:"kendall_tau"`   // assert.RankingKendallTau over the union of both lists
	RBO         float64 `json:"rbo"`           // rank-biased overlap, extrapolated, p = 0.9
	Duplicates  bool    `json:"duplicates,omitempty"`
}

// CompareLists measures the agreement of two ranked lists. (Compare drops
// trailing "" from string lists first: the padding of a short list in a
// fixed-shape tensor.) k < 1 means the
// longer list's length. A list that names an item twice cannot be ranked:
// Duplicates is set and the measures are 0, which is itself a finding (a
// served model that repeats an item has a bug).
func CompareLists[T comparable](offline, online []T, k int) ListAgreement {
	if k < 1 {
		k = max(len(offline), len(online), 1)
	}
	a := ListAgreement{K: k}
	if hasDuplicate(offline) || hasDuplicate(online) {
		a.Duplicates = true
		return a
	}
	a.TopKOverlap = assert.TopKOverlap(online, offline, k)
	a.KendallTau = assert.RankingKendallTau(online, offline)
	a.RBO = RankBiasedOverlap(offline, online, 0.9)
	return a
}

func hasDuplicate[T comparable](xs []T) bool {
	seen := make(map[T]struct{}, len(xs))
	for _, x := range xs {
		if _, ok := seen[x]; ok {
			return true
		}
		seen[x] = struct{}{}
	}
	return false
}

// RankBiasedOverlap is the rank-biased overlap of Webber, Moffat and Zobel
// (2010) between two rankings without duplicates, in its extrapolated form
// RBO_ext (their equation 32) for lists of possibly different lengths:
//
//	RBO_ext = (1-p)/p * ( sum_{d=1..l} X_d/d * p^d
//	                      + sum_{d=s+1..l} X_s*(d-s)/(s*d) * p^d )
//	          + ( (X_l - X_s)/l + X_s/s ) * p^l
//
// where s and l are the shorter and longer lengths and X_d the number of items
// the two lists share in their first d. It weighs the top most (p = 0.9 puts
// 86% of the weight on the first 10 ranks), is 1 for identical lists and 0
// for disjoint ones. Two empty lists agree fully (1); an empty and a
// non-empty one are disjoint (0). It panics if p is not in (0, 1).
func RankBiasedOverlap[T comparable](a, b []T, p float64) float64 {
	if !(p > 0 && p < 1) {
		panic("parity: RankBiasedOverlap: p must be in (0, 1)")
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	s, l := len(a), len(b)
	if l == 0 {
		return 1
	}
	if s == 0 {
		return 0
	}
	inA := make(map[T]bool, s)
	inB := make(map[T]bool, l)
	var x, xs float64 // overlap at depth d, and at depth s
	var sum float64
	pd := 1.0
	for d := 1; d <= l; d++ {
		pd *= p
		if d <= s {
			// Both lists extend to depth d.
			ia, ib := a[d-1], b[d-1]
			if ia == ib {
				x++
			} else {
				if inB[ia] {
					x++
				}
				if inA[ib] {
					x++
				}
			}
			inA[ia], inB[ib] = true, true
			if d == s {
				xs = x
			}
			sum += x / float64(d) * pd
			continue
		}
		// Only the longer list extends: the short one's items are all seen.
		if inA[b[d-1]] {
			x++
		}
		sum += x/float64(d)*pd + xs*float64(d-s)/float64(s*d)*pd
	}
	ext := ((x-xs)/float64(l) + xs/float64(s)) * pd
	return (1-p)/p*sum + ext
}
