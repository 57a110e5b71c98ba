package metrics

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// Small cases whose values can be checked by hand.
func TestBinaryHandChecked(t *testing.T) {
	labels := []bool{false, false, true, true}
	scores := []float64{0.1, 0.4, 0.35, 0.8}
	// Pairs (pos, neg): (0.35, 0.1) right, (0.35, 0.4) wrong, (0.8, *) right: 3/4.
	if got, err := ROCAUC(labels, scores, nil); err != nil || got != 0.75 {
		t.Errorf("ROCAUC = %v, %v, want 0.75", got, err)
	}
	// Thresholds 0.8: P=1, R=1/2; 0.4: P=1/2; 0.35: P=2/3, R=1. AP = 1/2·1 + 1/2·2/3.
	if got, err := AveragePrecision(labels, scores, nil); err != nil || !skClose(got, 0.5+1.0/3) {
		t.Errorf("AveragePrecision = %v, %v, want 5/6", got, err)
	}
	// Ties: a tied positive-negative pair counts one half.
	if got, err := ROCAUC([]bool{false, true, false, true}, []float64{0.5, 0.5, 0.1, 0.9}, nil); err != nil || got != 0.875 {
		t.Errorf("ROCAUC with a tie = %v, %v, want 0.875 = (1 + 1 + 1 + 0.5)/4", got, err)
	}
	// Weight 3 on the misordered pair's negative: pairs weigh 1·1, 1·3 (wrong), 1·1, 1·3.
	if got, err := ROCAUC(labels, scores, []float64{1, 3, 1, 1}); err != nil || got != 5.0/8 {
		t.Errorf("weighted ROCAUC = %v, %v, want 5/8", got, err)
	}
	// At threshold 0.4: predictions F, T, F, T: TP=1, FP=1, TN=1, FN=1.
	cm, err := NewConfusionMatrix(labels, scores, nil, 0.4)
	if err != nil || cm != (ConfusionMatrix{TP: 1, FP: 1, TN: 1, FN: 1}) {
		t.Errorf("NewConfusionMatrix = %+v, %v", cm, err)
	}
	if got, _ := Accuracy(labels, scores, nil, 0.4); got != 0.5 {
		t.Errorf("Accuracy = %v, want 0.5", got)
	}
	if got, _ := MCC(labels, scores, nil, 0.4); got != 0 {
		t.Errorf("MCC = %v, want 0", got)
	}
	// score >= threshold is positive: 0.35 at threshold 0.35 counts.
	if got, _ := Recall(labels, scores, nil, 0.35); got != 1 {
		t.Errorf("Recall at 0.35 = %v, want 1", got)
	}
	if got, _ := Precision(labels, scores, nil, 0.35); !skClose(got, 2.0/3) {
		t.Errorf("Precision at 0.35 = %v, want 2/3", got)
	}
	if got, _ := F1(labels, scores, nil, 0.35); !skClose(got, 0.8) {
		t.Errorf("F1 at 0.35 = %v, want 0.8", got)
	}
	// Nothing predicted positive: precision has no value (scikit-learn warns,
	// returns 0); F1 is 0 since recall is defined (2TP/(2TP+FP+FN) = 0/2).
	if _, err := Precision(labels, scores, nil, 0.9); !errors.Is(err, ErrUndefined) {
		t.Errorf("Precision with no predicted positives: error %v, want ErrUndefined", err)
	}
	if got, err := F1(labels, scores, nil, 0.9); err != nil || got != 0 {
		t.Errorf("F1 with no predicted positives = %v, %v, want 0", got, err)
	}
	// No positives and no positive predictions: F1 has no value either.
	neg := []bool{false, false, false, false}
	if _, err := F1(neg, scores, nil, 0.9); !errors.Is(err, ErrUndefined) {
		t.Errorf("F1 without positives: error %v, want ErrUndefined", err)
	}
	// Log loss of p = 0.5 everywhere is log 2; Brier 0.25.
	half := []float64{0.5, 0.5, 0.5, 0.5}
	if got, _ := LogLoss(labels, half, nil); !skClose(got, math.Ln2) {
		t.Errorf("LogLoss(0.5) = %v, want ln 2", got)
	}
	if got, _ := Brier(labels, half, nil); got != 0.25 {
		t.Errorf("Brier(0.5) = %v, want 0.25", got)
	}
	// A confident wrong answer costs -log(eps), finite.
	if got, _ := LogLoss([]bool{true, false}, []float64{0, 0}, nil); !skClose(got, -math.Log(logLossEps)/2) {
		t.Errorf("LogLoss with p=0 for a positive = %v, want -log(eps)/2", got)
	}
	// ECE: two bins of 2 (15 bins): [0.1] alone is bin 1, ...; use 2 bins for hand values.
	// Bin [0, 0.5]: scores 0.1, 0.4, 0.35 labels F F T: |1/3 - 0.85/3|; bin (0.5, 1]: 0.8, T: |1 - 0.8|.
	want := 3.0/4*math.Abs(1.0/3-0.85/3) + 1.0/4*0.2
	if got, _ := ECE(labels, scores, nil, 2); !skClose(got, want) {
		t.Errorf("ECE(2 bins) = %v, want %v", got, want)
	}
	// 0.5 is an inner edge of 2 bins and belongs to the lower bin (searchsorted left).
	pt, pp, _ := CalibrationCurve([]bool{true, false}, []float64{0.5, 1}, nil, 2)
	if len(pt) != 2 || pt[0] != 1 || pp[0] != 0.5 || pt[1] != 0 || pp[1] != 1 {
		t.Errorf("CalibrationCurve = %v, %v, want [1 0], [0.5 1]", pt, pp)
	}
}

func TestROCCurveHandChecked(t *testing.T) {
	labels := []bool{false, false, true, true}
	scores := []float64{0.1, 0.4, 0.35, 0.8}
	fpr, tpr, thr, err := ROCCurve(labels, scores, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantF := []float64{0, 0, 0.5, 0.5, 1}
	wantT := []float64{0, 0.5, 0.5, 1, 1}
	wantThr := []float64{math.Inf(1), 0.8, 0.4, 0.35, 0.1}
	checkSkSlice(t, "fpr", fpr, wantF)
	checkSkSlice(t, "tpr", tpr, wantT)
	if thr[0] != wantThr[0] {
		t.Errorf("thresholds[0] = %v, want +Inf", thr[0])
	}
	checkSkSlice(t, "thresholds", thr[1:], wantThr[1:])

	p, r, thr, err := PRCurve(labels, scores, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkSkSlice(t, "precision", p, []float64{0.5, 2.0 / 3, 0.5, 1, 1})
	checkSkSlice(t, "recall", r, []float64{1, 1, 0.5, 0.5, 0})
	checkSkSlice(t, "pr thresholds", thr, []float64{0.1, 0.35, 0.4, 0.8})
}

func TestBinaryUndefined(t *testing.T) {
	one := []bool{true, true}
	s := []float64{0.2, 0.7}
	for name, f := range map[string]func() (float64, error){
		"ROCAUC one class":        func() (float64, error) { return ROCAUC(one, s, nil) },
		"LogLoss one class":       func() (float64, error) { return LogLoss(one, s, nil) },
		"ROCAUC empty":            func() (float64, error) { return ROCAUC(nil, nil, nil) },
		"AveragePrecision empty":  func() (float64, error) { return AveragePrecision(nil, nil, nil) },
		"Accuracy zero weight":    func() (float64, error) { return Accuracy(one, s, []float64{0, 0}, 0.5) },
		"Brier empty":             func() (float64, error) { return Brier(nil, nil, nil) },
		"ECE zero weight":         func() (float64, error) { return ECE(one, s, []float64{0, 0}, 15) },
		"ROCAUC zero-weight negs": func() (float64, error) { return ROCAUC([]bool{true, false}, s, []float64{1, 0}) },
	} {
		got, err := f()
		if !errors.Is(err, ErrUndefined) || !math.IsNaN(got) {
			t.Errorf("%s = %v, %v, want NaN and an *UndefinedError", name, got, err)
		}
	}
	if _, _, _, err := ROCCurve(one, s, nil); !errors.Is(err, ErrUndefined) {
		t.Errorf("ROCCurve one class: %v, want ErrUndefined", err)
	}
}

func TestBinaryBadValues(t *testing.T) {
	labels := []bool{true, false, true}
	good := []float64{0.2, 0.5, 0.9}
	nan := []float64{0.2, math.NaN(), 0.9}
	inf := []float64{0.2, math.Inf(1), 0.9}
	negW := []float64{1, -1, 1}
	nanW := []float64{1, math.NaN(), 1}
	for _, name := range BinaryMetricNames() {
		for _, c := range []struct {
			what           string
			scores, weight []float64
		}{{"NaN score", nan, nil}, {"Inf score", inf, nil}, {"negative weight", good, negW}, {"NaN weight", good, nanW}} {
			acc, _ := NewBinaryAccumulator(name, DefaultBinaryOptions())
			for i, l := range labels {
				acc.Add(l, c.scores[i], weightAt(c.weight, i))
			}
			_, err := acc.Result()
			if err == nil || errors.Is(err, ErrUndefined) || !strings.Contains(err.Error(), "row 1") {
				t.Errorf("%s accumulator with %s: error %v, want one naming row 1", name, c.what, err)
			}
		}
	}
	funcs := map[string]func(s, w []float64) error{
		"ROCAUC":           func(s, w []float64) error { _, err := ROCAUC(labels, s, w); return err },
		"AveragePrecision": func(s, w []float64) error { _, err := AveragePrecision(labels, s, w); return err },
		"LogLoss":          func(s, w []float64) error { _, err := LogLoss(labels, s, w); return err },
		"F1":               func(s, w []float64) error { _, err := F1(labels, s, w, 0.5); return err },
		"ROCCurve":         func(s, w []float64) error { _, _, _, err := ROCCurve(labels, s, w); return err },
		"PRCurve":          func(s, w []float64) error { _, _, _, err := PRCurve(labels, s, w); return err },
		"CalibrationCurve": func(s, w []float64) error { _, _, err := CalibrationCurve(labels, s, w, 10); return err },
	}
	for name, f := range funcs {
		if err := f(nan, nil); err == nil {
			t.Errorf("%s with a NaN score: no error", name)
		}
		if err := f(good, negW); err == nil {
			t.Errorf("%s with a negative weight: no error", name)
		}
	}
	if _, err := Brier(labels, []float64{0.2, 1.5, 0.1}, nil); err == nil {
		t.Errorf("Brier with a score of 1.5: no error")
	}
	if _, err := ECE(labels, []float64{0.2, -0.1, 0.1}, nil, 15); err == nil {
		t.Errorf("ECE with a score of -0.1: no error")
	}
}

// mustPanicMetrics fails unless f panics with a "metrics:" message.
func mustPanicMetrics(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if s, ok := r.(string); !ok || !strings.HasPrefix(s, "metrics:") {
			t.Errorf("%s: panic %v, want a \"metrics:\" panic", what, r)
		}
	}()
	f()
}

func TestBinaryLengthMismatchPanics(t *testing.T) {
	l := []bool{true, false}
	s := []float64{0.1}
	w := []float64{1, 1, 1}
	ok := []float64{0.1, 0.2}
	calls := map[string]func(){
		"ROCAUC scores":           func() { ROCAUC(l, s, nil) },
		"ROCAUC weights":          func() { ROCAUC(l, ok, w) },
		"AveragePrecision":        func() { AveragePrecision(l, s, nil) },
		"LogLoss":                 func() { LogLoss(l, s, nil) },
		"Brier":                   func() { Brier(l, ok, w) },
		"Accuracy":                func() { Accuracy(l, s, nil, 0.5) },
		"Precision":               func() { Precision(l, s, nil, 0.5) },
		"Recall":                  func() { Recall(l, s, nil, 0.5) },
		"F1":                      func() { F1(l, s, nil, 0.5) },
		"MCC":                     func() { MCC(l, s, nil, 0.5) },
		"ECE":                     func() { ECE(l, s, nil, 15) },
		"CalibrationCurve":        func() { CalibrationCurve(l, ok, w, 15) },
		"ROCCurve":                func() { ROCCurve(l, s, nil) },
		"PRCurve":                 func() { PRCurve(l, ok, w) },
		"NewConfusionMatrix":      func() { NewConfusionMatrix(l, s, nil, 0.5) },
		"ECE zero bins":           func() { ECE(l, ok, nil, 0) },
		"Merge different metrics": func() { mergeDifferent() },
	}
	for name, f := range calls {
		mustPanicMetrics(t, name, f)
	}
}

func mergeDifferent() {
	a, _ := NewBinaryAccumulator("f1", DefaultBinaryOptions())
	b, _ := NewBinaryAccumulator("mcc", DefaultBinaryOptions())
	a.Merge(b)
}

func TestRegistry(t *testing.T) {
	want := "roc_auc average_precision log_loss brier accuracy precision recall f1 mcc ece"
	if got := strings.Join(BinaryMetricNames(), " "); got != want {
		t.Errorf("BinaryMetricNames = %s, want %s", got, want)
	}
	want = "accuracy log_loss macro_f1 micro_f1 weighted_f1 top_k_accuracy roc_auc_ovr"
	if got := strings.Join(MulticlassMetricNames(), " "); got != want {
		t.Errorf("MulticlassMetricNames = %s, want %s", got, want)
	}
	want = "mse rmse mae r2 mape explained_variance"
	if got := strings.Join(RegressionMetricNames(), " "); got != want {
		t.Errorf("RegressionMetricNames = %s, want %s", got, want)
	}
	for _, name := range BinaryMetricNames() {
		a, err := NewBinaryAccumulator(name, DefaultBinaryOptions())
		if err != nil || a.Name() != name {
			t.Errorf("NewBinaryAccumulator(%q) = %v, %v", name, a, err)
		}
	}
	for _, name := range MulticlassMetricNames() {
		a, err := NewMulticlassAccumulator(name, MulticlassOptions{Classes: 3})
		if err != nil || a.Name() != name {
			t.Errorf("NewMulticlassAccumulator(%q) = %v, %v", name, a, err)
		}
		if _, err := NewMulticlassAccumulator(name, MulticlassOptions{Classes: 1}); err == nil {
			t.Errorf("NewMulticlassAccumulator(%q) with 1 class: no error", name)
		}
	}
	for _, name := range RegressionMetricNames() {
		a, err := NewRegressionAccumulator(name)
		if err != nil || a.Name() != name {
			t.Errorf("NewRegressionAccumulator(%q) = %v, %v", name, a, err)
		}
	}
	_, err := NewBinaryAccumulator("auc", DefaultBinaryOptions())
	if err == nil || !strings.Contains(err.Error(), "roc_auc, average_precision") {
		t.Errorf("unknown binary metric: %v, want an error listing the names", err)
	}
	if _, err := NewMulticlassAccumulator("f1", MulticlassOptions{Classes: 3}); err == nil || !strings.Contains(err.Error(), "macro_f1") {
		t.Errorf("unknown multiclass metric: %v", err)
	}
	if _, err := NewRegressionAccumulator("rmsle"); err == nil || !strings.Contains(err.Error(), "explained_variance") {
		t.Errorf("unknown regression metric: %v", err)
	}
	if _, err := NewBinaryAccumulator("ece", BinaryOptions{Bins: -1}); err == nil {
		t.Errorf("ece with -1 bins: no error")
	}
	// Defaults: threshold 0.5 (>=), 15 bins.
	a, _ := NewBinaryAccumulator("accuracy", DefaultBinaryOptions())
	a.Add(true, 0.5, 1)
	a.Add(false, 0.49, 1)
	if got, _ := a.Result(); got != 1 {
		t.Errorf("default threshold: accuracy %v, want 1 (0.5 >= 0.5 is positive)", got)
	}
}

// After a Merge, adding to either accumulator leaves the other unchanged,
// though the rank accumulators share stored chunks.
func TestRankMergeThenAddIndependent(t *testing.T) {
	for _, name := range []string{"roc_auc", "average_precision"} {
		a, _ := NewBinaryAccumulator(name, DefaultBinaryOptions())
		b, _ := NewBinaryAccumulator(name, DefaultBinaryOptions())
		a.Add(true, 0.9, 1)
		a.Add(false, 0.2, 1)
		b.Add(false, 0.6, 1)
		b.Add(true, 0.4, 1)
		a.Merge(b)
		want, _ := a.Result() // pairs: 0.9>0.2, 0.9>0.6, 0.4>0.2, 0.4<0.6: AUC 3/4
		b.Add(true, 0.1, 5)   // must not reach a
		a.Add(false, 0.95, 1) // must not reach b
		a2, _ := NewBinaryAccumulator(name, DefaultBinaryOptions())
		for _, r := range []struct {
			l    bool
			s, w float64
		}{{true, 0.9, 1}, {false, 0.2, 1}, {false, 0.6, 1}, {true, 0.4, 1}, {false, 0.95, 1}} {
			a2.Add(r.l, r.s, r.w)
		}
		got, _ := a.Result()
		if w2, _ := a2.Result(); got != w2 {
			t.Errorf("%s: merged then added = %v, want %v", name, got, w2)
		}
		b2, _ := NewBinaryAccumulator(name, DefaultBinaryOptions())
		b2.Add(false, 0.6, 1)
		b2.Add(true, 0.4, 1)
		b2.Add(true, 0.1, 5)
		gb, _ := b.Result()
		if wb, _ := b2.Result(); gb != wb {
			t.Errorf("%s: source after merge = %v, want %v", name, gb, wb)
		}
		if name == "roc_auc" && want != 0.75 {
			t.Errorf("merged AUC = %v, want 0.75", want)
		}
	}
}
