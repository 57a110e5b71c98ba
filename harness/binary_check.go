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
	if len(props) == 0 {
		props = DefaultBinaryProperties()
	}
	for _, p := range props {
		rapid.Check(t, BinaryPropertyCheck(cases, fn, p))
	}
}

// BinaryPropertyCheck returns the rapid property "fn obeys p on every case
// of cases", for rapid.Check, rapid.MakeCheck or rapid.MakeFuzz (go test
// -fuzz). The failure message names p and prints the case.
func BinaryPropertyCheck(cases *rapid.Generator[BinaryCase], fn BinaryMetric, p BinaryProperty) func(*rapid.T) {
	return func(t *rapid.T) {
		c := cases.Draw(t, "case")
		if err := p.Check(t, fn, c); err != nil {
			t.Fatalf("%s violated on %v:\n%v", p.Name(), c, err)
		}
	}
}
