package assert

import (
	"cmp"
	"fmt"
	"strings"
	"testing"

	"github.com/mltest/mltest/metrics/stats"
)

// TopKOverlap returns the fraction of items that the top k of got and the
// top k of want share:
//
//	|top_k(got) ∩ top_k(want)| / max(|top_k(got)|, |top_k(want)|)
//
// where top_k(r) is the first min(k, len(r)) items of r. Order inside the top
// k does not matter (use KendallTau for that). Two empty rankings overlap
// fully (1). It panics if k < 1 or if a ranking lists an item twice within
// its top k.
func TopKOverlap[T comparable](got, want []T, k int) float64 {
	shared, denom, _, _ := topKSets(got, want, k)
	if denom == 0 {
		return 1
	}
	return float64(shared) / float64(denom)
}

func topKSets[T comparable](got, want []T, k int) (shared, denom int, missing, extra []T) {
	if k < 1 {
		panic("assert: k < 1")
	}
	g, w := got[:min(k, len(got))], want[:min(k, len(want))]
	inWant := make(map[T]bool, len(w))
	for _, x := range w {
		if inWant[x] {
			panic(fmt.Sprintf("assert: item %v listed twice in a ranking", x))
		}
		inWant[x] = true
	}
	inGot := make(map[T]bool, len(g))
	for _, x := range g {
		if inGot[x] {
			panic(fmt.Sprintf("assert: item %v listed twice in a ranking", x))
		}
		inGot[x] = true
		if inWant[x] {
			shared++
		} else {
			extra = append(extra, x)
		}
	}
	for _, x := range w {
		if !inGot[x] {
			missing = append(missing, x)
		}
	}
	return shared, max(len(g), len(w)), missing, extra
}

// CheckTopKOverlap returns nil when TopKOverlap(got, want, k) >= min, and
// otherwise an error that names the items missing from and extra in got's
// top k, e.g.
//
//	top-3 overlap = 0.667, want >= 1.000 (2 of 3 shared; missing [c], extra [x])
func CheckTopKOverlap[T comparable](got, want []T, k int, min float64) error {
	shared, denom, missing, extra := topKSets(got, want, k)
	o := 1.0
	if denom > 0 {
		o = float64(shared) / float64(denom)
	}
	if o >= min {
		return nil
	}
	g, m := formatPair(o, min)
	return fmt.Errorf("top-%d overlap = %s, want >= %s (%d of %d shared; missing %v, extra %v)",
		k, g, m, shared, denom, missing, extra)
}

// TopKOverlapAtLeast marks the test failed unless TopKOverlap(got, want, k) >= min.
func TopKOverlapAtLeast[T comparable](t testing.TB, got, want []T, k int, min float64) {
	t.Helper()
	if err := CheckTopKOverlap(got, want, k, min); err != nil {
		t.Error(err)
	}
}

// RankingKendallTau returns Kendall's tau-b (stats.KendallTauB) between two
// rankings (lists of items, best first) over the union of their items. An item's score is its
// negated position; an item absent from one ranking ties with the other
// absent items below the last listed one, which is how top-k lists of
// different content are compared. It panics if a ranking lists an item twice.
func RankingKendallTau[T comparable](got, want []T) float64 {
	x, y := rankingScores(got, want)
	tau, _ := stats.KendallTauB(x, y)
	return tau
}

func rankingScores[T comparable](got, want []T) (x, y []float64) {
	index := map[T]int{}
	var items []T
	add := func(r []T) map[T]int {
		pos := make(map[T]int, len(r))
		for i, it := range r {
			if _, dup := pos[it]; dup {
				panic(fmt.Sprintf("assert: item %v listed twice in a ranking", it))
			}
			pos[it] = i
			if _, ok := index[it]; !ok {
				index[it] = len(items)
				items = append(items, it)
			}
		}
		return pos
	}
	pg, pw := add(got), add(want)
	x, y = make([]float64, len(items)), make([]float64, len(items))
	for i, it := range items {
		x[i], y[i] = -float64(len(got)), -float64(len(want))
		if p, ok := pg[it]; ok {
			x[i] = -float64(p)
		}
		if p, ok := pw[it]; ok {
			y[i] = -float64(p)
		}
	}
	return x, y
}

// CheckKendallTau returns nil when RankingKendallTau(got, want) >= min, and
// otherwise an error such as
//
//	Kendall tau-b(got, want) = 0.333, want >= 0.800 (4 items; first swapped pair: b above a)
//
// An undefined tau (NaN) fails.
func CheckKendallTau[T comparable](got, want []T, min float64) error {
	x, y := rankingScores(got, want)
	tau, _ := stats.KendallTauB(x, y)
	if tau >= min {
		return nil
	}
	g, m := formatPair(tau, min)
	var b strings.Builder
	fmt.Fprintf(&b, "Kendall tau-b(got, want) = %s, want >= %s (%d items", g, m, len(x))
	if i, j, ok := firstDiscordant(got, x, y); ok {
		fmt.Fprintf(&b, "; first swapped pair: %v above %v", got[i], got[j])
	}
	b.WriteString(")")
	return fmt.Errorf("%s", b.String())
}

// firstDiscordant finds, in got's order, the first pair that want orders
// the other way. The items of got are the first len(got) entries of x and y.
func firstDiscordant[T comparable](got []T, x, y []float64) (int, int, bool) {
	for i := range got {
		for j := i + 1; j < len(got); j++ {
			if cmp.Compare(x[i], x[j])*cmp.Compare(y[i], y[j]) < 0 {
				return i, j, true
			}
		}
	}
	return 0, 0, false
}

// KendallTauAtLeast marks the test failed unless RankingKendallTau(got, want) >= min.
func KendallTauAtLeast[T comparable](t testing.TB, got, want []T, min float64) {
	t.Helper()
	if err := CheckKendallTau(got, want, min); err != nil {
		t.Error(err)
	}
}
