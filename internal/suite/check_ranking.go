package suite

import (
	"fmt"
	"math"

	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/evaluate"
)

// ranking is a ranking source read into memory, by flow.ReadRanking.
type ranking struct {
	data   *flow.Ranking
	slices map[string][]string // qid -> values of Source.Slices; nil without queries
}

// ranking reads a ranking source once (twice when one check needs the
// subtopics of its qrels and another does not).
func (l *loader) ranking(src *Source, subtopics bool) (*ranking, error) {
	v, err := l.get(fmt.Sprintf("ranking\x00%s\x00%v", src.Name, subtopics), func() (any, error) { return readRanking(src, subtopics) })
	if err != nil {
		return nil, err
	}
	return v.(*ranking), nil
}

// readRanking reads the judgments (in the source's format, with subtopics
// when asked), the run and, when the source has slices, the queries table,
// as `mltest rank` reads them.
func readRanking(src *Source, subtopics bool) (*ranking, error) {
	files := flow.RankFiles{Qrels: src.Qrels, Run: src.Run, QueryID: src.QueryID,
		Judgments: metrics.JudgmentFormat(src.Judgments), Subtopics: subtopics}
	if len(src.Slices) > 0 {
		files.QueryAttrs = src.Queries
	}
	data, err := flow.ReadRanking(files, src.Slices)
	if err != nil {
		return nil, err
	}
	r := &ranking{data: data}
	if data.Attrs != nil {
		r.slices = data.Attrs.Values
	}
	return r, nil
}

// rankingFigures evaluates a ranking measure with `mltest rank`'s flow
// (flow.Ranking.Evaluate): the queries trec_eval evaluates (those of both
// the qrels and the run; every judged query with complete: true), the
// measure's mean over them overall and per slice of the queries table, and
// a percentile bootstrap interval over queries. The numbers are those of
// `mltest rank -m MEASURE [-c] [-l LEVEL] --slice ... --ci ...` to the bit.
func (r *runner) rankingFigures(src *Source, m *MetricCheck) ([]measured, error) {
	opt := flow.DefaultRankOptions()
	opt.RankSpec = src.rankSpec()
	opt.Measures = []string{rankingMeasureArg(m.Metric)}
	eval, err := opt.Eval()
	if err != nil {
		return nil, err
	}
	rk, err := r.load.ranking(src, eval.NeedsGroups() && eval.Format() == metrics.QrelsFormat)
	if err != nil {
		return nil, err
	}
	opt.MinSliceN = m.MinSliceN
	if m.PerSlice {
		opt.SliceBy = src.Slices
	}
	if m.CI > 0 {
		opt.Intervals = evaluate.IntervalOptions{Level: m.CI, Resamples: m.Bootstrap, Seed: m.Seed}
	}
	res, err := rk.data.Evaluate(opt)
	if err != nil {
		return nil, err
	}
	j := res.Index(m.Metric)
	if j < 0 {
		return nil, fmt.Errorf("measure %q not found", m.Metric)
	}
	for i, v := range res.PerQueryValues(m.Metric) {
		if math.IsNaN(v) {
			return nil, fmt.Errorf("%s: query %s: %s is NaN", src.Run, res.Queries[i], m.Metric)
		}
	}
	figure := func(label string, n int, gated bool, summary []float64, intervals [][2]float64) measured {
		f := measured{slice: label, n: n, gated: gated, value: summary[j], defined: true}
		if intervals != nil && !math.IsNaN(intervals[j][0]) {
			f.hasInterval, f.lo, f.hi = true, intervals[j][0], intervals[j][1]
		}
		return f
	}
	figs := []measured{figure("", len(res.Queries), true, res.Summary, res.Intervals)}
	for _, s := range res.Slices {
		figs = append(figs, figure(res.SliceLabel(s), len(s.Queries), s.Gated, s.Summary, s.Intervals))
	}
	return figs, nil
}

// rankingMeasureArg is the -m argument of a value name: flow.MeasureArg.
func rankingMeasureArg(name string) string { return flow.MeasureArg(name) }

// rankSpec is the ranking source's part of what `mltest rank` computes:
// its -l, -c, -R, --ties, -J and -M.
func (s *Source) rankSpec() flow.RankSpec {
	ties, _ := metrics.ParseTiePolicy(s.Ties) // checked by the parser
	return flow.RankSpec{Level: s.RelevanceLevel, Complete: s.Complete, Judgments: metrics.JudgmentFormat(s.Judgments),
		Ties: ties, JudgedOnly: s.JudgedOnly, MaxDocs: s.MaxDocs}
}
