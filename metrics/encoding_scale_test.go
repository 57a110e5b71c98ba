package metrics

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

// Version 2 carries the power-of-two scale of the sums: an accumulator of
// extreme weights survives the round trip with its value, and merging a
// decoded part with a built one still equals the whole.
func TestEncodingKeepsScales(t *testing.T) {
	labels := []bool{false, true, false, true}
	scores := []float64{0.2, 0.8, 0.9, 0.4}
	weights := []float64{1e-300, 1e300, 1e-300, 3e299}
	for _, name := range BinaryMetricNames() {
		whole, first, second := mustBinary(t, name), mustBinary(t, name), mustBinary(t, name)
		for i := range labels {
			whole.Add(labels[i], scores[i], weights[i])
			if i < 2 {
				first.Add(labels[i], scores[i], weights[i])
			} else {
				second.Add(labels[i], scores[i], weights[i])
			}
		}
		data, err := EncodeBinaryAccumulator(first)
		if err != nil {
			t.Fatal(err)
		}
		decoded, err := DecodeBinaryAccumulator(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		decoded.Merge(second)
		want, werr := whole.Result()
		got, gerr := decoded.Result()
		if (werr == nil) != (gerr == nil) || (werr == nil && math.Abs(got-want) > 1e-15*math.Abs(want)) {
			t.Errorf("%s: decoded+merged %v, %v; whole %v, %v", name, got, gerr, want, werr)
		}
	}
	y, p, w := []float64{1, 2, 3}, []float64{1.5, 2, 2}, []float64{1e-300, 1e300, 1}
	for _, name := range RegressionMetricNames() {
		a, _ := NewRegressionAccumulator(name)
		for i := range y {
			a.Add(y[i], p[i], w[i])
		}
		data, err := EncodeRegressionAccumulator(a)
		if err != nil {
			t.Fatal(err)
		}
		b, err := DecodeRegressionAccumulator(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, werr := a.Result()
		got, gerr := b.Result()
		if got != want && !(math.IsNaN(got) && math.IsNaN(want)) || (werr == nil) != (gerr == nil) {
			t.Errorf("%s: decoded %v, %v; encoded %v, %v", name, got, gerr, want, werr)
		}
	}
}

// A score requirement's *UndefinedError (a logit for brier) survives the
// round trip as an *UndefinedError with its reason, so that a Beam worker
// reports brier null, not the job failed.
func TestEncodingKeepsUnfitRow(t *testing.T) {
	for _, name := range []string{"brier", "ece"} {
		a := mustBinary(t, name)
		a.Add(true, 0.9, 1)
		a.Add(false, 1.3, 1)
		_, want := a.Result()
		data, err := EncodeBinaryAccumulator(a)
		if err != nil {
			t.Fatal(err)
		}
		b, err := DecodeBinaryAccumulator(data)
		if err != nil {
			t.Fatal(err)
		}
		_, got := b.Result()
		if !errors.Is(got, ErrUndefined) || got.Error() != want.Error() {
			t.Errorf("%s: decoded error %v, want %v", name, got, want)
		}
	}
	a, _ := NewMulticlassAccumulator("roc_auc_ovr", MulticlassOptions{Classes: 2})
	a.Add(0, []float64{0.5, 0.7}, 1)
	data, _ := EncodeMulticlassAccumulator(a)
	b, err := DecodeMulticlassAccumulator(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Result(); !errors.Is(err, ErrUndefined) {
		t.Errorf("roc_auc_ovr: decoded error %v, want undefined", err)
	}
}

// Version 1 bodies (sums unscaled, no requirement state) still decode, as
// scale 2^0, and go on accumulating correctly.
func TestDecodeVersion1(t *testing.T) {
	v1 := []byte("MLTA\x01\x01")
	v1 = append(v1, byte(len("log_loss")))
	v1 = append(v1, "log_loss"...)
	v1 = append(v1, variantLogLoss, 2, 0, byte(bothClasses)) // 2 rows, no error
	// Rows (true, 0.8, 1) and (false, 0.2, 3): losses -log 0.8 each.
	loss := -math.Log(0.8)
	v1 = binary.LittleEndian.AppendUint64(v1, math.Float64bits(loss+3*loss))
	v1 = binary.LittleEndian.AppendUint64(v1, math.Float64bits(4))
	a, err := DecodeBinaryAccumulator(v1)
	if err != nil {
		t.Fatal(err)
	}
	a.Add(true, 0.8, 1e200) // moves the scale: the old sums must follow
	got, err := a.Result()
	if err != nil || math.Abs(got-loss) > 1e-15 {
		t.Errorf("version 1 log_loss then a heavy row: %v, %v; want %v", got, err, loss)
	}
}
