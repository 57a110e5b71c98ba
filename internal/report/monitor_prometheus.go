package report

import (
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/harness/monitor"
	"github.com/mltest/mltest/metrics/evaluate"
)

// MonitorExporter is `mltest monitor --listen`'s Prometheus exposition:
// gauges of the latest window (each metric, estimate and interval bound per
// slice, each drift statistic per feature, the window's counts and end) and
// counters of the running totals, on its own registry.
//
//	mltest_monitor_metric{metric="roc_auc",slice=""}               0.81
//	mltest_monitor_metric_interval{metric="roc_auc",slice="",bound="lo"} 0.78
//	mltest_monitor_estimated{metric="roc_auc",slice="device=web"}  0.80
//	mltest_monitor_drift{feature="x1",statistic="psi"}             0.03
//	mltest_monitor_window_{start,end}_seconds, mltest_monitor_window_{predictions,labeled,late_labels,alerts}
//	mltest_monitor_watermark_seconds
//	mltest_monitor_{rows,predictions,labels,joined_labels,late_labels,unmatched_labels,
//	                duplicate_labels,late_predictions,windows,alerts}_total
//
// A value the latest window does not have (an undefined metric) is absent,
// never NaN; a new window replaces every gauge of the previous one.
type MonitorExporter struct {
	reg                         *prometheus.Registry
	metric, interval, estimated *prometheus.GaugeVec
	drift                       *prometheus.GaugeVec
	window                      *prometheus.GaugeVec
	start, end, watermark       prometheus.Gauge
	mu                          sync.Mutex
	counts                      monitor.Counts
	sliceBy                     []string
}

// NewMonitorExporter returns an exporter for windows sliced by sliceBy.
func NewMonitorExporter(sliceBy []string) *MonitorExporter {
	e := &MonitorExporter{reg: prometheus.NewRegistry(), sliceBy: sliceBy}
	gv := func(name, help string, labels ...string) *prometheus.GaugeVec {
		g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "mltest_monitor_" + name, Help: help}, labels)
		e.reg.MustRegister(g)
		return g
	}
	g := func(name, help string) prometheus.Gauge {
		x := prometheus.NewGauge(prometheus.GaugeOpts{Name: "mltest_monitor_" + name, Help: help})
		e.reg.MustRegister(x)
		return x
	}
	e.metric = gv("metric", "Metric of the latest closed window, overall (slice=\"\") and per slice.", "metric", "slice")
	e.interval = gv("metric_interval", "Bounds of the metric's confidence interval in the latest window.", "metric", "slice", "bound")
	e.estimated = gv("estimated", "Label-free estimate of the metric in the latest window.", "metric", "slice")
	e.drift = gv("drift", "Drift statistic of a feature against the reference, latest window.", "feature", "statistic")
	e.window = gv("window", "Counts of the latest window: predictions, labeled, late_labels, alerts.", "count")
	e.start = g("window_start_seconds", "Start of the latest closed window, Unix seconds.")
	e.end = g("window_end_seconds", "End of the latest closed window, Unix seconds.")
	e.watermark = g("watermark_seconds", "Latest event time minus the label delay, Unix seconds.")
	for _, c := range []struct {
		name, help string
		get        func(monitor.Counts) int64
	}{
		{"rows_total", "Rows read.", func(c monitor.Counts) int64 { return c.Rows }},
		{"predictions_total", "Predictions placed in a window.", func(c monitor.Counts) int64 { return c.Predictions }},
		{"labels_total", "Label rows read.", func(c monitor.Counts) int64 { return c.Labels }},
		{"joined_labels_total", "Labels joined to their prediction.", func(c monitor.Counts) int64 { return c.Joined }},
		{"late_labels_total", "Labels that came after the label delay or after their window closed.", func(c monitor.Counts) int64 { return c.LateLabels }},
		{"unmatched_labels_total", "Labels without a known prediction.", func(c monitor.Counts) int64 { return c.UnmatchedLabels }},
		{"duplicate_labels_total", "Second labels of a labeled prediction.", func(c monitor.Counts) int64 { return c.DuplicateLabels }},
		{"late_predictions_total", "Predictions whose window had closed.", func(c monitor.Counts) int64 { return c.LatePredictions }},
		{"windows_total", "Windows emitted.", func(c monitor.Counts) int64 { return c.Windows }},
		{"alerts_total", "Alerts fired.", func(c monitor.Counts) int64 { return c.Alerts }},
	} {
		get := c.get
		e.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "mltest_monitor_" + c.name, Help: c.help}, func() float64 {
			e.mu.Lock()
			defer e.mu.Unlock()
			return float64(get(e.counts))
		}))
	}
	return e
}

// Handler serves the exposition (for /metrics).
func (e *MonitorExporter) Handler() http.Handler {
	return promhttp.HandlerFor(e.reg, promhttp.HandlerOpts{})
}

// Counts records the running totals and the watermark.
func (e *MonitorExporter) Counts(c monitor.Counts, wm monitor.Watermark) {
	e.mu.Lock()
	e.counts = c
	e.mu.Unlock()
	if wm.Valid {
		e.watermark.Set(float64(wm.Time) / 1e9)
	}
}

// Window replaces the gauges with the values of w, the latest window.
func (e *MonitorExporter) Window(w monitor.Window) {
	e.metric.Reset()
	e.interval.Reset()
	e.estimated.Reset()
	e.drift.Reset()
	e.start.Set(float64(w.Start) / 1e9)
	e.end.Set(float64(w.End) / 1e9)
	e.window.WithLabelValues("predictions").Set(float64(w.N))
	e.window.WithLabelValues("labeled").Set(float64(w.Labeled))
	e.window.WithLabelValues("late_labels").Set(float64(w.LateLabels))
	e.window.WithLabelValues("alerts").Set(float64(len(w.Alerts)))
	setReport(e.metric, e.interval, w.Report)
	setReport(e.estimated, nil, w.Estimated)
	if w.Drift != nil {
		for _, f := range w.Drift.Features {
			for stat, v := range monitor.DriftValues(f) {
				e.drift.WithLabelValues(f.Name, stat).Set(v)
			}
		}
	}
}

func setReport(values, intervals *prometheus.GaugeVec, rep *evaluate.Report) {
	if rep == nil {
		return
	}
	for gi, g := range append([]evaluate.Group{rep.Overall}, rep.Slices...) {
		slice := ""
		if gi > 0 {
			slice = flow.SliceLabel(rep.SliceBy, g.Key)
		}
		for i, name := range rep.Metrics {
			v := g.Values[i]
			if !v.Defined || !Finite(v.Value) {
				continue
			}
			values.WithLabelValues(name, slice).Set(v.Value)
			if intervals != nil && v.HasInterval {
				intervals.WithLabelValues(name, slice, "lo").Set(v.Lo)
				intervals.WithLabelValues(name, slice, "hi").Set(v.Hi)
			}
		}
	}
}

// Listen serves the exposition at http://ADDR/metrics until close is
// called, and returns the address it listens on (ADDR with port 0 picks a
// free port).
func (e *MonitorExporter) Listen(addr string) (net.Addr, func() error, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", e.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return ln.Addr(), srv.Close, nil
}
