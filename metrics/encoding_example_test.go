package metrics_test

import (
	"fmt"

	"github.com/mltest/mltest/metrics"
)

// Two workers each accumulate part of the rows; one ships its state to the
// other as bytes (as Beam shuffles it), which decodes it and merges: the
// result is that of all rows.
func ExampleEncodeBinaryAccumulator() {
	worker1, _ := metrics.NewBinaryAccumulator("roc_auc", metrics.DefaultBinaryOptions())
	worker1.Add(true, 0.9, 1)
	worker1.Add(false, 0.4, 1)
	worker2, _ := metrics.NewBinaryAccumulator("roc_auc", metrics.DefaultBinaryOptions())
	worker2.Add(true, 0.3, 1)
	worker2.Add(false, 0.2, 1)

	wire, err := metrics.EncodeBinaryAccumulator(worker2)
	if err != nil {
		panic(err)
	}
	shipped, err := metrics.DecodeBinaryAccumulator(wire)
	if err != nil {
		panic(err)
	}
	worker1.Merge(shipped)
	auc, _ := worker1.Result()
	fmt.Printf("%d bytes, merged roc_auc %.2f\n", len(wire), auc)

	_, err = metrics.DecodeBinaryAccumulator(wire[:len(wire)-1])
	fmt.Println(err)
	// Output:
	// 50 bytes, merged roc_auc 0.75
	// metrics: bad accumulator encoding: count 2 larger than the input can hold
}
