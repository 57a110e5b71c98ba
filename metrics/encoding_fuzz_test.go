package metrics

import (
	"errors"
	"math"
	"testing"
)

// FuzzDecodeAccumulator feeds arbitrary bytes to every decoder. None may
// panic; an error must wrap ErrBadEncoding; what decodes must re-encode,
// decode again and give the same Result, and Result must not panic.
func FuzzDecodeAccumulator(f *testing.F) {
	for _, name := range BinaryMetricNames() {
		for _, bounded := range []bool{false, true} {
			a, _ := NewBinaryAccumulator(name, DefaultBinaryOptions())
			if bounded {
				a, _ = NewBoundedBinaryAccumulator(name, DefaultBinaryOptions(), 12)
			}
			for i := 0; i < 5; i++ {
				a.Add(i%2 == 0, float64(i)/5, 1)
			}
			b, _ := EncodeBinaryAccumulator(a)
			f.Add(b)
		}
	}
	for _, name := range MulticlassMetricNames() {
		a, _ := NewMulticlassAccumulator(name, MulticlassOptions{Classes: 3})
		a.Add(1, []float64{0.2, 0.5, 0.3}, 1)
		a.Add(0, []float64{0.6, 0.1, 0.3}, 2)
		a.Add(2, []float64{0.1, 0.1, 0.8}, 1)
		b, _ := EncodeMulticlassAccumulator(a)
		f.Add(b)
	}
	for _, name := range RegressionMetricNames() {
		a, _ := NewRegressionAccumulator(name)
		a.Add(1, 2, 1)
		a.Add(3, 2.5, 0.5)
		b, _ := EncodeRegressionAccumulator(a)
		f.Add(b)
	}
	h, _ := NewScoreHistogram(16)
	h.Add(true, 0.7, 1)
	h.Add(false, 0.2, 1)
	hb, _ := h.MarshalBinary()
	f.Add(hb)
	f.Add([]byte("MLTA\x01\x01\x07roc_auc\x01\x00\x00\xff\xff\xff\xff\x0f"))

	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(what string, err error) {
			if err != nil && !errors.Is(err, ErrBadEncoding) {
				t.Fatalf("%s: error %v does not wrap ErrBadEncoding", what, err)
			}
		}
		same := func(what string, v1 float64, e1 error, v2 float64, e2 error) {
			if (e1 == nil) != (e2 == nil) || (e1 == nil && math.Float64bits(v1) != math.Float64bits(v2)) {
				t.Fatalf("%s: %v (%v) then %v (%v)", what, v1, e1, v2, e2)
			}
		}
		if a, err := DecodeBinaryAccumulator(data); err == nil {
			b, err := EncodeBinaryAccumulator(a)
			if err != nil {
				t.Fatal(err)
			}
			a2, err := DecodeBinaryAccumulator(b)
			if err != nil {
				t.Fatalf("re-decode: %v", err)
			}
			v1, e1 := a.Result()
			v2, e2 := a2.Result()
			same("binary", v1, e1, v2, e2)
		} else {
			check("binary", err)
		}
		if a, err := DecodeMulticlassAccumulator(data); err == nil {
			b, _ := EncodeMulticlassAccumulator(a)
			a2, err := DecodeMulticlassAccumulator(b)
			if err != nil {
				t.Fatalf("re-decode: %v", err)
			}
			v1, e1 := a.Result()
			v2, e2 := a2.Result()
			same("multiclass", v1, e1, v2, e2)
		} else {
			check("multiclass", err)
		}
		if a, err := DecodeRegressionAccumulator(data); err == nil {
			v1, e1 := a.Result()
			b, _ := EncodeRegressionAccumulator(a)
			a2, err := DecodeRegressionAccumulator(b)
			if err != nil {
				t.Fatalf("re-decode: %v", err)
			}
			v2, e2 := a2.Result()
			same("regression", v1, e1, v2, e2)
		} else {
			check("regression", err)
		}
		var h ScoreHistogram
		if err := h.UnmarshalBinary(data); err == nil {
			h.ROCAUC()
			h.AveragePrecision()
			h.Add(true, 0.5, 1) // a decoded histogram keeps working
		} else {
			check("histogram", err)
		}
	})
}
