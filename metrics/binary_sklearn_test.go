package metrics

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Reference vectors come from testdata/sklearn/gen.py, run with Debian's
// scikit-learn 1.2.1:
//
//	cd metrics/testdata/sklearn && /usr/bin/python3 gen.py

const skTol = 1e-9

// skClose reports |got-want| <= 1e-9·max(1, |want|).
func skClose(got, want float64) bool {
	return math.Abs(got-want) <= skTol*math.Max(1, math.Abs(want))
}

func loadSklearnVectors(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "sklearn", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// skRef is one expected output: a number, or null (NaN) or {"error": ...}
// when scikit-learn has no value.
type skRef struct {
	num   float64
	isNum bool
	raw   json.RawMessage
}

func (r *skRef) UnmarshalJSON(b []byte) error {
	r.raw = append(r.raw[:0], b...)
	if err := json.Unmarshal(b, &r.num); err == nil && string(b) != "null" {
		r.isNum = true
	}
	return nil
}

// checkSkRef compares a metric's value to the reference: equal within 1e-9, or
// an error where scikit-learn gives NaN or raises.
func checkSkRef(t *testing.T, what string, got float64, err error, want skRef) {
	t.Helper()
	switch {
	case want.isNum && err != nil:
		t.Errorf("%s: error %v, want %v", what, err, want.num)
	case want.isNum && !skClose(got, want.num):
		t.Errorf("%s = %.17g, want %.17g (diff %.3g)", what, got, want.num, got-want.num)
	case !want.isNum && err == nil:
		t.Errorf("%s = %v, want an error (scikit-learn: %s)", what, got, want.raw)
	}
}

type binaryVector struct {
	Name      string                     `json:"name"`
	Labels    []int                      `json:"labels"`
	Scores    []float64                  `json:"scores"`
	Weights   []float64                  `json:"weights"`
	Threshold float64                    `json:"threshold"`
	Bins      int                        `json:"bins"`
	Expected  map[string]json.RawMessage `json:"expected"`
	Warnings  map[string][]string        `json:"warnings"`
}

// illDefined reports whether scikit-learn warned that its value of key is
// ill-defined or meaningless (a zero_division placeholder, AP without
// positives). There mltest returns an *UndefinedError instead of the
// placeholder number.
func (v binaryVector) illDefined(key string) bool {
	for _, w := range v.Warnings[key] {
		if strings.Contains(w, "ill-defined") || strings.Contains(w, "No positive class found") {
			return true
		}
	}
	return false
}

func (v binaryVector) bools() []bool {
	b := make([]bool, len(v.Labels))
	for i, l := range v.Labels {
		b[i] = l == 1
	}
	return b
}

func (v binaryVector) ref(t *testing.T, key string) skRef {
	t.Helper()
	raw, ok := v.Expected[key]
	if !ok {
		t.Fatalf("%s: no expected %s", v.Name, key)
	}
	var r skRef
	if err := r.UnmarshalJSON(raw); err != nil {
		t.Fatal(err)
	}
	return r
}

// curveRef decodes a tuple of arrays, or reports false when scikit-learn
// raised or returned NaN entries.
func (v binaryVector) curveRef(t *testing.T, key string) ([][]float64, bool) {
	t.Helper()
	var arrays [][]*float64
	if err := json.Unmarshal(v.Expected[key], &arrays); err != nil {
		return nil, false // {"error": ...}
	}
	out := make([][]float64, len(arrays))
	for i, a := range arrays {
		for _, x := range a {
			if x == nil {
				return nil, false
			}
			out[i] = append(out[i], *x)
		}
	}
	return out, true
}

func checkSkSlice(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: len %d, want %d\n got %v\nwant %v", what, len(got), len(want), got, want)
		return
	}
	for i := range got {
		if !skClose(got[i], want[i]) {
			t.Errorf("%s[%d] = %.17g, want %.17g", what, i, got[i], want[i])
			return
		}
	}
}

func TestBinaryMatchesSklearn(t *testing.T) {
	var vectors []binaryVector
	loadSklearnVectors(t, "binary.json", &vectors)
	if len(vectors) < 20 {
		t.Fatalf("only %d binary vectors", len(vectors))
	}
	for _, v := range vectors {
		t.Run(v.Name, func(t *testing.T) {
			labels := v.bools()
			funcs := map[string]func() (float64, error){
				"roc_auc":           func() (float64, error) { return ROCAUC(labels, v.Scores, v.Weights) },
				"average_precision": func() (float64, error) { return AveragePrecision(labels, v.Scores, v.Weights) },
				"log_loss":          func() (float64, error) { return LogLoss(labels, v.Scores, v.Weights) },
				"brier":             func() (float64, error) { return Brier(labels, v.Scores, v.Weights) },
				"accuracy":          func() (float64, error) { return Accuracy(labels, v.Scores, v.Weights, v.Threshold) },
				"precision":         func() (float64, error) { return Precision(labels, v.Scores, v.Weights, v.Threshold) },
				"recall":            func() (float64, error) { return Recall(labels, v.Scores, v.Weights, v.Threshold) },
				"f1":                func() (float64, error) { return F1(labels, v.Scores, v.Weights, v.Threshold) },
				"mcc":               func() (float64, error) { return MCC(labels, v.Scores, v.Weights, v.Threshold) },
				"ece":               func() (float64, error) { return ECE(labels, v.Scores, v.Weights, v.Bins) },
			}
			for _, name := range BinaryMetricNames() {
				want := v.ref(t, name)
				if v.illDefined(name) {
					want = skRef{raw: json.RawMessage(`{"undefined": "scikit-learn warns it is ill-defined"}`)}
				}
				got, err := funcs[name]()
				checkSkRef(t, name, got, err, want)
				if v.illDefined(name) && !errors.Is(err, ErrUndefined) {
					t.Errorf("%s: error %v, want an *UndefinedError where scikit-learn warns %q", name, err, v.Warnings[name])
				}

				acc, err := NewBinaryAccumulator(name, BinaryOptions{Threshold: v.Threshold, Bins: v.Bins})
				if err != nil {
					t.Fatal(err)
				}
				for i, l := range labels {
					acc.Add(l, v.Scores[i], weightAt(v.Weights, i))
				}
				got, err = acc.Result()
				checkSkRef(t, name+" accumulator", got, err, want)
			}
			checkBinaryCurves(t, v, labels)

			var cm struct{ TN, FP, FN, TP float64 }
			if err := json.Unmarshal(v.Expected["confusion"], &cm); err != nil {
				t.Fatal(err)
			}
			got, err := NewConfusionMatrix(labels, v.Scores, v.Weights, v.Threshold)
			if err != nil || !skClose(got.TP, cm.TP) || !skClose(got.FP, cm.FP) || !skClose(got.TN, cm.TN) || !skClose(got.FN, cm.FN) {
				t.Errorf("NewConfusionMatrix = %+v, %v, want %+v", got, err, cm)
			}
		})
	}
}

func checkBinaryCurves(t *testing.T, v binaryVector, labels []bool) {
	t.Helper()
	fpr, tpr, thr, err := ROCCurve(labels, v.Scores, v.Weights)
	if want, ok := v.curveRef(t, "roc_curve"); !ok {
		if err == nil {
			t.Errorf("ROCCurve: no error, want one (scikit-learn: NaN rates)")
		}
	} else if err != nil {
		t.Errorf("ROCCurve: %v", err)
	} else {
		checkSkSlice(t, "ROCCurve fpr", fpr, want[0])
		checkSkSlice(t, "ROCCurve tpr", tpr, want[1])
		if !math.IsInf(thr[0], 1) {
			t.Errorf("ROCCurve thresholds[0] = %v, want +Inf", thr[0])
		}
		checkSkSlice(t, "ROCCurve thresholds[1:]", thr[1:], want[2][1:])
	}

	p, r, thr, err := PRCurve(labels, v.Scores, v.Weights)
	if want, ok := v.curveRef(t, "pr_curve"); !ok {
		t.Fatalf("no pr_curve reference")
	} else if err != nil {
		t.Errorf("PRCurve: %v", err)
	} else {
		checkSkSlice(t, "PRCurve precision", p, want[0])
		checkSkSlice(t, "PRCurve recall", r, want[1])
		checkSkSlice(t, "PRCurve thresholds", thr, want[2])
	}

	pt, pp, err := CalibrationCurve(labels, v.Scores, v.Weights, v.Bins)
	if want, ok := v.curveRef(t, "calibration_curve"); !ok {
		if err == nil {
			t.Errorf("CalibrationCurve: no error, want one")
		}
	} else if err != nil {
		t.Errorf("CalibrationCurve: %v", err)
	} else {
		checkSkSlice(t, "CalibrationCurve prob_true", pt, want[0])
		checkSkSlice(t, "CalibrationCurve prob_pred", pp, want[1])
	}
}

// The conventions the vectors pin down, asserted by kind of error.
func TestBinaryUndefinedConventions(t *testing.T) {
	var vectors []binaryVector
	loadSklearnVectors(t, "binary.json", &vectors)
	byName := map[string]binaryVector{}
	for _, v := range vectors {
		byName[v.Name] = v
	}
	for _, name := range []string{"only_positives", "only_negatives", "positives_zero_weight"} {
		v := byName[name]
		if _, err := ROCAUC(v.bools(), v.Scores, v.Weights); !errors.Is(err, ErrUndefined) {
			t.Errorf("%s: ROCAUC error %v, want ErrUndefined", name, err)
		}
	}
	v := byName["only_negatives"]
	// scikit-learn 1.2.1 warns and returns 0 (AP) and 0 (recall): no value.
	if _, err := AveragePrecision(v.bools(), v.Scores, v.Weights); !errors.Is(err, ErrUndefined) {
		t.Errorf("only_negatives: AveragePrecision error %v, want ErrUndefined", err)
	}
	if _, err := Recall(v.bools(), v.Scores, v.Weights, v.Threshold); !errors.Is(err, ErrUndefined) {
		t.Errorf("only_negatives: Recall error %v, want ErrUndefined", err)
	}
	if _, err := LogLoss(v.bools(), v.Scores, v.Weights); !errors.Is(err, ErrUndefined) {
		t.Errorf("only_negatives: LogLoss error %v, want ErrUndefined", err)
	}
	// scikit-learn raises for scores outside [0, 1]; here brier and ece
	// alone are undefined, naming the first such row (issue 14: a logit
	// must not sink the metrics that accept it).
	v = byName["logits"]
	for name, err := range map[string]error{
		"Brier": func() error { _, err := Brier(v.bools(), v.Scores, nil); return err }(),
		"ECE":   func() error { _, err := ECE(v.bools(), v.Scores, nil, 15); return err }(),
	} {
		if !errors.Is(err, ErrUndefined) || !strings.Contains(err.Error(), "row 0: score -5.47") || !strings.Contains(err.Error(), "not a probability in [0, 1]") {
			t.Errorf("logits: %s error %v, want undefined naming row 0 and its score", name, err)
		}
	}
}

// lcgRows regenerates the inputs of testdata/sklearn/binary_large.json, as
// lcg_rows in gen.py does.
func lcgRows(n int, seed uint64, ties bool) (labels []bool, scores, weights []float64) {
	x := seed
	step := func() uint64 {
		x = 6364136223846793005*x + 1442695040888963407
		return x
	}
	for i := 0; i < n; i++ {
		s := float64(step()>>11) * 0x1p-53
		if ties {
			s = math.Floor(s*100) / 100
		}
		x2 := step()
		labels = append(labels, float64(x2>>11)*0x1p-53 < s)
		scores = append(scores, s)
		weights = append(weights, float64((x2>>3)&15)/4)
	}
	return labels, scores, weights
}

// Large inputs take the bucketed radix sort; their expected values come from
// scikit-learn on the same LCG rows.
func TestBinaryLargeMatchesSklearn(t *testing.T) {
	var cases []struct {
		Name      string           `json:"name"`
		N         int              `json:"n"`
		Seed      uint64           `json:"seed"`
		Ties      bool             `json:"ties"`
		Weighted  bool             `json:"weighted"`
		Threshold float64          `json:"threshold"`
		Bins      int              `json:"bins"`
		Expected  map[string]skRef `json:"expected"`
	}
	loadSklearnVectors(t, "binary_large.json", &cases)
	if len(cases) < 6 {
		t.Fatalf("only %d large vectors", len(cases))
	}
	for _, c := range cases {
		labels, scores, weights := lcgRows(c.N, c.Seed, c.Ties)
		if !c.Weighted {
			weights = nil
		}
		funcs := map[string]func() (float64, error){
			"roc_auc":           func() (float64, error) { return ROCAUC(labels, scores, weights) },
			"average_precision": func() (float64, error) { return AveragePrecision(labels, scores, weights) },
			"log_loss":          func() (float64, error) { return LogLoss(labels, scores, weights) },
			"brier":             func() (float64, error) { return Brier(labels, scores, weights) },
			"accuracy":          func() (float64, error) { return Accuracy(labels, scores, weights, c.Threshold) },
			"precision":         func() (float64, error) { return Precision(labels, scores, weights, c.Threshold) },
			"recall":            func() (float64, error) { return Recall(labels, scores, weights, c.Threshold) },
			"f1":                func() (float64, error) { return F1(labels, scores, weights, c.Threshold) },
			"mcc":               func() (float64, error) { return MCC(labels, scores, weights, c.Threshold) },
			"ece":               func() (float64, error) { return ECE(labels, scores, weights, c.Bins) },
		}
		for _, name := range BinaryMetricNames() {
			want, ok := c.Expected[name]
			if !ok {
				t.Fatalf("%s: no expected %s", c.Name, name)
			}
			got, err := funcs[name]()
			checkSkRef(t, c.Name+" "+name, got, err, want)
			acc, _ := NewBinaryAccumulator(name, BinaryOptions{Threshold: c.Threshold, Bins: c.Bins})
			for i, l := range labels {
				acc.Add(l, scores[i], weightAt(weights, i))
			}
			got, err = acc.Result()
			checkSkRef(t, c.Name+" "+name+" accumulator", got, err, want)
		}
	}
}
