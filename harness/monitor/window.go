package monitor

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/harness/skew"
	"github.com/mltest/mltest/metrics/evaluate"
)

// Window is the result of one closed window.
type Window struct {
	Start, End int64 // event time, ns since the epoch: [Start, End)
	N          int   // predictions
	Labeled    int   // predictions joined to their label
	LateLabels int   // labels counted late in this window (see Counts.LateLabels)

	// Report holds the metrics over the window's evaluated rows (labeled,
	// and with UnlabeledAs every prediction), overall and per slice; nil
	// when there is no such row.
	Report *evaluate.Report
	// Estimated holds the label-free estimates (Options.Estimate) over every
	// prediction; nil when off or the window has no prediction.
	Estimated *evaluate.Report
	// Slices count each slice's predictions and labels, in key order.
	Slices []SliceCount
	// Drift compares the window's features with the reference; nil
	// without a reference or when the window has no prediction.
	Drift *skew.Report
	// Alerts are the rules that fired, in rule order, the window before
	// its slices.
	Alerts []Alert
	// Warnings say why a value is missing (an undefined metric, a drift
	// statistic without data).
	Warnings []string
}

// SliceCount counts one slice's predictions and labels in a window.
type SliceCount struct {
	Key        []string
	N, Labeled int
}

func (m *Monitor) windowStart(k int64) int64 { return k * m.every }

// firstWindow returns the first window that holds pane p.
func (m *Monitor) firstWindow(p int64) int64 {
	return floorDiv(p*m.width-m.window, m.every) + 1
}

// emit returns the windows that closed: those ending at or before the
// closed horizon, and with flush every window holding a closed pane.
func (m *Monitor) emit(flush bool) ([]Window, error) {
	var out []Window
	for len(m.closed) > 0 {
		if k := m.firstWindow(m.closed[0].index); !m.started || m.nextK < k {
			m.nextK, m.started = k, true
		}
		start := m.windowStart(m.nextK)
		end := start + m.window
		if end > m.closedTo && !(flush && start < m.closedTo) {
			break
		}
		w, ok, err := m.build(start, end)
		if err != nil {
			return out, err
		}
		if ok {
			m.counts.Windows++
			m.counts.Alerts += int64(len(w.Alerts))
			out = append(out, w)
		}
		m.nextK++
		next := m.windowStart(m.nextK)
		n := 0
		for n < len(m.closed) && (m.closed[n].index+1)*m.width <= next {
			n++
		}
		m.closed = m.closed[n:]
	}
	return out, nil
}

// build makes the window [start, end) from its closed panes; ok is false
// for a window without predictions or late labels, which is not emitted.
func (m *Monitor) build(start, end int64) (Window, bool, error) {
	w := Window{Start: start, End: end}
	var panes []*closedPane
	for _, c := range m.closed {
		if s := c.index * m.width; s >= start && s < end {
			panes = append(panes, c)
			w.N += c.n
			w.Labeled += c.labeled
			w.LateLabels += c.late
		}
	}
	if w.N == 0 && w.LateLabels == 0 {
		return w, false, nil
	}
	shared := m.every != m.window // a pane belongs to several windows: merge copies
	var eval, est *evaluate.Evaluator
	var prof *skew.Profile
	counts := map[string]*sliceCount{}
	for _, c := range panes {
		var err error
		if eval, err = mergeInto(eval, c.eval, shared); err != nil {
			return w, false, err
		}
		if est, err = mergeInto(est, c.est, shared); err != nil {
			return w, false, err
		}
		if c.profile != nil && c.n > 0 {
			if prof == nil {
				prof = c.profile.Clone()
			} else {
				prof.Merge(c.profile)
			}
		}
		for key, sc := range c.sliceN {
			t := counts[key]
			if t == nil {
				t = &sliceCount{Values: sc.Values}
				counts[key] = t
			}
			t.N += sc.N
			t.Labeled += sc.Labeled
		}
	}
	var err error
	if w.Report, err = report(eval); err != nil {
		return w, false, err
	}
	if w.Estimated, err = report(est); err != nil {
		return w, false, err
	}
	for _, rep := range []*evaluate.Report{w.Report, w.Estimated} {
		if rep == nil {
			continue
		}
		prefix := ""
		if rep == w.Estimated {
			prefix = "estimated "
		}
		for _, g := range append([]evaluate.Group{rep.Overall}, rep.Slices...) {
			for _, msg := range g.Warnings {
				if g.Key != nil {
					msg = flow.SliceLabel(rep.SliceBy, g.Key) + ": " + msg
				}
				w.Warnings = append(w.Warnings, prefix+msg)
			}
		}
	}
	if len(m.opt.Evaluate.SliceBy) > 0 {
		keys := make([]string, 0, len(counts))
		for k := range counts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			w.Slices = append(w.Slices, SliceCount{Key: counts[k].Values, N: counts[k].N, Labeled: counts[k].Labeled})
		}
	}
	if prof != nil {
		rep, err := skew.Compare(m.opt.Reference, prof, m.opt.DriftOptions)
		if err != nil {
			w.Warnings = append(w.Warnings, fmt.Sprintf("drift: %v", err))
		} else {
			w.Drift = &rep
			for _, f := range rep.Features {
				for _, msg := range f.Warnings {
					w.Warnings = append(w.Warnings, "drift of "+f.Name+": "+msg)
				}
			}
		}
	}
	w.Alerts = m.alerts(&w)
	return w, true, nil
}

// mergeInto merges the state of a pane into a window's, copying it when
// the pane belongs to other windows too.
func mergeInto(into, from *evaluate.Evaluator, copyFrom bool) (*evaluate.Evaluator, error) {
	if from == nil {
		return into, nil
	}
	if copyFrom {
		c, err := from.Clone()
		if err != nil {
			return nil, err
		}
		from = c
	}
	if into == nil {
		return from, nil
	}
	return into, into.Merge(from)
}

func report(e *evaluate.Evaluator) (*evaluate.Report, error) {
	if e == nil {
		return nil, nil
	}
	rep, err := e.Report()
	if errors.Is(err, evaluate.ErrNoRows) {
		return nil, nil
	}
	return rep, err
}

// alerts applies every rule to the window and its gated slices.
func (m *Monitor) alerts(w *Window) []Alert {
	var out []Alert
	for _, r := range m.opt.Alerts {
		switch {
		case r.Subject == "n":
			if r.past(float64(w.N)) {
				out = append(out, r.alert("", float64(w.N), 0, 0, false))
			}
		case r.Subject == "labeled":
			if r.past(float64(w.Labeled)) {
				out = append(out, r.alert("", float64(w.Labeled), 0, 0, false))
			}
		case r.Subject == "late_labels":
			if r.past(float64(w.LateLabels)) {
				out = append(out, r.alert("", float64(w.LateLabels), 0, 0, false))
			}
		case strings.HasPrefix(r.Subject, "drift."):
			if w.Drift == nil {
				continue
			}
			feature, stat, _ := cutLast(strings.TrimPrefix(r.Subject, "drift."), ".")
			if f, ok := w.Drift.Feature(feature); ok {
				if v, ok := DriftValues(f)[stat]; ok && r.past(v) {
					out = append(out, r.alert("", v, 0, 0, false))
				}
			}
		case strings.HasPrefix(r.Subject, "estimated."):
			out = append(out, reportAlerts(r, w.Estimated, strings.TrimPrefix(r.Subject, "estimated."))...)
		default:
			out = append(out, reportAlerts(r, w.Report, r.Subject)...)
		}
	}
	return out
}

func reportAlerts(r Rule, rep *evaluate.Report, metric string) []Alert {
	if rep == nil {
		return nil
	}
	i := -1
	for j, name := range rep.Metrics {
		if name == metric {
			i = j
		}
	}
	if i < 0 {
		return nil
	}
	var out []Alert
	for gi, g := range append([]evaluate.Group{rep.Overall}, rep.Slices...) {
		v := g.Values[i]
		if !v.Defined || !g.Gated {
			continue
		}
		if r.fires(v.Value, v.Lo, v.Hi, v.HasInterval) {
			slice := ""
			if gi > 0 {
				slice = flow.SliceLabel(rep.SliceBy, g.Key)
			}
			out = append(out, r.alert(slice, v.Value, v.Lo, v.Hi, v.HasInterval))
		}
	}
	return out
}
