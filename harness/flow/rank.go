package flow

import (
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

	// Recommend holds the recommender measures (catalog_coverage,
	// distributional_coverage, novelty, diversity, serendipity) when
	// training interactions were given; one undefined on the data is left
	// out with a warning.
	Recommend map[string]float64

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

// Rank is `mltest rank`'s flow: it reads files (ReadRanking), evaluates the
// run against the qrels with opt (Ranking.Evaluate) and, when files.Train
// is set, adds the recommender measures of the run: Microsoft Recommenders'
// definitions with users = qids and items = the docnos each query
// retrieved, item similarity the co-occurrence cosine over training users.
//
// Bad input is an error naming the file, line and field; a run with no
// judged query is a *NoQueryError.
func Rank(files RankFiles, opt RankOptions) (*RankResult, error) {
	if _, err := opt.Eval(); err != nil {
		return nil, err
	}
	in, err := ReadRanking(files, opt.SliceBy)
	if err != nil {
		return nil, err
	}
	res, err := in.Evaluate(opt)
	if err != nil {
		return nil, err
	}
	if files.Train != "" {
		var ws []string
		if res.Recommend, ws, err = rankRecommenderMeasures(files.Train, files.Stdin, in.runDocs()); err != nil {
			return nil, err
		}
		res.Warnings = append(res.Warnings, ws...)
	}
	return res, nil
}
