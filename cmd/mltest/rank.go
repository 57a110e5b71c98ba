package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/internal/cliflag"
	"github.com/mltest/mltest/internal/report"
	"github.com/mltest/mltest/metrics"
)

// rankFlags are the parsed command line of mltest rank.
type rankFlags struct {
	perQuery  bool
	noSummary bool
	format    string
	files     flow.RankFiles
	opt       flow.RankOptions
}

// rankGetopt is trec_eval 10's command line (trec_eval.c's getopt_long
// call), which mltest rank reads in every form trec_eval accepts.
var rankGetopt = cliflag.Getopt{
	Short: "hvqm:cl:nD:JN:M:R:T:oZ:",
	Long: map[string]byte{
		"help": 'h', "version": 'v', "query_eval_wanted": 'q', "measure": 'm',
		"complete_rel_info_wanted": 'c', "level_for_rel": 'l', "nosummary": 'n',
		"Debug_level": 'D', "Judged_docs_only": 'J', "Number_docs_in_coll": 'N',
		"Max_retrieved_per_topic": 'M', "Rel_info_format": 'R', "Results_format": 'T',
		"Output_old_results_format": 'o', "Zscore": 'Z',
	},
	LongWithValue: []string{"Output_old_results_format"},
}

// intFlag is an integer flag that records whether it was given.
type intFlag struct {
	v   int64
	set bool
}

func (f *intFlag) String() string { return strconv.FormatInt(f.v, 10) }
func (f *intFlag) Set(s string) error {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("%q is not an integer", s)
	}
	f.v, f.set = v, true
	return nil
}

func parseRankFlags(args []string, stdout, stderr io.Writer) (rankFlags, int, bool) {
	f := rankFlags{opt: flow.DefaultRankOptions()}
	var level, maxDocs, docsInColl intFlag
	var debug, relFormat, resultsFormat, ties string
	var version, obsolete bool
	fs := flag.NewFlagSet("mltest rank", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&f.perQuery, "q", false, "print every measure for every query too, before the summary (trec_eval -q)")
	fs.BoolVar(&f.opt.Complete, "c", false, "average over every QRELS query; one missing from RUN scores trec_eval's values for an empty ranking (trec_eval -c)")
	fs.Var(&level, "l", "lowest relevance `LEVEL` that counts as relevant; default 1 (trec_eval -l)")
	fs.Var(&maxDocs, "M", "evaluate only the first `N` documents of each query's ranking; 0: none (trec_eval -M)")
	fs.Var((*cliflag.StringList)(&f.opt.Measures), "m", "measure to compute, `MEASURE[.PARAMS]` or an ir_measures name; repeatable (trec_eval -m)")
	fs.BoolVar(&f.noSummary, "n", false, "print no summary, only what -q prints (trec_eval -n)")
	fs.BoolVar(&f.opt.JudgedOnly, "J", false, "drop retrieved documents without a judgment before computing (trec_eval -J)")
	fs.Var(&docsInColl, "N", "number of documents in the collection, for utility (trec_eval -N)")
	fs.StringVar(&relFormat, "R", "qrels", "`FORMAT` of QRELS: qrels, qrels_jg, prefs or qrels_prefs (trec_eval -R)")
	fs.StringVar(&resultsFormat, "T", "trec_results", "`FORMAT` of RUN: trec_results, the only one (trec_eval -T)")
	fs.StringVar(&f.files.ZScores, "Z", "", "`FILE` of \"qid measure mean stddev\" lines: print z-scores (trec_eval -Z)")
	fs.StringVar(&debug, "D", "", "trec_eval's debug `LEVEL[.QID]`: with .QID only that query is evaluated (trec_eval -D)")
	fs.BoolVar(&obsolete, "o", false, "obsolete, ignored (trec_eval -o)")
	fs.BoolVar(&version, "v", false, "print the version and exit (trec_eval -v)")
	fs.StringVar(&ties, "ties", "docno", "order of equal scores: `docno` (trec_eval's), input (the file's) or average (tie-averaged)")
	fs.StringVar(&f.files.Train, "train", "", "`FILE` of training interactions (user item rows) for the recommender measures\ncatalog_coverage distributional_coverage novelty diversity serendipity")
	fs.StringVar(&f.format, "format", "trec", "output `FORMAT`: trec (trec_eval's text) or json")
	fs.StringVar(&f.files.QueryAttrs, "query-attrs", "", "`FILE` of query attributes (CSV/JSONL/Parquet: a qid column and one per attribute) for --slice")
	fs.StringVar(&f.files.QueryID, "query-id", "qid", "query id `column` of --query-attrs")
	fs.Var((*cliflag.StringList)(&f.opt.SliceBy), "slice", "attribute `COL` of --query-attrs to summarize by; repeat for combinations")
	fs.IntVar(&f.opt.MinSliceN, "min-slice-n", 30, "slices with fewer `queries` are reported but marked not gated")
	fs.Float64Var(&f.opt.Intervals.Level, "ci", 0, "confidence `level` of bootstrap intervals over queries, e.g. 0.95 (with --format json)")
	fs.IntVar(&f.opt.Intervals.Resamples, "bootstrap", 1000, "bootstrap `resamples` for --ci")
	fs.Uint64Var(&f.opt.Intervals.Seed, "seed", 1, "`seed` of the bootstrap")
	wantHelp := false
	fs.BoolVar(&wantHelp, "help", false, "print this help and exit")
	fs.BoolVar(&wantHelp, "h", false, "print this help (and, with -m, what each measure is) and exit")
	printUsage := func(w io.Writer) {
		fmt.Fprint(w, help("rank"))
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
		report.WriteMeasureDocs(w, f.opt.Measures)
	}
	g := rankGetopt
	g.Flags = fs
	normalized, err := g.Normalize(args)
	var files []string
	if err == nil {
		// Flags may follow the file names, as trec_eval's getopt allows.
		files, err = cliflag.Interleaved(fs, normalized)
	}
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
	if version {
		fmt.Fprintln(stderr, "mltest rank: trec_eval version 10.0 compatible")
		return f, exitOK, false
	}
	if len(files) != 2 {
		return f, errorf(stderr, "rank: want two files, QRELS and RUN, got %d (see mltest rank --help)", len(files)), false
	}
	f.files.Qrels, f.files.Run = files[0], files[1]
	if code, ok := f.setTrecFlags(stderr, level, maxDocs, docsInColl, debug, relFormat, resultsFormat, ties); !ok {
		return f, code, false
	}
	if f.format != "trec" && f.format != "json" {
		return f, errorf(stderr, "rank: --format %q: want trec or json", f.format), false
	}
	if err := f.opt.Check(f.files); err != nil {
		return f, errorf(stderr, "rank: %v", err), false
	}
	if f.opt.Intervals.Level != 0 && f.format != "json" {
		return f, errorf(stderr, "rank: --ci: intervals are printed with --format json (trec_eval's format has no place for them)"), false
	}
	if _, err := f.opt.Eval(); err != nil {
		return f, errorf(stderr, "rank: -m: %v", err), false
	}
	return f, exitOK, true
}

// setTrecFlags checks and stores the values of trec_eval's flags.
func (f *rankFlags) setTrecFlags(stderr io.Writer, level, maxDocs, docsInColl intFlag, debug, relFormat, resultsFormat, ties string) (int, bool) {
	if level.set {
		f.opt.Level = int(level.v)
	}
	switch {
	case !maxDocs.set:
	case maxDocs.v < 0:
		return errorf(stderr, "rank: -M %d: want a number of documents >= 0 (trec_eval crashes on a negative one)", maxDocs.v), false
	case maxDocs.v == 0:
		f.opt.MaxDocs = flow.NoDocuments
	default:
		f.opt.MaxDocs = int(min(maxDocs.v, 1<<31-1))
	}
	f.opt.DocsInCollection = docsInColl.v
	format, err := metrics.ParseJudgmentFormat(relFormat)
	if err != nil {
		return errorf(stderr, "rank: -R: %v", err), false
	}
	f.opt.Judgments = format
	if resultsFormat != "trec_results" {
		return errorf(stderr, "rank: -T %q: the only results format is trec_results", resultsFormat), false
	}
	if debug != "" {
		lvl, qid, _ := strings.Cut(debug, ".")
		if _, err := strconv.Atoi(lvl); err != nil {
			return errorf(stderr, "rank: -D %q: want LEVEL or LEVEL.QID, LEVEL an integer", debug), false
		}
		f.opt.OnlyQuery = qid
	}
	if f.opt.Ties, err = metrics.ParseTiePolicy(ties); err != nil {
		return errorf(stderr, "rank: --ties: %v", err), false
	}
	return exitOK, true
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
		warn(stderr, noQuery.Warnings...)
		return errorf(stderr, "rank: %v", err)
	}
	if err != nil {
		return errorf(stderr, "%v", err)
	}
	warn(stderr, res.Warnings...)
	if err := report.WriteRank(stdout, f.format, res, report.RankTRECOptions{PerQuery: f.perQuery, NoSummary: f.noSummary}); err != nil {
		return errorf(stderr, "rank: %v", err)
	}
	return exitOK
}
