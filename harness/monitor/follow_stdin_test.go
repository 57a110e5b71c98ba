package monitor_test

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/mltest/mltest/harness/monitor"
	"github.com/mltest/mltest/metrics/evaluate"
)

// Following standard input, a window is emitted as soon as the rows that
// close it have been written, while the writer keeps the pipe open: rows
// decoded are handed on when the input goes quiet, not held for a batch.
func TestFollowStdinEmitsWhileThePipeIsOpen(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	opt := evaluate.DefaultOptions(evaluate.Binary)
	opt.Metrics = []string{"accuracy"}
	cfg := monitor.Config{Predictions: "-", Format: "jsonl", Stdin: pr, Follow: true,
		Columns: monitor.Columns{ID: "id", Time: "t", Label: "y", Scores: []string{"s"}},
		Options: monitor.Options{Evaluate: opt, Window: time.Hour, LabelDelay: time.Minute}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	windows := make(chan monitor.Window, 4)
	done := make(chan monitor.Result, 1)
	go func() {
		res, err := monitor.Run(ctx, cfg, monitor.Observer{Window: func(w monitor.Window) error { windows <- w; return nil }})
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	base := t0.Unix()
	for i := range 10 { // ten rows in the first hour, then one past the hour and the delay
		fmt.Fprintf(pw, `{"id":"%d","t":%d,"s":0.9,"y":1}`+"\n", i, base+int64(i)*60)
	}
	fmt.Fprintf(pw, `{"id":"late","t":%d,"s":0.9}`+"\n", base+3600+120)
	select {
	case w := <-windows:
		if w.N != 10 || w.Labeled != 10 {
			t.Errorf("window n %d labeled %d, want 10 and 10", w.N, w.Labeled)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no window while the pipe stays open")
	}
	cancel()
	select {
	case res := <-done:
		if !res.Stopped || res.Counts.Rows != 11 {
			t.Errorf("stopped %v after %d rows, want true after 11", res.Stopped, res.Counts.Rows)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not stop")
	}
}
