package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/mltest/mltest/harness/interleave"
	"github.com/mltest/mltest/internal/report"
)

const interleaveUsage = `Usage:
  mltest interleave --log FILE [--user COL] [--ci 0.95] [--bootstrap 1000] [--seed 1]
                    [--sequential] [--require A|B] [--format table|json]

Analyses an interleaving experiment of rankers A and B: each log row is an
impression, the interleaved list served, the team (ranker) that contributed
each item, and the items clicked (JSONL, gzip read transparently, - for stdin):

  {"id": "imp1", "user": "u7", "items": ["i3", "i9", "i1"], "teams": ["A", "B", "A"], "clicks": ["i9"]}

An impression with at least one click is a win for A when A's items got more
of its clicks, for B likewise, and otherwise a tie; impressions without a
click are counted (no_click) and left out. delta_ab = (wins_a + ties/2)/n - 0.5
(Chapelle et al. 2012) is positive when users prefer A; its interval is a
bootstrap over users (--user names their key) or over impressions. p is the
two-sided sign test on wins (ties left out); with --sequential it is the
always-valid p-value of a mixture SPRT, which may be checked every day of a
running experiment without inflating false positives. A side is preferred
when it won more impressions and p < 1 - ci.

Exit codes: 0 done (or the required side is preferred), 1 --require names a
side that is not significantly preferred, 2 could not run as asked (bad flag
or input, named by file and line).

Flags:
`

func runInterleave(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var (
		logPath, user, format, require string
		opt                            interleave.Options
	)
	fs := flag.NewFlagSet("interleave", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&logPath, "log", "", "interleaving log `FILE` (JSONL; required)")
	fs.StringVar(&user, "user", "", "`key` of the user in each row: the bootstrap then resamples users (default: impressions)")
	fs.Float64Var(&opt.Level, "ci", 0.95, "confidence `level` of the interval; 1 - level is the significance level")
	fs.IntVar(&opt.Resamples, "bootstrap", 1000, "bootstrap `resamples`")
	fs.Uint64Var(&opt.Seed, "seed", 1, "random `seed` of the bootstrap")
	fs.BoolVar(&opt.Sequential, "sequential", false, "always-valid p-value (mixture SPRT) for an experiment checked while it runs")
	fs.StringVar(&require, "require", "", "exit 1 unless `side` (A or B) is significantly preferred")
	fs.StringVar(&format, "format", "table", "output `format`: table or json")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), interleaveUsage)
		fs.PrintDefaults()
	}
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
