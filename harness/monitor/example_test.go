package monitor_test

import (
	"fmt"
	"time"

	"github.com/mltest/mltest/harness/monitor"
	"github.com/mltest/mltest/metrics/evaluate"
)

// Predictions and their labels, joined by id in hourly windows; a label
// that comes more than ten minutes late is counted, not joined.
func ExampleMonitor() {
	opt := evaluate.DefaultOptions(evaluate.Binary)
	opt.Metrics = []string{"accuracy"}
	rule, _ := monitor.ParseRule("accuracy < 0.9")
	m, err := monitor.New(monitor.Options{Evaluate: opt, Window: time.Hour, LabelDelay: 10 * time.Minute, Alerts: []monitor.Rule{rule}})
	if err != nil {
		fmt.Println(err)
		return
	}
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	at := func(min int) int64 { return t0.Add(time.Duration(min) * time.Minute).UnixNano() }
	events := []monitor.Event{
		{ID: "a", Time: at(0), HasPrediction: true, Scores: []float64{0.9}, Weight: 1},
		{ID: "b", Time: at(5), HasPrediction: true, Scores: []float64{0.2}, Weight: 1},
		{ID: "c", Time: at(7), HasPrediction: true, Scores: []float64{0.7}, Weight: 1},
		{ID: "a", Time: at(3), HasLabel: true, Label: 1},
		{ID: "b", Time: at(8), HasLabel: true, Label: 1},
		{ID: "c", Time: at(30), HasLabel: true, Label: 1}, // 23 minutes: late
	}
	for i := range events {
		if _, err := m.Add(&events[i]); err != nil {
			fmt.Println(err)
			return
		}
	}
	windows, _ := m.Flush()
	for _, w := range windows {
		acc, _ := w.Report.Value(w.Report.Overall, "accuracy")
		fmt.Printf("%s n=%d labeled=%d late=%d accuracy=%.2f\n", monitor.FormatTime(w.Start), w.N, w.Labeled, w.LateLabels, acc)
		for _, a := range w.Alerts {
			fmt.Println("alert:", a.Message)
		}
	}
	// Output:
	// 2026-12-01T10:00:00Z n=3 labeled=2 late=1 accuracy=0.50
	// alert: accuracy 0.5 < 0.9
}

func ExampleParseTime() {
	for _, s := range []string{"2026-12-01T10:00:00Z", "1796119200", "1796119200.25"} {
		ns, err := monitor.ParseTime(s)
		fmt.Println(monitor.FormatTime(ns), err)
	}
	// Output:
	// 2026-12-01T10:00:00Z <nil>
	// 2026-12-01T10:00:00Z <nil>
	// 2026-12-01T10:00:00.25Z <nil>
}
