package receval

import (
	"fmt"
	"slices"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/harness/model"
	"github.com/mltest/mltest/metrics"
)

// Recommender is what the evaluation runs: the model or the baseline.
type Recommender = model.Model[rec.Request, rec.Features, rec.Raw, rec.Output]

// Depth is the length of the ranked list the trec_eval measures read.
const Depth = 100

// Qrels returns the judgments of the evaluated users (d.EvalUsers): each
// test item of a user has relevance 1.
func Qrels(d *recdata.Dataset) map[string]map[string]int {
	test := d.TestItems()
	q := map[string]map[string]int{}
	for _, u := range d.EvalUsers() {
		j := make(map[string]int, len(test[u]))
		for _, i := range test[u] {
			j[d.Items[i]] = 1
		}
		q[d.Users[u]] = j
	}
	return q
}

// Lists returns each evaluated user's decoded list of length k (0: the
// model's Rules.K), keyed by user id.
func Lists(r Recommender, d *recdata.Dataset, k int) (map[string][]string, error) {
	out := map[string][]string{}
	for _, u := range d.EvalUsers() {
		o, err := model.Predict(r, rec.Request{User: d.Users[u], K: k})
		if err != nil {
			return nil, fmt.Errorf("receval: user %q: %w", d.Users[u], err)
		}
		out[d.Users[u]] = o.Items
	}
	return out, nil
}

// RunOf turns lists into a run whose scores are list positions
// (len(list) - rank + 1), so trec_eval's ordering reproduces the lists.
func RunOf(lists map[string][]string) map[string][]metrics.ScoredDoc {
	run := make(map[string][]metrics.ScoredDoc, len(lists))
	for q, items := range lists {
		docs := make([]metrics.ScoredDoc, len(items))
		for r, it := range items {
			docs[r] = metrics.ScoredDoc{DocNo: it, Score: float64(len(items) - r)}
		}
		run[q] = docs
	}
	return run
}

// sortedKeys returns the keys of a map in increasing order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
