package evaluate

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/stats"
)

// TestBinaryIntervalsEqualPlainRecomputation: the bootstrap intervals of
// every binary metric but roc_auc (ROCAUCStatistic's own test covers it),
// plain and by cluster, are those of a bootstrap that feeds a fresh
// accumulator each resample, bit for bit: tied scores, zero weights.
func TestBinaryIntervalsEqualPlainRecomputation(t *testing.T) {
	names := []string{"average_precision", "log_loss", "brier", "accuracy", "precision", "recall", "f1", "mcc", "ece"}
	for _, clustered := range []bool{false, true} {
		rng := rand.New(rand.NewPCG(17, 5))
		opt := DefaultOptions(Binary)
		opt.Metrics = names
		opt.Clustered = clustered
		opt.Intervals = IntervalOptions{Level: 0.9, Resamples: 150, Seed: 3}
		e, err := New(opt)
		if err != nil {
			t.Fatal(err)
		}
		const n = 500
		labels, scores, weights := make([]bool, n), make([]float64, n), make([]float64, n)
		clusters := make([]int, n)
		for i := range n {
			labels[i] = rng.IntN(3) == 0
			scores[i] = float64(rng.IntN(21)) / 20 // ties
			if labels[i] {
				scores[i] = min(1, scores[i]+0.2)
			}
			weights[i] = float64(rng.IntN(4)) / 2 // zeros among them
			clusters[i] = rng.IntN(40)
			label := 0.0
			if labels[i] {
				label = 1
			}
			if err := e.Add(nil, Row{Label: label, Scores: []float64{scores[i]}, Weight: weights[i], Cluster: clusters[i]}); err != nil {
				t.Fatal(err)
			}
		}
		rep, err := e.Report()
		if err != nil {
			t.Fatal(err)
		}
		// The evaluator resamples the rows in descending score order,
		// equal scores in the order they came (rowStore.sortByScore).
		order := make([]int, n)
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })
		labels, scores, weights, clusters = reorder(labels, order), reorder(scores, order), reorder(weights, order), reorder(clusters, order)
		plain := make([]func([]float64) (float64, error), len(names))
		for j, name := range names {
			plain[j] = func(mult []float64) (float64, error) {
				a, err := metrics.NewBinaryAccumulator(name, opt.Binary)
				if err != nil {
					return 0, err
				}
				for i, m := range mult {
					if m != 0 {
						a.Add(labels[i], scores[i], weights[i]*m)
					}
				}
				return a.Result()
			}
		}
		bopt := stats.BootstrapOptions{Level: 0.9, Resamples: 150, Seed: 3}
		if clustered {
			bopt.Clusters = clusters
		}
		ivs, errs := stats.BootstrapEach(n, plain, bopt)
		for j, name := range names {
			v := rep.Overall.Values[j]
			if errs[j] != nil {
				t.Fatalf("clustered %v, %s: plain bootstrap: %v", clustered, name, errs[j])
			}
			if diff := gocmp.Diff([2]float64{ivs[j].Lo, ivs[j].Hi}, [2]float64{v.Lo, v.Hi}); diff != "" || !v.HasInterval {
				t.Errorf("clustered %v, %s: interval (-plain +evaluator):\n%s", clustered, name, diff)
			}
		}
	}
}

// reorder returns xs[order[0]], xs[order[1]], ...
func reorder[T any](xs []T, order []int) []T {
	out := make([]T, len(xs))
	for k, i := range order {
		out[k] = xs[i]
	}
	return out
}
