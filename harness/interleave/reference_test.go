package interleave

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gonum.org/v1/gonum/stat/distuv"
)

// mpkato is testdata/mpkato.json, written by testdata/gen_mpkato.py from
// mpkato/interleaving run from its source. Regenerate with
//
//	cd harness/interleave/testdata && PYTHONPATH=/path/to/mpkato/interleaving /usr/bin/python3 gen_mpkato.py
type mpkato struct {
	TeamDraft []struct {
		Lists  [][]string
		K      int
		Items  []string
		Teams  []int
		Clicks []string
		Credit []int
		Wins   [][2]int
	} `json:"team_draft"`
	Balanced []struct {
		A, B   []string
		K      int
		Items  []string
		Clicks []string
		Credit [2]int
	}
	Distribution []struct {
		Lists  [][]string
		K      int
		Draws  int
		Counts map[string]int
	}
}

func loadMpkato(t *testing.T) mpkato {
	t.Helper()
	data, err := os.ReadFile("testdata/mpkato.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref mpkato
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.TeamDraft) == 0 || len(ref.Balanced) == 0 || len(ref.Distribution) == 0 {
		t.Fatal("mpkato.json is missing a section")
	}
	return ref
}

// TestTeamDraftCreditMatchesMpkato: on 300 interleavings drawn by
// mpkato/interleaving's TeamDraft (2 to 4 rankers) with random clicks, the
// credit per ranker and the pairwise outcomes equal its compute_scores and
// evaluate, and every list it drew is one Multileave can draw.
func TestTeamDraftCreditMatchesMpkato(t *testing.T) {
	for i, c := range loadMpkato(t).TeamDraft {
		l := TeamList{Items: c.Items, Teams: c.Teams}
		if msg := teamDraftViolation(c.Lists, c.K, l); msg != "" {
			t.Errorf("case %d: mpkato drew %v %v, which Multileave cannot: %s", i, c.Items, c.Teams, msg)
		}
		credit := l.Credit(c.Clicks, len(c.Lists))
		if !cmp.Equal(credit, c.Credit) {
			t.Errorf("case %d: credit %v, mpkato %v", i, credit, c.Credit)
		}
		var wins [][2]int
		pref := Preferences(credit)
		for a := range pref {
			for b := range pref {
				if pref[a][b] {
					wins = append(wins, [2]int{a, b})
				}
			}
		}
		want := slices.Clone(c.Wins)
		slices.SortFunc(want, func(x, y [2]int) int { return (x[0]*100 + x[1]) - (y[0]*100 + y[1]) })
		if !cmp.Equal(wins, want, cmpopts.EquateEmpty()) {
			t.Errorf("case %d: wins %v, mpkato %v", i, wins, want)
		}
	}
}

// TestBalancedMatchesMpkato: each list mpkato's Balanced drew is the list
// Balanced gives for one of the two coin outcomes, and the credit equals
// its compute_scores.
func TestBalancedMatchesMpkato(t *testing.T) {
	for i, c := range loadMpkato(t).Balanced {
		aFirst := Balanced(c.A, c.B, c.K, fixedCoin(t, true))
		bFirst := Balanced(c.A, c.B, c.K, fixedCoin(t, false))
		if !cmp.Equal(c.Items, aFirst.Items) && !cmp.Equal(c.Items, bFirst.Items) {
			t.Errorf("case %d: mpkato drew %v; Balanced gives %v (A first) or %v (B first)", i, c.Items, aFirst.Items, bFirst.Items)
		}
		l := BalancedList{Items: c.Items, A: c.A, B: c.B}
		if a, b := l.Credit(c.Clicks); a != c.Credit[0] || b != c.Credit[1] {
			t.Errorf("case %d: credit %d, %d, mpkato %v", i, a, b, c.Credit)
		}
	}
}

// TestTeamDraftDistributionMatchesMpkato draws as many interleavings as
// mpkato did and compares the frequencies of every outcome with a
// chi-square test of homogeneity: the two samplers draw the same lists with
// the same probabilities.
func TestTeamDraftDistributionMatchesMpkato(t *testing.T) {
	for i, c := range loadMpkato(t).Distribution {
		ours := map[string]int{}
		for d := range c.Draws {
			l := Multileave(c.Lists, c.K, RequestRand(uint64(i), fmt.Sprint("draw", d)))
			key := ""
			for p, it := range l.Items {
				if p > 0 {
					key += " "
				}
				key += fmt.Sprintf("%s:%d", it, l.Teams[p])
			}
			ours[key]++
		}
		keys := map[string]bool{}
		for k := range ours {
			keys[k] = true
		}
		for k := range c.Counts {
			keys[k] = true
		}
		var chi2 float64
		for k := range keys {
			o1, o2 := float64(ours[k]), float64(c.Counts[k])
			if o1 == 0 || o2 == 0 {
				t.Errorf("case %d: outcome %q drawn %v times here and %v times by mpkato", i, k, o1, o2)
				continue
			}
			e := (o1 + o2) / 2 // equal sample sizes
			chi2 += (o1-e)*(o1-e)/e + (o2-e)*(o2-e)/e
		}
		df := float64(len(keys) - 1)
		p := 1 - distuv.ChiSquared{K: df}.CDF(chi2)
		if p < 0.001 {
			t.Errorf("case %d: chi-square %.1f on %v df, p = %.2g: the outcome frequencies differ from mpkato's", i, chi2, df, p)
		}
		t.Logf("case %d: %d outcomes, chi-square %.2f on %v df, p = %.3f", i, len(keys), chi2, df, p)
	}
}
