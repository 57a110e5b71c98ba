package metrics_test

import (
	"fmt"

	"github.com/mltest/mltest/metrics"
)

// scikit-learn's docstring example: one query, five items with true
// relevance 10 0 0 1 5. Tied scores share their mean gain.
func ExampleNDCGScore() {
	yTrue := [][]float64{{10, 0, 0, 1, 5}}
	ndcg, err := metrics.NDCGScore(yTrue, [][]float64{{.1, .2, .3, 4, 70}}, nil, 0, false)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("ndcg %.4f\n", ndcg)

	tied := [][]float64{{1, 0, 0, 0, 1}}
	avg, _ := metrics.NDCGScore(yTrue, tied, nil, 1, false)
	first, _ := metrics.NDCGScore(yTrue, tied, nil, 1, true)
	fmt.Printf("ndcg@1 ties averaged %.2f, ignored %.2f\n", avg, first)
	// Output:
	// ndcg 0.6957
	// ndcg@1 ties averaged 0.75, ignored 0.50
}

// The accumulator form: one row per query, weighted, mergeable.
func ExampleNewNDCGScoreAccumulator() {
	acc := metrics.NewNDCGScoreAccumulator(3, false)
	acc.Add([]float64{3, 2, 0, 0}, []float64{0.9, 0.8, 0.1, 0.2}, 1) // perfect top 3: 1
	acc.Add([]float64{0, 0, 0, 0}, []float64{0.9, 0.8, 0.1, 0.2}, 1) // nothing relevant: 0
	v, err := acc.Result()
	fmt.Println(v, err)
	// Output:
	// 0.5 <nil>
}
