package metrics

import (
	"errors"
	"math"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

type multiclassRowsData struct {
	classes int
	labels  []int
	probs   [][]float64
	weights []float64
}

// drawMulticlassRows draws up to 30 rows of K in [2, 4] classes; scores are
// small integers normalised to sum 1, so ties within and across rows occur.
func drawMulticlassRows(t *rapid.T, minRows int) multiclassRowsData {
	k := rapid.IntRange(2, 4).Draw(t, "K")
	n := rapid.IntRange(minRows, 30).Draw(t, "n")
	d := multiclassRowsData{classes: k}
	for i := 0; i < n; i++ {
		row := make([]float64, k)
		var sum float64
		for c := range row {
			row[c] = float64(rapid.IntRange(0, 4).Draw(t, "mass"))
			sum += row[c]
		}
		if sum == 0 {
			row[0], sum = 1, 1
		}
		for c := range row {
			row[c] /= sum
		}
		d.labels = append(d.labels, rapid.IntRange(0, k-1).Draw(t, "label"))
		d.probs = append(d.probs, row)
		d.weights = append(d.weights, rapid.SampledFrom(clfPropWeights).Draw(t, "weight"))
	}
	return d
}

var multiclassPropOptions = []int{1, 2, 3} // top-k values exercised

func evalMulticlass(t *rapid.T, name string, k int, d multiclassRowsData) (float64, error) {
	acc, err := NewMulticlassAccumulator(name, MulticlassOptions{Classes: d.classes, K: k})
	if err != nil {
		t.Fatal(err)
	}
	addMulticlass(acc, d.labels, d.probs, d.weights)
	return acc.Result()
}

func forEachMulticlassMetric(f func(name string, k int)) {
	for _, name := range MulticlassMetricNames() {
		if name == "top_k_accuracy" {
			for _, k := range multiclassPropOptions {
				f(name, k)
			}
			continue
		}
		f(name, 0)
	}
}

func TestMulticlassPropertyBoundsAndMerge(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := drawMulticlassRows(t, 0)
		parts := rapid.IntRange(1, 4).Draw(t, "parts")
		part := make([]int, len(d.labels))
		for i := range part {
			part[i] = rapid.IntRange(0, parts-1).Draw(t, "part")
		}
		forEachMulticlassMetric(func(name string, k int) {
			whole, ew := evalMulticlass(t, name, k, d)
			if ew != nil && !errors.Is(ew, ErrUndefined) {
				t.Fatalf("%s: unexpected error %v", name, ew)
			}
			hi := 1.0
			if name == "log_loss" {
				hi = -math.Log(logLossEps)
			}
			if ew == nil && !(whole >= -1e-12 && whole <= hi+1e-12) {
				t.Fatalf("%s = %v out of [0, %v]", name, whole, hi)
			}
			accs := make([]MulticlassAccumulator, parts)
			for p := range accs {
				accs[p], _ = NewMulticlassAccumulator(name, MulticlassOptions{Classes: d.classes, K: k})
			}
			for i, l := range d.labels {
				accs[part[i]].Add(l, d.probs[i], d.weights[i])
			}
			for _, a := range accs[1:] {
				accs[0].Merge(a)
			}
			merged, em := accs[0].Result()
			if !clfSameResult(whole, ew, merged, em) {
				t.Fatalf("%s k=%d: whole %v, %v; merged %v, %v", name, k, whole, ew, merged, em)
			}
		})
	})
}

func TestMulticlassPropertyPermutationAndDuplicate(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := drawMulticlassRows(t, 1)
		idx := make([]int, len(d.labels))
		for i := range idx {
			idx[i] = i
		}
		perm := rapid.Permutation(idx).Draw(t, "perm")
		p := multiclassRowsData{classes: d.classes}
		for _, i := range perm {
			p.labels = append(p.labels, d.labels[i])
			p.probs = append(p.probs, d.probs[i])
			p.weights = append(p.weights, d.weights[i])
		}
		j := rapid.IntRange(0, len(d.labels)-1).Draw(t, "j")
		dup := multiclassRowsData{classes: d.classes,
			labels:  append(append([]int(nil), d.labels...), d.labels[j]),
			probs:   append(append([][]float64(nil), d.probs...), d.probs[j]),
			weights: append(append([]float64(nil), d.weights...), 1),
		}
		dup.weights[j] = 1
		two := multiclassRowsData{classes: d.classes, labels: d.labels, probs: d.probs,
			weights: append([]float64(nil), d.weights...)}
		two.weights[j] = 2
		forEachMulticlassMetric(func(name string, k int) {
			a, ea := evalMulticlass(t, name, k, d)
			b, eb := evalMulticlass(t, name, k, p)
			if !clfSameResult(a, ea, b, eb) {
				t.Fatalf("%s k=%d: %v, %v; permuted %v, %v", name, k, a, ea, b, eb)
			}
			a, ea = evalMulticlass(t, name, k, two)
			b, eb = evalMulticlass(t, name, k, dup)
			if !clfSameResult(a, ea, b, eb) {
				t.Fatalf("%s k=%d: weight 2 %v, %v; duplicated %v, %v", name, k, a, ea, b, eb)
			}
		})
	})
}

// Micro F1 is accuracy for single-label data; top-1 differs from accuracy only
// by how ties in the argmax break.
func TestMulticlassPropertyMicroF1IsAccuracy(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := drawMulticlassRows(t, 1)
		acc, ea := MulticlassAccuracy(d.labels, d.probs, d.weights)
		micro, em := MicroF1(d.labels, d.probs, d.weights)
		if ea != nil {
			return // zero total weight: accuracy undefined, micro F1 0
		}
		if em != nil || math.Abs(acc-micro) > clfPropTol {
			t.Fatalf("accuracy %v; micro F1 %v, %v", acc, micro, em)
		}
	})
}

func TestMulticlassHandChecked(t *testing.T) {
	labels := []int{0, 1, 2, 2}
	probs := [][]float64{
		{0.5, 0.5, 0},     // tie 0/1: argmax 0 (lowest), top-1 picks 1 (highest index first)
		{0.2, 0.7, 0.1},   // right
		{0.3, 0.3, 0.4},   // right
		{0.25, 0.5, 0.25}, // wrong; label 2 ties class 0 for second place and ranks ahead of it
	}
	check := func(what string, got float64, err error, want float64) {
		t.Helper()
		if err != nil || !skClose(got, want) {
			t.Errorf("%s = %v, %v, want %v", what, got, err, want)
		}
	}
	got, err := MulticlassAccuracy(labels, probs, nil)
	check("MulticlassAccuracy", got, err, 0.75)
	got, err = TopKAccuracy(labels, probs, nil, 1)
	check("TopKAccuracy k=1", got, err, 0.5)
	got, err = TopKAccuracy(labels, probs, nil, 2)
	check("TopKAccuracy k=2", got, err, 1)
	// Predictions 0, 1, 2, 1: class 0 F1 1, class 1 P 1/2 R 1 F1 2/3, class 2 P 1 R 1/2 F1 2/3.
	got, err = MacroF1(labels, probs, nil)
	check("MacroF1", got, err, (1+2.0/3+2.0/3)/3)
	got, err = WeightedF1(labels, probs, nil)
	check("WeightedF1", got, err, (1+2.0/3+2*2.0/3)/4)
	got, err = MicroF1(labels, probs, nil)
	check("MicroF1", got, err, 0.75)
	want := -(math.Log(0.5) + math.Log(0.7) + math.Log(0.4) + math.Log(0.25)) / 4
	got, err = MulticlassLogLoss(labels, probs, nil)
	check("MulticlassLogLoss", got, err, want)
}

func TestMulticlassErrors(t *testing.T) {
	probs := [][]float64{{0.2, 0.8}, {0.6, 0.4}}
	if _, err := MulticlassAccuracy([]int{0, 2}, probs, nil); err == nil || !strings.Contains(err.Error(), "row 1") {
		t.Errorf("label 2 of 2 classes: %v, want an error naming row 1", err)
	}
	if _, err := MulticlassLogLoss([]int{0, 1}, [][]float64{{0.2, math.NaN()}, {0.6, 0.4}}, nil); err == nil {
		t.Errorf("NaN score: no error")
	}
	if _, err := MacroF1([]int{0, 1}, probs, []float64{1, -1}); err == nil {
		t.Errorf("negative weight: no error")
	}
	// scikit-learn raises; here roc_auc_ovr alone is undefined, naming the row.
	if _, err := ROCAUCOVR([]int{0, 1}, [][]float64{{0.2, 0.9}, {0.6, 0.4}}, nil); !errors.Is(err, ErrUndefined) || !strings.Contains(err.Error(), "row 0: class scores sum to 1.1") {
		t.Errorf("scores summing to 1.1: %v, want undefined naming row 0", err)
	}
	if _, err := ROCAUCOVR([]int{0, 0}, probs, nil); !errors.Is(err, ErrUndefined) {
		t.Errorf("class 1 absent: %v, want ErrUndefined", err)
	}
	if _, err := MulticlassAccuracy(nil, nil, nil); !errors.Is(err, ErrUndefined) {
		t.Errorf("empty: %v, want ErrUndefined", err)
	}
	mustPanicMetrics(t, "len(labels) != len(probs)", func() { MulticlassAccuracy([]int{0}, probs, nil) })
	mustPanicMetrics(t, "ragged probs", func() { MulticlassLogLoss([]int{0, 1}, [][]float64{{0.2, 0.8}, {1}}, nil) })
	mustPanicMetrics(t, "weights length", func() { MacroF1([]int{0, 1}, probs, []float64{1}) })
	mustPanicMetrics(t, "k = 0", func() { TopKAccuracy([]int{0, 1}, probs, nil, 0) })
	mustPanicMetrics(t, "Merge across K", func() {
		a, _ := NewMulticlassAccumulator("accuracy", MulticlassOptions{Classes: 2})
		b, _ := NewMulticlassAccumulator("accuracy", MulticlassOptions{Classes: 3})
		a.Merge(b)
	})
}
