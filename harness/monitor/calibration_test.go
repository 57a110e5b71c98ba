package monitor_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mltest/mltest/harness/monitor"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/evaluate"
)

// Scores whose labels follow them are calibrated: no warning. Scores pushed
// toward the extremes (p^3 for the positives' share p) are not: a warning,
// from the reference file as mltest monitor --estimate --reference reads it.
func TestCalibrationWarning(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	n := 5000
	labels := make([]bool, n)
	calibrated, extreme := make([]float64, n), make([]float64, n)
	var csv strings.Builder
	csv.WriteString("y,s,x\n")
	for i := range n {
		p := r.Float64()
		labels[i] = r.Float64() < p
		calibrated[i] = p
		extreme[i] = math.Pow(p, 3)
		y := 0
		if labels[i] {
			y = 1
		}
		fmt.Fprintf(&csv, "%d,%v,%v\n", y, extreme[i], r.NormFloat64())
	}
	if w, err := monitor.CalibrationWarning(labels, calibrated, nil); err != nil || w != "" {
		t.Errorf("calibrated scores: %q, %v", w, err)
	}
	// On 40 calibrated rows the ECE is mostly noise (above 0.05 here); the
	// z test keeps it from raising a warning.
	if ece, _ := metrics.ECE(labels[:40], calibrated[:40], nil, 15); ece <= 0.05 {
		t.Fatalf("ECE %v on 40 rows: the case needs a noisy one", ece)
	}
	if w, err := monitor.CalibrationWarning(labels[:40], calibrated[:40], nil); err != nil || w != "" {
		t.Errorf("40 calibrated rows: %q, %v", w, err)
	}
	w, err := monitor.CalibrationWarning(labels, extreme, nil)
	if err != nil || !strings.HasPrefix(w, "the reference data show the scores are not calibrated (ECE 0.") {
		t.Errorf("miscalibrated scores: %q, %v", w, err)
	}
	path := filepath.Join(t.TempDir(), "ref.csv")
	if err := os.WriteFile(path, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cols := monitor.Columns{Label: "y", Scores: []string{"s"}}
	prof, warning, checked, err := monitor.ReadReference(path, []string{"x"}, nil, cols, evaluate.Binary)
	if err != nil || prof == nil || !checked || warning != w {
		t.Errorf("ReadReference: profile %v, checked %v, warning %q, %v", prof != nil, checked, warning, err)
	}
	// A reference without the label and score columns: drift only, unchecked.
	cols = monitor.Columns{Label: "clicked", Scores: []string{"score"}}
	if _, warning, checked, err := monitor.ReadReference(path, []string{"x"}, nil, cols, evaluate.Binary); err != nil || checked || warning != "" {
		t.Errorf("no label column: checked %v, %q, %v", checked, warning, err)
	}
}
