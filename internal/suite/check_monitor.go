package suite

import (
	"context"
	"fmt"
	"strings"

	"github.com/mltest/mltest/harness/monitor"
	"github.com/mltest/mltest/internal/report"
	"github.com/mltest/mltest/metrics/evaluate"
)

// monitorConfig turns a monitor check into the driver's configuration.
func monitorConfig(m *MonitorCheck) (monitor.Config, error) {
	opt := evaluate.DefaultOptions(evaluate.Task(m.Task))
	opt.Metrics = m.Metrics
	opt.SliceBy = m.Slices
	opt.MinSliceN = m.MinSliceN
	opt.Binary.Threshold = m.DecisionThreshold
	if m.CI != 0 {
		opt.Intervals = evaluate.IntervalOptions{Level: m.CI, Resamples: m.Bootstrap, Seed: m.Seed}
	}
	mo := monitor.Options{Evaluate: opt, Window: m.Window, Every: m.Every, LabelDelay: m.LabelDelay, UnlabeledAs: m.UnlabeledAs, Estimate: m.Estimate}
	var err error
	if mo.Alerts, err = monitor.ParseRules(m.Alerts); err != nil {
		return monitor.Config{}, err
	}
	if _, err := monitor.New(mo); err != nil {
		return monitor.Config{}, err
	}
	return monitor.Config{Predictions: m.Predictions, Labels: m.Labels, Options: mo,
		Columns: monitor.Columns{ID: m.ID, Time: m.Time, Label: m.Label, Scores: m.Scores, Weight: m.Weight, Slices: m.Slices}}, nil
}

// finishMonitor checks the rules, durations and metrics together.
func (p *parser) finishMonitor(s *Suite, c *Check, at checkNode) error {
	if _, err := monitorConfig(c.Monitor); err != nil {
		return p.errf(at.node, at.path, "%v", err)
	}
	return nil
}

// runMonitor runs the logs through harness/monitor (the flow of mltest
// monitor, windows flushed at the end of the logs) and fails when an alert
// fires in any window. Its values are each alert rule's subject per window.
func (r *runner) runMonitor(ctx context.Context, c *Check, out *report.Check) error {
	cfg, err := monitorConfig(c.Monitor)
	if err != nil {
		return err
	}
	var windows []monitor.Window
	res, err := monitor.Run(ctx, cfg, monitor.Observer{Window: func(w monitor.Window) error { windows = append(windows, w); return nil }})
	if err != nil {
		return err
	}
	var alerts []string
	for _, w := range windows {
		span := monitor.FormatTime(w.Start)
		for _, rule := range cfg.Options.Alerts {
			v := report.Value{Metric: rule.Subject, Slice: "window=" + span, N: w.Labeled, Pass: true,
				Threshold: &report.Threshold{Op: rule.Op, Bound: rule.Threshold, Rule: rule.Text}, Note: "alert when " + rule.Text}
			if x, ok := windowValue(w, rule.Subject); ok {
				v.Value = ptr(x)
			}
			for _, a := range w.Alerts {
				if a.Rule == rule.Text {
					v.Pass = false
					v.Note = "alert: " + a.Message
				}
			}
			out.Values = append(out.Values, v)
		}
		for _, a := range w.Alerts {
			alerts = append(alerts, span+": "+a.Message)
		}
	}
	cn := res.Counts
	counts := fmt.Sprintf("%d windows of %d predictions, %d labels joined, %d late, %d unmatched", cn.Windows, cn.Predictions, cn.Joined, cn.LateLabels, cn.UnmatchedLabels)
	if len(alerts) > 0 {
		out.Status = failStatus(c)
		shown := alerts[:min(len(alerts), 3)]
		out.Message = fmt.Sprintf("%d alerts (%s): %s", len(alerts), counts, strings.Join(shown, "; "))
		return nil
	}
	out.Status = report.Pass
	out.Message = fmt.Sprintf("no alert in %s", counts)
	return nil
}

// windowValue is a rule subject's overall value in a window.
func windowValue(w monitor.Window, subject string) (float64, bool) {
	switch subject {
	case "n":
		return float64(w.N), true
	case "labeled":
		return float64(w.Labeled), true
	case "late_labels":
		return float64(w.LateLabels), true
	}
	rep, name := w.Report, subject
	if strings.HasPrefix(subject, "estimated.") {
		rep, name = w.Estimated, strings.TrimPrefix(subject, "estimated.")
	}
	if rep == nil {
		return 0, false
	}
	return rep.Value(rep.Overall, name)
}
