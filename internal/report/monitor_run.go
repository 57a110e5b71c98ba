package report

import (
	"context"
	"fmt"
	"io"

	"github.com/mltest/mltest/harness/monitor"
)

// MonitorOutputs are where RunMonitor reports the windows of `mltest
// monitor` as they close.
type MonitorOutputs struct {
	// Windows receives each closed window in Format: jsonl (one line a
	// window) or table.
	Windows io.Writer
	Format  string
	// Listen, when not "", is the address of a Prometheus /metrics endpoint
	// (MonitorExporter) served while the monitor runs; Listening is told
	// the address it serves at.
	Listen    string
	Listening func(addr string)
	// Dir, when not "", receives report.html (WriteMonitorDir) when the run
	// ends, also when it fails.
	Dir string
	// Warning receives the monitor's warnings about the data.
	Warning func(string)
}

// RunMonitor is the flow of `mltest monitor` once its Config is checked:
// monitor.Run with every closed window written to out.Windows, exported at
// out.Listen and kept for out.Dir. alerts is the number of alerts the
// windows raised.
func RunMonitor(ctx context.Context, cfg monitor.Config, out MonitorOutputs) (res monitor.Result, alerts int, err error) {
	ev := cfg.Options.Evaluate
	names := ev.Metrics
	if names == nil {
		names = ev.Task.MetricNames()
	}
	windows, err := NewMonitorWriter(out.Windows, out.Format, names, ev.SliceBy)
	if err != nil {
		return res, 0, err
	}
	var exporter *MonitorExporter
	if out.Listen != "" {
		exporter = NewMonitorExporter(ev.SliceBy)
		addr, closeServer, err := exporter.Listen(out.Listen)
		if err != nil {
			return res, 0, fmt.Errorf("--listen %s: %v", out.Listen, err)
		}
		defer closeServer()
		out.Listening(addr.String())
	}
	var series *MonitorSeries
	if out.Dir != "" {
		series = NewMonitorSeries(names, cfg.Options.Alerts)
	}
	obs := monitor.Observer{
		Window: func(w monitor.Window) error {
			alerts += len(w.Alerts)
			if exporter != nil {
				exporter.Window(w)
			}
			if series != nil {
				series.Add(w)
			}
			return windows.Write(w)
		},
		Warning: out.Warning,
	}
	if exporter != nil {
		obs.Counts = exporter.Counts
	}
	res, err = monitor.Run(ctx, cfg, obs)
	if series != nil {
		series.Counts = res.Counts
		if werr := WriteMonitorDir(out.Dir, series); werr != nil && err == nil {
			err = werr
		}
	}
	return res, alerts, err
}

// MonitorSummary is the line of counts `mltest monitor` ends with.
func MonitorSummary(c monitor.Counts) string {
	return fmt.Sprintf("%d rows: %d predictions, %d labels (%d joined, %d late, %d unmatched, %d duplicate), %d late predictions; %d windows, %d alerts",
		c.Rows, c.Predictions, c.Labels, c.Joined, c.LateLabels, c.UnmatchedLabels, c.DuplicateLabels, c.LatePredictions, c.Windows, c.Alerts)
}
