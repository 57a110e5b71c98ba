package metrics

import (
	"testing"

	"github.com/mltest/mltest/internal/exactref"
)

// FuzzBinaryExtremes holds every binary metric, through its function and
// through two merged accumulators, to its exact value (exactBinary) on up to
// 8 rows of 4 bytes: label, score on a 1/255 grid (or, when bit 1 of the
// first byte is set, a logit outside [0, 1]), weight of any magnitude.
func FuzzBinaryExtremes(f *testing.F) {
	f.Add([]byte{0, 51, 0x2d, 0, 1, 204, 0x2d, 0, 0, 230, 0x2d, 0})         // weights 1e100: MCC 0.5
	f.Add([]byte{0, 51, 0x5e, 0, 1, 204, 0x5e, 0})                          // 1e-200 (2^-632)
	f.Add([]byte{0, 0, 0x10, 0, 1, 64, 0xf0, 0, 0, 0, 0x40, 0, 1, 0, 0, 0}) // two scales, a zero weight
	f.Add([]byte{2, 200, 0x80, 0, 1, 10, 0x80, 0, 0, 128, 0x80, 1})         // logits
	f.Fuzz(func(t *testing.T, data []byte) {
		var rows []exactRow
		for i := 0; i+4 <= len(data) && len(rows) < 8; i += 4 {
			r := exactRow{label: data[i]&1 == 1, score: float64(data[i+1]) / 255, weight: exactref.Weight(data[i+2], data[i+3])}
			if data[i]&2 != 0 {
				r.score = (float64(data[i+1]) - 128) / 16
			}
			rows = append(rows, r)
		}
		if len(rows) == 0 {
			return
		}
		want := exactBinary(rows)
		labels := make([]bool, len(rows))
		scores := make([]float64, len(rows))
		weights := make([]float64, len(rows))
		for i, r := range rows {
			labels[i], scores[i], weights[i] = r.label, r.score, r.weight
		}
		for name, fn := range map[string]func() (float64, error){
			"roc_auc":           func() (float64, error) { return ROCAUC(labels, scores, weights) },
			"average_precision": func() (float64, error) { return AveragePrecision(labels, scores, weights) },
			"brier":             func() (float64, error) { return Brier(labels, scores, weights) },
			"accuracy":          func() (float64, error) { return Accuracy(labels, scores, weights, 0.5) },
			"precision":         func() (float64, error) { return Precision(labels, scores, weights, 0.5) },
			"recall":            func() (float64, error) { return Recall(labels, scores, weights, 0.5) },
			"f1":                func() (float64, error) { return F1(labels, scores, weights, 0.5) },
			"mcc":               func() (float64, error) { return MCC(labels, scores, weights, 0.5) },
		} {
			got, err := fn()
			checkExact(t, name, name, got, err, want[name])
			a, _ := NewBinaryAccumulator(name, DefaultBinaryOptions())
			b, _ := NewBinaryAccumulator(name, DefaultBinaryOptions())
			for i, r := range rows {
				acc := a
				if i%2 == 1 {
					acc = b
				}
				acc.Add(r.label, r.score, r.weight)
			}
			a.Merge(b)
			got, err = a.Result()
			checkExact(t, name+" (accumulators merged)", name, got, err, want[name])
		}
	})
}

// FuzzRegressionExtremes holds every regression metric, through its
// function and through two merged accumulators, to its exact value
// (exactRegression) on up to 6 rows of 6 bytes: target, prediction and
// weight, each of any magnitude.
func FuzzRegressionExtremes(f *testing.F) {
	f.Add([]byte{0x40, 0, 0x40, 0x80, 0x80, 0, 0x40, 2, 0x40, 2, 0xc0, 0})
	f.Add([]byte{0x70, 0, 0x71, 0, 0x10, 0, 0x70, 0, 0x70, 1, 0xf0, 0})
	f.Add([]byte{0x40, 0, 0x41, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var rows []exactRegRow
		for i := 0; i+6 <= len(data) && len(rows) < 6; i += 6 {
			rows = append(rows, exactRegRow{exactref.Signed(data[i], data[i+1]), exactref.Signed(data[i+2], data[i+3]), exactref.Weight(data[i+4], data[i+5])})
		}
		if len(rows) == 0 {
			return
		}
		want := exactRegression(rows)
		y := make([]float64, len(rows))
		p := make([]float64, len(rows))
		w := make([]float64, len(rows))
		for i, r := range rows {
			y[i], p[i], w[i] = r.y, r.p, r.w
		}
		for _, name := range RegressionMetricNames() {
			got, err := runRegression(name, y, p, w)
			checkExact(t, name, name, got, err, want[name])
			a, b := newRegressionAccumulator(name), newRegressionAccumulator(name)
			for i, r := range rows {
				acc := a
				if i%2 == 1 {
					acc = b
				}
				acc.Add(r.y, r.p, r.w)
			}
			a.Merge(b)
			got, err = a.Result()
			checkExact(t, name+" (accumulators merged)", name, got, err, want[name])
		}
	})
}
