package evaluate

import "github.com/mltest/mltest/metrics"

func newBoundedBinary(name string, opt metrics.BinaryOptions, bits int) (metrics.BinaryAccumulator, error) {
	return metrics.NewBoundedBinaryAccumulator(name, opt, bits)
}
