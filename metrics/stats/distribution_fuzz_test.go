package stats_test

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"

	"github.com/mltest/mltest/assert"
	"github.com/mltest/mltest/metrics/stats"
)

// floatsFrom splits fuzz bytes into two float64 samples at cut.
func floatsFrom(data []byte, cut uint8) (x, y []float64) {
	for i := 0; i+8 <= len(data); i += 8 {
		v := math.Float64frombits(binary.LittleEndian.Uint64(data[i:]))
		if len(x) < int(cut%32) {
			x = append(x, v)
		} else {
			y = append(y, v)
		}
	}
	return x, y
}

// FuzzDistributionStatistics: no input panics KSTwoSample, PSI or
// KendallTauB, or the checks of package assert built on them; a result is
// in range or an error is returned, and every error of a check names the
// quantity.
func FuzzDistributionStatistics(f *testing.F) {
	seed := make([]byte, 8*12)
	for i := range 12 {
		binary.LittleEndian.PutUint64(seed[8*i:], math.Float64bits(float64(i%5)-1.5))
	}
	f.Add(seed, uint8(5))
	f.Add(seed[:16], uint8(1))
	binary.LittleEndian.PutUint64(seed[8:], math.Float64bits(math.Inf(1)))
	binary.LittleEndian.PutUint64(seed[16:], math.Float64bits(math.NaN()))
	f.Add(seed, uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, cut uint8) {
		x, y := floatsFrom(data, cut)
		if r, err := stats.KSTwoSample(x, y); err == nil {
			if !(r.D >= 0 && r.D <= 1 && r.PValue >= 0 && r.PValue <= 1) {
				t.Fatalf("KS out of range: %+v", r)
			}
		}
		if r, err := stats.PSI(x, y, 1+int(cut%12)); err == nil && !(r.PSI >= 0) {
			t.Fatalf("PSI = %v", r.PSI)
		}
		n := min(len(x), len(y))
		if tau, err := stats.KendallTauB(x[:n], y[:n]); err == nil && !math.IsNaN(tau) && !(tau >= -1-1e-12 && tau <= 1+1e-12) {
			t.Fatalf("tau = %v", tau)
		}
		for _, err := range []error{assert.CheckSameDistribution("f", x, y, 0.05), assert.CheckPSIAtMost("f", x, y, 3, 0.1)} {
			if err != nil && !strings.HasPrefix(err.Error(), "f: ") {
				t.Fatalf("error does not name the quantity: %v", err)
			}
		}
	})
}
