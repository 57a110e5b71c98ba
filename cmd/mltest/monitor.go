package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/harness/monitor"
	"github.com/mltest/mltest/internal/cliflag"
	"github.com/mltest/mltest/internal/report"
)

// monitorContext is the context `mltest monitor --follow` runs in: done on
// SIGINT or SIGTERM. Tests replace it.
var monitorContext = func() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

type monitorConfig struct {
	table                                    *cliflag.Table
	predictions, labelsFile, timeCol         string
	features, alerts, categorical            cliflag.StringList
	window, every, delay                     time.Duration
	unlabeledAs, reference, listen, stateDir string
	outDir, format                           string
	bins                                     int
	estimate, follow                         bool
}

func runMonitor(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := monitorConfig{table: cliflag.NewTable()}
	c.table.Task = "binary"
	fs := newFlagSet("monitor", stderr)
	fs.StringVar(&c.predictions, "predictions", "", "prediction log `FILE` (- for standard input); may hold the label rows too (required)")
	fs.StringVar(&c.labelsFile, "labels", "", "label log `FILE`, joined by id (default: the labels are in the prediction log)")
	fs.StringVar(&c.timeCol, "time", "", "`column` of the event time: RFC 3339 or Unix seconds (required)")
	c.table.Register(fs, "id score label weight task metrics slice min-slice-n threshold classes k ci bootstrap seed input-format")
	fs.DurationVar(&c.window, "window", 0, "window `length`, e.g. 1h (required)")
	fs.DurationVar(&c.every, "every", 0, "step between window starts for sliding windows, e.g. 10m (default: --window, tumbling)")
	fs.DurationVar(&c.delay, "label-delay", 0, "how long after its prediction a label may come, e.g. 24h; later ones count as late_labels")
	fs.StringVar(&c.unlabeledAs, "unlabeled-as", "", "`label` of a prediction whose label has not come within the delay (0 for a click log); default: not evaluated")
	fs.StringVar(&c.reference, "reference", "", "reference data `FILE` for drift (and the calibration check of --estimate)")
	fs.Var(&c.features, "column", "`column` whose drift against --reference each window reports; repeatable")
	fs.Var(&c.categorical, "categorical", "drift `column` compared as categories; repeatable")
	fs.IntVar(&c.bins, "bins", 10, "quantile `bins` of the reference for numeric PSI and JS distance")
	fs.BoolVar(&c.estimate, "estimate", false, "estimate the metrics without labels, from the scores read as calibrated probabilities (CBPE)")
	fs.Var(&c.alerts, "alert", "alert `rule` such as 'roc_auc < 0.70', 'estimated.roc_auc < 0.7', 'drift.x1.psi > 0.2'; repeatable")
	fs.StringVar(&c.listen, "listen", "", "serve Prometheus metrics at http://`ADDR`/metrics, e.g. 127.0.0.1:9464")
	fs.BoolVar(&c.follow, "follow", false, "keep reading as the logs grow (tail -f), until SIGINT or SIGTERM")
	fs.StringVar(&c.stateDir, "state", "", "checkpoint `DIR`: a restart resumes where the last run stopped")
	fs.StringVar(&c.outDir, "out", "", "write report.html (each metric and drift over time) into `DIR`")
	fs.StringVar(&c.format, "format", "jsonl", "output `format`: jsonl (one line a window) or table")
	pos, code, ok := parseFlags(fs, args, stdout)
	if !ok {
		return code
	}
	if len(pos) != 0 {
		return errorf(stderr, "monitor: unexpected arguments %q: the logs are named by --predictions and --labels", pos)
	}
	cfg, err := c.config()
	if err != nil {
		return errorf(stderr, "monitor: %v", err)
	}
	cfg.Stdin = stdin
	if c.reference != "" {
		msg, err := cfg.UseReference(c.reference, c.categorical, c.bins)
		if err != nil {
			return errorf(stderr, "%v", err)
		}
		if msg != "" {
			warn(stderr, msg)
		}
	} else if c.estimate {
		warn(stderr, "--estimate without --reference: the calibration of the scores it relies on is not checked")
	}
	ctx, stop := context.Background(), context.CancelFunc(func() {})
	if c.follow {
		ctx, stop = monitorContext()
	}
	defer stop()
	res, alerts, err := report.RunMonitor(ctx, cfg, report.MonitorOutputs{Windows: stdout, Format: c.format, Listen: c.listen,
		Listening: func(addr string) {
			fmt.Fprintf(stderr, "mltest: monitor: Prometheus metrics at http://%s/metrics\n", addr)
		},
		Dir: c.outDir, Warning: func(msg string) { warn(stderr, msg) }})
	if err != nil {
		var ie *table.InputError
		if errors.As(err, &ie) {
			return errorf(stderr, "%v", ie)
		}
		return errorf(stderr, "monitor: %v", err)
	}
	fmt.Fprintf(stderr, "mltest: monitor: %s\n", report.MonitorSummary(res.Counts))
	if alerts > 0 && !c.follow {
		return exitFail
	}
	return exitOK
}

// config checks the flags together and turns them into the driver's Config.
func (c *monitorConfig) config() (monitor.Config, error) {
	t := c.table
	fail := func(format string, args ...any) (monitor.Config, error) {
		return monitor.Config{}, fmt.Errorf(format, args...)
	}
	cfg := monitor.Config{Predictions: c.predictions, Labels: c.labelsFile, Format: t.InputFormat, Follow: c.follow, StateDir: c.stateDir,
		Columns: monitor.Columns{ID: t.ID, Time: c.timeCol, Label: t.Label, Scores: t.Scores, Weight: t.Weight, Slices: t.Slices, Features: c.features},
		Options: monitor.Options{Window: c.window, Every: c.every, LabelDelay: c.delay, Estimate: c.estimate, Features: c.features}}
	if err := cfg.Check(); err != nil {
		return cfg, err
	}
	switch {
	case len(c.categorical) > 0 && c.reference == "":
		return fail("--categorical applies to the drift of --reference")
	case len(c.features) > 0 && c.reference == "":
		return fail("--column names drift columns: give --reference too")
	case c.reference != "" && len(c.features) == 0:
		return fail("--reference: name the columns to compare with --column")
	}
	cols, opt, err := t.Build()
	if err != nil {
		return cfg, err
	}
	cfg.Columns.Classes, cfg.Options.Evaluate = cols.Classes, opt
	if c.unlabeledAs != "" {
		v, err := strconv.ParseFloat(c.unlabeledAs, 64)
		if err != nil || v != v {
			return fail("--unlabeled-as %q: want a label value such as 0", c.unlabeledAs)
		}
		cfg.Options.UnlabeledAs = &v
	}
	if cfg.Options.Alerts, err = monitor.ParseRules(c.alerts); err != nil {
		return fail("--%v", err)
	}
	if c.format != "jsonl" && c.format != "table" {
		return fail("--format %q: want jsonl or table", c.format)
	}
	return cfg, nil
}
