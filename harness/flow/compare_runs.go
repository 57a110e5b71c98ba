package flow

import (
	"errors"
	"fmt"
	"io"

	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/internal/trec"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/compare"
)

// RunPair names two runs judged by the same qrels, and optionally a table of
// query attributes to compare them by slice: the inputs of CompareRuns.
type RunPair struct {
	Qrels               string // judgments, as RankFiles.Qrels
	Baseline, Candidate string // the two runs, as RankFiles.Run

	// QueryAttrs, optional, is a table with one row per query: a QueryID
	// column ("" means "qid") and the SliceBy columns.
	QueryAttrs string
	QueryID    string
	SliceBy    []string

	Stdin io.Reader // read for the file named "-"
}

// CompareRuns compares two runs query by query (compare.Ranking: an
// approximate randomization test over per-query values, a bootstrap interval
// over queries), overall and, with query attributes, per slice: the flow of
// `mltest compare --task ranking` and of a suite's ranking compare check.
//
// spec says what is computed for each query, as for Rank (its Measures nil:
// compare.DefaultRankingMeasures; its judgments must be qrels, read with
// their subtopics when a measure needs them). Every metric named in
// opt.MaxRegression must be one of the compared values. Both runs must
// retrieve for the same judged queries, and every compared query needs a
// row in QueryAttrs when it is given. Slice keys are SliceKey of the
// attribute values.
func CompareRuns(files RunPair, spec RankSpec, opt compare.Options) (*compare.Report, error) {
	if len(spec.Measures) == 0 {
		spec.Measures = []string{"map", "ndcg_cut.10", "P.10", "recip_rank"}
	}
	if f := spec.Judgments; f != "" && f != metrics.QrelsFormat {
		return nil, fmt.Errorf("compare: the runs are compared on qrels, not %s judgments", f)
	}
	eval, err := spec.Eval()
	if err != nil {
		return nil, fmt.Errorf("compare: -m: %v", err)
	}
	var names []string
	for _, v := range eval.Values() {
		if !v.Count && !v.SummaryOnly && !v.Text {
			names = append(names, v.Name)
		}
	}
	if err := checkGates(opt.MaxRegression, names); err != nil {
		return nil, err
	}
	stdins := 0
	for _, f := range []string{files.Qrels, files.Baseline, files.Candidate, files.QueryAttrs} {
		if f == "-" {
			stdins++
		}
	}
	if stdins > 1 {
		return nil, errors.New("compare: only one input can be standard input (-)")
	}
	judged := &Ranking{QrelsName: files.Qrels}
	if err := judged.readJudgments(RankFiles{Qrels: files.Qrels, Stdin: files.Stdin, Subtopics: eval.NeedsGroups()}); err != nil {
		return nil, err
	}
	qrels := judged.Qrels
	base, err := ReadRun(files.Baseline, files.Stdin)
	if err != nil {
		return nil, err
	}
	cand, err := ReadRun(files.Candidate, files.Stdin)
	if err != nil {
		return nil, err
	}
	if eval, err = spec.evalFor(judged.maxRelevance()); err != nil {
		return nil, fmt.Errorf("compare: -m: %v", err)
	}
	in := compare.RankingInput{Qrels: qrels, Groups: judged.Groups, Baseline: base.Queries, Candidate: cand.Queries,
		Measures: eval.Measures(), TrecOptions: eval.Options()}
	if files.QueryAttrs != "" && len(files.SliceBy) > 0 {
		attrs, err := ReadQueryAttrs(files.QueryAttrs, files.Stdin, files.QueryID, files.SliceBy)
		if err != nil {
			return nil, err
		}
		in.Slices = map[string]string{}
		for _, qid := range trec.SortedQIDs(qrels) {
			_, inB := base.Queries[qid]
			_, inC := cand.Queries[qid]
			if !inB || !inC {
				continue
			}
			vals, ok := attrs.Values[qid]
			if !ok {
				return nil, dataio.Errorf(files.QueryAttrs, 0, attrs.IDColumn, "no row for query %q, which both runs retrieve for: every compared query needs its attributes", qid)
			}
			in.Slices[qid] = SliceKey(vals)
		}
	}
	rep, err := compare.Ranking(in, opt)
	var qe *compare.QuerySetError
	if errors.As(err, &qe) {
		return nil, fmt.Errorf("compare: %s and %s retrieve for different judged queries: %s only in %s, %s only in %s",
			files.Baseline, files.Candidate, compare.FirstIDs(qe.OnlyBaseline, 5), files.Baseline, compare.FirstIDs(qe.OnlyCandidate, 5), files.Candidate)
	}
	return rep, err
}
