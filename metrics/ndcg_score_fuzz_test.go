package metrics

import (
	"encoding/binary"
	"errors"
	"math"
	"strings"
	"testing"
)

// FuzzNDCGScoreAccumulator feeds arbitrary rows (any float bits, including
// NaN and infinities, any k and weight): Add must not panic, Result must
// either fail or agree with the plain definition.
func FuzzNDCGScoreAccumulator(f *testing.F) {
	f.Add(uint8(0), false, []byte{0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add(uint8(1), true, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32})
	f.Add(uint8(2), false, []byte{0, 0, 0, 0, 0, 0, 0xf8, 0x7f, 0, 0, 0, 0, 0, 0, 0xf0, 0x7f})
	f.Fuzz(func(t *testing.T, k uint8, ignoreTies bool, data []byte) {
		// Pairs of float64 (relevance, score), at most 40 items.
		var yTrue, yScore []float64
		for len(data) >= 16 && len(yTrue) < 40 {
			yTrue = append(yTrue, math.Float64frombits(binary.LittleEndian.Uint64(data)))
			yScore = append(yScore, math.Float64frombits(binary.LittleEndian.Uint64(data[8:])))
			data = data[16:]
		}
		a := NewNDCGScoreAccumulator(int(k%50), ignoreTies)
		a.Add(yTrue, yScore, 1)
		got, err := a.Result()
		if err != nil {
			if !errors.Is(err, ErrUndefined) && len(yTrue) > 0 && allFinite(yTrue) && allFinite(yScore) &&
				!strings.Contains(err.Error(), "overflow") {
				t.Fatalf("finite row of %d items: %v", len(yTrue), err)
			}
			return
		}
		if !allFinite(yTrue) || !allFinite(yScore) {
			t.Fatalf("non-finite input accepted: %v", got)
		}
		if math.IsNaN(got) || math.IsInf(got, 0) {
			t.Fatalf("result %v without an error", got)
		}
		if ignoreTies || !allFinite(yTrue) {
			return
		}
		want := naiveNDCGRow(yTrue, yScore, int(k%50), true)
		if math.IsNaN(want) || math.IsInf(want, 0) {
			return // overflowing gains: no finite reference
		}
		if !ndcgClose(got, want, 1e-9) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("k=%d: %v, plain definition %v", k%50, got, want)
		}
	})
}

func allFinite(xs []float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}
