package metrics

import (
	"errors"
	"math"
	"testing"

	"pgregory.net/rapid"
)

type regressionRows struct{ y, p, w []float64 }

// drawRegressionRows draws up to 40 rows; targets sometimes constant, values
// sometimes far from zero, to exercise the mergeable variances.
func drawRegressionRows(t *rapid.T, minRows int) regressionRows {
	n := rapid.IntRange(minRows, 40).Draw(t, "n")
	offset := rapid.SampledFrom([]float64{0, 1e3, 1e6}).Draw(t, "offset")
	constant := rapid.IntRange(0, 4).Draw(t, "constant") == 0
	var r regressionRows
	for i := 0; i < n; i++ {
		y := offset + 2.5
		if !constant {
			y = offset + rapid.Float64Range(-10, 10).Draw(t, "y")
		}
		r.y = append(r.y, y)
		r.p = append(r.p, y+rapid.Float64Range(-3, 3).Draw(t, "err"))
		r.w = append(r.w, rapid.SampledFrom(clfPropWeights).Draw(t, "weight"))
	}
	return r
}

func evalRegression(t *rapid.T, name string, r regressionRows) (float64, error) {
	acc, err := NewRegressionAccumulator(name)
	if err != nil {
		t.Fatal(err)
	}
	for i := range r.y {
		acc.Add(r.y[i], r.p[i], r.w[i])
	}
	return acc.Result()
}

// regressionClose compares merged or reordered results to 1e-12 relative to
// the scale of the terms (1 for the scores R² and explained variance).
func regressionClose(a float64, ea error, b float64, eb error) bool {
	if ea != nil || eb != nil {
		return ea != nil && eb != nil && errors.Is(ea, ErrUndefined) == errors.Is(eb, ErrUndefined)
	}
	return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(a))
}

func TestRegressionPropertyMergePermuteDuplicate(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := drawRegressionRows(t, 0)
		parts := rapid.IntRange(1, 5).Draw(t, "parts")
		part := make([]int, len(r.y))
		for i := range part {
			part[i] = rapid.IntRange(0, parts-1).Draw(t, "part")
		}
		for _, name := range RegressionMetricNames() {
			whole, ew := evalRegression(t, name, r)
			if ew != nil && !errors.Is(ew, ErrUndefined) {
				t.Fatalf("%s: unexpected error %v", name, ew)
			}
			if ew == nil {
				switch name {
				case "r2", "explained_variance":
					if whole > 1 {
						t.Fatalf("%s = %v > 1", name, whole)
					}
				default:
					if whole < 0 {
						t.Fatalf("%s = %v < 0", name, whole)
					}
				}
			}
			accs := make([]RegressionAccumulator, parts)
			for p := range accs {
				accs[p], _ = NewRegressionAccumulator(name)
			}
			for i := range r.y {
				accs[part[i]].Add(r.y[i], r.p[i], r.w[i])
			}
			for _, a := range accs[1:] {
				accs[0].Merge(a)
			}
			merged, em := accs[0].Result()
			if !regressionClose(whole, ew, merged, em) {
				t.Fatalf("%s: whole %.17g, %v; merged from %d parts %.17g, %v", name, whole, ew, parts, merged, em)
			}
		}
		if len(r.y) == 0 {
			return
		}
		// Reversed order, and one row's weight 2 against the row twice.
		var rev regressionRows
		for i := len(r.y) - 1; i >= 0; i-- {
			rev.y, rev.p, rev.w = append(rev.y, r.y[i]), append(rev.p, r.p[i]), append(rev.w, r.w[i])
		}
		for _, name := range RegressionMetricNames() {
			a, ea := evalRegression(t, name, r)
			b, eb := evalRegression(t, name, rev)
			if !clfSameResult(a, ea, b, eb) {
				t.Fatalf("%s: %v, %v; reversed %v, %v", name, a, ea, b, eb)
			}
		}
		j := rapid.IntRange(0, len(r.y)-1).Draw(t, "j")
		one := append([]float64(nil), r.w...)
		one[j] = 1
		dup := regressionRows{append(append([]float64(nil), r.y...), r.y[j]), append(append([]float64(nil), r.p...), r.p[j]), append(one, 1)}
		two := regressionRows{r.y, r.p, append([]float64(nil), r.w...)}
		two.w[j] = 2
		for _, name := range RegressionMetricNames() {
			if len(r.y) == 1 && (name == "r2" || name == "explained_variance") {
				continue // one row is undefined by its count (scikit-learn's rule), two are not
			}
			a, ea := evalRegression(t, name, two)
			b, eb := evalRegression(t, name, dup)
			if !clfSameResult(a, ea, b, eb) {
				t.Fatalf("%s: weight 2 %v, %v; duplicated %v, %v", name, a, ea, b, eb)
			}
		}
	})
}

func TestRegressionHandChecked(t *testing.T) {
	y := []float64{1, 2, 3, 4}
	p := []float64{1, 2, 3, 6}
	for name, c := range map[string]struct {
		f    func(y, p, w []float64) (float64, error)
		want float64
	}{
		"MSE":  {MSE, 1},
		"RMSE": {RMSE, 1},
		"MAE":  {MAE, 0.5},
		"MAPE": {MAPE, 0.5 / 4},
		"R2":   {R2, 1 - 4/5.0},                    // SSE 4, SST 5
		"EV":   {ExplainedVariance, 1 - 0.75/1.25}, // Var(y-p) = 0.75, Var(y) = 1.25
	} {
		if got, err := c.f(y, p, nil); err != nil || !skClose(got, c.want) {
			t.Errorf("%s = %v, %v, want %v", name, got, err, c.want)
		}
	}
	constant := []float64{2, 2, 2}
	if got, _ := R2(constant, constant, nil); got != 1 {
		t.Errorf("R2 of a perfect constant = %v, want 1", got)
	}
	if got, _ := R2(constant, []float64{2, 2, 3}, nil); got != 0 {
		t.Errorf("R2 of a constant target, imperfect = %v, want 0 (force_finite)", got)
	}
	if got, _ := ExplainedVariance(constant, []float64{1, 1, 1}, nil); got != 1 {
		t.Errorf("EV of a constant shift of a constant = %v, want 1", got)
	}
	if got, _ := MAPE([]float64{0}, []float64{1}, nil); got != 1/logLossEps {
		t.Errorf("MAPE of a zero target = %v, want 1/eps", got)
	}
}

func TestRegressionErrors(t *testing.T) {
	if _, err := MSE([]float64{1, math.NaN()}, []float64{1, 2}, nil); err == nil {
		t.Errorf("NaN target: no error")
	}
	if _, err := R2([]float64{1, 2}, []float64{1, math.Inf(1)}, nil); err == nil {
		t.Errorf("Inf prediction: no error")
	}
	if _, err := MAE([]float64{1, 2}, []float64{1, 2}, []float64{1, -2}); err == nil {
		t.Errorf("negative weight: no error")
	}
	if _, err := MSE(nil, nil, nil); !errors.Is(err, ErrUndefined) {
		t.Errorf("empty: %v, want ErrUndefined", err)
	}
	if _, err := R2([]float64{1, 2}, []float64{1, 2}, []float64{0, 0}); !errors.Is(err, ErrUndefined) {
		t.Errorf("zero weight: %v, want ErrUndefined", err)
	}
	mustPanicMetrics(t, "MSE length", func() { MSE([]float64{1}, []float64{1, 2}, nil) })
	mustPanicMetrics(t, "R2 weights length", func() { R2([]float64{1, 2}, []float64{1, 2}, []float64{1}) })
	mustPanicMetrics(t, "Merge different", func() {
		a, _ := NewRegressionAccumulator("mse")
		b, _ := NewRegressionAccumulator("mae")
		a.Merge(b)
	})
}
