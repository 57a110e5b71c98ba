package mltestbeam

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/internal/report"
	"github.com/mltest/mltest/metrics"
)

// FormatEvalJSON writes groups (from Evaluate, any order) in the shape of
// `mltest eval --format json` (CONTRACTS.md): the overall group's task, n,
// weight_sum and metrics by name (null when undefined, with a warning),
// intervals and max_error when present, then "slices" with each slice's
// key. minSliceN marks slices with fewer rows as not gated.
func FormatEvalJSON(spec EvalSpec, groups []GroupResult, minSliceN int) (string, error) {
	gs := append([]GroupResult(nil), groups...)
	SortGroups(gs)
	if len(gs) == 0 || len(gs[0].Key) != 0 {
		return "", fmt.Errorf("mltestbeam: no rows")
	}
	var b bytes.Buffer
	b.WriteString("{")
	writeGroupJSON(&b, spec, gs[0], true, minSliceN)
	if len(gs) > 1 {
		b.WriteString(`, "slices": [`)
		for i, g := range gs[1:] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("{")
			writeGroupJSON(&b, spec, g, false, minSliceN)
			b.WriteString("}")
		}
		b.WriteString("]")
	}
	b.WriteString("}")
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return "", err
	}
	return out.String() + "\n", nil
}

func writeGroupJSON(b *bytes.Buffer, spec EvalSpec, g GroupResult, overall bool, minSliceN int) {
	js := func(v any) string {
		out, err := json.Marshal(v)
		if err != nil {
			panic(err) // strings, ints and report.Float only
		}
		return string(out)
	}
	if overall {
		fmt.Fprintf(b, `"task": %s, `, js(spec.Task))
	} else {
		b.WriteString(`"key": {`)
		for i, col := range spec.SliceBy {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(b, "%s: %s", js(col), js(g.Key[i]))
		}
		b.WriteString("}, ")
	}
	fmt.Fprintf(b, `"n": %d, "weight_sum": %s`, g.N, js(report.Float(g.WeightSum)))
	if !overall {
		fmt.Fprintf(b, `, "gated": %v`, g.N >= minSliceN)
	}
	var metrics, intervals, bounds, warnings []string
	if !report.Finite(g.WeightSum) {
		warnings = append(warnings, js("weight_sum: the total weight exceeds the float64 range (1.8e308); the metrics are computed with scaled weights"))
	}
	for _, v := range g.Metrics {
		switch {
		case v.Defined:
			metrics = append(metrics, js(v.Name)+": "+js(report.Float(v.Value)))
		default:
			metrics = append(metrics, js(v.Name)+": null")
			why := v.Reason
			if v.Err != "" {
				why = v.Err
			}
			warnings = append(warnings, js(fmt.Sprintf("%s is undefined: %s", v.Name, why)))
		}
		if v.HasInterval {
			intervals = append(intervals, fmt.Sprintf("%s: [%s, %s]", js(v.Name), js(report.Float(v.Lo)), js(report.Float(v.Hi))))
		} else if v.Defined && v.IntervalNote != "" {
			warnings = append(warnings, js(fmt.Sprintf("%s: no interval: %s", v.Name, v.IntervalNote)))
		}
		if v.MaxError > 0 && !math.IsNaN(v.MaxError) {
			bounds = append(bounds, js(v.Name)+": "+js(report.Float(v.MaxError)))
		}
	}
	fmt.Fprintf(b, `, "metrics": {%s}`, strings.Join(metrics, ", "))
	if spec.Bootstrap.Resamples > 0 {
		fmt.Fprintf(b, `, "intervals": {%s}`, strings.Join(intervals, ", "))
		if overall {
			fmt.Fprintf(b, `, "level": %s, "interval_method": "poisson bootstrap"`, js(spec.Bootstrap.Level))
		}
	}
	if len(bounds) > 0 {
		fmt.Fprintf(b, `, "max_error": {%s}`, strings.Join(bounds, ", "))
	}
	if len(warnings) > 0 {
		fmt.Fprintf(b, `, "warnings": [%s]`, strings.Join(warnings, ", "))
	}
}

// FormatRankTREC writes trec_eval's output, as `mltest rank` prints it
// (report.WriteRankTREC): with perQuery the per-query lines (qid byte
// order, summary-only values left out), then runid when measured, then the
// "all" lines.
func FormatRankTREC(spec RankSpec, summary RankSummary, queries []QueryResult, runID string, perQuery bool) (string, error) {
	eval, err := spec.Eval()
	if err != nil {
		return "", err
	}
	res := &flow.RankResult{Values: eval.Values(), RunID: runID, Summary: summary.Values}
	for _, m := range eval.Measures() {
		res.RunIDMeasured = res.RunIDMeasured || m.Name == "runid"
	}
	qs := slices.SortedFunc(slices.Values(queries), func(a, b QueryResult) int { return cmp.Compare(a.QID, b.QID) })
	for _, q := range qs {
		res.Queries = append(res.Queries, q.QID)
		res.PerQuery = append(res.PerQuery, metrics.TrecQueryResult{Values: q.Values})
	}
	var b strings.Builder
	if err := report.WriteRankTREC(&b, res, perQuery); err != nil {
		return "", err
	}
	return b.String(), nil
}

// FormatParityJSON writes a ParityReport in the shape of `mltest parity
// --format json` (without latency, which a file comparison does not have);
// shape problems and NaN values appear as null.
func FormatParityJSON(r ParityReport) (string, error) {
	num := func(v float64) any {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		return v
	}
	type mismatch struct {
		ID      string `json:"id"`
		Output  string `json:"output"`
		Index   int    `json:"index"`
		Offline any    `json:"offline"`
		Online  any    `json:"online"`
		AbsDiff any    `json:"abs_diff"`
		Problem string `json:"problem,omitempty"`
	}
	out := struct {
		N              int        `json:"n"`
		Matched        int        `json:"matched"`
		Mismatched     int        `json:"mismatched"`
		Failed         int        `json:"failed"`
		MissingOnline  []string   `json:"missing_online"`
		MissingOffline []string   `json:"missing_offline"`
		DuplicateIDs   []string   `json:"duplicate_ids,omitempty"`
		MaxAbsDiff     float64    `json:"max_abs_diff"`
		Mismatches     []mismatch `json:"mismatches"`
	}{N: r.N, Matched: r.Matched, Mismatched: r.Mismatched, MissingOnline: nonNil(r.MissingOnline),
		MissingOffline: nonNil(r.MissingOffline), DuplicateIDs: r.DuplicateIDs, MaxAbsDiff: r.MaxAbsDiff,
		Mismatches: []mismatch{}}
	for _, m := range r.Mismatches {
		out.Mismatches = append(out.Mismatches, mismatch{m.ID, m.Output, m.Index, num(m.Offline), num(m.Online), num(m.AbsDiff), m.Problem})
	}
	b, err := json.MarshalIndent(out, "", "  ")
	return string(b) + "\n", err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
