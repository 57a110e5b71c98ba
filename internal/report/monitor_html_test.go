package report

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mltest/mltest/harness/monitor"
	"github.com/mltest/mltest/harness/skew"
	"github.com/mltest/mltest/metrics/evaluate"
)

// monitorSample runs six hourly windows through a monitor: intervals,
// estimates, drift, and a quality drop in the fourth hour that alerts.
func monitorSample(t *testing.T) *MonitorSeries {
	t.Helper()
	opt := evaluate.DefaultOptions(evaluate.Binary)
	opt.Metrics = []string{"roc_auc", "accuracy"}
	opt.Intervals = evaluate.IntervalOptions{Level: 0.9, Resamples: 30, Seed: 1}
	ref := skew.NewProfile([]string{"x"}, nil)
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		ref.AddNumbers("x", []float64{r.NormFloat64()})
	}
	var rules []monitor.Rule
	for _, s := range []string{"roc_auc < 0.7", "drift.x.psi > 0.5"} {
		rule, err := monitor.ParseRule(s)
		if err != nil {
			t.Fatal(err)
		}
		rules = append(rules, rule)
	}
	m, err := monitor.New(monitor.Options{Evaluate: opt, Window: time.Hour, Estimate: true, Reference: ref, Features: []string{"x"}, Alerts: rules})
	if err != nil {
		t.Fatal(err)
	}
	s := NewMonitorSeries(opt.Metrics, rules)
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for i := range 1200 {
		h := i / 200
		y := float64(r.IntN(2))
		score := 0.3 + 0.4*y + 0.2*r.NormFloat64()
		if h == 3 {
			score = 0.5 + 0.2*r.NormFloat64()
		}
		score = min(1, max(0, score))
		x := r.NormFloat64() + float64(h)*0.3
		ev := monitor.Event{ID: strconv.Itoa(i), Time: t0.Add(time.Duration(i) * 18 * time.Second).UnixNano(), HasPrediction: true,
			Scores: []float64{score}, Weight: 1, Features: []string{strconv.FormatFloat(x, 'g', -1, 64)}, HasLabel: true, Label: y}
		ws, err := m.Add(&ev)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range ws {
			s.Add(w)
		}
	}
	ws, err := m.Flush()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		s.Add(w)
	}
	s.Counts = m.Counts()
	return s
}

// report.html of a monitor run: a plot per metric with the interval band,
// the estimate, the threshold line and the alert marked; drift over time;
// the alerts listed.
func TestMonitorHTML(t *testing.T) {
	s := monitorSample(t)
	var b bytes.Buffer
	if err := WriteMonitorHTML(&b, s); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		`data-plot="metric" data-metric="roc_auc"`, `data-plot="metric" data-metric="accuracy"`,
		`data-plot="drift" data-metric="drift.x.psi"`, `<polygon class="band"`, `class="curve estimate"`,
		`<line class="threshold"`, `<circle class="point alert"`, "1200 predictions",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report.html lacks %s", want)
		}
	}
	alertRows := regexp.MustCompile(`<tr class="bad"><td>2026-12-01T03:00:00Z – 2026-12-01T04:00:00Z</td><td>roc_auc 0\.[0-6]`).FindAllString(page, -1)
	if len(alertRows) != 1 {
		t.Errorf("want the quality drop's alert listed once, for 03:00-04:00; page alerts:\n%s", regexp.MustCompile(`<tr class="bad">.*`).FindAllString(page, -1))
	}
	// One marked point in the roc_auc plot: the drop window.
	roc := page[strings.Index(page, `data-metric="roc_auc"`):]
	roc = roc[:strings.Index(roc, "</figure>")]
	if n := strings.Count(roc, `class="point alert"`); n != 1 {
		t.Errorf("%d alert marks in the roc_auc plot, want 1", n)
	}
}

// The page renders in Chromium: every plot draws.
func TestMonitorHTMLInChromium(t *testing.T) {
	chromium := needTool(t, "chromium", "chromium")
	dir := t.TempDir()
	if a := os.Getenv("MLTEST_ARTIFACT_DIR"); a != "" {
		dir = filepath.Join(a, "monitor-sample")
	}
	if err := WriteMonitorDir(dir, monitorSample(t)); err != nil {
		t.Fatal(err)
	}
	page, _ := filepath.Abs(filepath.Join(dir, HTMLFile))
	dom, log := runChromium(t, chromium, page, "--dump-dom")
	if lines := consoleLines(log); len(lines) > 0 {
		t.Errorf("the page logged to the console:\n%s", strings.Join(lines, "\n"))
	}
	m := bodyPlots.FindStringSubmatch(dom)
	if m == nil || m[1] != m[2] || m[1] == "0" {
		t.Errorf("plots drawn: %v, want all of them", m)
	}
}
