package interleave

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// fixedCoin returns a source whose first IntN(2) is 0 (A leads) or 1.
func fixedCoin(t *testing.T, aFirst bool) *rand.Rand {
	for s := range uint64(100) {
		if (rand.New(rand.NewPCG(s, 0)).IntN(2) == 0) == aFirst {
			return rand.New(rand.NewPCG(s, 0))
		}
	}
	t.Fatal("no seed gives that coin")
	return nil
}

func TestBalancedKnownList(t *testing.T) {
	a, b := []string{"a", "b", "c", "d"}, []string{"b", "e", "a", "f"}
	l := Balanced(a, b, 10, fixedCoin(t, true))
	if d := cmp.Diff([]string{"a", "b", "e", "c", "d"}, l.Items); d != "" {
		t.Fatalf("A first: items (-want +got):\n%s", d)
	}
	for _, c := range []struct {
		clicks []string
		a, b   int
	}{
		{nil, 0, 0},
		{[]string{"e"}, 0, 1},      // lowest click e: rank 2 in B, absent from A: tops of 2
		{[]string{"a", "c"}, 2, 1}, // lowest click c: rank 3 in A: a in both tops, c in A's
		{[]string{"b"}, 0, 1},      // lowest click b: rank 2 in A, 1 in B: k = 1, only B's top holds it
		{[]string{"d", "zz"}, 1, 0},
	} {
		ga, gb := l.Credit(c.clicks)
		if ga != c.a || gb != c.b {
			t.Errorf("Credit(%v) = %d, %d, want %d, %d", c.clicks, ga, gb, c.a, c.b)
		}
	}
	if l := Balanced(a, b, 3, fixedCoin(t, false)); !cmp.Equal(l.Items, []string{"b", "a", "e"}) {
		t.Errorf("B first, k = 3: items %v, want [b a e]", l.Items)
	}
}

// TestBalancedLaws: at every depth the list is exactly the union of the top
// ka items of A and the top kb of B for some |ka - kb| <= 1, the defining
// property of balanced interleaving; no item twice; never longer than k.
func TestBalancedLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ls := rankings(2).Draw(t, "lists")
		k := rapid.IntRange(1, 10).Draw(t, "k")
		l := Balanced(ls[0], ls[1], k, RequestRand(rapid.Uint64().Draw(t, "seed"), "r"))
		if len(l.Items) > k {
			t.Fatalf("%d items, k = %d", len(l.Items), k)
		}
		shown := map[string]bool{}
		for d, it := range l.Items {
			if shown[it] {
				t.Fatalf("item %q twice", it)
			}
			shown[it] = true
			if !isBalancedUnion(ls[0], ls[1], shown) {
				t.Fatalf("depth %d: the list %v is not the top ka of A and top kb of B with |ka - kb| <= 1", d+1, l.Items[:d+1])
			}
		}
	})
}

// isBalancedUnion reports whether shown is top(a, ka) ∪ top(b, kb) for some
// ka, kb that differ by at most 1.
func isBalancedUnion(a, b []string, shown map[string]bool) bool {
	for ka := 0; ka <= len(a); ka++ {
		for kb := max(0, ka-1); kb <= min(len(b), ka+1); kb++ {
			u := topSet(a, ka)
			for it := range topSet(b, kb) {
				u[it] = true
			}
			if len(u) == len(shown) && allIn(u, shown) {
				return true
			}
		}
	}
	return false
}

func allIn(u, shown map[string]bool) bool {
	for it := range u {
		if !shown[it] {
			return false
		}
	}
	return true
}
