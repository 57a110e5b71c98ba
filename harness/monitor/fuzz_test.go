package monitor

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/metrics/evaluate"
)

// ParseTime never panics; the fast decimal path agrees with the exact
// rational one; an RFC 3339 time it returns prints and reads back the same.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-12-01T10:00:00Z", "2026-12-01T10:00:00.123456789+01:00", "1764583200", "1764583200.5",
		"-1.25", "1.7645832e9", "0.0000000005", "9200000000", "NaN", "", "+3", ".5", "1e400", "2026-13-01T00:00:00Z", "1_000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ns, err := ParseTime(s)
		if err != nil {
			return
		}
		if ns < minTime || ns > maxTime {
			t.Fatalf("ParseTime(%q) = %d, outside the range", s, ns)
		}
		trimmed := strings.TrimSpace(s)
		if fast, ok := unixDecimal(trimmed); ok {
			exact, err, ok := unixExponent(trimmed)
			if !ok || err != nil || exact != fast {
				t.Fatalf("ParseTime(%q): decimal path %d, exact path %d (%v)", s, fast, exact, err)
			}
		}
		back, err := ParseTime(FormatTime(ns))
		if err != nil || back != ns {
			t.Fatalf("ParseTime(FormatTime(%d)) = %d, %v", ns, back, err)
		}
	})
}

// Any bytes as a log: Run returns windows or an input error naming a line
// of the file, never panics, and every label is accounted for.
func FuzzLog(f *testing.F) {
	for _, s := range []string{
		"{\"id\":\"a\",\"t\":1,\"s\":0.5}\n{\"id\":\"a\",\"t\":2,\"y\":1}\n",
		"{\"id\":\"a\",\"t\":\"2026-12-01T10:00:00Z\",\"s\":0.9,\"y\":1}\n{\"id\":\"b\",\"t\":\"2026-12-01T12:00:00Z\",\"s\":0.1,\"y\":0}\n",
		"{\"id\":\"a\",\"t\":1,\"s\":0.5}\n{\"id\":\"a\",\"t\":2,\"s\":0.5}\n",
		"{\"id\":\"x\",\"t\":7200,\"y\":1}\n{\"id\":\"x\",\"t\":1,\"s\":0.3}\n{\"id\":\"z\",\"t\":9000,\"s\":0.3,\"y\":0}\n",
		"not json\n", "{\"id\":\"a\",\"t\":1e30,\"s\":0.5}\n", "{\"id\":\"a\",\"t\":1,\"s\":[0.5]}\n",
	} {
		f.Add(s)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, log string) {
		path := filepath.Join(dir, "log.jsonl")
		if err := os.WriteFile(path, []byte(log), 0o644); err != nil {
			t.Fatal(err)
		}
		opt := evaluate.DefaultOptions(evaluate.Binary)
		opt.Metrics = []string{"roc_auc", "accuracy"}
		cfg := Config{Predictions: path, Columns: Columns{ID: "id", Time: "t", Label: "y", Scores: []string{"s"}},
			Options: Options{Evaluate: opt, Window: time.Hour, Every: 30 * time.Minute, LabelDelay: 10 * time.Minute, Estimate: true}}
		n := 0
		res, err := Run(context.Background(), cfg, Observer{Window: func(w Window) error { n += w.N; return nil }})
		if err != nil {
			var ie *table.InputError
			if !errors.As(err, &ie) || ie.File != path {
				t.Fatalf("error %v (%T), want an input error naming %s", err, err, path)
			}
			if lines := strings.Count(log, "\n") + 1; ie.Line > lines {
				t.Fatalf("error at line %d of a %d-line log: %v", ie.Line, lines, err)
			}
			return
		}
		c := res.Counts
		if c.Labels != c.Joined+c.LateLabels+c.UnmatchedLabels+c.DuplicateLabels {
			t.Fatalf("labels not accounted for: %+v", c)
		}
		if n != 2*int(c.Predictions) { // with sliding windows of two panes, each prediction is in two windows
			t.Fatalf("windows hold %d predictions, %d predictions counted twice", n, 2*c.Predictions)
		}
	})
}

// The same for a CSV log after a fixed header: quoted fields, missing
// cells, ragged rows.
func FuzzCSVLog(f *testing.F) {
	for _, s := range []string{"a,1,0.5,\na,2,,1\n", "a,2026-12-01T10:00:00Z,0.9,1\nb,2026-12-01T12:00:00Z,0.1,0\n",
		"\"a\nb\",1,0.5,\n", "a,1,0.5\n", "a,1,,\n", "a,x,0.5,1\n", ",1,0.5,1\n"} {
		f.Add(s)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, body string) {
		path := filepath.Join(dir, "log.csv")
		if err := os.WriteFile(path, []byte("id,t,s,y\n"+body), 0o644); err != nil {
			t.Fatal(err)
		}
		opt := evaluate.DefaultOptions(evaluate.Binary)
		opt.Metrics = []string{"roc_auc"}
		cfg := Config{Predictions: path, Columns: Columns{ID: "id", Time: "t", Label: "y", Scores: []string{"s"}},
			Options: Options{Evaluate: opt, Window: time.Hour, LabelDelay: time.Minute}}
		res, err := Run(context.Background(), cfg, Observer{})
		if err != nil {
			var ie *table.InputError
			if !errors.As(err, &ie) || ie.File != path || ie.Line > strings.Count(body, "\n")+2 {
				t.Fatalf("error %v (%T), want an input error at a line of %s", err, err, path)
			}
			return
		}
		if c := res.Counts; c.Labels != c.Joined+c.LateLabels+c.UnmatchedLabels+c.DuplicateLabels {
			t.Fatalf("labels not accounted for: %+v", c)
		}
	})
}
