package harness

import (
	"testing"

	"pgregory.net/rapid"
)

// CheckBinaryMetric checks fn against each property (DefaultBinaryProperties
// when props is empty) on inputs from BinaryCases(DefaultBinaryCaseOptions()),
// one rapid.Check per property, and fails t at the first property violated,
// printing the property, the shrunk case and the seed that replays it.
func CheckBinaryMetric(t testing.TB, fn BinaryMetric, props ...BinaryProperty) {
	t.Helper()
	CheckBinaryMetricOn(t, BinaryCases(DefaultBinaryCaseOptions()), fn, props...)
}

// CheckBinaryMetricOn is CheckBinaryMetric on the cases of your generator.
func CheckBinaryMetricOn(t testing.TB, cases *rapid.Generator[BinaryCase], fn BinaryMetric, props ...BinaryProperty) {
	t.Helper()
	checkProperties(t, cases, fn, binaryGate(), props, DefaultBinaryProperties())
}
