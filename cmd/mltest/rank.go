package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/internal/cliflag"
	"github.com/mltest/mltest/internal/report"
)

// rankFlags are the parsed command line of mltest rank.
type rankFlags struct {
	perQuery bool
	format   string
	files    flow.RankFiles
	opt      flow.RankOptions
}

func parseRankFlags(args []string, stdout, stderr io.Writer) (rankFlags, int, bool) {
	f := rankFlags{opt: flow.DefaultRankOptions()}
	var measures, slices stringList
	fs := flag.NewFlagSet("mltest rank", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&f.perQuery, "q", false, "print every measure for every query too, before the summary (trec_eval -q)")
	fs.BoolVar(&f.opt.Complete, "c", false, "average over every QRELS query; one missing from RUN scores 0 (trec_eval -c)")
	fs.IntVar(&f.opt.Level, "l", 1, "lowest relevance `LEVEL` that counts as relevant (trec_eval -l)")
	fs.IntVar(&f.opt.MaxDocs, "M", 0, "evaluate only the first `N` documents of each query's ranking; 0: all (trec_eval -M)")
	fs.Var(&measures, "m", "measure to compute, `MEASURE[.K,K...]`; repeatable (trec_eval -m)")
	fs.StringVar(&f.files.Train, "train", "", "`FILE` of training interactions (user item rows) for the recommender measures\ncatalog_coverage distributional_coverage novelty diversity serendipity")
	fs.StringVar(&f.format, "format", "trec", "output `FORMAT`: trec (trec_eval's text) or json")
	fs.StringVar(&f.files.QueryAttrs, "query-attrs", "", "`FILE` of query attributes (CSV/JSONL/Parquet: a qid column and one per attribute) for --slice")
	fs.StringVar(&f.files.QueryID, "query-id", "qid", "query id `column` of --query-attrs")
	fs.Var(&slices, "slice", "attribute `COL` of --query-attrs to summarize by; repeat for combinations")
	fs.IntVar(&f.opt.MinSliceN, "min-slice-n", 30, "slices with fewer `queries` are reported but marked not gated")
	fs.Float64Var(&f.opt.Intervals.Level, "ci", 0, "confidence `level` of bootstrap intervals over queries, e.g. 0.95 (with --format json)")
	fs.IntVar(&f.opt.Intervals.Resamples, "bootstrap", 1000, "bootstrap `resamples` for --ci")
	fs.Uint64Var(&f.opt.Intervals.Seed, "seed", 1, "`seed` of the bootstrap")
	wantHelp := false
	fs.BoolVar(&wantHelp, "help", false, "print this help and exit")
	fs.BoolVar(&wantHelp, "h", false, "print this help and exit")
	printUsage := func(w io.Writer) {
		fmt.Fprint(w, help("rank"))
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	// Flags may follow the file names, as trec_eval's getopt allows.
	files, err := cliflag.Interleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(stdout)
			return f, exitOK, false
		}
		return f, errorf(stderr, "rank: %v (see mltest rank --help)", err), false
	}
	if wantHelp {
		printUsage(stdout)
		return f, exitOK, false
	}
	if len(files) != 2 {
		return f, errorf(stderr, "rank: want two files, QRELS and RUN, got %d (see mltest rank --help)", len(files)), false
	}
	f.files.Qrels, f.files.Run = files[0], files[1]
	f.opt.Measures, f.opt.SliceBy = measures, slices
	if f.format != "trec" && f.format != "json" {
		return f, errorf(stderr, "rank: --format %q: want trec or json", f.format), false
	}
	if err := checkRankLayers(f); err != nil {
		return f, errorf(stderr, "rank: %v", err), false
	}
	if _, err := f.opt.Eval(); err != nil {
		return f, errorf(stderr, "rank: -m: %v", err), false
	}
	return f, exitOK, true
}

// checkRankLayers checks the flags of the layers beyond trec_eval: slices
// and intervals.
func checkRankLayers(f rankFlags) error {
	ci := f.opt.Intervals
	switch {
	case len(f.opt.SliceBy) > 0 && f.files.QueryAttrs == "":
		return errors.New("--slice needs --query-attrs FILE (a table of qid and query attributes)")
	case f.files.QueryAttrs != "" && len(f.opt.SliceBy) == 0:
		return errors.New("--query-attrs needs at least one --slice COL")
	case ci.Level != 0 && (ci.Level <= 0 || ci.Level >= 1):
		return fmt.Errorf("--ci %v: want a level between 0 and 1, e.g. 0.95", ci.Level)
	case ci.Level != 0 && ci.Resamples < 1:
		return fmt.Errorf("--bootstrap %d: want at least 1 resample", ci.Resamples)
	case ci.Level != 0 && f.format != "json":
		return errors.New("--ci: intervals are printed with --format json (trec_eval's format has no place for them)")
	}
	return nil
}

func runRank(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	f, code, ok := parseRankFlags(args, stdout, stderr)
	if !ok {
		return code
	}
	f.files.Stdin = stdin
	res, err := flow.Rank(f.files, f.opt)
	var noQuery *flow.NoQueryError
	if errors.As(err, &noQuery) {
		printRankWarnings(stderr, noQuery.Warnings)
		return errorf(stderr, "rank: %v", err)
	}
	if err != nil {
		return errorf(stderr, "%v", err)
	}
	printRankWarnings(stderr, res.Warnings)
	if f.format == "json" {
		err = report.WriteRankJSON(stdout, res, f.perQuery)
	} else {
		err = report.WriteRankTREC(stdout, res, f.perQuery)
	}
	if err != nil {
		return errorf(stderr, "rank: %v", err)
	}
	return exitOK
}

func printRankWarnings(stderr io.Writer, warnings []string) {
	for _, w := range warnings {
		fmt.Fprintf(stderr, "mltest: warning: %s\n", w)
	}
}
