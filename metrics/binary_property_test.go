package metrics

import (
	"errors"
	"math"
	"testing"

	"pgregory.net/rapid"
)

// clfPropTol is the tolerance of the property tests: results that must be equal
// in exact arithmetic may differ by the rounding of a different summation order.
const clfPropTol = 1e-10

// clfSameResult reports whether two metric results agree: both undefined, both
// another error, or both values within clfPropTol relative.
func clfSameResult(a float64, ea error, b float64, eb error) bool {
	if ea != nil || eb != nil {
		return ea != nil && eb != nil && errors.Is(ea, ErrUndefined) == errors.Is(eb, ErrUndefined)
	}
	return math.Abs(a-b) <= clfPropTol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

type binaryRows struct {
	labels          []bool
	scores, weights []float64
}

func (r binaryRows) row(i int) binaryRows {
	return binaryRows{[]bool{r.labels[i]}, []float64{r.scores[i]}, []float64{r.weights[i]}}
}

func (r binaryRows) appendRows(o binaryRows) binaryRows {
	return binaryRows{
		append(append([]bool(nil), r.labels...), o.labels...),
		append(append([]float64(nil), r.scores...), o.scores...),
		append(append([]float64(nil), r.weights...), o.weights...),
	}
}

func (r binaryRows) permute(perm []int) binaryRows {
	var p binaryRows
	for _, i := range perm {
		p = p.appendRows(r.row(i))
	}
	return p
}

var clfPropWeights = []float64{0, 0.5, 1, 1, 1, 2, 3.25}

// drawBinaryRows draws up to 40 rows; half the time scores lie on a grid of
// tenths, so that ties are common.
func drawBinaryRows(t *rapid.T, minRows int) binaryRows {
	n := rapid.IntRange(minRows, 40).Draw(t, "n")
	grid := rapid.Bool().Draw(t, "grid")
	var r binaryRows
	for i := 0; i < n; i++ {
		r.labels = append(r.labels, rapid.Bool().Draw(t, "label"))
		if grid {
			r.scores = append(r.scores, float64(rapid.IntRange(0, 10).Draw(t, "tenths"))/10)
		} else {
			r.scores = append(r.scores, rapid.Float64Range(0, 1).Draw(t, "score"))
		}
		r.weights = append(r.weights, rapid.SampledFrom(clfPropWeights).Draw(t, "weight"))
	}
	return r
}

func evalBinary(t *rapid.T, name string, r binaryRows) (float64, error) {
	acc, err := NewBinaryAccumulator(name, DefaultBinaryOptions())
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range r.labels {
		acc.Add(l, r.scores[i], r.weights[i])
	}
	return acc.Result()
}

func TestBinaryPropertyBounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := drawBinaryRows(t, 1)
		for _, name := range BinaryMetricNames() {
			v, err := evalBinary(t, name, r)
			if err != nil {
				if !errors.Is(err, ErrUndefined) {
					t.Fatalf("%s: unexpected error %v", name, err)
				}
				continue
			}
			lo, hi := 0.0, 1.0
			switch name {
			case "mcc":
				lo = -1
			case "log_loss":
				hi = -math.Log(logLossEps)
			}
			if !(v >= lo-1e-12 && v <= hi+1e-12) {
				t.Fatalf("%s = %v, want in [%v, %v]", name, v, lo, hi)
			}
		}
	})
}

func TestBinaryPropertyPermutationInvariant(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := drawBinaryRows(t, 1)
		idx := make([]int, len(r.labels))
		for i := range idx {
			idx[i] = i
		}
		p := r.permute(rapid.Permutation(idx).Draw(t, "perm"))
		for _, name := range BinaryMetricNames() {
			a, ea := evalBinary(t, name, r)
			b, eb := evalBinary(t, name, p)
			if !clfSameResult(a, ea, b, eb) {
				t.Fatalf("%s: %v, %v; permuted %v, %v", name, a, ea, b, eb)
			}
		}
	})
}

func TestBinaryPropertyWeightTwoIsDuplicate(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := drawBinaryRows(t, 1)
		j := rapid.IntRange(0, len(r.labels)-1).Draw(t, "j")
		r.weights[j] = 1
		dup := r.appendRows(r.row(j))
		r.weights[j] = 2
		for _, name := range BinaryMetricNames() {
			a, ea := evalBinary(t, name, r)
			b, eb := evalBinary(t, name, dup)
			if !clfSameResult(a, ea, b, eb) {
				t.Fatalf("%s: weight 2 gives %v, %v; duplicated row %v, %v", name, a, ea, b, eb)
			}
		}
	})
}

func TestBinaryPropertyMergeEqualsWhole(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := drawBinaryRows(t, 0)
		parts := rapid.IntRange(1, 5).Draw(t, "parts")
		part := make([]int, len(r.labels))
		for i := range part {
			part[i] = rapid.IntRange(0, parts-1).Draw(t, "part")
		}
		for _, name := range BinaryMetricNames() {
			whole, ew := evalBinary(t, name, r)
			accs := make([]BinaryAccumulator, parts)
			for p := range accs {
				accs[p], _ = NewBinaryAccumulator(name, DefaultBinaryOptions())
			}
			for i, l := range r.labels {
				accs[part[i]].Add(l, r.scores[i], r.weights[i])
			}
			for _, a := range accs[1:] {
				accs[0].Merge(a)
			}
			merged, em := accs[0].Result()
			if !clfSameResult(whole, ew, merged, em) {
				t.Fatalf("%s: whole %v, %v; merged from %d parts %v, %v", name, whole, ew, parts, merged, em)
			}
		}
	})
}

// ROC AUC depends on the order of the scores only.
func TestROCAUCPropertyMonotoneInvariant(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(2, 40).Draw(t, "n")
		labels := make([]bool, n)
		ks := make([]float64, n)
		cubed := make([]float64, n)
		exps := make([]float64, n)
		weights := make([]float64, n)
		for i := range labels {
			labels[i] = rapid.Bool().Draw(t, "label")
			k := float64(rapid.IntRange(-20, 20).Draw(t, "k"))
			ks[i], cubed[i], exps[i] = k, k*k*k+5*k-7, math.Exp(k/4)
			weights[i] = rapid.SampledFrom(clfPropWeights).Draw(t, "weight")
		}
		a, ea := ROCAUC(labels, ks, weights)
		for name, s := range map[string][]float64{"k³+5k-7": cubed, "exp(k/4)": exps} {
			b, eb := ROCAUC(labels, s, weights)
			if !clfSameResult(a, ea, b, eb) {
				t.Fatalf("ROCAUC(k) = %v, %v; ROCAUC(%s) = %v, %v", a, ea, name, b, eb)
			}
		}
	})
}

// The slice functions and the accumulators are the same metric.
func TestBinaryPropertyFunctionEqualsAccumulator(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := drawBinaryRows(t, 0)
		funcs := map[string]func() (float64, error){
			"roc_auc":           func() (float64, error) { return ROCAUC(r.labels, r.scores, r.weights) },
			"average_precision": func() (float64, error) { return AveragePrecision(r.labels, r.scores, r.weights) },
			"log_loss":          func() (float64, error) { return LogLoss(r.labels, r.scores, r.weights) },
			"brier":             func() (float64, error) { return Brier(r.labels, r.scores, r.weights) },
			"accuracy":          func() (float64, error) { return Accuracy(r.labels, r.scores, r.weights, 0.5) },
			"precision":         func() (float64, error) { return Precision(r.labels, r.scores, r.weights, 0.5) },
			"recall":            func() (float64, error) { return Recall(r.labels, r.scores, r.weights, 0.5) },
			"f1":                func() (float64, error) { return F1(r.labels, r.scores, r.weights, 0.5) },
			"mcc":               func() (float64, error) { return MCC(r.labels, r.scores, r.weights, 0.5) },
			"ece":               func() (float64, error) { return ECE(r.labels, r.scores, r.weights, DefaultECEBins) },
		}
		for _, name := range BinaryMetricNames() {
			a, ea := funcs[name]()
			b, eb := evalBinary(t, name, r)
			if !clfSameResult(a, ea, b, eb) || (ea == nil && a != b) {
				t.Fatalf("%s: function %v, %v; accumulator %v, %v", name, a, ea, b, eb)
			}
		}
	})
}

// Result does not disturb the state: adding rows after it gives the result
// of all rows.
func TestBinaryPropertyResultThenAdd(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := drawBinaryRows(t, 0)
		cut := rapid.IntRange(0, len(r.labels)).Draw(t, "cut")
		for _, name := range BinaryMetricNames() {
			whole, ew := evalBinary(t, name, r)
			acc, _ := NewBinaryAccumulator(name, DefaultBinaryOptions())
			for i, l := range r.labels {
				if i == cut {
					acc.Result()
					acc.Result()
				}
				acc.Add(l, r.scores[i], r.weights[i])
			}
			got, eg := acc.Result()
			if !clfSameResult(whole, ew, got, eg) {
				t.Fatalf("%s: whole %v, %v; with Result at row %d %v, %v", name, whole, ew, cut, got, eg)
			}
		}
	})
}
