package report

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/mltest/mltest/harness/monitor"
	"github.com/mltest/mltest/metrics/evaluate"
)

// MonitorWriter writes the windows of `mltest monitor` as they close, one
// at a time: "jsonl" (one JSON object a line, the fields, every one
// always present) or "table" (one line a window, for people).
type MonitorWriter struct {
	w       io.Writer
	format  string
	metrics []string // the metrics asked for, in report order
	sliceBy []string
}

// NewMonitorWriter returns a writer of windows in format (jsonl or table)
// for the given metrics and slicing columns.
func NewMonitorWriter(w io.Writer, format string, metrics, sliceBy []string) (*MonitorWriter, error) {
	if format != "jsonl" && format != "table" {
		return nil, fmt.Errorf("format %q: want jsonl or table", format)
	}
	return &MonitorWriter{w: w, format: format, metrics: metrics, sliceBy: sliceBy}, nil
}

// Write writes one window.
func (mw *MonitorWriter) Write(win monitor.Window) error {
	if mw.format == "table" {
		return mw.writeLine(win)
	}
	b, err := json.Marshal(MonitorWindowJSON(win, mw.metrics, mw.sliceBy))
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = mw.w.Write(b)
	return err
}

// MonitorWindowJSON is a window as its JSON line holds it:
//
//	{"start": "2026-12-01T10:00:00Z", "end": "2026-12-01T11:00:00Z",
//	 "n": 1200, "labeled": 1180, "late_labels": 3,
//	 "metrics": {"roc_auc": 0.81}, "intervals": {"roc_auc": [0.78, 0.84]},
//	 "slices": [{"key": {"device": "web"}, "n": 610, "labeled": 600,
//	             "metrics": {...}, "intervals": {...}, "estimated": {...}}],
//	 "estimated": {"roc_auc": 0.80}, "drift": {"x1": {"psi": 0.03, ...}},
//	 "alerts": ["roc_auc 0.61 < 0.70"]}
//
// Every metric asked for is in "metrics", null when it has no value (no
// labeled row, or undefined on the rows: the warning says why); intervals
// only with --ci; estimated only with --estimate, drift only with a
// reference (empty objects otherwise).
func MonitorWindowJSON(win monitor.Window, metrics, sliceBy []string) any {
	o := &jsonObject{}
	o.set("start", monitor.FormatTime(win.Start))
	o.set("end", monitor.FormatTime(win.End))
	o.set("n", win.N)
	o.set("labeled", win.Labeled)
	o.set("late_labels", win.LateLabels)
	values, intervals := groupValues(win.Report, nil, metrics)
	o.set("metrics", values)
	o.set("intervals", intervals)
	var sl []any
	for _, sc := range win.Slices {
		s := &jsonObject{}
		key := &jsonObject{}
		for i, col := range sliceBy {
			key.set(col, sc.Key[i])
		}
		s.set("key", key)
		s.set("n", sc.N)
		s.set("labeled", sc.Labeled)
		v, iv := groupValues(win.Report, sc.Key, metrics)
		s.set("metrics", v)
		s.set("intervals", iv)
		est, _ := groupValues(win.Estimated, sc.Key, estimatedNames(win.Estimated))
		s.set("estimated", est)
		sl = append(sl, s)
	}
	if sl == nil {
		sl = []any{}
	}
	o.set("slices", sl)
	est, _ := groupValues(win.Estimated, nil, estimatedNames(win.Estimated))
	o.set("estimated", est)
	drift := &jsonObject{}
	if win.Drift != nil {
		for _, f := range win.Drift.Features {
			st := &jsonObject{}
			vals := monitor.DriftValues(f)
			for _, name := range monitor.DriftStats {
				if v, ok := vals[name]; ok {
					st.set(name, Float(v))
				}
			}
			drift.set(f.Name, st)
		}
	}
	o.set("drift", drift)
	alerts := make([]string, len(win.Alerts))
	for i, a := range win.Alerts {
		alerts[i] = a.Message
	}
	o.set("alerts", alerts)
	return o
}

func estimatedNames(rep *evaluate.Report) []string {
	if rep == nil {
		return nil
	}
	return rep.Metrics
}

// groupValues returns a group's metrics (null when undefined or absent) and
// intervals, by name in the given order; key nil is the whole window.
func groupValues(rep *evaluate.Report, key []string, names []string) (*jsonObject, *jsonObject) {
	values, intervals := &jsonObject{}, &jsonObject{}
	var g *evaluate.Group
	if rep != nil {
		if key == nil {
			g = &rep.Overall
		} else {
			for i := range rep.Slices {
				if slices.Equal(rep.Slices[i].Key, key) {
					g = &rep.Slices[i]
				}
			}
		}
	}
	for _, name := range names {
		i := -1
		if rep != nil {
			i = slices.Index(rep.Metrics, name)
		}
		if g == nil || i < 0 || !g.Values[i].Defined {
			values.set(name, nil)
			continue
		}
		v := g.Values[i]
		values.set(name, Float(v.Value))
		if v.HasInterval {
			intervals.set(name, [2]Float{Float(v.Lo), Float(v.Hi)})
		}
	}
	return values, intervals
}

// writeLine prints a window on one line for people.
func (mw *MonitorWriter) writeLine(win monitor.Window) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s  n=%d labeled=%d late=%d", monitor.FormatTime(win.Start), monitor.FormatTime(win.End), win.N, win.Labeled, win.LateLabels)
	for _, name := range mw.metrics {
		s := "-"
		if win.Report != nil {
			if v, ok := win.Report.Value(win.Report.Overall, name); ok {
				s = strconv.FormatFloat(v, 'f', 4, 64)
			}
		}
		fmt.Fprintf(&b, "  %s=%s", name, s)
	}
	if win.Estimated != nil {
		for _, name := range win.Estimated.Metrics {
			if v, ok := win.Estimated.Value(win.Estimated.Overall, name); ok {
				fmt.Fprintf(&b, "  est.%s=%.4f", name, v)
			}
		}
	}
	for _, a := range win.Alerts {
		fmt.Fprintf(&b, "  ALERT %s", a.Message)
	}
	b.WriteByte('\n')
	_, err := io.WriteString(mw.w, b.String())
	return err
}
