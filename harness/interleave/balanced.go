package interleave

import (
	"fmt"
	"math/rand/v2"
)

// BalancedList is a list interleaved by balanced interleaving, with the two
// rankings it came from, which its credit rule needs.
type BalancedList struct {
	Items  []string
	A, B   []string
	AFirst bool // whether A contributed first (the coin toss)
}

// Balanced interleaves two rankings by balanced interleaving (Joachims
// 2003, "Evaluating retrieval performance using clickthrough data"; the
// algorithm as in Chapelle, Joachims, Radlinski & Yue 2012, ACM TOIS 30(1),
// Algorithm 1): one coin toss decides which ranking leads; then the two
// rankings are walked in step, the one whose pointer is behind (the leader
// on a tie) contributing its next item unless the list already has it,
// until the list has k items or either ranking runs out. At every depth the
// list holds the top items of both rankings in nearly equal numbers.
//
// k <= 0 panics; rng is the request's source (RequestRand).
func Balanced(a, b []string, k int, rng *rand.Rand) BalancedList {
	if k <= 0 {
		panic(fmt.Sprintf("interleave: list length %d, want > 0", k))
	}
	out := BalancedList{A: a, B: b, AFirst: rng.IntN(2) == 0, Items: make([]string, 0, k)}
	in := make(map[string]bool, k)
	ka, kb := 0, 0
	for ka < len(a) && kb < len(b) && len(out.Items) < k {
		if ka < kb || ka == kb && out.AFirst {
			if !in[a[ka]] {
				in[a[ka]] = true
				out.Items = append(out.Items, a[ka])
			}
			ka++
		} else {
			if !in[b[kb]] {
				in[b[kb]] = true
				out.Items = append(out.Items, b[kb])
			}
			kb++
		}
	}
	return out
}

// Credit returns the clicks credited to A and to B by balanced
// interleaving's rule: with the lowest clicked item at list position
// c_max, k is the smallest depth at which either ranking holds it (its
// 1-based rank in A or in B, whichever is smaller; a ranking that does not
// hold it counts as its length + 1), and each ranking earns the clicked
// items among its own top k. An item in both tops counts for both, which
// is why the rule needs the rankings and not a team per item.
//
// clicks are item ids; ones not in the list are ignored. With no click both
// are 0. This is mpkato/interleaving's Balanced.compute_scores.
func (l BalancedList) Credit(clicks []string) (creditA, creditB int) {
	pos := make(map[string]int, len(l.Items))
	for i, it := range l.Items {
		pos[it] = i
	}
	last := -1
	var clicked []string
	for _, c := range clicks {
		p, ok := pos[c]
		if !ok {
			continue
		}
		clicked = append(clicked, c)
		last = max(last, p)
	}
	if last < 0 {
		return 0, 0
	}
	lowest := l.Items[last]
	k := min(rankOf(l.A, lowest), rankOf(l.B, lowest))
	topA, topB := topSet(l.A, k), topSet(l.B, k)
	for _, c := range clicked {
		if topA[c] {
			creditA++
		}
		if topB[c] {
			creditB++
		}
	}
	return creditA, creditB
}

// rankOf returns the 1-based rank of item in list, len(list)+1 when absent.
func rankOf(list []string, item string) int {
	for i, it := range list {
		if it == item {
			return i + 1
		}
	}
	return len(list) + 1
}

func topSet(list []string, k int) map[string]bool {
	s := make(map[string]bool, k)
	for _, it := range list[:min(k, len(list))] {
		s[it] = true
	}
	return s
}
