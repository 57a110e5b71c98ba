package monitor_test

import (
	"errors"
	"testing"
	"time"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/harness/monitor"
	"github.com/mltest/mltest/metrics/evaluate"
)

var t0 = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

func at(min int) int64 { return t0.Add(time.Duration(min) * time.Minute).UnixNano() }

func predEv(id string, min int, score float64, line int) *monitor.Event {
	return &monitor.Event{File: "log.jsonl", Line: line, ID: id, Time: at(min), HasPrediction: true, Scores: []float64{score}, Weight: 1}
}

func labelEv(id string, min int, y float64, line int) *monitor.Event {
	return &monitor.Event{File: "log.jsonl", Line: line, ID: id, Time: at(min), HasLabel: true, Label: y}
}

func newMonitor(t *testing.T, opt monitor.Options) *monitor.Monitor {
	t.Helper()
	if opt.Evaluate.Task == "" {
		opt.Evaluate = evaluate.DefaultOptions(evaluate.Binary)
		opt.Evaluate.Metrics = []string{"accuracy"}
	}
	m, err := monitor.New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Every kind of event ends in exactly one count: joined, late, unmatched,
// duplicate, late prediction; a duplicate prediction id is an error naming
// both lines; the window closes when the watermark passes its end.
func TestEveryEventIsCounted(t *testing.T) {
	m := newMonitor(t, monitor.Options{Window: time.Hour, LabelDelay: 10 * time.Minute})
	var windows []monitor.Window
	add := func(ev *monitor.Event) error {
		ws, err := m.Add(ev)
		windows = append(windows, ws...)
		return err
	}
	for _, ev := range []*monitor.Event{
		predEv("a", 0, 0.9, 1), labelEv("a", 5, 1, 2), // joined
		predEv("b", 10, 0.8, 3), labelEv("b", 30, 1, 4), // 20 minutes after: late
		predEv("c", 20, 0.3, 5),                         // no label
		labelEv("d", 40, 1, 6),                          // no prediction, ever: unmatched
		labelEv("e", 41, 0, 7), predEv("e", 39, 0.2, 8), // the label first: joined
		predEv("f", 15, 0.6, 9), // out of order, before the watermark: fine
		labelEv("a", 42, 1, 10), // a second label: duplicate
	} {
		if err := add(ev); err != nil {
			t.Fatal(err)
		}
	}
	err := add(predEv("c", 50, 0.5, 11))
	var ie *table.InputError
	if !errors.As(err, &ie) || ie.Line != 11 || ie.Msg != `duplicate prediction id "c" (first at log.jsonl:5): ids must be unique` {
		t.Fatalf("duplicate prediction: %v", err)
	}
	if len(windows) != 0 {
		t.Fatalf("%d windows before the watermark passed 11:00", len(windows))
	}
	if err := add(predEv("g", 70, 0.5, 12)); err != nil { // watermark 11:00: the first window closes
		t.Fatal(err)
	}
	if len(windows) != 1 {
		t.Fatalf("%d windows once the watermark is 11:00, want 1", len(windows))
	}
	if err := add(predEv("h", 45, 0.5, 13)); err != nil { // its window has closed
		t.Fatal(err)
	}
	if err := add(labelEv("c", 75, 0, 14)); err != nil { // c's window closed: late
		t.Fatal(err)
	}
	ws, err := m.Flush()
	if err != nil {
		t.Fatal(err)
	}
	windows = append(windows, ws...)
	w := windows[0]
	if w.Start != at(0) || w.End != at(60) || w.N != 5 || w.Labeled != 2 || w.LateLabels != 1 {
		t.Errorf("first window: start %s end %s n %d labeled %d late %d, want 10:00 11:00 5 2 1",
			monitor.FormatTime(w.Start), monitor.FormatTime(w.End), w.N, w.Labeled, w.LateLabels)
	}
	if acc, _ := w.Report.Value(w.Report.Overall, "accuracy"); w.Report.Overall.N != 2 || acc != 1 {
		t.Errorf("first window evaluates %d rows with accuracy %v, want a and e, 1", w.Report.Overall.N, acc)
	}
	if len(windows) != 2 || windows[1].N != 1 || windows[1].LateLabels != 1 {
		t.Errorf("second window: %+v", windows[1:])
	}
	want := monitor.Counts{Rows: 13, Predictions: 6, Labels: 6, Joined: 2, LateLabels: 2, UnmatchedLabels: 1,
		DuplicateLabels: 1, LatePredictions: 1, OutOfOrder: 4, Windows: 2}
	if got := m.Counts(); got != want {
		t.Errorf("counts:\n got %+v\nwant %+v", got, want)
	}
}

// With UnlabeledAs, a prediction without a label counts as that label once
// its delay has passed; the label-free estimate uses every prediction.
func TestUnlabeledAsAndEstimate(t *testing.T) {
	zero := 0.0
	opt := monitor.Options{Window: time.Hour, LabelDelay: time.Minute, UnlabeledAs: &zero, Estimate: true}
	opt.Evaluate = evaluate.DefaultOptions(evaluate.Binary)
	opt.Evaluate.Metrics = []string{"accuracy", "roc_auc", "ece"}
	m := newMonitor(t, opt)
	for i, ev := range []*monitor.Event{predEv("a", 0, 0.9, 1), predEv("b", 1, 0.2, 2), labelEv("a", 1, 1, 3), predEv("c", 2, 0.6, 4)} {
		if _, err := m.Add(ev); err != nil {
			t.Fatal(i, err)
		}
	}
	ws, err := m.Flush()
	if err != nil || len(ws) != 1 {
		t.Fatal(ws, err)
	}
	w := ws[0]
	// Rows: a (1, 0.9), b (0, 0.2), c (0, 0.6): accuracy 2/3.
	if acc, _ := w.Report.Value(w.Report.Overall, "accuracy"); w.Labeled != 1 || w.Report.Overall.N != 3 || acc != 2.0/3 {
		t.Errorf("labeled %d, evaluated %d, accuracy %v; want 1, 3, 2/3", w.Labeled, w.Report.Overall.N, acc)
	}
	// Expected accuracy: 0.9 + 0.8 + 0.6 over 3.
	if acc, _ := w.Estimated.Value(w.Estimated.Overall, "accuracy"); acc < 0.7666666 || acc > 0.7666667 {
		t.Errorf("estimated accuracy %v, want 2.3/3", acc)
	}
	if len(w.Estimated.Metrics) != 2 {
		t.Errorf("estimated metrics %v: ece is not estimated", w.Estimated.Metrics)
	}
}

// Sliding windows are made of panes: each pane is in window/every windows,
// and a window holds exactly the predictions of its time span.
func TestSlidingWindows(t *testing.T) {
	m := newMonitor(t, monitor.Options{Window: time.Hour, Every: 20 * time.Minute})
	var ws []monitor.Window
	for i := range 180 { // one prediction a minute for 3 hours, labeled at once
		ev := predEv(string(rune('A'+i%26))+string(rune('0'+i/26)), i, 0.7, i+1)
		ev.HasLabel, ev.Label = true, 1
		got, err := m.Add(ev)
		if err != nil {
			t.Fatal(err)
		}
		ws = append(ws, got...)
	}
	got, err := m.Flush()
	if err != nil {
		t.Fatal(err)
	}
	ws = append(ws, got...)
	if len(ws) != 11 { // starts 09:20, 09:40, ..., 12:40
		t.Fatalf("%d windows, want 11", len(ws))
	}
	for _, w := range ws {
		lo, hi := max(w.Start, at(0)), min(w.End, at(180))
		if want := int((hi - lo) / int64(time.Minute)); w.N != want || w.Report.Overall.N != want {
			t.Errorf("window %s: n %d, evaluated %d, want %d", monitor.FormatTime(w.Start), w.N, w.Report.Overall.N, want)
		}
	}
}

func TestOptionErrors(t *testing.T) {
	base := monitor.Options{Window: time.Hour, Evaluate: evaluate.DefaultOptions(evaluate.Binary)}
	for _, c := range []struct {
		mod  func(*monitor.Options)
		want string
	}{
		{func(o *monitor.Options) { o.Window = 0 }, "window 0s: want a positive duration"},
		{func(o *monitor.Options) { o.Every = 2 * time.Hour }, "every 2h0m0s is longer than the window 1h0m0s: rows between windows would be in none"},
		{func(o *monitor.Options) { o.LabelDelay = -time.Second }, "label delay -1s: want a duration >= 0"},
		{func(o *monitor.Options) { o.Evaluate = evaluate.DefaultOptions(evaluate.Regression); o.Estimate = true }, "monitor: estimation needs class probabilities: binary or multiclass"},
		{func(o *monitor.Options) {
			r, _ := monitor.ParseRule("estimated.roc_auc < 0.7")
			o.Alerts = []monitor.Rule{r}
		}, `alert "estimated.roc_auc < 0.7": estimated values need estimation on (--estimate)`},
		{func(o *monitor.Options) { r, _ := monitor.ParseRule("auc < 0.7"); o.Alerts = []monitor.Rule{r} }, `alert "auc < 0.7": unknown subject "auc": want a metric (roc_auc average_precision log_loss brier accuracy precision recall f1 mcc ece), estimated.METRIC, drift.FEATURE.STAT or n, labeled, late_labels`},
	} {
		o := base
		c.mod(&o)
		if _, err := monitor.New(o); err == nil || err.Error() != c.want {
			t.Errorf("error %v\nwant %s", err, c.want)
		}
	}
	if _, err := monitor.ParseRule("roc_auc about 0.7"); err == nil {
		t.Error("a rule without an operator parsed")
	}
}
