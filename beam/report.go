package mltestbeam

import (
	"reflect"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

func init() {
	beam.RegisterType(reflect.TypeOf((*evalReportFn)(nil)).Elem())
	register.Combiner3[[]GroupResult, GroupResult, string](&evalReportFn{})
	register.Combiner3[[]QueryResult, QueryResult, []QueryResult](&queryListFn{})
	register.DoFn4x1[RankSummary, []QueryResult, func(*string) bool, func(string), error](&rankReportFn{})
	register.Function1x2[ParityReport, string, error](parityReportText)
}

// EvalReport is Evaluate's result as one text element: FormatEvalJSON of
// every group, for writing with textio.Write.
func EvalReport(s beam.Scope, spec EvalSpec, groups beam.PCollection, minSliceN int) beam.PCollection {
	return beam.Combine(s.Scope("mltest.EvalReport"), &evalReportFn{Spec: spec, MinSliceN: minSliceN}, groups)
}

type evalReportFn struct {
	Spec      EvalSpec
	MinSliceN int
}

func (f *evalReportFn) AddInput(a []GroupResult, g GroupResult) []GroupResult { return append(a, g) }
func (f *evalReportFn) MergeAccumulators(a, b []GroupResult) []GroupResult    { return append(a, b...) }
func (f *evalReportFn) ExtractOutput(a []GroupResult) (string, error) {
	text, err := FormatEvalJSON(f.Spec, a, f.MinSliceN)
	return strings.TrimSuffix(text, "\n"), err
}

// RankReport is EvaluateRanking's result as one text element,
// FormatRankTREC's: perQuery and summary from EvaluateRanking, runIDs from
// ReadRun (the last in byte order names the run).
func RankReport(s beam.Scope, spec RankSpec, perQuery, summary, runIDs beam.PCollection, withQueries bool) beam.PCollection {
	s = s.Scope("mltest.RankReport")
	queries := beam.Combine(s, &queryListFn{}, perQuery)
	return beam.ParDo(s, &rankReportFn{Spec: spec, PerQuery: withQueries}, summary,
		beam.SideInput{Input: queries}, beam.SideInput{Input: runIDs})
}

type queryListFn struct{}

func (queryListFn) AddInput(a []QueryResult, q QueryResult) []QueryResult { return append(a, q) }
func (queryListFn) MergeAccumulators(a, b []QueryResult) []QueryResult    { return append(a, b...) }
func (queryListFn) ExtractOutput(a []QueryResult) []QueryResult           { return a }

type rankReportFn struct {
	Spec     RankSpec
	PerQuery bool
}

func (f *rankReportFn) ProcessElement(sum RankSummary, queries []QueryResult, runIDs func(*string) bool, emit func(string)) error {
	var id, last string
	for runIDs(&id) {
		if id > last {
			last = id
		}
	}
	text, err := FormatRankTREC(f.Spec, sum, queries, last, f.PerQuery)
	if err != nil {
		return err
	}
	emit(strings.TrimSuffix(text, "\n"))
	return nil
}

// ParityReportText is ParityJoin's report as one text element,
// FormatParityJSON's.
func ParityReportText(s beam.Scope, report beam.PCollection) beam.PCollection {
	return beam.ParDo(s.Scope("mltest.ParityReportText"), parityReportText, report)
}

func parityReportText(r ParityReport) (string, error) {
	text, err := FormatParityJSON(r)
	return strings.TrimSuffix(text, "\n"), err
}
