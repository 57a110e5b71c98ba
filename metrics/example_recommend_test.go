package metrics_test

import (
	"errors"
	"fmt"

	"github.com/mltest/mltest/metrics"
)

// The measures of one recommendation set against the training interactions,
// each as Microsoft Recommenders computes it.
func ExampleBeyondAccuracyOf() {
	train := []metrics.Interaction{
		{User: "ann", Item: "apple"}, {User: "ann", Item: "bread"},
		{User: "bob", Item: "apple"}, {User: "bob", Item: "cheese"},
		{User: "cat", Item: "bread"}, {User: "cat", Item: "cheese"}, {User: "cat", Item: "dates"},
	}
	reco := []metrics.Interaction{
		{User: "ann", Item: "cheese"}, {User: "ann", Item: "dates"},
		{User: "bob", Item: "bread"}, {User: "bob", Item: "dates"},
		{User: "cat", Item: "apple"},
	}
	r, err := metrics.BeyondAccuracyOf(train, reco)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("catalog_coverage        %.4f\n", r.CatalogCoverage)
	fmt.Printf("distributional_coverage %.4f\n", r.DistributionalCoverage)
	fmt.Printf("novelty                 %.4f\n", r.Novelty)
	fmt.Printf("diversity               %.4f\n", r.Diversity)
	fmt.Printf("serendipity             %.4f\n", r.Serendipity)
	// Output:
	// catalog_coverage        1.0000
	// distributional_coverage 1.9219
	// novelty                 2.2074
	// diversity               0.2929
	// serendipity             0.6044
}

// The accumulator form, as `mltest rank --train` uses it: one list per user
// (per query), accumulators per shard merged at the end. A measure with no
// value on the data is an *UndefinedError, here diversity, since no list has
// two items.
func ExampleBeyondAccuracy_Accumulator() {
	b, err := metrics.NewBeyondAccuracy([]metrics.Interaction{
		{User: "q1", Item: "d1"}, {User: "q1", Item: "d2"}, {User: "q2", Item: "d2"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	shard1, shard2 := b.Accumulator(), b.Accumulator()
	if err := shard1.AddList("q1", []string{"d3"}); err != nil {
		fmt.Println(err)
	}
	if err := shard2.AddList("q2", []string{"d1"}); err != nil {
		fmt.Println(err)
	}
	fmt.Println(shard2.AddList("q3", []string{"d2", "d2"}))
	shard1.Merge(shard2)
	for _, name := range metrics.BeyondAccuracyMeasureNames() {
		v, err := shard1.Measure(name)
		if errors.Is(err, metrics.ErrUndefined) {
			fmt.Printf("%s null (%v)\n", name, err)
			continue
		}
		fmt.Printf("%s %.4f\n", name, v)
	}
	// Output:
	// metrics: reco row 1 (user "q3", item "d2"): duplicate of item 0 in the list
	// catalog_coverage 1.0000
	// distributional_coverage 1.0000
	// novelty 0.7925
	// diversity null (metrics: diversity is undefined: no user has two or more recommended items)
	// serendipity 0.6464
}
