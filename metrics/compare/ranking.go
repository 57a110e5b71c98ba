package compare

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/stats"
)

// DefaultRankingMeasures are the measures Ranking compares when none are
// given: map, recip_rank, P_10 and ndcg_cut_10 (in trec_eval's order).
func DefaultRankingMeasures() []metrics.TrecMeasure {
	m, err := metrics.ParseTrecMeasures([]string{"map", "ndcg_cut.10", "P.10", "recip_rank"})
	if err != nil {
		panic(err)
	}
	return m
}

// RankingInput is what Ranking compares: two runs judged by one set of
// relevance judgments.
type RankingInput struct {
	// Qrels maps qid -> docno -> relevance (negative: in the pool, not judged).
	Qrels map[string]map[string]int
	// Groups, optional, are the subtopics of each query (a diversity
	// qrels), which ndeval's measures (alpha_nDCG@k ...) read.
	Groups map[string][]metrics.JudgmentGroup
	// Baseline and Candidate map qid -> retrieved documents (any order; the
	// trec_eval order, score descending and ties by docno descending, is
	// applied to a copy).
	Baseline, Candidate map[string][]metrics.ScoredDoc
	// Measures to compare (nil: DefaultRankingMeasures). Counts (num_ret,
	// ...), summary-only values (num_q, gm_map, runid) and texts
	// (relstring) are not means of per-query values and are left out.
	Measures []metrics.TrecMeasure
	// TrecOptions (relevance level, cut-off of the ranking) apply to both runs.
	TrecOptions []metrics.TrecOption
	// Slices maps each compared qid to its slice key; nil means no slices.
	Slices map[string]string
}

// QuerySetError reports that the two runs do not cover the same judged
// queries, so their per-query values cannot be paired.
type QuerySetError struct {
	OnlyBaseline, OnlyCandidate []string // sorted qids
}

func (e *QuerySetError) Error() string {
	return fmt.Sprintf("compare: the runs cover different judged queries: %s only in the baseline, %s only in the candidate",
		FirstIDs(e.OnlyBaseline, 5), FirstIDs(e.OnlyCandidate, 5))
}

// FirstIDs formats how many ids there are and the first max of them:
// `2 ("q1", "q7")`, `12 (first "a", "b", "c", ...)`, `0`.
func FirstIDs(ids []string, max int) string {
	if len(ids) == 0 {
		return "0"
	}
	quoted := make([]string, 0, max)
	for _, id := range ids[:min(max, len(ids))] {
		quoted = append(quoted, fmt.Sprintf("%q", id))
	}
	if len(ids) > max {
		return fmt.Sprintf("%d (first %s, ...)", len(ids), strings.Join(quoted, ", "))
	}
	return fmt.Sprintf("%d (%s)", len(ids), strings.Join(quoted, ", "))
}

// Ranking compares two runs query by query, as ranx and the IR literature
// do: each measure is computed per query with trec_eval's definitions
// (metrics.TrecEval), the Diff is the difference of the means over queries,
// P comes from the paired approximate randomization test with opt.Trials
// sign flips (stats.RandomizationTest) and the interval from a percentile
// bootstrap of the mean per-query difference (opt.Resamples resamples,
// opt.Level), queries being the independent units.
//
// The queries compared are the judged queries (those in Qrels) that the
// runs retrieve for; a judged query neither run retrieves for is left out
// with a warning (trec_eval's default), one only a single run retrieves for
// is a *QuerySetError, since it cannot be paired. Run queries without
// judgments are ignored, as trec_eval ignores them. With Slices, every
// compared query needs a key. Report.N is the number of queries.
func Ranking(in RankingInput, opt Options) (*Report, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	measures := in.Measures
	if measures == nil {
		measures = DefaultRankingMeasures()
	}
	eval := metrics.NewTrecEval(measures, in.TrecOptions...)
	var cols []int
	var names []string
	for j, v := range eval.Values() {
		if !v.Count && !v.SummaryOnly && !v.Text {
			cols = append(cols, j)
			names = append(names, v.Name)
		}
	}
	if len(names) == 0 {
		return nil, errors.New("compare: no measure to compare: counts and summary-only measures (num_q, gm_map, runid) are not per-query means")
	}

	var qids []string
	var warnings []string
	qe := &QuerySetError{}
	for _, qid := range sortedKeys(in.Qrels) {
		_, inB := in.Baseline[qid]
		_, inC := in.Candidate[qid]
		switch {
		case inB && inC:
			qids = append(qids, qid)
		case inB:
			qe.OnlyBaseline = append(qe.OnlyBaseline, qid)
		case inC:
			qe.OnlyCandidate = append(qe.OnlyCandidate, qid)
		default:
			warnings = append(warnings, fmt.Sprintf("query %q is judged but neither run retrieves for it: left out", qid))
		}
	}
	if len(qe.OnlyBaseline)+len(qe.OnlyCandidate) > 0 {
		return nil, qe
	}
	var keys []string
	if in.Slices != nil {
		keys = make([]string, len(qids))
		for i, qid := range qids {
			k, ok := in.Slices[qid]
			if !ok {
				return nil, fmt.Errorf("compare: query %q has no slice key", qid)
			}
			keys[i] = k
		}
	}

	d := &rankingData{base: make([][]float64, len(cols)), cand: make([][]float64, len(cols)), names: names}
	w := eval.Worker()
	var docs []metrics.ScoredDoc
	for _, qid := range qids {
		for _, side := range [2]struct {
			run map[string][]metrics.ScoredDoc
			dst [][]float64
		}{{in.Baseline, d.base}, {in.Candidate, d.cand}} {
			docs = append(docs[:0], side.run[qid]...)
			res, err := w.Evaluate(metrics.QueryJudgments{Rel: in.Qrels[qid], Groups: in.Groups[qid]}, docs)
			if err != nil {
				return nil, fmt.Errorf("compare: query %q: %w", qid, err)
			}
			for k, j := range cols {
				side.dst[k] = append(side.dst[k], res.Values[j])
			}
		}
	}
	r, err := compareAll("ranking", d, keys, names, opt)
	if err != nil {
		return nil, err
	}
	r.Warnings = append(warnings, r.Warnings...)
	return r, nil
}

// rankingData holds per-query values: base[k][q] is measure k on query q.
type rankingData struct {
	names      []string
	base, cand [][]float64
}

func (d *rankingData) len() int {
	if len(d.base) == 0 {
		return 0
	}
	return len(d.base[0])
}

func (d *rankingData) units() int { return d.len() }

func (d *rankingData) subset(idx []int) dataset {
	s := &rankingData{names: d.names, base: make([][]float64, len(d.base)), cand: make([][]float64, len(d.cand))}
	for k := range d.base {
		s.base[k] = pick(d.base[k], idx)
		s.cand[k] = pick(d.cand[k], idx)
	}
	return s
}

func (d *rankingData) compare(name string, opt Options) (stats.Comparison, error) {
	k := slices.Index(d.names, name)
	b, c := d.base[k], d.cand[k]
	cmp, err := stats.RandomizationTest(b, c, opt.Trials, opt.Seed)
	if err != nil {
		return stats.Comparison{}, err
	}
	// The test's own interval is fixed at 95% from Trials resamples; the
	// report's follows Level and Resamples.
	iv, err := stats.Bootstrap(len(b), func(mult []float64) (float64, error) {
		var s, w float64
		for i := range b {
			s += mult[i] * (c[i] - b[i])
			w += mult[i]
		}
		return s / w, nil
	}, stats.BootstrapOptions{Level: opt.Level, Resamples: opt.Resamples, Seed: opt.Seed})
	if err != nil {
		return stats.Comparison{}, err
	}
	iv.Estimate = cmp.Diff
	cmp.Interval = iv
	return cmp, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
