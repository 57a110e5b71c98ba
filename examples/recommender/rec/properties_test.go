package rec_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/harness"
	"github.com/mltest/mltest/harness/model"
	"github.com/mltest/mltest/metrics"
)

const propertySeed = 20261124

// someUsers returns n user ids spread over the data set.
func someUsers(n int, users []string) []string {
	out := make([]string, 0, n)
	for k := range n {
		out = append(out, users[k*len(users)/n])
	}
	return out
}

func predict(m *rec.Model) func(rec.Request) rec.Output {
	return func(r rec.Request) rec.Output {
		o, err := model.Predict[rec.Request, rec.Features, rec.Raw, rec.Output](m, r)
		if err != nil {
			panic(err)
		}
		return o
	}
}

// TestNeverRecommendsSeen: no list holds an item of the user's history or of
// the request's real-time events, and no list breaks the diversity cap or
// exceeds k (CheckList minimum functionality, over 200 users, lists of 10
// and of 100).
func TestNeverRecommendsSeen(t *testing.T) {
	d, m := trained(t)
	var table []harness.Requirement[rec.Request, rec.Output]
	for k, u := range someUsers(200, d.Users) {
		req := rec.Request{User: u, K: []int{0, 100}[k%2]}
		if k%3 == 0 {
			req.Recent = []string{d.Items[k%len(d.Items)], d.Items[(7*k+1)%len(d.Items)]}
		}
		table = append(table, harness.Requirement[rec.Request, rec.Output]{
			Name:  fmt.Sprintf("%s k=%d recent=%v", u, req.K, req.Recent),
			Input: req,
			Check: func(in rec.Request, out rec.Output) error {
				seen := map[string]bool{}
				for _, i := range m.History(in.User) {
					seen[m.Items[i]] = true
				}
				for _, it := range in.Recent {
					seen[it] = true
				}
				k := in.K
				if k == 0 {
					k = m.Rules.K
				}
				if len(out.Items) > k {
					return fmt.Errorf("%d items, want at most %d", len(out.Items), k)
				}
				perCat := map[string]int{}
				limit := int(math.Ceil(m.Rules.MaxCategoryShare * float64(k)))
				for _, it := range out.Items {
					if seen[it] {
						return fmt.Errorf("recommended %s, which the user already has", it)
					}
					i, _ := m.ItemIndex(it)
					if perCat[m.Categories[i]]++; perCat[m.Categories[i]] > limit {
						return fmt.Errorf("more than %d items of category %s", limit, m.Categories[i])
					}
				}
				return nil
			},
		})
	}
	harness.CheckMinimumFunctionality(t, "never recommends a seen item", predict(m), table)
}

// TestCandidateOrderInvariance: listing the candidates in another order
// changes no stage at all (CheckList invariance).
func TestCandidateOrderInvariance(t *testing.T) {
	d, m := trained(t)
	var inputs []rec.Request
	for k, u := range someUsers(100, d.Users) {
		cands := make([]string, 0, 30)
		for j := range 30 {
			cands = append(cands, d.Items[(k*31+j*17)%len(d.Items)])
		}
		inputs = append(inputs, rec.Request{User: u, Candidates: cands})
	}
	trace := func(r rec.Request) model.Stages[rec.Features, rec.Raw, rec.Output] {
		st, err := model.Trace[rec.Request, rec.Features, rec.Raw, rec.Output](m, r)
		if err != nil {
			panic(err)
		}
		return st
	}
	shuffle := func(r rec.Request, rng *rand.Rand) rec.Request {
		r.Candidates = slices.Clone(r.Candidates)
		rng.Shuffle(len(r.Candidates), func(i, j int) { r.Candidates[i], r.Candidates[j] = r.Candidates[j], r.Candidates[i] })
		return r
	}
	harness.CheckInvariance(t, "shuffle candidates", trace, inputs, shuffle,
		func(a, b model.Stages[rec.Features, rec.Raw, rec.Output]) string { return cmp.Diff(a, b) }, propertySeed)
}

// probe asks for one target item's score.
type probe struct {
	Req    rec.Request
	Target string
}

// TestNeighboursRaiseItem: after the user interacts with the three items
// that co-occur most with a target item in training (its neighbours by the
// co-occurrence cosine of metrics.BeyondAccuracy, a definition independent of
// the model), the target's score rises (CheckList directional expectation).
func TestNeighboursRaiseItem(t *testing.T) {
	d, m := trained(t)
	train := make([]metrics.Interaction, len(d.Train))
	for k, e := range d.Train {
		train[k] = metrics.Interaction{User: d.Users[e.User], Item: d.Items[e.Item]}
	}
	ba, err := metrics.NewBeyondAccuracy(train)
	if err != nil {
		t.Fatal(err)
	}
	var inputs []probe
	for k, u := range someUsers(150, d.Users) {
		// A target nobody had in training has no neighbours to interact
		// with: the next item is taken instead.
		j := k*37 + 11
		for i, _ := m.ItemIndex(d.Items[j%len(d.Items)]); m.Counts[i] < 2; i, _ = m.ItemIndex(d.Items[j%len(d.Items)]) {
			j++
		}
		target := d.Items[j%len(d.Items)]
		inputs = append(inputs, probe{Req: rec.Request{User: u, Candidates: []string{target}}, Target: target})
	}
	score := func(p probe) float64 {
		st, err := model.Trace[rec.Request, rec.Features, rec.Raw, rec.Output](m, p.Req)
		if err != nil {
			panic(err)
		}
		return st.Raw.Scores[0]
	}
	addNeighbours := func(p probe, _ *rand.Rand) probe {
		seen := map[string]bool{p.Target: true}
		for _, i := range m.History(p.Req.User) {
			seen[m.Items[i]] = true
		}
		var cand []string
		for _, it := range m.Items {
			if !seen[it] && ba.Similarity(p.Target, it) > 0 {
				cand = append(cand, it)
			}
		}
		sort.SliceStable(cand, func(a, b int) bool { return ba.Similarity(p.Target, cand[a]) > ba.Similarity(p.Target, cand[b]) })
		p.Req.Recent = cand[:min(3, len(cand))]
		return p
	}
	harness.CheckDirectional(t, "interactions with the neighbours raise an item", score, inputs, addNeighbours, harness.Rises(0), propertySeed)
}

// TestTrainDeterministic: the same data and hyperparameters give the same
// factors bit for bit, whatever the number of cores (rows are solved
// independently and written to their own slots).
func TestTrainDeterministic(t *testing.T) {
	d, m := trained(t)
	m2, err := rec.Train(d, rec.DefaultHyperparameters(), rec.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(m.ItemFactors, m2.ItemFactors, slices.Equal) {
		t.Fatal("two trainings on the same data differ")
	}
}
