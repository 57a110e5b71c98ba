package interleave

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

func TestTeamDraftKnownOutcomes(t *testing.T) {
	// a = (x, y, z), b = (y, w, x): the two coin tosses that matter give four
	// lists, each with probability 1/4.
	a, b := []string{"x", "y", "z"}, []string{"y", "w", "x"}
	want := map[string]bool{
		"x:A y:B w:B z:A": true, // A first, then B first
		"x:A y:B z:A w:B": true, // A first twice
		"y:B x:A z:A w:B": true, // B first, then A first
		"y:B x:A w:B z:A": true, // B first twice
	}
	count := map[string]int{}
	for s := range uint64(4000) {
		l := TeamDraft(a, b, 4, RequestRand(s, "req"))
		key := ""
		for i, it := range l.Items {
			if i > 0 {
				key += " "
			}
			key += it + ":" + TeamName(l.Teams[i])
		}
		if !want[key] {
			t.Fatalf("seed %d: team draft served %s, which it cannot", s, key)
		}
		count[key]++
	}
	for k, n := range count {
		// Each outcome 1/4: 1000 expected, standard deviation 27.
		if n < 900 || n > 1100 {
			t.Errorf("outcome %s drawn %d times of 4000, want about 1000", k, n)
		}
	}
	if len(count) != len(want) {
		t.Errorf("drew %d distinct outcomes, want %d", len(count), len(want))
	}
}

func TestRequestRandIsDeterministicPerRequest(t *testing.T) {
	a := []string{"1", "2", "3", "4", "5", "6"}
	b := []string{"6", "5", "4", "3", "2", "1"}
	first := TeamDraft(a, b, 6, RequestRand(9, "imp-42"))
	if again := TeamDraft(a, b, 6, RequestRand(9, "imp-42")); !cmp.Equal(first, again) {
		t.Errorf("the same seed and request id served %v, then %v", first, again)
	}
	differ := 0
	for i := range 64 {
		if !cmp.Equal(first, TeamDraft(a, b, 6, RequestRand(9, fmt.Sprint("imp-", i)))) {
			differ++
		}
	}
	if differ < 32 {
		t.Errorf("only %d of 64 other request ids changed the interleaving: ids do not feed the random source", differ)
	}
}

// rankings draws lists of distinct items over a small shared universe, so
// that the rankers overlap.
func rankings(n int) *rapid.Generator[[][]string] {
	return rapid.Custom(func(t *rapid.T) [][]string {
		out := make([][]string, n)
		for i := range out {
			out[i] = rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"a", "b", "c", "d", "e", "f", "g", "h"}), 0, 8, rapid.ID[string]).Draw(t, fmt.Sprint("list", i))
		}
		return out
	})
}

// TestMultileaveLaws checks the defining properties of team-draft
// (multi)leaving on any rankings: no item twice; the list stops only at k
// or when the rankings run out; every pick is its ranker's best item not
// yet shown; and a ranker picks again only after every ranker still in the
// game has picked as often (teams stay balanced).
func TestMultileaveLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 4).Draw(t, "rankers")
		lists := rankings(n).Draw(t, "lists")
		k := rapid.IntRange(1, 10).Draw(t, "k")
		l := Multileave(lists, k, RequestRand(rapid.Uint64().Draw(t, "seed"), "r"))
		if msg := teamDraftViolation(lists, k, l); msg != "" {
			t.Fatal(msg)
		}
	})
}

// teamDraftViolation returns how l breaks team-draft multileaving of lists
// to length k, or "" when l is an outcome it can produce.
func teamDraftViolation(lists [][]string, k int, l TeamList) string {
	distinct := map[string]bool{}
	for _, li := range lists {
		for _, it := range li {
			distinct[it] = true
		}
	}
	if want := min(k, len(distinct)); len(l.Items) != want {
		return fmt.Sprintf("list of %d items, want %d", len(l.Items), want)
	}
	shown := map[string]bool{}
	picks := make([]int, len(lists))
	for i, it := range l.Items {
		tm := l.Teams[i]
		if shown[it] {
			return fmt.Sprintf("item %q shown twice", it)
		}
		best := ""
		for _, c := range lists[tm] {
			if !shown[c] {
				best = c
				break
			}
		}
		if it != best {
			return fmt.Sprintf("position %d: ranker %d added %q, but its best unshown item is %q", i, tm, it, best)
		}
		for o := range lists {
			if picks[o] < picks[tm] && hasUnshown(lists[o], shown) {
				return fmt.Sprintf("position %d: ranker %d picked its %d-th item while ranker %d, with items left, had %d",
					i, tm, picks[tm]+1, o, picks[o])
			}
		}
		shown[it] = true
		picks[tm]++
	}
	return ""
}

func hasUnshown(list []string, shown map[string]bool) bool {
	return slices.ContainsFunc(list, func(s string) bool { return !shown[s] })
}

func TestCreditAndPreferences(t *testing.T) {
	l := TeamList{Items: []string{"x", "y", "z", "w"}, Teams: []int{0, 1, 2, 1}}
	got := l.Credit([]string{"y", "w", "x", "nowhere"}, 3)
	if d := cmp.Diff([]int{1, 2, 0}, got); d != "" {
		t.Errorf("Credit (-want +got):\n%s", d)
	}
	want := [][]bool{{false, false, true}, {true, false, true}, {false, false, false}}
	if d := cmp.Diff(want, Preferences(got)); d != "" {
		t.Errorf("Preferences (-want +got):\n%s", d)
	}
}

func TestMultileavePanics(t *testing.T) {
	for name, f := range map[string]func(){
		"k=0":        func() { TeamDraft([]string{"a"}, []string{"b"}, 0, rand.New(rand.NewPCG(1, 1))) },
		"no lists":   func() { Multileave(nil, 3, rand.New(rand.NewPCG(1, 1))) },
		"27 rankers": func() { Multileave(make([][]string, 27), 3, rand.New(rand.NewPCG(1, 1))) },
		"team 26":    func() { TeamName(26) },
		"balanced 0": func() { Balanced(nil, nil, 0, rand.New(rand.NewPCG(1, 1))) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic", name)
				}
			}()
			f()
		}()
	}
}
