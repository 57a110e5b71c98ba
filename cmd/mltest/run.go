package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	examplesuite "github.com/mltest/mltest/examples/suite"
	"github.com/mltest/mltest/internal/progress"
	"github.com/mltest/mltest/internal/report"
	"github.com/mltest/mltest/internal/suite"
)

type runConfig struct {
	out, baseline, writeBaseline, format string
	quiet                                bool
}

func runRun(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var c runConfig
	fs := newFlagSet("run", stderr)
	fs.StringVar(&c.out, "out", "mltest-report", "`directory` for report.html, junit.xml, report.json and summary.md (created if needed)")
	fs.StringVar(&c.baseline, "baseline", "", "baseline `FILE` for baseline-relative thresholds (written by --write-baseline)")
	fs.StringVar(&c.writeBaseline, "write-baseline", "", "record this run's metric values and provenance in `FILE`")
	fs.StringVar(&c.format, "format", "table", "standard output `format`: table (a summary for people) or json (report.json)")
	fs.BoolVar(&c.quiet, "quiet", false, "no progress line on stderr and no summary table (the reports are still written)")
	pos, code, ok := parseFlags(fs, args, stdout)
	if !ok {
		return code
	}
	var err error
	if c.format != "table" && c.format != "json" {
		return errorf(stderr, "run: --format %q: want table or json", c.format)
	}
	if len(pos) > 1 {
		return errorf(stderr, "run: want at most one SUITE.yaml, got %d (see mltest run --help)", len(pos))
	}
	if c.out == "" {
		return errorf(stderr, "run: --out: want a directory")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	var s *suite.Suite
	if len(pos) == 0 {
		if !c.quiet {
			fmt.Fprintln(stderr, "mltest: no suite given: running the embedded example suite (training and serving the example recommender)")
		}
		setupStart := time.Now()
		var env *examplesuite.Env
		if s, env, err = examplesuite.LoadTemp(ctx); err != nil {
			return errorf(stderr, "run: %v", err)
		}
		defer env.Close()
		if !c.quiet {
			fmt.Fprintf(stderr, "mltest: example setup done in %s (model served at %s)\n", time.Since(setupStart).Round(time.Millisecond), env.Vars["MODEL_URL"])
		}
	} else if s, err = suite.Load(pos[0], suite.LoadOptions{}); err != nil {
		return errorf(stderr, "%v", err)
	}

	var opt suite.Options
	if !c.quiet && progress.IsTerminalWriter(stderr) {
		opt.Progress = progress.CheckLine(stderr)
	}
	rep, warnings, err := suite.RunWithBaselines(ctx, s, suite.Baselines{Read: c.baseline, Write: c.writeBaseline}, opt)
	if opt.Progress != nil {
		progress.ClearLine(stderr)
	}
	warn(stderr, warnings...)
	if err != nil {
		return errorf(stderr, "run: %v", err)
	}

	out := report.RunOutputs{Stdout: stdout, Format: c.format, Quiet: c.quiet, Color: progress.IsTerminalWriter(stdout), Dir: c.out}
	if err := report.WriteRun(*rep, out); err != nil {
		return errorf(stderr, "run: %v", err)
	}
	for _, p := range report.Problems(*rep) {
		fmt.Fprintf(stderr, "mltest: %s\n", p)
	}
	switch rep.Status {
	case report.Error:
		return exitUsage
	case report.Fail:
		return exitFail
	}
	return exitOK
}
