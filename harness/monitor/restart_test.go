package monitor_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mltest/mltest/harness/monitor"
	"github.com/mltest/mltest/harness/skew"
	"github.com/mltest/mltest/internal/report"
	"github.com/mltest/mltest/metrics/evaluate"
)

// genLog writes n predictions, one every 7 seconds from t0, each with a
// label 1 to 900 seconds later, into one JSONL log: events jittered out
// of order by up to a minute, some labels beyond a 10-minute delay, a few
// labels without a prediction. It returns the lines.
func genLog(seed uint64, n int) []string {
	r := rand.New(rand.NewPCG(seed, 7))
	type line struct {
		t    float64
		text string
	}
	var lines []line
	for i := range n {
		t := float64(t0.Unix()) + float64(i)*7 + r.Float64()*60
		y := 0
		if r.Float64() < 0.35 {
			y = 1
		}
		s := math.Min(1, math.Max(0, 0.3+0.3*float64(y)+0.2*r.NormFloat64()))
		dev := []string{"web", "ios", "android"}[r.IntN(3)]
		x := 10 + 3*r.NormFloat64() + float64(y)
		lines = append(lines, line{t, fmt.Sprintf(`{"id":"p%d","ts":%.3f,"score":%.4f,"device":%q,"x1":%.3f}`, i, t, s, dev, x)})
		lt := t + 1 + r.Float64()*900
		lines = append(lines, line{lt, fmt.Sprintf(`{"id":"p%d","ts":"%s","y":%d}`, i, time.Unix(0, int64(lt*1e9)).UTC().Format(time.RFC3339Nano), y)})
		if i%97 == 0 {
			lines = append(lines, line{lt, fmt.Sprintf(`{"id":"orphan%d","ts":%.3f,"y":1}`, i, lt)})
		}
	}
	// Sort by time, then jitter: swap neighbours now and then.
	for i := 1; i < len(lines); i++ {
		for j := i; j > 0 && lines[j].t < lines[j-1].t; j-- {
			lines[j], lines[j-1] = lines[j-1], lines[j]
		}
	}
	for i := 0; i+1 < len(lines); i += 1 + r.IntN(5) {
		lines[i], lines[i+1] = lines[i+1], lines[i]
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.text
	}
	return out
}

func writeLines(t *testing.T, path string, lines []string, appendTo bool) {
	t.Helper()
	flag := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
	if appendTo {
		flag = os.O_CREATE | os.O_WRONLY | os.O_APPEND
	}
	f, err := os.OpenFile(path, flag, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(strings.Join(lines, "\n") + "\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// restartConfig monitors the generated log with everything on: sliding
// windows, slices, intervals, estimates, drift and alerts.
func restartConfig(t *testing.T, path, stateDir string) monitor.Config {
	opt := evaluate.DefaultOptions(evaluate.Binary)
	opt.Metrics = []string{"roc_auc", "log_loss", "accuracy"}
	opt.SliceBy = []string{"device"}
	opt.Intervals = evaluate.IntervalOptions{Level: 0.9, Resamples: 20, Seed: 3}
	ref := skew.NewProfile([]string{"x1"}, nil)
	r := rand.New(rand.NewPCG(1, 1))
	for range 2000 {
		ref.AddNumbers("x1", []float64{10 + 3*r.NormFloat64()})
	}
	rules := []monitor.Rule{}
	for _, s := range []string{"roc_auc < 0.8", "estimated.log_loss > 0.5", "drift.x1.psi > 0.05"} {
		rule, err := monitor.ParseRule(s)
		if err != nil {
			t.Fatal(err)
		}
		rules = append(rules, rule)
	}
	return monitor.Config{Predictions: path, StateDir: stateDir,
		Columns: monitor.Columns{ID: "id", Time: "ts", Label: "y", Scores: []string{"score"}, Slices: []string{"device"}, Features: []string{"x1"}},
		Options: monitor.Options{Evaluate: opt, Window: time.Hour, Every: 20 * time.Minute, LabelDelay: 10 * time.Minute,
			Estimate: true, Reference: ref, Features: []string{"x1"}, Alerts: rules}}
}

func windowLines(ws []monitor.Window, cfg monitor.Config) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		b, _ := json.Marshal(report.MonitorWindowJSON(w, cfg.Options.Evaluate.Metrics, cfg.Options.Evaluate.SliceBy))
		out[i] = string(b)
	}
	return out
}

// A run stopped after any window and resumed from its checkpoint, as often
// as it takes, prints the same windows, to the last bit, as a run that was
// never stopped, and ends with the same counts.
func TestRestartGivesTheSameWindows(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "log.jsonl")
	writeLines(t, path, genLog(11, 3000), false)
	var whole []monitor.Window
	cfg := restartConfig(t, path, "")
	res, err := monitor.Run(context.Background(), cfg, monitor.Observer{Window: func(w monitor.Window) error { whole = append(whole, w); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if len(whole) < 10 || res.Counts.LateLabels == 0 || res.Counts.UnmatchedLabels == 0 || res.Counts.OutOfOrder == 0 || res.Counts.Alerts == 0 {
		t.Fatalf("the log should exercise windows, late and unmatched labels, disorder and alerts: %d windows, %+v", len(whole), res.Counts)
	}
	r := rand.New(rand.NewPCG(5, 5))
	cfg.StateDir = filepath.Join(dir, "state")
	var pieces []monitor.Window
	var last monitor.Result
	for runs := 1; ; runs++ {
		ctx, cancel := context.WithCancel(context.Background())
		stopAfter := 1 + r.IntN(4)
		seen := 0
		res, err := monitor.Run(ctx, cfg, monitor.Observer{Window: func(w monitor.Window) error {
			pieces = append(pieces, w)
			if seen++; seen == stopAfter {
				cancel()
			}
			return nil
		}})
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if runs > 1 && !res.Resumed {
			t.Fatal("a second run did not resume from the checkpoint")
		}
		last = res
		if !res.Stopped {
			t.Logf("%d runs", runs)
			break
		}
	}
	if d := cmp.Diff(windowLines(whole, cfg), windowLines(pieces, cfg)); d != "" {
		t.Errorf("windows of the stopped and resumed runs (-uninterrupted +resumed):\n%s", d)
	}
	if last.Counts != res.Counts {
		t.Errorf("counts after resuming %+v, uninterrupted %+v", last.Counts, res.Counts)
	}
}

// Following a log that grows: stopped half way (SIGTERM in the CLI), then
// resumed on the whole file, the windows are those of one pass.
func TestFollowThenResume(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "log.jsonl")
	lines := genLog(12, 1500)
	writeLines(t, path, lines, false)
	cfg := restartConfig(t, path, "")
	var whole []monitor.Window
	if _, err := monitor.Run(context.Background(), cfg, monitor.Observer{Window: func(w monitor.Window) error { whole = append(whole, w); return nil }}); err != nil {
		t.Fatal(err)
	}
	half := len(lines) / 2
	writeLines(t, path, lines[:half], false)
	cfg.StateDir = filepath.Join(dir, "state")
	cfg.Follow = true
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []monitor.Window
	done := make(chan error, 1)
	go func() {
		_, err := monitor.Run(ctx, cfg, monitor.Observer{
			Window: func(w monitor.Window) error { got = append(got, w); return nil },
			Counts: func(c monitor.Counts, _ monitor.Watermark) {
				if c.Rows == int64(half) {
					cancel()
				}
			},
		})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("following run did not stop")
	}
	writeLines(t, path, lines[half:], true)
	cfg.Follow = false
	res, err := monitor.Run(context.Background(), cfg, monitor.Observer{Window: func(w monitor.Window) error { got = append(got, w); return nil }})
	if err != nil || !res.Resumed {
		t.Fatalf("resumed %v, %v", res.Resumed, err)
	}
	if d := cmp.Diff(windowLines(whole, cfg), windowLines(got, cfg)); d != "" {
		t.Errorf("(-one pass +followed and resumed):\n%s", d)
	}
}
