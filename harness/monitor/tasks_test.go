package monitor_test

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mltest/mltest/harness/monitor"
	"github.com/mltest/mltest/metrics/evaluate"
)

// Multiclass and regression windows hold the engine's values on the
// window's rows, in the order the predictions came.
func TestMulticlassAndRegressionWindows(t *testing.T) {
	for _, task := range []evaluate.Task{evaluate.Multiclass, evaluate.Regression} {
		r := rand.New(rand.NewPCG(8, 8))
		opt := evaluate.DefaultOptions(task)
		m, err := monitor.New(monitor.Options{Evaluate: opt, Window: time.Hour, LabelDelay: time.Minute, Estimate: task == evaluate.Multiclass})
		if err != nil {
			t.Fatal(err)
		}
		var rows [][]evaluate.Row
		var ws []monitor.Window
		for i := range 600 {
			h := i / 200
			var row evaluate.Row
			if task == evaluate.Multiclass {
				a, b := r.Float64(), r.Float64()
				p := []float64{a / 2, b / 2, 1 - a/2 - b/2}
				row = evaluate.Row{Label: float64(r.IntN(3)), Scores: p, Weight: 1}
			} else {
				row = evaluate.Row{Label: r.NormFloat64(), Scores: []float64{r.NormFloat64()}, Weight: 1}
			}
			for len(rows) <= h {
				rows = append(rows, nil)
			}
			rows[h] = append(rows[h], row)
			tp := t0.Add(time.Duration(h)*time.Hour + time.Duration(i%200)*10*time.Second)
			for _, ev := range []monitor.Event{
				{ID: strconv.Itoa(i), Time: tp.UnixNano(), HasPrediction: true, Scores: row.Scores, Weight: 1},
				{ID: strconv.Itoa(i), Time: tp.Add(30 * time.Second).UnixNano(), HasLabel: true, Label: row.Label},
			} {
				got, err := m.Add(&ev)
				if err != nil {
					t.Fatal(err)
				}
				ws = append(ws, got...)
			}
		}
		got, err := m.Flush()
		if err != nil {
			t.Fatal(err)
		}
		ws = append(ws, got...)
		if len(ws) != 3 {
			t.Fatalf("%s: %d windows", task, len(ws))
		}
		for h, w := range ws {
			want, err := evaluate.Run(opt, len(rows[h]), func(i int) evaluate.Row { return rows[h][i] }, nil)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want.Overall, w.Report.Overall); d != "" {
				t.Errorf("%s window %d (-engine +monitor):\n%s", task, h, d)
			}
			if task == evaluate.Multiclass {
				if acc, ok := w.Estimated.Value(w.Estimated.Overall, "accuracy"); !ok || acc <= 0 || acc > 1 {
					t.Errorf("estimated accuracy %v %v", acc, ok)
				}
			}
		}
	}
}
