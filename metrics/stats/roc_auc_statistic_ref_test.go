package stats

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/mltest/mltest/internal/floatscale"
	"github.com/mltest/mltest/metrics"
	"pgregory.net/rapid"
)

// TestROCAUCStatisticBitForBit: the statistic (its branch-free flat pass,
// with the grouped pass when a value leaves the float64 range) is bit for
// bit ROCAUCStatistic as it was before (rocAUCStatisticReference, its
// earlier code), error for error: rows in score order or not, tied scores,
// zero, tiny and huge weights (the rescaled pass), mostly zero, huge,
// negative and non-finite multiplicities (NaN results compared as NaN).
func TestROCAUCStatisticBitForBit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(2, 60).Draw(t, "n")
		labels := rapid.SliceOfN(rapid.Bool(), n, n).Draw(t, "labels")
		labels[0], labels[1] = true, false
		scores := rapid.SliceOfN(rapid.Map(rapid.IntRange(-4, 4), func(k int) float64 { return float64(k) / 2 }), n, n).Draw(t, "scores")
		if rapid.Bool().Draw(t, "sorted") {
			slices.SortFunc(scores, func(a, b float64) int { return cmp.Compare(b, a) })
		}
		var weights []float64
		if rapid.Bool().Draw(t, "weighted") {
			weights = rapid.SliceOfN(rapid.SampledFrom([]float64{0, 1, 2, 3, 0.1, 1e-200, 1e200, 1e-310, math.MaxFloat64 / 4}), n, n).Draw(t, "weights")
			weights[0], weights[1] = 1, 1
		}
		multSet := []float64{0, 0, 0, 1, 1, 2, 3, 7}
		if rapid.Bool().Draw(t, "wildMult") {
			multSet = append(multSet, 1e300, math.MaxFloat64, math.Inf(1), math.NaN(), math.Copysign(0, -1), 0.5, -1, -3)
		}
		mult := rapid.SliceOfN(rapid.SampledFrom(multSet), n, n).Draw(t, "mult")
		checkROCAUCStatistic(t, labels, scores, weights, mult)
	})
}

// TestROCAUCStatisticBitForBitLarge: as TestROCAUCStatisticBitForBit on
// ten thousand rows in and out of score order, with bootstrap draws.
func TestROCAUCStatisticBitForBitLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	const n = 10000
	for trial := range 8 {
		labels, scores, weights := make([]bool, n), make([]float64, n), make([]float64, n)
		for i := range labels {
			labels[i] = r.IntN(2) == 0
			scores[i] = math.Round(r.NormFloat64()*1000) / 1000
			weights[i] = r.Float64() * 3
			if trial%4 == 3 {
				weights[i] = math.Ldexp(r.Float64(), r.IntN(1200)-600)
			}
		}
		if trial%2 == 0 {
			slices.SortFunc(scores, func(a, b float64) int { return cmp.Compare(b, a) })
		}
		mult := make([]float64, n)
		for range n {
			mult[r.IntN(n)]++
		}
		checkROCAUCStatistic(t, labels, scores, weights, mult)
	}
}

func checkROCAUCStatistic(t interface{ Fatalf(string, ...any) }, labels []bool, scores, weights, mult []float64) {
	stat, err := ROCAUCStatistic(labels, scores, weights)
	ref, refErr := rocAUCStatisticReference(labels, scores, weights)
	if fmt.Sprint(err) != fmt.Sprint(refErr) {
		t.Fatalf("ROCAUCStatistic: %v, reference %v", err, refErr)
	}
	if err != nil {
		return
	}
	got, gotErr := stat(mult)
	want, wantErr := ref(mult)
	if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
		t.Fatalf("ROCAUCStatistic = %v (%v), reference %v (%v)", got, gotErr, want, wantErr)
	}
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		t.Fatalf("ROCAUCStatistic error %v, reference %v", gotErr, wantErr)
	}
}

// rocAUCStatisticReference is ROCAUCStatistic's code before the flat pass.
func rocAUCStatisticReference(labels []bool, scores, weights []float64) (func(mult []float64) (float64, error), error) {
	if _, err := metrics.ROCAUC(labels, scores, weights); err != nil {
		return nil, err
	}
	n := len(labels)
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(scores[b], scores[a]) }) // descending
	// Rows in score order, the weight's sign bit carrying the label, and the
	// end of each group of tied scores.
	type row struct {
		index  int32
		weight float64
	}
	rows := make([]row, n)
	var ends []int32
	for k, i := range order {
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		if labels[i] {
			w = math.Copysign(w, -1) // negative marks a positive row; weights are >= 0
		}
		rows[k] = row{i, w}
		if k+1 == n || scores[order[k+1]] != scores[i] {
			ends = append(ends, int32(k+1))
		}
	}
	// Each class's weights are scaled by the power of two that brings its
	// largest to 1 (AUC is bilinear in the two classes' weights, so this
	// changes only the range): weights of 1e-200 or 1e200 then give
	// products of weights that neither under- nor overflow.
	sp, sn := classScalesReference(rows, func(r row) (bool, float64) { return math.Signbit(r.weight), math.Abs(r.weight) })
	for k := range rows {
		if math.Signbit(rows[k].weight) {
			rows[k].weight *= sp
		} else {
			rows[k].weight *= sn
		}
	}
	pass := func(mult []float64, sp, sn float64) (area, tp, fp float64) {
		k := 0
		for _, end := range ends {
			var tpG, fpG float64
			for ; k < int(end); k++ {
				r := rows[k]
				w := r.weight * mult[r.index]
				if math.Signbit(r.weight) {
					tpG -= w
				} else {
					fpG += w
				}
			}
			tpG, fpG = tpG*sp, fpG*sn
			area += fpG * (tp + tpG/2)
			tp += tpG
			fp += fpG
		}
		return area, tp, fp
	}
	return func(mult []float64) (float64, error) {
		if len(mult) != n {
			panic(fmt.Sprintf("metrics/stats: ROCAUCStatistic: len(mult) = %d, want %d", len(mult), n))
		}
		area, tp, fp := pass(mult, 1, 1)
		if tp == 0 || fp == 0 {
			return math.NaN(), &metrics.UndefinedError{Metric: "roc_auc", Reason: "one class has zero total weight"}
		}
		if !floatscale.ProductsSafe(tp, fp, area) {
			// A resample without the heaviest rows: rescale to its own.
			sp, sn := classScalesReference(rows, func(r row) (bool, float64) {
				return math.Signbit(r.weight), math.Abs(r.weight) * mult[r.index]
			})
			area, tp, fp = pass(mult, sp, sn)
		}
		return area / (tp * fp), nil
	}, nil
}

func classScalesReference[R any](rows []R, weight func(R) (positive bool, w float64)) (sp, sn float64) {
	var maxPos, maxNeg float64
	for _, r := range rows {
		if pos, w := weight(r); pos {
			maxPos = max(maxPos, w)
		} else {
			maxNeg = max(maxNeg, w)
		}
	}
	return floatscale.UnitScale(maxPos), floatscale.UnitScale(maxNeg)
}
