package main

import (
	"fmt"
	"io"

	"github.com/mltest/mltest/harness/interleave"
	"github.com/mltest/mltest/internal/report"
)

func runInterleave(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var (
		logPath, user, format, require string
		opt                            interleave.Options
	)
	fs := newFlagSet("interleave", stderr)
	fs.StringVar(&logPath, "log", "", "interleaving log `FILE` (JSONL; required)")
	fs.StringVar(&user, "user", "", "`key` of the user in each row: the bootstrap then resamples users (default: impressions)")
	fs.Float64Var(&opt.Level, "ci", 0.95, "confidence `level` of the interval; 1 - level is the significance level")
	fs.IntVar(&opt.Resamples, "bootstrap", 1000, "bootstrap `resamples`")
	fs.Uint64Var(&opt.Seed, "seed", 1, "random `seed` of the bootstrap")
	fs.BoolVar(&opt.Sequential, "sequential", false, "always-valid p-value (mixture SPRT) for an experiment checked while it runs")
	fs.StringVar(&require, "require", "", "exit 1 unless `side` (A or B) is significantly preferred")
	fs.StringVar(&format, "format", "table", "output `format`: table or json")
	pos, code, ok := parseFlags(fs, args, stdout)
	if !ok {
		return code
	}
	switch {
	case len(pos) != 0:
		return errorf(stderr, "interleave: unexpected argument %q: the log is named by --log", pos[0])
	case logPath == "":
		return errorf(stderr, "interleave: --log FILE is required")
	case format != "table" && format != "json":
		return errorf(stderr, "interleave: --format %q: want table or json", format)
	case !(opt.Level > 0 && opt.Level < 1):
		return errorf(stderr, "interleave: --ci %v: want a level in (0, 1)", opt.Level)
	case opt.Resamples < 1:
		return errorf(stderr, "interleave: --bootstrap %d: want at least 1", opt.Resamples)
	case require != "" && require != "A" && require != "B":
		return errorf(stderr, "interleave: --require %q: want A or B", require)
	}
	opt.ByUser = user != ""
	imps, err := interleave.ReadLog(logPath, stdin, user)
	if err != nil {
		return errorf(stderr, "%v", err)
	}
	r, err := interleave.Analyze(imps, opt)
	if err != nil {
		return errorf(stderr, "interleave: %v", err)
	}
	if err := report.WriteInterleave(stdout, format, r); err != nil {
		return errorf(stderr, "interleave: %v", err)
	}
	if require != "" && !r.Significant(require) {
		fmt.Fprintf(stderr, "mltest: interleave: %s is not significantly preferred (preferred: %s, p = %.4g, %s, delta_ab = %.4g)\n",
			require, r.Preferred, r.P, r.Test, r.DeltaAB)
		return exitFail
	}
	return exitOK
}
