package metrics

import (
	"math"
	"math/rand/v2"
	"testing"

	"pgregory.net/rapid"
)

// TestBinaryStatisticEqualsAccumulator: for every binary metric, on tied
// scores (some outside [0, 1], some within 1e-300 of a label), zero,
// subnormal and moderate weights and weights at the edges of the plain sums'
// safe range (2^±400), just outside it and far outside (1e±250, 1e±300,
// near the float64 maximum), and multiplicities that are mostly 0, up to
// 2^40 and beyond, or fractional, BinaryStatistic(mult) is the accumulator
// fed the rows with weight w·mult (rows with mult 0 left out), bit for bit,
// with the same error.
func TestBinaryStatisticEqualsAccumulator(t *testing.T) {
	scoreSet := []float64{0, math.Copysign(0, -1), 0.25, 0.5, 0.75, 1, 1.5, -2, 0.1, 0.3, 1e-300, 1 - 0x1p-53, 0x1p-81, 0x1p-79}
	weightSets := [][]float64{
		{0, 1, 2, 0.5, 3.25, 1e-300, 1e300, math.MaxFloat64 / 2},
		{0, 1, 3, 0x1p-400, 0x1p400, 0x1.0000000000001p400, 0x1.fffffffffffffp-401, math.Copysign(0, -1)},
		{0, 1, 1e-250, 1e250, 5e-324, 0x1p-1030, 0.1, 7},
		{0x1p-400, 0x1p400, 0x1.8p399, 0x1.fffffffffffffp399, 0x1.0000000000001p-400, 1},
	}
	multSet := []float64{0, 0, 0, 0, 1, 1, 2, 3, 5, 0x1p40, 0x1p40 + 1, 0.5, 1e-300, math.Copysign(0, -1)}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 40).Draw(t, "n")
		labels := rapid.SliceOfN(rapid.Bool(), n, n).Draw(t, "labels")
		if rapid.IntRange(0, 4).Draw(t, "oneClass") == 0 {
			for i := range labels {
				labels[i] = labels[0]
			}
		}
		scores := rapid.SliceOfN(rapid.SampledFrom(scoreSet[:rapid.IntRange(6, len(scoreSet)).Draw(t, "scoreSet")]), n, n).Draw(t, "scores")
		var weights []float64
		if k := rapid.IntRange(-1, len(weightSets)-1).Draw(t, "weightSet"); k >= 0 {
			weights = rapid.SliceOfN(rapid.SampledFrom(weightSets[k]), n, n).Draw(t, "weights")
		}
		var mult []float64
		switch rapid.IntRange(0, 3).Draw(t, "multKind") {
		case 0:
			mult = rapid.SliceOfN(rapid.Map(rapid.IntRange(0, 5), func(k int) float64 { return float64(k) }), n, n).Draw(t, "mult")
		case 1:
			mult = rapid.SliceOfN(rapid.SampledFrom(multSet), n, n).Draw(t, "mult")
		case 2:
			mult = make([]float64, n) // all zero
		default:
			mult = make([]float64, n) // a bootstrap draw
			for range n {
				mult[rapid.IntRange(0, n-1).Draw(t, "draw")]++
			}
		}
		checkBinaryStatistic(t, labels, scores, weights, mult)
	})
}

// checkBinaryStatistic checks every binary metric's BinaryStatistic(mult)
// against the accumulator, bit for bit and error for error.
func checkBinaryStatistic(t interface{ Fatalf(string, ...any) }, labels []bool, scores, weights, mult []float64) {
	opt := DefaultBinaryOptions()
	for _, name := range BinaryMetricNames() {
		stat, err := BinaryStatistic(name, opt, labels, scores, weights)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, gotErr := stat(mult)
		a, err := NewBinaryAccumulator(name, opt)
		if err != nil {
			t.Fatalf("%v", err)
		}
		for i, m := range mult {
			if m != 0 {
				a.Add(labels[i], scores[i], weightAt(weights, i)*m)
			}
		}
		want, wantErr := a.Result()
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("%s: BinaryStatistic = %v (%v), accumulator %v (%v)", name, got, gotErr, want, wantErr)
		}
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("%s: BinaryStatistic error %v, accumulator %v", name, gotErr, wantErr)
		}
	}
}

// TestBinaryStatisticPlainSums: on a thousand rows with weights spread over
// the whole safe range (log-uniform in [2^-400, 2^400], a tenth of them 0)
// or ordinary, scores anywhere in [0, 1] and multiplicities from bootstrap
// draws (some with a few rows drawn 2^40 times), the plain sums are taken
// (no fallback) and every sum statistic is the accumulator's, bit for bit.
func TestBinaryStatisticPlainSums(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 1))
	const n = 1000
	for trial := range 40 {
		labels, scores, weights := make([]bool, n), make([]float64, n), make([]float64, n)
		for i := range labels {
			labels[i] = r.IntN(3) == 0
			scores[i] = r.Float64()
			switch {
			case trial%2 == 1:
				weights[i] = float64(1 + r.IntN(3))
			case r.IntN(10) == 0:
				weights[i] = 0
			default:
				weights[i] = math.Ldexp(1+r.Float64(), r.IntN(800)-400)
				weights[i] = min(max(weights[i], 0x1p-400), 0x1p400)
			}
			if trial%4 == 2 && i%7 == 0 {
				scores[i] = float64(r.IntN(5)) / 4 // ties, and errors of 0
			}
		}
		mult := make([]float64, n)
		for range n {
			mult[r.IntN(n)]++
		}
		if trial%3 == 0 {
			mult[r.IntN(n)] = 0x1p40
			mult[r.IntN(n)] = 0x1p40 - 1
		}
		if trial == 8 {
			clear(mult)
		}
		for _, name := range []string{"log_loss", "brier", "accuracy", "precision", "recall", "f1", "mcc"} {
			var plain func([]float64) (float64, error, bool)
			d, _ := brierErrors(labels, scores)
			switch name {
			case "log_loss":
				loss := make([]float64, n)
				for i, s := range scores {
					loss[i] = binaryLogLoss(labels[i], s)
				}
				if !plainTerms(loss) {
					t.Fatal("log losses outside the safe range")
				}
				plain = logLossPlain(labels, loss, weights)
			case "brier":
				plain = brierPlain(d, weights)
			default:
				predicted := make([]bool, n)
				for i, s := range scores {
					predicted[i] = s >= 0.5
				}
				plain = confusionPlain(name, 0.5, labels, predicted, weights)
			}
			if !plainWeights(n, weights) || !plainTerms(d) {
				t.Fatal("weights or errors outside the safe range")
			}
			if _, _, ok := plain(mult); !ok {
				t.Fatalf("trial %d %s: the plain sums fell back", trial, name)
			}
		}
		checkBinaryStatistic(t, labels, scores, weights, mult)
	}
}

// TestBinaryStatisticWideWeights: weights 2^1073 apart, where the
// accumulator's scaled sums make the small weight a subnormal: brier's
// value is then 0, where plain sums would give 5e-324, which is why the
// plain sums' safe range stops at 2^±400 (at 2^±800 this test fails).
func TestBinaryStatisticWideWeights(t *testing.T) {
	labels := []bool{false, false, true}
	scores := []float64{0, 0.5, 1}
	weights := []float64{0x1p800, 0x1.8p-273, 0x1p800}
	checkBinaryStatistic(t, labels, scores, weights, []float64{1, 1, 1})
	checkBinaryStatistic(t, labels, scores, weights, []float64{1, 1, 0})
}

// TestMultRange: the multiplicities the plain sums take are 0 and [1, 2^40].
func TestMultRange(t *testing.T) {
	for _, c := range []struct {
		mult    []float64
		ok, any bool
	}{
		{[]float64{0, 0}, true, false},
		{[]float64{0, 1, 3}, true, true},
		{[]float64{0x1p40, 1}, true, true},
		{[]float64{0x1p40 + 1}, false, true},
		{[]float64{0x1.fffffffffffffp-1}, false, true},
		{[]float64{2, 5e-324}, false, true},
		{[]float64{math.Copysign(0, -1)}, false, true},
		{[]float64{-1}, false, true},
		{[]float64{math.NaN()}, false, true},
		{[]float64{math.Inf(1)}, false, true},
	} {
		r := multRange{lo: math.MaxUint64}
		for _, m := range c.mult {
			b := math.Float64bits(m)
			r.lo, r.hi = min(r.lo, b-1), max(r.hi, b)
		}
		if r.ok() != c.ok || c.ok && r.any() != c.any {
			t.Errorf("%v: ok %v any %v, want %v %v", c.mult, r.ok(), r.any(), c.ok, c.any)
		}
	}
	if oneBits != math.Float64bits(1) || multMaxBits != math.Float64bits(plainMultMax) {
		t.Error("oneBits or multMaxBits is wrong")
	}
}

func TestBinaryStatisticErrors(t *testing.T) {
	opt := DefaultBinaryOptions()
	if _, err := BinaryStatistic("nope", opt, []bool{true}, []float64{1}, nil); err == nil {
		t.Error("unknown metric: want an error")
	}
	if _, err := BinaryStatistic("average_precision", opt, []bool{true, false}, []float64{1, math.NaN()}, nil); err == nil {
		t.Error("NaN score: want an error")
	}
	if _, err := BinaryStatistic("log_loss", opt, []bool{true, false}, []float64{1, 0}, []float64{1, -1}); err == nil {
		t.Error("negative weight: want an error")
	}
	stat, err := BinaryStatistic("average_precision", opt, []bool{true, false}, []float64{1, 0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if recover() == nil {
			t.Error("mult of the wrong length: want a panic")
		}
	}()
	stat([]float64{1})
}

// TestWeightCodes: distinct weights by their bits (0 and -0 apart), up to
// the limit and no further.
func TestWeightCodes(t *testing.T) {
	table, codes, ok := weightCodes([]float64{2, 2, 0, math.Copysign(0, -1), 2, 0.5}, 4)
	if !ok || len(table) != 4 || math.Float64bits(table[2]) != math.Float64bits(math.Copysign(0, -1)) {
		t.Fatalf("table %v ok %v", table, ok)
	}
	if want := []uint8{0, 0, 1, 2, 0, 3}; string(codes) != string(want) {
		t.Errorf("codes %v, want %v", codes, want)
	}
	w := make([]float64, 200)
	for i := range w {
		w[i] = float64(i % 64)
	}
	if _, _, ok := weightCodes(w, 64); !ok {
		t.Error("64 distinct weights, limit 64: want ok")
	}
	w[199] = 64
	if _, _, ok := weightCodes(w, 64); ok {
		t.Error("65 distinct weights, limit 64: want not ok")
	}
}
