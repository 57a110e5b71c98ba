package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"

	"github.com/mltest/mltest/harness/monitor"
	"github.com/mltest/mltest/metrics/evaluate"
)

// MonitorSeries keeps what report.html shows of the windows of a monitor
// run: per window its counts, each metric with its interval and estimate,
// each drift statistic, its alerts. It keeps the latest MaxMonitorWindows,
// so a monitor following a log for months stays in bounded memory.
type MonitorSeries struct {
	Metrics []string
	Rules   []monitor.Rule
	Counts  monitor.Counts
	Windows []seriesWindow
	Dropped int // windows older than the ones kept
}

// MaxMonitorWindows is how many windows a MonitorSeries keeps.
const MaxMonitorWindows = 10000

type seriesWindow struct {
	Start, End          int64
	N, Labeled, Late    int
	Values, Lo, Hi, Est map[string]float64
	Drift               map[string]map[string]float64
	Alerts              []monitor.Alert
}

// NewMonitorSeries returns an empty series of the given metrics and rules.
func NewMonitorSeries(metrics []string, rules []monitor.Rule) *MonitorSeries {
	return &MonitorSeries{Metrics: metrics, Rules: rules}
}

// Add records a window.
func (s *MonitorSeries) Add(w monitor.Window) {
	sw := seriesWindow{Start: w.Start, End: w.End, N: w.N, Labeled: w.Labeled, Late: w.LateLabels,
		Values: map[string]float64{}, Lo: map[string]float64{}, Hi: map[string]float64{}, Est: map[string]float64{},
		Drift: map[string]map[string]float64{}, Alerts: w.Alerts}
	put := func(rep *evaluate.Report, values map[string]float64, withInterval bool) {
		if rep == nil {
			return
		}
		for i, name := range rep.Metrics {
			v := rep.Overall.Values[i]
			if v.Defined {
				values[name] = v.Value
				if withInterval && v.HasInterval {
					sw.Lo[name], sw.Hi[name] = v.Lo, v.Hi
				}
			}
		}
	}
	put(w.Report, sw.Values, true)
	put(w.Estimated, sw.Est, false)
	if w.Drift != nil {
		for _, f := range w.Drift.Features {
			sw.Drift[f.Name] = monitor.DriftValues(f)
		}
	}
	s.Windows = append(s.Windows, sw)
	if len(s.Windows) > MaxMonitorWindows {
		s.Windows = slices.Delete(s.Windows, 0, len(s.Windows)-MaxMonitorWindows)
		s.Dropped++
	}
}

//go:embed monitor.html.tmpl
var monitorHTMLSource string

var monitorTemplate = template.Must(template.New("monitor").Parse(monitorHTMLSource))

type monitorView struct {
	Summary  string
	Counts   []string
	Alerts   []monitorAlertRow
	Figures  []htmlFigure
	Windows  int
	Dropped  int
	Status   Status
	Headline string
}

type monitorAlertRow struct{ Window, Message string }

// WriteMonitorHTML writes report.html of `mltest monitor --out`: a header
// with the totals, every alert by window, then one plot per metric over
// time (the interval as a band, the estimate dashed, each rule's threshold
// as a red line, the windows where the metric's rule fired marked in red)
// and one per drift feature and statistic a rule or the data name. The
// page is self-contained, like `mltest run`'s report, and shares its
// look.
func WriteMonitorHTML(w io.Writer, s *MonitorSeries) error {
	v := monitorView{Windows: len(s.Windows), Dropped: s.Dropped, Status: Pass, Headline: "no alert"}
	c := s.Counts
	v.Counts = []string{
		fmt.Sprintf("%d rows", c.Rows), fmt.Sprintf("%d predictions", c.Predictions), fmt.Sprintf("%d labels (%d joined, %d late, %d unmatched, %d duplicate)", c.Labels, c.Joined, c.LateLabels, c.UnmatchedLabels, c.DuplicateLabels),
		fmt.Sprintf("%d late predictions", c.LatePredictions), fmt.Sprintf("%d windows", c.Windows), fmt.Sprintf("%d alerts", c.Alerts),
	}
	for _, win := range s.Windows {
		for _, a := range win.Alerts {
			v.Alerts = append(v.Alerts, monitorAlertRow{Window: monitor.FormatTime(win.Start) + " – " + monitor.FormatTime(win.End), Message: cleanText(a.Message)})
		}
	}
	if len(v.Alerts) > 0 {
		v.Status, v.Headline = Fail, fmt.Sprintf("%d alerts", len(v.Alerts))
	}
	xs := make([]float64, len(s.Windows))
	for i, win := range s.Windows {
		xs[i] = float64(win.End) / 1e9
	}
	thresholds := func(subject string) []float64 {
		var out []float64
		for _, r := range s.Rules {
			if r.Subject == subject {
				out = append(out, r.Threshold)
			}
		}
		return out
	}
	alerted := func(subjects ...string) []bool {
		out := make([]bool, len(s.Windows))
		for i, win := range s.Windows {
			for _, a := range win.Alerts {
				for _, r := range s.Rules {
					if r.Text == a.Rule && a.Slice == "" && slices.Contains(subjects, r.Subject) {
						out[i] = true
					}
				}
			}
		}
		return out
	}
	col := func(get func(seriesWindow) (float64, bool)) []float64 {
		out := make([]float64, len(s.Windows))
		any := false
		for i, win := range s.Windows {
			out[i] = math.NaN()
			if x, ok := get(win); ok {
				out[i], any = x, true
			}
		}
		if !any {
			return nil
		}
		return out
	}
	for _, name := range s.Metrics {
		p := seriesPlot{X: xs, Thresholds: append(thresholds(name), thresholds("estimated."+name)...), Alert: alerted(name, "estimated."+name)}
		p.Y = col(func(w seriesWindow) (float64, bool) { x, ok := w.Values[name]; return x, ok })
		p.Lo = col(func(w seriesWindow) (float64, bool) { x, ok := w.Lo[name]; return x, ok })
		p.Hi = col(func(w seriesWindow) (float64, bool) { x, ok := w.Hi[name]; return x, ok })
		p.Y2 = col(func(w seriesWindow) (float64, bool) { x, ok := w.Est[name]; return x, ok })
		if p.Y == nil && p.Y2 == nil {
			continue
		}
		if p.Y == nil {
			p.Y = make([]float64, len(xs))
			for i := range p.Y {
				p.Y[i] = math.NaN()
			}
		}
		if p.Lo == nil || p.Hi == nil {
			p.Lo, p.Hi = nil, nil
		}
		caption := name + " per window"
		if p.Lo != nil {
			caption += ", interval shaded"
		}
		if p.Y2 != nil {
			caption += ", label-free estimate dashed"
		}
		v.Figures = append(v.Figures, htmlFigure{Plot: "metric", Metric: name, Caption: caption, SVG: template.HTML(svgSeries(p, name+" over time", name))})
	}
	features := map[string]map[string]bool{}
	for _, win := range s.Windows {
		for f, st := range win.Drift {
			if features[f] == nil {
				features[f] = map[string]bool{}
			}
			for name := range st {
				features[f][name] = true
			}
		}
	}
	for _, f := range slices.Sorted(mapsKeys(features)) {
		for _, stat := range monitor.DriftStats {
			subject := "drift." + f + "." + stat
			if !features[f][stat] || (stat != "psi" && len(thresholds(subject)) == 0) {
				continue // PSI always; another statistic when a rule bounds it
			}
			p := seriesPlot{X: xs, Thresholds: thresholds(subject), Alert: alerted(subject)}
			p.Y = col(func(w seriesWindow) (float64, bool) { x, ok := w.Drift[f][stat]; return x, ok })
			v.Figures = append(v.Figures, htmlFigure{Plot: "drift", Metric: subject, Caption: stat + " of " + f + " against the reference, per window",
				SVG: template.HTML(svgSeries(p, "drift of "+f, stat))})
		}
	}
	if len(s.Windows) > 0 {
		v.Summary = fmt.Sprintf("%d windows from %s to %s", len(s.Windows), monitor.FormatTime(s.Windows[0].Start), monitor.FormatTime(s.Windows[len(s.Windows)-1].End))
		if s.Dropped > 0 {
			v.Summary += fmt.Sprintf(" (the %d earlier ones are not kept)", s.Dropped)
		}
	}
	return monitorTemplate.Execute(w, v)
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// WriteMonitorDir writes report.html into dir, creating it if needed, whole
// or not at all.
func WriteMonitorDir(dir string, s *MonitorSeries) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	var b bytes.Buffer
	if err := WriteMonitorHTML(&b, s); err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, HTMLFile), b.Bytes())
}
