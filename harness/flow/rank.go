package flow

import (
	"errors"
	"fmt"
	"slices"

	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/evaluate"
)

// RankOptions says what Rank computes. Start from DefaultRankOptions.
type RankOptions struct {
	// RankSpec is trec_eval's part: the measures, -l, -M and -c.
	RankSpec
	// SliceBy, optional, are query attribute columns (RankFiles.QueryAttrs,
	// Ranking.Attrs) by whose values the queries are summarized too.
	SliceBy []string
	// MinSliceN: a slice with fewer queries is reported with Gated false.
	MinSliceN int
	// Intervals asks for percentile bootstrap intervals over queries (the
	// independent unit) of every averaged value; Level 0 means none.
	Intervals evaluate.IntervalOptions
}

// DefaultRankOptions returns trec_eval's defaults: the official measures,
// relevance level 1, every document, the queries of both files; slices of
// fewer than evaluate.DefaultMinSliceN queries not gated; no intervals.
func DefaultRankOptions() RankOptions {
	return RankOptions{RankSpec: RankSpec{Level: 1}, MinSliceN: evaluate.DefaultMinSliceN}
}

// Check reports the layers beyond trec_eval asked for in a way files
// cannot give: slices without the query attributes they are read from (or
// attributes and no slice), an interval level outside (0, 1) or fewer than
// 1 resample. The messages name the flags of mltest rank.
func (o RankOptions) Check(files RankFiles) error {
	ci := o.Intervals
	switch {
	case len(o.SliceBy) > 0 && files.QueryAttrs == "":
		return errors.New("--slice needs --query-attrs FILE (a table of qid and query attributes)")
	case files.QueryAttrs != "" && len(o.SliceBy) == 0:
		return errors.New("--query-attrs needs at least one --slice COL")
	case ci.Level != 0 && (ci.Level <= 0 || ci.Level >= 1):
		return fmt.Errorf("--ci %v: want a level between 0 and 1, e.g. 0.95", ci.Level)
	case ci.Level != 0 && ci.Resamples < 1:
		return fmt.Errorf("--bootstrap %d: want at least 1 resample", ci.Resamples)
	}
	return nil
}

// RankResult is a ranking evaluation: trec_eval's per-query values and
// summary, and mltest's slices, intervals and recommender measures.
type RankResult struct {
	// Values names the numbers of each query's result and of each summary,
	// in trec_eval's output order (metrics.TrecEval.Values).
	Values []metrics.TrecValue
	// RunID is the run's id, which trec_eval prints as the runid measure
	// when RunIDMeasured.
	RunID         string
	RunIDMeasured bool

	// Queries are the evaluated queries in evaluation order (byte order);
	// PerQuery holds their results, in the same order.
	Queries  []string
	PerQuery []metrics.TrecQueryResult
	// Summary is trec_eval's "all" line of every value: means over Queries
	// (gm_map a geometric mean; counts are sums), parallel to Values.
	Summary []float64
	// Skipped lists the judged queries the run lacks, which (without
	// Complete) are not evaluated; each has a warning.
	Skipped []string

	// SliceBy and Slices are the summaries of the queries grouped by the
	// values of SliceBy, in key order.
	SliceBy []string
	Slices  []RankSlice

	// IntervalLevel is the confidence level of Intervals; 0 without them.
	// Intervals[j] is Values[j]'s interval; a count, or a value whose
	// bootstrap failed (with a warning), has a NaN pair.
	IntervalLevel float64
	Intervals     [][2]float64

	// ZScored: every value is a z-score against the -Z file's reference
	// means (trec_eval -Z), which the trec writer marks with a "Z".
	ZScored bool

	// Recommend holds the recommender measures' values: the
	// beyond-accuracy measures (catalog_coverage, distributional_coverage,
	// novelty, diversity, serendipity) when training interactions were
	// given, and Recommenders' ranking measures (precision_at_k ...) named
	// by -m; one undefined on the data is left out with a warning.
	// RecommendNames lists them in output order.
	Recommend      map[string]float64
	RecommendNames []string
	// RecommendPerQuery holds the per-query (per-user) values of the
	// recommender measures Recommenders defines per user (diversity and
	// serendipity): name -> qid -> value, for the users that have one.
	RecommendPerQuery map[string]map[string]float64

	// Warnings say what was skipped or could not be computed, in the order
	// found.
	Warnings []string
}

// RankSlice is the summary of one group of queries.
type RankSlice struct {
	Key       []string     // values of RankResult.SliceBy
	Queries   []int        // indexes into RankResult.Queries, ascending
	Summary   []float64    // parallel to RankResult.Values
	Intervals [][2]float64 // parallel to RankResult.Values; nil without intervals
	Gated     bool         // len(Queries) >= MinSliceN
}

// Index returns the index of the value named name in Values, or -1.
func (r *RankResult) Index(name string) int {
	return slices.IndexFunc(r.Values, func(v metrics.TrecValue) bool { return v.Name == name })
}

// PerQueryValues returns the value named name of every evaluated query,
// parallel to Queries, or nil when no value has that name.
func (r *RankResult) PerQueryValues(name string) []float64 {
	j := r.Index(name)
	if j < 0 {
		return nil
	}
	out := make([]float64, len(r.PerQuery))
	for i, q := range r.PerQuery {
		out[i] = q.Values[j]
	}
	return out
}

// SliceLabel returns "col=value,col=value" for slice s: how the writers and
// the suite's report name it.
func (r *RankResult) SliceLabel(s RankSlice) string {
	return SliceLabel(r.SliceBy, s.Key)
}

// NoQueryError is the error of an evaluation with no query to evaluate:
// no judged query is in the run. Warnings are the warnings found until
// then, one for each skipped query.
type NoQueryError struct {
	Qrels, Run string
	Warnings   []string
}

func (e *NoQueryError) Error() string {
	return fmt.Sprintf("no query is in both %s and %s", e.Qrels, e.Run)
}

// Rank is `mltest rank`'s flow: it reads files (ReadRanking) in the
// judgment format opt names, with subtopics when a measure reads them,
// evaluates the run against the judgments with opt (Ranking.Evaluate) and
// adds the beyond-accuracy measures: Microsoft Recommenders' definitions
// with users = qids and items = the docnos each query retrieved, item
// similarity the co-occurrence cosine over the training users of
// files.Train.
//
// Bad input is an error naming the file, line and field; a run with no
// judged query is a *NoQueryError.
func Rank(files RankFiles, opt RankOptions) (*RankResult, error) {
	eval, err := opt.Eval()
	if err != nil {
		return nil, err
	}
	if files.Judgments == "" {
		files.Judgments = opt.Judgments
	}
	files.Subtopics = files.Subtopics || (eval.NeedsGroups() && eval.Format() == metrics.QrelsFormat)
	in, err := ReadRanking(files, opt.SliceBy)
	if err != nil {
		return nil, err
	}
	res, err := in.Evaluate(opt)
	if err != nil {
		return nil, err
	}
	if err := res.addBeyondAccuracy(files.Train, files.Stdin, in.runDocs(), opt); err != nil {
		return nil, err
	}
	return res, nil
}
