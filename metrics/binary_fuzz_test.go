package metrics

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

// clfRowsFromBytes turns fuzz input into rows: 3 bytes a row, the first byte's
// low bit the label, the second byte a score on a coarse grid (so ties are
// common) or spread wide, the third a weight in [0, 3.75].
func clfRowsFromBytes(data []byte) (labels []bool, scores, weights []float64) {
	for len(data) >= 3 {
		labels = append(labels, data[0]&1 == 1)
		s := float64(data[1]&0x3f) / 8
		if data[0]&2 != 0 {
			s = math.Ldexp(float64(data[1])-128, int(data[0]>>2)-32)
		}
		scores = append(scores, s)
		weights = append(weights, float64(data[2]&0x0f)/4)
		data = data[3:]
	}
	return labels, scores, weights
}

// pairwiseAUC is ROC AUC by its definition, over all positive-negative pairs.
func pairwiseAUC(labels []bool, scores, weights []float64) (float64, bool) {
	var num, pos, neg float64
	for i := range labels {
		if labels[i] {
			pos += weights[i]
		} else {
			neg += weights[i]
		}
		for j := range labels {
			if !labels[i] || labels[j] {
				continue
			}
			w := weights[i] * weights[j]
			switch {
			case scores[i] > scores[j]:
				num += w
			case scores[i] == scores[j]:
				num += w / 2
			}
		}
	}
	return num / (pos * neg), pos > 0 && neg > 0
}

// FuzzROCAUC checks ROCAUC against the pairwise definition, the area under
// ROCCurve, and AveragePrecision against the area under PRCurve; no input
// may panic.
func FuzzROCAUC(f *testing.F) {
	f.Add([]byte{0, 1, 4, 1, 2, 4, 0, 3, 4, 1, 1, 4})
	f.Add([]byte{1, 5, 1, 0, 5, 1, 1, 5, 0, 0, 6, 2})
	f.Add(binary.LittleEndian.AppendUint64(nil, 0x0102030405060708))
	f.Add([]byte{3, 200, 7, 2, 10, 7, 255, 128, 15, 254, 127, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		labels, scores, weights := clfRowsFromBytes(data)
		auc, err := ROCAUC(labels, scores, weights)
		want, defined := pairwiseAUC(labels, scores, weights)
		if !defined {
			if !errors.Is(err, ErrUndefined) {
				t.Fatalf("ROCAUC = %v, %v, want undefined", auc, err)
			}
			return
		}
		if err != nil || math.Abs(auc-want) > 1e-12 {
			t.Fatalf("ROCAUC = %v, %v, pairwise %v", auc, err, want)
		}
		fpr, tpr, _, err := ROCCurve(labels, scores, weights)
		if err != nil {
			t.Fatalf("ROCCurve: %v", err)
		}
		var area float64
		for i := 1; i < len(fpr); i++ {
			area += (fpr[i] - fpr[i-1]) * (tpr[i] + tpr[i-1]) / 2
		}
		if math.Abs(area-auc) > 1e-12 {
			t.Fatalf("area under ROCCurve %v, ROCAUC %v", area, auc)
		}
		ap, err := AveragePrecision(labels, scores, weights)
		p, r, _, perr := PRCurve(labels, scores, weights)
		if err != nil || perr != nil {
			t.Fatalf("AveragePrecision: %v; PRCurve: %v", err, perr)
		}
		var step float64
		for i := 0; i+1 < len(r); i++ {
			step -= (r[i+1] - r[i]) * p[i]
		}
		if math.Abs(step-ap) > 1e-12 || ap < 0 || ap > 1+1e-12 {
			t.Fatalf("AveragePrecision %v, step area under PRCurve %v", ap, step)
		}
	})
}
