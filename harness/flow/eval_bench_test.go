package flow_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/internal/bench/gendata"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/evaluate"
)

// evalBenchFile returns the benchmark's CSV: MLTEST_EVAL_BENCH_FILE when set
// (internal/bench's 10M-row file, say), else 1,000,000 generated rows.
func evalBenchFile(b *testing.B) string {
	if f := os.Getenv("MLTEST_EVAL_BENCH_FILE"); f != "" {
		return f
	}
	path := filepath.Join(b.TempDir(), "eval1m.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := gendata.WriteEvalCSV(f, 1_000_000, 7); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkEvalCSV is flow.Eval, mltest eval's flow, on a weighted binary
// CSV: the exact ROC AUC alone (the reader and the sort), the default binary
// metrics exact and bounded, and three metrics with 200 bootstrap resamples
// (twice: with accuracy, and with average_precision, a ranking metric).
func BenchmarkEvalCSV(b *testing.B) {
	file := evalBenchFile(b)
	info, err := os.Stat(file)
	if err != nil {
		b.Fatal(err)
	}
	cols := table.Columns{Task: evaluate.Binary, Label: "label", Scores: []string{"score"}, Weight: "weight"}
	for _, c := range []struct {
		name    string
		metrics []string
		bounded int
		ci      bool
	}{
		{"roc_auc", []string{"roc_auc"}, 0, false},
		{"default", nil, 0, false},
		{"default_bounded", nil, metrics.DefaultHistogramBits, false},
		{"ci200", []string{"roc_auc", "log_loss", "accuracy"}, 0, true},
		{"ci200_ap", []string{"roc_auc", "average_precision", "log_loss"}, 0, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			opt := evaluate.DefaultOptions(evaluate.Binary)
			opt.Metrics = c.metrics
			opt.BoundedAUC = c.bounded
			if c.ci {
				opt.Intervals = evaluate.IntervalOptions{Level: 0.95, Resamples: 200, Seed: 1}
			}
			b.SetBytes(info.Size())
			for b.Loop() {
				if _, err := flow.Eval(file, cols, opt, table.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
