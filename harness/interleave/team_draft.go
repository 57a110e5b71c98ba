package interleave

import (
	"fmt"
	"math/rand/v2"
)

// TeamList is an interleaved list whose every item is credited to one
// ranker (its team): what team-draft interleaving and multileaving serve.
// Items are in display order; Teams[i] is the index, into the lists that
// were interleaved, of the ranker that contributed Items[i].
type TeamList struct {
	Items []string
	Teams []int
}

// TeamDraft interleaves two rankings by team draft (Radlinski, Kurup &
// Joachims 2008, "How does clickthrough data reflect retrieval quality?",
// CIKM): like two captains picking players, the ranker with fewer picks so
// far (a coin toss when they have as many) adds its highest-ranked item not
// yet in the list, until the list has k items. Every item is credited to
// the ranker that picked it, and a click counts for that ranker only.
//
// A ranker that has no item left to add drops out and the other continues
// (as the reference implementation, mpkato/interleaving, does), so the list
// is shorter than k only when both rankings together hold fewer than k
// distinct items. Repeated items within a ranking count once. k <= 0
// panics; rng is the request's source (RequestRand).
func TeamDraft(a, b []string, k int, rng *rand.Rand) TeamList {
	return Multileave([][]string{a, b}, k, rng)
}

// Multileave interleaves any number of rankings by team-draft multileaving
// (Schuth, Sietsma, Whiteson, Lefortier & de Rijke 2014, "Multileaved
// comparisons for fast online evaluation", CIKM): at each pick, one of the
// rankers with the fewest picks so far, chosen uniformly at random, adds its
// highest-ranked item not yet in the list. For two rankings this is
// TeamDraft. Within each round every ranker picks once, in a uniformly
// random order.
//
// Rankings with no item left drop out; the list ends at k items or when
// every ranking is exhausted. More than 26 rankings (the team names A to Z
// of the log), no ranking, or k <= 0 panic.
func Multileave(lists [][]string, k int, rng *rand.Rand) TeamList {
	if len(lists) == 0 || len(lists) > maxTeams {
		panic(fmt.Sprintf("interleave: %d rankings, want 1 to %d", len(lists), maxTeams))
	}
	if k <= 0 {
		panic(fmt.Sprintf("interleave: list length %d, want > 0", k))
	}
	out := TeamList{Items: make([]string, 0, k), Teams: make([]int, 0, k)}
	in := make(map[string]bool, k)
	picks := make([]int, len(lists))
	next := make([]int, len(lists)) // position of each ranking's next candidate
	done := make([]bool, len(lists))
	candidates := make([]int, 0, len(lists))
	for len(out.Items) < k {
		fewest := -1
		candidates = candidates[:0]
		for t := range lists {
			switch {
			case done[t]:
			case fewest < 0 || picks[t] < fewest:
				fewest = picks[t]
				candidates = append(candidates[:0], t)
			case picks[t] == fewest:
				candidates = append(candidates, t)
			}
		}
		if len(candidates) == 0 {
			break
		}
		t := candidates[0]
		if len(candidates) > 1 {
			t = candidates[rng.IntN(len(candidates))]
		}
		for next[t] < len(lists[t]) && in[lists[t][next[t]]] {
			next[t]++
		}
		if next[t] == len(lists[t]) {
			done[t] = true
			continue
		}
		item := lists[t][next[t]]
		in[item] = true
		out.Items = append(out.Items, item)
		out.Teams = append(out.Teams, t)
		picks[t]++
	}
	return out
}

// Credit returns the clicks each ranker earned: the number of clicked items
// of its team. clicks are item ids; a click on an item not in the list
// earns nothing (the caller's reader rejects such clicks before they get
// here). nteams is the number of rankings that were interleaved.
func (l TeamList) Credit(clicks []string, nteams int) []int {
	team := make(map[string]int, len(l.Items))
	for i, it := range l.Items {
		team[it] = l.Teams[i]
	}
	credit := make([]int, nteams)
	for _, c := range clicks {
		if t, ok := team[c]; ok {
			credit[t]++
		}
	}
	return credit
}

// Preferences returns the pairwise outcomes of a multileaved impression
// from its credit: pref[i][j] is true when ranker i earned more clicks than
// ranker j (Schuth et al. 2014; mpkato/interleaving's evaluate). Equal
// credit is no preference either way.
func Preferences(credit []int) [][]bool {
	pref := make([][]bool, len(credit))
	for i := range credit {
		pref[i] = make([]bool, len(credit))
		for j := range credit {
			pref[i][j] = credit[i] > credit[j]
		}
	}
	return pref
}
