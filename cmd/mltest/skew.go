package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/mltest/mltest/harness/skew"
	"github.com/mltest/mltest/internal/cliflag"
	"github.com/mltest/mltest/internal/report"
)

func runSkew(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var (
		ref, cur, format string
		columns          cliflag.StringList
		kinds            = cliflag.Pairs[skew.Kind]{M: map[string]skew.Kind{}, Form: "COL=numeric|categorical", Parse: parseKind}
		opt              skew.Options
	)
	def := skew.DefaultThresholds()
	t := &opt.Thresholds
	fs := newFlagSet("skew", stderr)
	fs.StringVar(&ref, "reference", "", "reference data `FILE`, such as the training data (required)")
	fs.StringVar(&cur, "current", "", "current data `FILE`, such as a serving log (required)")
	fs.Var(&columns, "column", "`column` to compare; repeatable (default: every column of the reference)")
	fs.Var(&kinds, "kind", "`COL=numeric|categorical` declares a column's kind; repeatable")
	fs.IntVar(&opt.Bins, "bins", 10, "quantile `bins` of the reference for numeric PSI and JS distance")
	fs.Float64Var(&t.PSI, "max-psi", def.PSI, "drift when PSI exceeds `x`")
	fs.Float64Var(&t.JSDistance, "max-js", def.JSDistance, "drift when the Jensen-Shannon distance (base 2) exceeds `x`")
	fs.Float64Var(&t.LInf, "max-linf", def.LInf, "categorical: drift when the L-infinity distance exceeds `x`")
	fs.Float64Var(&t.KSD, "max-ks-d", def.KSD, "numeric: drift when the KS statistic D exceeds `x`")
	fs.Float64Var(&t.WassersteinNorm, "max-wasserstein", def.WassersteinNorm, "numeric: drift when Wasserstein-1 / reference std exceeds `x`")
	fs.Float64Var(&t.SMD, "max-smd", def.SMD, "numeric: drift when |mean shift| / reference std exceeds `x`")
	fs.Float64Var(&t.MissingRate, "max-missing-rate-diff", def.MissingRate, "drift when the missing rates differ by more than `x`")
	fs.Float64Var(&t.KSPValue, "min-ks-pvalue", 0, "numeric: drift when the KS p-value is below `p` (0: off)")
	fs.StringVar(&format, "format", "table", "output `format`: table or json")
	pos, code, ok := parseFlags(fs, args, stdout)
	if !ok {
		return code
	}
	switch {
	case len(pos) != 0:
		return errorf(stderr, "skew: unexpected argument %q: files are named by --reference and --current", pos[0])
	case ref == "" || cur == "":
		return errorf(stderr, "skew: --reference FILE and --current FILE are required")
	case format != "table" && format != "json":
		return errorf(stderr, "skew: --format %q: want table or json", format)
	case opt.Bins < 2:
		return errorf(stderr, "skew: --bins %d: want at least 2", opt.Bins)
	}
	if err := t.Check(); err != nil {
		return errorf(stderr, "skew: %v", err)
	}
	if *t == (skew.Thresholds{}) {
		return errorf(stderr, "skew: every threshold is 0: nothing would ever count as drift")
	}
	opt.Kinds = kinds.M
	rep, err := skew.CompareFiles(ref, cur, columns, opt)
	if err != nil {
		return errorf(stderr, "%v", err)
	}
	if err := report.WriteSkew(stdout, format, rep); err != nil {
		return errorf(stderr, "skew: %v", err)
	}
	if d := rep.Drifted(); len(d) > 0 {
		fmt.Fprintf(stderr, "mltest: skew: %d of %d features drifted: %s\n", len(d), len(rep.Features), strings.Join(d, ", "))
		return exitFail
	}
	return exitOK
}

// parseKind reads the kind of a --kind COL=KIND.
func parseKind(_, kind string) (skew.Kind, error) {
	var k skew.Kind
	return k, k.UnmarshalText([]byte(kind))
}
