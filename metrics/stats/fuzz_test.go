package stats

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"

	"github.com/mltest/mltest/metrics"
)

// FuzzDeLong feeds arbitrary bytes as (label, baseline, candidate) rows, 17
// bytes a row, to DeLong, DeLongTest and McNemar. Nothing may panic; a NaN or
// infinite score must be an error; when DeLong succeeds its AUC equals
// metrics.ROCAUC, its variance is finite and not negative, and DeLongTest's P
// lies in [0, 1].
func FuzzDeLong(f *testing.F) {
	row := func(label bool, a, b float64) []byte {
		out := make([]byte, 17)
		if label {
			out[0] = 1
		}
		binary.LittleEndian.PutUint64(out[1:], math.Float64bits(a))
		binary.LittleEndian.PutUint64(out[9:], math.Float64bits(b))
		return out
	}
	var seed []byte
	for _, r := range [][3]float64{{1, 0.9, 0.8}, {0, 0.1, 0.3}, {1, 0.4, 0.4}, {0, 0.4, 0.2}, {1, 0.7, 0.9}, {0, 0.7, 0.1}} {
		seed = append(seed, row(r[0] == 1, r[1], r[2])...)
	}
	f.Add(seed)
	f.Add(append(seed, row(true, math.NaN(), 1)...))
	f.Add(append(seed, row(false, math.Inf(-1), 1)...))
	f.Add(append(seed, row(false, math.Copysign(0, -1), 0)...))
	f.Add(seed[:17*3])
	f.Fuzz(func(t *testing.T, data []byte) {
		n := len(data) / 17
		labels := make([]bool, n)
		a := make([]float64, n)
		b := make([]float64, n)
		bad := false
		for i := range n {
			r := data[17*i : 17*i+17]
			labels[i] = r[0]&1 == 1
			a[i] = math.Float64frombits(binary.LittleEndian.Uint64(r[1:]))
			b[i] = math.Float64frombits(binary.LittleEndian.Uint64(r[9:]))
			if math.IsNaN(a[i]) || math.IsInf(a[i], 0) {
				bad = true
			}
		}
		auc, v, err := DeLong(labels, a)
		if bad && err == nil {
			t.Fatalf("non-finite score accepted: AUC %v", auc)
		}
		if err == nil {
			want, werr := metrics.ROCAUC(labels, a, nil)
			if werr != nil || math.Abs(auc-want) > 1e-12 || !(v >= 0) || math.IsInf(v, 0) {
				t.Fatalf("DeLong = (%v, %v), ROCAUC = (%v, %v)", auc, v, want, werr)
			}
		} else if !bad && !errors.Is(err, metrics.ErrUndefined) {
			t.Fatalf("finite scores, error not ErrUndefined: %v", err)
		}
		if c, err := DeLongTest(labels, a, b, 0.95); err == nil && !(c.P >= 0 && c.P <= 1 && c.Interval.Lo <= c.Interval.Hi) {
			t.Fatalf("DeLongTest = %+v", c)
		}
		if n > 0 {
			base := make([]bool, n)
			for i := range base {
				base[i] = a[i] > b[i]
			}
			if r, err := McNemar(base, labels); err != nil || !(r.P >= 0 && r.P <= 1) {
				t.Fatalf("McNemar = %+v, %v", r, err)
			}
		}
	})
}
