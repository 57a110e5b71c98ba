package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	examplesuite "github.com/mltest/mltest/examples/suite"
	"github.com/mltest/mltest/internal/progress"
	"github.com/mltest/mltest/internal/report"
	"github.com/mltest/mltest/internal/suite"
)

const runUsage = `Usage: mltest run [SUITE.yaml] [--out DIR] [--baseline FILE] [--write-baseline FILE] [--format table|json] [--quiet]

Runs a suite of checks, the way CI gates a merge: one file says what to
check, the exit code says whether it held, and the reports say why.

SUITE.yaml names data sources (prediction tables; ranking qrels and runs) and
checks, each of one type (every key: docs/suite.md):
  metric   a metric (binary, multiclass, regression or ranking) against an
           absolute or baseline-relative threshold, overall and per slice,
           optionally on its confidence interval's bound
  compare  a candidate's predictions against a baseline model's on the same
           rows: paired tests, fails on a significant regression (or without
           a required significant improvement)
  parity   offline predictions against a served endpoint (OIP v2, TF Serving, JSON)
  golden   a file against a golden file (unified diff on a mismatch)
  drift    feature distributions of two tables, thresholds on effect sizes
Each check has a name and a severity: fail (default) or warn. Independent
checks run concurrently (the suite's concurrency:, default 4).

Without SUITE.yaml, runs the embedded example suite: it trains the example
recommender, writes its predictions, serves it on a loopback port and runs
every kind of check against it.

Reports go to --out DIR: report.html (self-contained, works offline),
junit.xml (one test case per check), report.json (the whole result, with a
version field) and summary.md, which is also appended to the file named by
$GITHUB_STEP_SUMMARY when it is set.

Baselines: --write-baseline FILE records every metric check's values and
their provenance (suite, sha256 of the data files, model_version, time);
--baseline FILE resolves the thresholds written relative to a baseline
("min: baseline - 0.01", max_drop). Without one, such rules are not applied
and their check warns. A baseline whose provenance differs from this run's
is used, with a warning.

Exit codes: 0 every check passed (or only warned), 1 a check of severity
fail failed, 2 the suite is malformed or unreadable, a flag is wrong, or a
check could not run (unreadable data, unreachable server).

Flags:
`

type runConfig struct {
	out, baseline, writeBaseline, format string
	quiet                                bool
}

func runRun(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var c runConfig
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.out, "out", "mltest-report", "`directory` for report.html, junit.xml, report.json and summary.md (created if needed)")
	fs.StringVar(&c.baseline, "baseline", "", "baseline `FILE` for baseline-relative thresholds (written by --write-baseline)")
	fs.StringVar(&c.writeBaseline, "write-baseline", "", "record this run's metric values and provenance in `FILE`")
	fs.StringVar(&c.format, "format", "table", "standard output `format`: table (a summary for people) or json (report.json)")
	fs.BoolVar(&c.quiet, "quiet", false, "no progress line on stderr and no summary table (the reports are still written)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), runUsage)
		fs.PrintDefaults()
	}
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
		dir, err := os.MkdirTemp("", "mltest-example-")
		if err != nil {
			return errorf(stderr, "run: %v", err)
		}
		defer os.RemoveAll(dir)
		if !c.quiet {
			fmt.Fprintln(stderr, "mltest: no suite given: running the embedded example suite (training and serving the example recommender)")
		}
		setupStart := time.Now()
		env, err := examplesuite.Setup(ctx, dir)
		if err != nil {
			return errorf(stderr, "run: example suite setup: %v", err)
		}
		defer env.Close()
		if !c.quiet {
			fmt.Fprintf(stderr, "mltest: example setup done in %s (model served at %s)\n", time.Since(setupStart).Round(time.Millisecond), env.Vars["MODEL_URL"])
		}
		if s, err = suite.Parse(examplesuite.YAML, examplesuite.Name, suite.LoadOptions{Vars: env.Vars, Dir: dir}); err != nil {
			return errorf(stderr, "%v", err)
		}
		s.File = ""
	} else {
		if s, err = suite.Load(pos[0], suite.LoadOptions{}); err != nil {
			return errorf(stderr, "%v", err)
		}
	}

	var bl *suite.Baseline
	if c.baseline != "" {
		if bl, err = suite.ReadBaseline(c.baseline); err != nil {
			return errorf(stderr, "run: %v", err)
		}
	}
	var dataHash string
	if bl != nil || c.writeBaseline != "" {
		if dataHash, err = suite.DataHash(s); err != nil {
			return errorf(stderr, "run: hashing the data: %v", err)
		}
	}
	var baselineWarnings []string
	if bl != nil {
		baselineWarnings = bl.Mismatch(s, dataHash)
		for _, w := range baselineWarnings {
			fmt.Fprintf(stderr, "mltest: warning: %s: %s\n", c.baseline, w)
		}
	}

	opt := suite.Options{Baseline: bl}
	if !c.quiet && progress.IsTerminalWriter(stderr) {
		opt.Progress = progress.CheckLine(stderr)
	}
	rep := suite.Run(ctx, s, opt)
	if opt.Progress != nil {
		progress.ClearLine(stderr)
	}
	if bl != nil {
		p := bl.Provenance
		rep.Baseline = &p
	}

	switch {
	case c.format == "json":
		if err := report.WriteJSON(stdout, *rep); err != nil {
			return errorf(stderr, "run: %v", err)
		}
	case !c.quiet:
		if err := report.WriteTable(stdout, *rep, report.Color(progress.IsTerminalWriter(stdout))); err != nil {
			return errorf(stderr, "run: %v", err)
		}
	}
	if err := report.WriteDir(c.out, *rep); err != nil {
		return errorf(stderr, "run: writing the reports: %v", err)
	}
	if err := report.AppendGitHubSummary(*rep); err != nil {
		return errorf(stderr, "run: $GITHUB_STEP_SUMMARY: %v", err)
	}
	if !c.quiet && c.format == "table" {
		fmt.Fprintf(stdout, "reports: %s\n", filepath.Join(c.out, "report.html"))
	}
	if c.writeBaseline != "" {
		b := suite.NewBaseline(s, rep, dataHash, time.Now())
		if err := b.WriteFile(c.writeBaseline); err != nil {
			return errorf(stderr, "run: --write-baseline: %v", err)
		}
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
