package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/internal/trec"
	"github.com/mltest/mltest/metrics"
)

const rankUsage = `Usage: mltest rank [-q] [-c] [-l LEVEL] [-M N] [-m MEASURE[.K,K...]]... [--train FILE] [--format trec|json] QRELS RUN

Ranking measures of RUN against the relevance judgments QRELS, computed and
printed as trec_eval 10 does. QRELS lines are "qid iter docno rel", RUN lines
"qid iter docno rank score runid" (whitespace separated); files ending in
.csv (header qid,docno,rel / qid,docno,score) or .jsonl are read as tables,
.gz files are decompressed, "-" is standard input (TREC format).

A run is ordered by score descending, ties by docno descending; the rank
field is ignored. Queries evaluated are those in both files; a QRELS query
absent from RUN is skipped with a warning (with -c it counts, scoring 0).

Measures (-m, repeatable; default: trec_eval's "official" set):
  official runid num_q num_ret num_rel num_rel_ret map gm_map Rprec bpref
  recip_rank iprec_at_recall P recall ndcg ndcg_cut success
  Cutoffs follow a dot: -m P.5,10 -m ndcg_cut.10 -m iprec_at_recall.0.5
  Without one, trec_eval's defaults (P, recall, ndcg_cut: 5,10,15,20,30,100,
  200,500,1000; success: 1,5,10; iprec_at_recall: 0,0.1,...,1).

Recommender measures (--train FILE, rows "user item", or CSV/JSONL columns
user,item): catalog_coverage distributional_coverage novelty diversity
serendipity, Microsoft Recommenders' definitions, with users = qids and
items = the docnos each query retrieved. They follow the summary.

Slices and intervals (beyond trec_eval): --query-attrs FILE names a table of
query attributes (a qid column and one column per attribute) and --slice COL
summarizes the queries by those attributes; slices with fewer than
--min-slice-n queries are marked not gated. --ci LEVEL adds percentile
bootstrap intervals over queries (the independent unit) to every averaged
measure (--bootstrap, --seed; with --format json). In the trec format a slice's
summary lines carry "COL=VALUE" in the query column, after the "all" lines.

Output: --format trec prints trec_eval's "measure<TAB>qid|all<TAB>value"
lines; --format json prints {"measures": {...}, "per_query": {...} (with -q),
"warnings": [...]}. Exit status: 0 done, 2 bad flag or input (the message
names FILE:LINE).

Flags:
`

// rankFlags are the parsed command line of mltest rank.
type rankFlags struct {
	perQuery bool
	complete bool
	level    int
	maxDocs  int
	measures []string
	train    string
	format   string
	files    []string
	layers   rankLayers
}

type measureList struct{ list *[]string }

func (m measureList) String() string {
	if m.list == nil {
		return ""
	}
	return strings.Join(*m.list, " ")
}

func (m measureList) Set(s string) error { *m.list = append(*m.list, s); return nil }

func parseRankFlags(args []string, stdout, stderr io.Writer) (rankFlags, int, bool) {
	var f rankFlags
	fs := flag.NewFlagSet("mltest rank", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&f.perQuery, "q", false, "print every measure for every query too, before the summary (trec_eval -q)")
	fs.BoolVar(&f.complete, "c", false, "average over every QRELS query; one missing from RUN scores 0 (trec_eval -c)")
	fs.IntVar(&f.level, "l", 1, "lowest relevance `LEVEL` that counts as relevant (trec_eval -l)")
	fs.IntVar(&f.maxDocs, "M", 0, "evaluate only the first `N` documents of each query's ranking; 0: all (trec_eval -M)")
	fs.Var(measureList{&f.measures}, "m", "measure to compute, `MEASURE[.K,K...]`; repeatable (trec_eval -m)")
	fs.StringVar(&f.train, "train", "", "`FILE` of training interactions (user item rows) for the recommender measures\ncatalog_coverage distributional_coverage novelty diversity serendipity")
	fs.StringVar(&f.format, "format", "trec", "output `FORMAT`: trec (trec_eval's text) or json")
	fs.StringVar(&f.layers.attrs, "query-attrs", "", "`FILE` of query attributes (CSV/JSONL/Parquet: a qid column and one per attribute) for --slice")
	fs.StringVar(&f.layers.idCol, "query-id", "qid", "query id `column` of --query-attrs")
	fs.Var(measureList{&f.layers.slices}, "slice", "attribute `COL` of --query-attrs to summarize by; repeat for combinations")
	fs.IntVar(&f.layers.minN, "min-slice-n", 30, "slices with fewer `queries` are reported but marked not gated")
	fs.Float64Var(&f.layers.ci, "ci", 0, "confidence `level` of bootstrap intervals over queries, e.g. 0.95 (with --format json)")
	fs.IntVar(&f.layers.resamples, "bootstrap", 1000, "bootstrap `resamples` for --ci")
	fs.Uint64Var(&f.layers.seed, "seed", 1, "`seed` of the bootstrap")
	help := false
	fs.BoolVar(&help, "help", false, "print this help and exit")
	fs.BoolVar(&help, "h", false, "print this help and exit")
	printUsage := func(w io.Writer) {
		fmt.Fprint(w, rankUsage)
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	// Flags may follow the file names, as trec_eval's getopt allows.
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printUsage(stdout)
				return f, exitOK, false
			}
			return f, errorf(stderr, "rank: %v (see mltest rank --help)", err), false
		}
		if help {
			printUsage(stdout)
			return f, exitOK, false
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		f.files = append(f.files, args[0])
		args = args[1:]
	}
	if len(f.files) != 2 {
		return f, errorf(stderr, "rank: want two files, QRELS and RUN, got %d (see mltest rank --help)", len(f.files)), false
	}
	if f.format != "trec" && f.format != "json" {
		return f, errorf(stderr, "rank: --format %q: want trec or json", f.format), false
	}
	if err := f.layers.check(f.format); err != nil {
		return f, errorf(stderr, "rank: %v", err), false
	}
	return f, exitOK, true
}

func runRank(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	f, code, ok := parseRankFlags(args, stdout, stderr)
	if !ok {
		return code
	}
	measures, err := metrics.ParseTrecMeasures(f.measures)
	if err != nil {
		return errorf(stderr, "rank: -m: %v", err)
	}
	opts := []metrics.TrecOption{metrics.RelevanceLevel(f.level), metrics.MaxDocsPerQuery(f.maxDocs)}
	if f.complete {
		opts = append(opts, metrics.CompleteAveraging())
	}
	eval := metrics.NewTrecEval(measures, opts...)

	qrels, run, err := readQrelsAndRun(f.files[0], f.files[1], stdin)
	if err != nil {
		return errorf(stderr, "%v", err)
	}

	// trec_eval's evaluation order: the qrels queries, in byte order.
	var (
		warnings []string
		qids     []string
	)
	for _, qid := range trec.SortedQIDs(qrels.Queries) {
		if _, ok := run.Queries[qid]; !ok && !f.complete {
			warnings = append(warnings, fmt.Sprintf("query %q is in %s but not in %s: skipped (with -c it would count as 0)", qid, f.files[0], f.files[1]))
			continue
		}
		qids = append(qids, qid)
	}
	for _, w := range warnings {
		fmt.Fprintf(stderr, "mltest: warning: %s\n", w)
	}
	if len(qids) == 0 {
		return errorf(stderr, "rank: no query is in both %s and %s", f.files[0], f.files[1])
	}
	results, err := evaluateQueries(eval, qids, qrels, run)
	if err != nil {
		return errorf(stderr, "%s: %v", f.files[1], err)
	}
	acc := eval.NewAccumulator()
	for _, r := range results {
		acc.Add(r)
	}

	var layers rankOutputLayers
	if f.layers.attrs != "" {
		keys, err := f.layers.readQueryAttrs(qids, stdin)
		if err != nil {
			return errorf(stderr, "%v", err)
		}
		layers.cols = f.layers.slices
		layers.slices = f.layers.slicesOf(eval, results, keys)
	}
	if f.layers.ci != 0 {
		all := make([]int, len(results))
		for i := range all {
			all[i] = i
		}
		var ws []string
		layers.level = f.layers.ci
		layers.overall, ws = f.layers.intervals(eval, results, all)
		warnings = append(warnings, ws...)
		for i := range layers.slices {
			layers.slices[i].intervals, ws = f.layers.intervals(eval, results, layers.slices[i].queries)
			for _, w := range ws {
				warnings = append(warnings, sliceLabel(layers.cols, layers.slices[i].key)+": "+w)
			}
		}
	}

	var recommend map[string]float64
	if f.train != "" {
		var recWarnings []string
		recommend, recWarnings, err = recommenderMeasures(f.train, stdin, run)
		if err != nil {
			return errorf(stderr, "%v", err)
		}
		for _, w := range recWarnings {
			fmt.Fprintf(stderr, "mltest: warning: %s\n", w)
		}
		warnings = append(warnings, recWarnings...)
	}

	w := bufio.NewWriterSize(stdout, 1<<16)
	defer w.Flush()
	if f.format == "json" {
		writeRankJSON(w, eval, run.ID, f.perQuery, qids, results, acc, recommend, warnings, layers)
		return exitOK
	}
	writeRankTREC(w, eval, run.ID, f.perQuery, qids, results, acc, recommend, layers)
	return exitOK
}

// readQrelsAndRun reads both files at once: the run is usually the big one.
func readQrelsAndRun(qrelsName, runName string, stdin io.Reader) (*trec.Qrels, *trec.Run, error) {
	if qrelsName == "-" && runName == "-" {
		return nil, nil, fmt.Errorf("rank: QRELS and RUN cannot both be standard input")
	}
	var (
		run    *trec.Run
		runErr error
		wg     sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		run, runErr = readRun(runName, stdin)
	}()
	qrels, qErr := readQrels(qrelsName, stdin)
	wg.Wait()
	if qErr != nil {
		return nil, nil, qErr
	}
	return qrels, run, runErr
}

func inputFormat(name string) dataio.Format {
	if f := dataio.FormatOf(name); f != "" {
		return f
	}
	return dataio.TREC
}

func readQrels(name string, stdin io.Reader) (*trec.Qrels, error) {
	rc, err := dataio.Open(name, stdin)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return trec.ReadQrels(rc, name, inputFormat(name))
}

func readRun(name string, stdin io.Reader) (*trec.Run, error) {
	rc, err := dataio.Open(name, stdin)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return trec.ReadRun(rc, name, inputFormat(name))
}

// evaluateQueries evaluates the queries on every core; results are in the
// order of qids, so that summing them reproduces trec_eval's sums exactly.
func evaluateQueries(eval *metrics.TrecEval, qids []string, qrels *trec.Qrels, run *trec.Run) ([]metrics.TrecQueryResult, error) {
	results := make([]metrics.TrecQueryResult, len(qids))
	errs := make([]error, len(qids))
	var (
		next int
		mu   sync.Mutex
		wg   sync.WaitGroup
	)
	const batch = 16
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			worker := eval.Worker()
			for {
				mu.Lock()
				from := next
				next += batch
				mu.Unlock()
				if from >= len(qids) {
					return
				}
				for i := from; i < min(from+batch, len(qids)); i++ {
					qid := qids[i]
					docs, ok := run.Queries[qid]
					if !ok {
						results[i] = eval.Missing(qrels.Queries[qid])
						continue
					}
					results[i], errs[i] = worker.Query(qrels.Queries[qid], docs)
					if errs[i] != nil {
						errs[i] = fmt.Errorf("query %q: %w", qid, errs[i])
					}
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return results, nil
}

// writeRankTREC prints what trec_eval prints: "%-22s\t%s\t%6.4f" lines,
// counts as integers, -q blocks per query before the summary ("all").
func writeRankTREC(w *bufio.Writer, eval *metrics.TrecEval, runID string, perQuery bool, qids []string,
	results []metrics.TrecQueryResult, acc *metrics.TrecAccumulator, recommend map[string]float64, layers rankOutputLayers) {
	values := eval.Values()
	line := func(name, qid string, v float64, count bool) {
		if count {
			fmt.Fprintf(w, "%-22s\t%s\t%d\n", name, qid, int64(v))
		} else {
			fmt.Fprintf(w, "%-22s\t%s\t%6.4f\n", name, qid, v)
		}
	}
	if perQuery {
		for i, qid := range qids {
			for j, v := range values {
				if !v.SummaryOnly {
					line(v.Name, qid, results[i].Values[j], v.Count)
				}
			}
		}
	}
	if hasRunID(eval) {
		fmt.Fprintf(w, "%-22s\t%s\t%s\n", "runid", "all", runID)
	}
	for j, v := range acc.Result() {
		line(values[j].Name, "all", v, values[j].Count)
	}
	for _, name := range metricsRecommendNames(recommend) {
		line(name, "all", recommend[name], false)
	}
	// Slices follow, in trec_eval's line format with the slice in the query
	// column ("map  device=web  0.2345"): only when --slice asks for them.
	for _, sl := range layers.slices {
		label := sliceLabel(layers.cols, sl.key)
		for j, v := range sl.values {
			line(values[j].Name, label, v, values[j].Count)
		}
	}
}

// rankOutputLayers carries the slices and intervals to the writers.
type rankOutputLayers struct {
	cols    []string
	slices  []rankSlice
	level   float64
	overall [][2]float64
}

func hasRunID(eval *metrics.TrecEval) bool {
	for _, m := range eval.Measures() {
		if m.Name == "runid" {
			return true
		}
	}
	return false
}

// writeRankJSON prints {"measures": {...}, "per_query": {...}, "warnings": [...]},
// values unrounded; counts are integers.
func writeRankJSON(w *bufio.Writer, eval *metrics.TrecEval, runID string, perQuery bool, qids []string,
	results []metrics.TrecQueryResult, acc *metrics.TrecAccumulator, recommend map[string]float64, warnings []string, layers rankOutputLayers) {
	values := eval.Values()
	toJSON := func(vals []float64, summary bool) map[string]any {
		m := make(map[string]any, len(vals)+1)
		for j, v := range values {
			if !summary && v.SummaryOnly {
				continue
			}
			if v.Count {
				m[v.Name] = int64(vals[j])
			} else {
				m[v.Name] = jsonNumber(vals[j])
			}
		}
		return m
	}
	measures := toJSON(acc.Result(), true)
	if hasRunID(eval) {
		measures["runid"] = runID
	}
	for name, v := range recommend {
		measures[name] = jsonNumber(v)
	}
	out := map[string]any{"measures": measures}
	if perQuery {
		pq := make(map[string]any, len(qids))
		for i, qid := range qids {
			pq[qid] = toJSON(results[i].Values, false)
		}
		out["per_query"] = pq
	}
	intervalsJSON := func(iv [][2]float64) map[string]any {
		m := map[string]any{}
		for j, v := range values {
			if !math.IsNaN(iv[j][0]) {
				m[v.Name] = [2]jsonNumber{jsonNumber(iv[j][0]), jsonNumber(iv[j][1])}
			}
		}
		return m
	}
	if layers.level != 0 {
		out["level"] = jsonNumber(layers.level)
		out["intervals"] = intervalsJSON(layers.overall)
	}
	if len(layers.slices) > 0 {
		slices := make([]map[string]any, len(layers.slices))
		for i, sl := range layers.slices {
			key := map[string]string{}
			for c, col := range layers.cols {
				key[col] = sl.key[c]
			}
			slices[i] = map[string]any{"key": key, "num_q": len(sl.queries), "gated": sl.gated, "measures": toJSON(sl.values, true)}
			if sl.intervals != nil {
				slices[i]["intervals"] = intervalsJSON(sl.intervals)
			}
		}
		out["slices"] = slices
	}
	if warnings == nil {
		warnings = []string{}
	}
	out["warnings"] = warnings
	b, _ := json.Marshal(out)
	w.Write(b)
	w.WriteByte('\n')
}

// jsonNumber is a float64 that marshals in the shortest form that reads back
// exactly.
type jsonNumber float64

func (n jsonNumber) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, float64(n), 'g', -1, 64), nil
}

// recommenderMeasures computes the beyond-accuracy measures of the run (users
// are qids, items the docnos each query retrieved) against the training
// interactions in trainName. An undefined measure is left out with a warning
// on stderr by the caller; here it is NaN.
func recommenderMeasures(trainName string, stdin io.Reader, run *trec.Run) (map[string]float64, []string, error) {
	rc, err := dataio.Open(trainName, stdin)
	if err != nil {
		return nil, nil, err
	}
	defer rc.Close()
	rows, err := trec.ReadInteractions(rc, trainName, inputFormat(trainName))
	if err != nil {
		return nil, nil, err
	}
	train := make([]metrics.Interaction, len(rows))
	for i, r := range rows {
		train[i] = metrics.Interaction{User: r.User, Item: r.Item}
	}
	ba, err := metrics.NewBeyondAccuracy(train)
	if err != nil {
		var ie *metrics.InteractionError
		if errors.As(err, &ie) && ie.Row >= 0 && ie.Row < len(rows) {
			return nil, nil, dataio.Errorf(trainName, rows[ie.Row].Line, "", "%s", ie.Reason)
		}
		return nil, nil, fmt.Errorf("%s: %v", trainName, err)
	}
	acc := ba.Accumulator()
	items := []string{}
	for _, qid := range trec.SortedQIDs(run.Queries) {
		items = items[:0]
		for _, d := range run.Queries[qid] {
			items = append(items, d.DocNo)
		}
		if err := acc.AddList(qid, items); err != nil {
			var ie *metrics.InteractionError
			if errors.As(err, &ie) {
				return nil, nil, fmt.Errorf("--train %s: query %q, docno %q: %s", trainName, ie.User, ie.Item, ie.Reason)
			}
			return nil, nil, err
		}
	}
	out := make(map[string]float64)
	var warnings []string
	for _, name := range metrics.BeyondAccuracyMeasureNames() {
		v, err := acc.Measure(name)
		if err != nil {
			if errors.Is(err, metrics.ErrUndefined) {
				warnings = append(warnings, err.Error())
				continue
			}
			return nil, nil, err
		}
		out[name] = v
	}
	return out, warnings, nil
}

// metricsRecommendNames lists the recommender measures present in m, in the
// order the CLI prints them.
func metricsRecommendNames(m map[string]float64) []string {
	var names []string
	for _, name := range metrics.BeyondAccuracyMeasureNames() {
		if _, ok := m[name]; ok {
			names = append(names, name)
		}
	}
	return names
}
