package metrics

import (
	"cmp"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// recommendersRankingCase is one case of
// testdata/recommenders/ranking_vectors.json (gen_ranking.py).
type recommendersRankingCase struct {
	Truth           [][2]string         `json:"truth"`
	Pred            [][3]any            `json:"pred"`
	Train           [][2]string         `json:"train"`
	Measures        map[string]float64  `json:"measures"`
	UserDiversity   map[string]float64  `json:"user_diversity"`
	UserSerendipity map[string]float64  `json:"user_serendipity"`
	lists           map[string][]string // pred in Recommenders' order
	relevant        map[string]map[string]bool
}

func readRecommendersRanking(t *testing.T) []recommendersRankingCase {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "recommenders", "ranking_vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []recommendersRankingCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for i := range cases {
		c := &cases[i]
		c.relevant = map[string]map[string]bool{}
		for _, r := range c.Truth {
			if c.relevant[r[0]] == nil {
				c.relevant[r[0]] = map[string]bool{}
			}
			c.relevant[r[0]][r[1]] = true
		}
		type scored struct {
			item  string
			score float64
		}
		byUser := map[string][]scored{}
		for _, p := range c.Pred {
			byUser[p[0].(string)] = append(byUser[p[0].(string)], scored{p[1].(string), p[2].(float64)})
		}
		c.lists = map[string][]string{}
		for u, s := range byUser {
			// Recommenders sorts by score, keeping the input order of ties.
			slices.SortStableFunc(s, func(a, b scored) int { return cmp.Compare(b.score, a.score) })
			for _, x := range s {
				c.lists[u] = append(c.lists[u], x.item)
			}
		}
	}
	return cases
}

// TestRecommendersRankingReference: precision_at_k, recall_at_k,
// ndcg_at_k and map_at_k equal Recommenders' on its own data, and the
// per-user diversity and serendipity equal user_diversity and
// user_serendipity.
func TestRecommendersRankingReference(t *testing.T) {
	cases := readRecommendersRanking(t)
	if len(cases) != 3 {
		t.Fatalf("%d cases, want 3", len(cases))
	}
	for ci, c := range cases {
		for _, k := range []int{1, 3, 5, 10} {
			got := RecommendersRanking(c.relevant, c.lists, k)
			for _, name := range []string{MeasurePrecisionAtK, MeasureRecallAtK, MeasureNDCGAtK, MeasureMAPAtK} {
				want := c.Measures[name+"_"+strconv.Itoa(k)]
				if math.Abs(got.Value(name)-want) > 1e-12 {
					t.Errorf("case %d: %s at k=%d = %.17g, Recommenders %.17g", ci, name, k, got.Value(name), want)
				}
			}
		}
		var train []Interaction
		for _, r := range c.Train {
			train = append(train, Interaction{User: r[0], Item: r[1]})
		}
		b, err := NewBeyondAccuracy(train)
		if err != nil {
			t.Fatal(err)
		}
		acc := b.Accumulator()
		for u, items := range c.lists {
			if err := acc.AddList(u, items); err != nil {
				t.Fatal(err)
			}
		}
		for name, want := range map[string]map[string]float64{MeasureDiversity: c.UserDiversity, MeasureSerendipity: c.UserSerendipity} {
			n := 0
			for u := range c.lists {
				got, ok := acc.UserValue(name, u)
				w, has := want[u]
				if ok != has || (ok && math.Abs(got-w) > 1e-12) {
					t.Errorf("case %d: %s of %s = %v (%v), Recommenders %v (%v)", ci, name, u, got, ok, w, has)
				}
				if ok {
					n++
				}
			}
			if n != len(want) {
				t.Errorf("case %d: %s: %d users, Recommenders %d", ci, name, n, len(want))
			}
		}
	}
}

func TestParseRecommenderMeasures(t *testing.T) {
	ms, err := ParseRecommenderMeasures([]string{"novelty", "precision_at_k", "ndcg_at_k.5,20", "precision_at_k"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, m.Value+"/"+strconv.Itoa(m.K))
	}
	want := []string{"novelty/0", "precision_at_k/10", "ndcg_at_k_5/5", "ndcg_at_k_20/20"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, bad := range []string{"novelty.5", "map_at_k.0", "recall_at_k.x", "map"} {
		if _, err := ParseRecommenderMeasures([]string{bad}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
