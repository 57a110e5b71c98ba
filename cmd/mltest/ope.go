package main

import (
	"io"
	"math"
	"strings"

	"github.com/mltest/mltest/harness/offpolicy"
	"github.com/mltest/mltest/internal/report"
	"github.com/mltest/mltest/metrics/ope"
)

func runOPE(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var (
		files      offpolicy.Files
		estimators string
		format     string
		opt        ope.Options
	)
	fs := newFlagSet("ope", stderr)
	fs.StringVar(&files.Log, "log", "", "log `FILE` of the logging policy (JSONL; required)")
	fs.StringVar(&files.Target, "target", "", "target policy `FILE` (JSONL; required)")
	fs.StringVar(&files.RewardModel, "reward-model", "", "reward model `FILE` (JSONL) for dm and dr")
	fs.StringVar(&estimators, "estimators", "", "comma-separated estimator `names` (default: ips,snips[,dm,dr]; slates: iips,pi)")
	fs.Float64Var(&opt.Clip, "clip", 0, "cap the importance weights of ips, dr and iips at `W` (0: no clipping)")
	fs.Float64Var(&opt.Level, "ci", 0.95, "confidence `level` of the intervals")
	fs.IntVar(&opt.Resamples, "bootstrap", 1000, "bootstrap `resamples`")
	fs.Uint64Var(&opt.Seed, "seed", 1, "random `seed` of the bootstrap")
	fs.StringVar(&format, "format", "table", "output `format`: table or json")
	pos, code, ok := parseFlags(fs, args, stdout)
	if !ok {
		return code
	}
	switch {
	case len(pos) != 0:
		return errorf(stderr, "ope: unexpected argument %q: files are named by --log, --target and --reward-model", pos[0])
	case files.Log == "" || files.Target == "":
		return errorf(stderr, "ope: --log FILE and --target FILE are required")
	case format != "table" && format != "json":
		return errorf(stderr, "ope: --format %q: want table or json", format)
	case !(opt.Level > 0 && opt.Level < 1):
		return errorf(stderr, "ope: --ci %v: want a level in (0, 1)", opt.Level)
	case opt.Resamples < 1:
		return errorf(stderr, "ope: --bootstrap %d: want at least 1", opt.Resamples)
	case math.IsNaN(opt.Clip) || opt.Clip < 0:
		return errorf(stderr, "ope: --clip %v: want a weight > 0, or 0 for no clipping", opt.Clip)
	case stdins(files.Log, files.Target, files.RewardModel) > 1:
		return errorf(stderr, "ope: at most one of the files can be standard input (-)")
	}
	if estimators != "" {
		for _, name := range strings.Split(estimators, ",") {
			opt.Estimators = append(opt.Estimators, strings.TrimSpace(name))
		}
	}
	r, err := offpolicy.EstimateFiles(files, stdin, opt)
	if err != nil {
		return errorf(stderr, "%v", err)
	}
	if err := report.WriteOPE(stdout, format, r); err != nil {
		return errorf(stderr, "ope: %v", err)
	}
	return exitOK
}
