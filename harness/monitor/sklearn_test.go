package monitor_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"testing"
	"time"

	"github.com/mltest/mltest/harness/monitor"
	"github.com/mltest/mltest/metrics/evaluate"
)

// Each window's metrics, and its label-free estimates, equal
// scikit-learn's on the same rows (testdata/sklearn_windows.py, which also
// wrote the log): the metrics on the window's joined rows, the estimates
// on every prediction of the window expanded by its probability.
func TestWindowsEqualScikitLearn(t *testing.T) {
	var ref struct {
		Windows []struct {
			Start              int64
			N, Labeled         int
			Metrics, Estimated map[string]float64
		}
	}
	b, err := os.ReadFile("testdata/sklearn_windows.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	opt := evaluate.DefaultOptions(evaluate.Binary)
	opt.Metrics = []string{"roc_auc", "average_precision", "log_loss", "brier", "accuracy", "precision", "recall", "f1", "mcc"}
	cfg := monitor.Config{Predictions: "testdata/sklearn_log.jsonl",
		Columns: monitor.Columns{ID: "id", Time: "ts", Label: "y", Scores: []string{"score"}, Weight: "w"},
		Options: monitor.Options{Evaluate: opt, Window: time.Hour, LabelDelay: 10 * time.Minute, Estimate: true}}
	var ws []monitor.Window
	if _, err := monitor.Run(context.Background(), cfg, monitor.Observer{Window: func(w monitor.Window) error { ws = append(ws, w); return nil }}); err != nil {
		t.Fatal(err)
	}
	ws = ws[:min(len(ws), 3)] // a fourth window holds late labels only
	if len(ws) != len(ref.Windows) {
		t.Fatalf("%d windows, scikit-learn %d", len(ws), len(ref.Windows))
	}
	for i, w := range ws {
		want := ref.Windows[i]
		if w.Start != want.Start*1e9 || w.N != want.N || w.Labeled != want.Labeled {
			t.Errorf("window %d: start %d n %d labeled %d, want %d %d %d", i, w.Start/1e9, w.N, w.Labeled, want.Start, want.N, want.Labeled)
		}
		for _, c := range []struct {
			rep  *evaluate.Report
			want map[string]float64
			what string
		}{{w.Report, want.Metrics, "measured"}, {w.Estimated, want.Estimated, "estimated"}} {
			for name, x := range c.want {
				got, ok := c.rep.Value(c.rep.Overall, name)
				if !ok || math.Abs(got-x) > 1e-12*math.Max(1, math.Abs(x)) {
					t.Errorf("window %d %s %s = %v, scikit-learn %v", i, c.what, name, got, x)
				}
			}
		}
	}
}
