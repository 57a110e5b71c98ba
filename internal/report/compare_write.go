package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/mltest/mltest/metrics/compare"
)

// compareJSON is the --format json document (CONTRACTS: mltest compare).
type compareJSON struct {
	Task        string             `json:"task"`
	N           int                `json:"n"`
	Level       float64            `json:"level"`
	Alpha       float64            `json:"alpha"`
	Comparisons []comparisonJSON   `json:"comparisons"`
	Slices      []compareSliceJSON `json:"slices"`
	Gates       []compareGateJSON  `json:"gates"`
	Warnings    []string           `json:"warnings"`
	Failed      bool               `json:"failed"`
}

type comparisonJSON struct {
	Metric    string      `json:"metric"`
	Baseline  *float64    `json:"baseline"`
	Candidate *float64    `json:"candidate"`
	Diff      *float64    `json:"diff"`
	CI        [2]*float64 `json:"ci"`
	P         *float64    `json:"p"`
	PAdjusted *float64    `json:"p_adjusted,omitempty"`
	Method    string      `json:"method"`
	Undefined string      `json:"undefined,omitempty"`
}

type compareSliceJSON struct {
	Key         compareKey       `json:"key"`
	N           int              `json:"n"`
	Gated       bool             `json:"gated"`
	Comparisons []comparisonJSON `json:"comparisons"`
}

type compareGateJSON struct {
	Metric string      `json:"metric"`
	Slice  *compareKey `json:"slice"` // null: all rows
	Delta  float64     `json:"delta"`
	Failed bool        `json:"failed"`
	Reason string      `json:"reason"`
}

// compareKey is a slice key: the --slice columns and this slice's values.
// It marshals as a JSON object in the order of the --slice flags.
type compareKey struct {
	cols, vals []string
}

// keyOf decodes a slice key of the compare package (values joined by NUL).
func keyOf(key string, cols []string) compareKey {
	return compareKey{cols: cols, vals: strings.Split(key, "\x00")}
}

func (k compareKey) String() string {
	parts := make([]string, len(k.cols))
	for i := range k.cols {
		parts[i] = k.cols[i] + "=" + k.vals[i]
	}
	return strings.Join(parts, ",")
}

func (k compareKey) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i := range k.cols {
		if i > 0 {
			b.WriteString(", ")
		}
		c, _ := json.Marshal(k.cols[i])
		v, _ := json.Marshal(k.vals[i])
		b.Write(c)
		b.WriteString(": ")
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// finitePtr returns &v, or nil (JSON null) for NaN.
func finitePtr(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func toComparisonJSON(c compare.MetricComparison, inSlice bool) comparisonJSON {
	out := comparisonJSON{
		Metric:    c.Metric,
		Baseline:  finitePtr(c.Baseline),
		Candidate: finitePtr(c.Candidate),
		Diff:      finitePtr(c.Diff),
		CI:        [2]*float64{finitePtr(c.Interval.Lo), finitePtr(c.Interval.Hi)},
		P:         finitePtr(c.P),
		Method:    c.Method,
		Undefined: c.Undefined,
	}
	if inSlice {
		out.PAdjusted = finitePtr(c.PAdjusted)
	}
	return out
}

func toCompareJSON(in CompareInputs, r *compare.Report) compareJSON {
	out := compareJSON{Task: r.Task, N: r.N, Level: r.Level, Alpha: r.Alpha,
		Slices: []compareSliceJSON{}, Gates: []compareGateJSON{}, Warnings: []string{}, Failed: r.Failed()}
	for _, cm := range r.Comparisons {
		out.Comparisons = append(out.Comparisons, toComparisonJSON(cm, false))
	}
	for _, s := range r.Slices {
		sj := compareSliceJSON{Key: keyOf(s.Key, in.SliceBy), N: s.N, Gated: s.Gated}
		for _, cm := range s.Comparisons {
			sj.Comparisons = append(sj.Comparisons, toComparisonJSON(cm, true))
		}
		out.Slices = append(out.Slices, sj)
	}
	for _, g := range r.Gates {
		gj := compareGateJSON{Metric: g.Metric, Delta: g.Delta, Failed: g.Failed, Reason: g.Reason}
		if g.InSlice {
			k := keyOf(g.Slice, in.SliceBy)
			gj.Slice = &k
		}
		out.Gates = append(out.Gates, gj)
	}
	for _, w := range r.Warnings {
		out.Warnings = append(out.Warnings, readableKeys(w))
	}
	return out
}

// readableKeys shows the separator of multi-column slice keys as "/".
func readableKeys(s string) string { return strings.ReplaceAll(s, "\x00", "/") }

// CompareInputs names what a comparison report compares.
type CompareInputs struct {
	Baseline, Candidate string   // the files (or runs) as the user named them
	SliceBy             []string // the slicing columns, in the order of the slice keys' values
}

// WriteCompare prints the report of `mltest compare` (and of flow.Compare) in
// format "table", "markdown" or "json" (CONTRACTS.md's document: slice keys
// as objects of the slicing columns, non-finite numbers as null).
func WriteCompare(w io.Writer, format string, in CompareInputs, r *compare.Report) error {
	switch format {
	case "json":
		b, err := json.MarshalIndent(toCompareJSON(in, r), "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	case "markdown":
		return writeCompareMarkdown(w, in, r)
	}
	return writeCompareTable(w, in, r)
}

// compareRow formats one comparison as table cells: metric, baseline,
// candidate, diff, interval, p, [p_adj,] method.
func compareRow(cm compare.MetricComparison, inSlice bool) []string {
	pv := func(v float64) string {
		if !Finite(v) {
			return "-"
		}
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	diff, ci := "-", "-"
	if Finite(cm.Diff) {
		diff = formatSignedFixed(cm.Diff, 6)
		ci = "[" + formatSignedFixed(cm.Interval.Lo, 6) + ", " + formatSignedFixed(cm.Interval.Hi, 6) + "]"
	}
	row := []string{cm.Metric, formatFixed(cm.Baseline, 6), formatFixed(cm.Candidate, 6), diff, ci, pv(cm.P)}
	if inSlice {
		row = append(row, pv(cm.PAdjusted))
	}
	method := cm.Method
	if cm.Undefined != "" {
		method = "undefined"
	}
	return append(row, method)
}

func compareHeader(level float64, inSlice bool) []string {
	h := []string{"metric", "baseline", "candidate", "diff", fmt.Sprintf("%g%% CI", 100*level), "p"}
	if inSlice {
		h = append(h, "p_adj")
	}
	return append(h, "method")
}

func gateLine(g compare.Gate, cols []string) string {
	verdict := "pass"
	if g.Failed {
		verdict = "FAIL"
	}
	where := "all rows"
	if g.InSlice {
		where = keyOf(g.Slice, cols).String()
	}
	return fmt.Sprintf("%s  %s (%s, max regression %g): %s", verdict, g.Metric, where, g.Delta, g.Reason)
}

func verdictLine(r *compare.Report) string {
	failed := 0
	for _, g := range r.Gates {
		if g.Failed {
			failed++
		}
	}
	switch {
	case len(r.Gates) == 0:
		return "result: no gate (add --max-regression METRIC=DELTA to gate)"
	case failed > 0:
		return fmt.Sprintf("result: FAIL (%d of %d gates failed)", failed, len(r.Gates))
	}
	return fmt.Sprintf("result: pass (%d gates)", len(r.Gates))
}

func writeCompareTable(w io.Writer, in CompareInputs, r *compare.Report) error {
	fmt.Fprintf(w, "task: %s  n: %d  ci: %g  alpha: %g  baseline: %s  candidate: %s\n\n", r.Task, r.N, r.Level, r.Alpha, in.Baseline, in.Candidate)
	table := func(inSlice bool, cs []compare.MetricComparison) error {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(compareHeader(r.Level, inSlice), "\t"))
		for _, cm := range cs {
			fmt.Fprintln(tw, strings.Join(compareRow(cm, inSlice), "\t"))
		}
		return tw.Flush()
	}
	if err := table(false, r.Comparisons); err != nil {
		return err
	}
	for _, s := range r.Slices {
		gated := "gated"
		if !s.Gated {
			gated = "not gated: fewer than --min-slice-n"
		}
		fmt.Fprintf(w, "\nslice %s (n=%d, %s)\n", keyOf(s.Key, in.SliceBy), s.N, gated)
		if err := table(true, s.Comparisons); err != nil {
			return err
		}
	}
	if len(r.Gates) > 0 {
		fmt.Fprintln(w, "\ngates:")
		for _, g := range r.Gates {
			fmt.Fprintln(w, gateLine(g, in.SliceBy))
		}
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintln(w)
		for _, m := range r.Warnings {
			fmt.Fprintf(w, "warning: %s\n", readableKeys(m))
		}
	}
	fmt.Fprintf(w, "\n%s\n", verdictLine(r))
	return nil
}

func writeCompareMarkdown(w io.Writer, in CompareInputs, r *compare.Report) error {
	fmt.Fprintf(w, "**%s** comparison of `%s` (candidate) with `%s` (baseline), n = %d\n\n", r.Task, in.Candidate, in.Baseline, r.N)
	table := func(inSlice bool, cs []compare.MetricComparison) {
		h := compareHeader(r.Level, inSlice)
		fmt.Fprintf(w, "| %s |\n", strings.Join(h, " | "))
		seps := make([]string, len(h))
		for i := range seps {
			seps[i] = "---:"
		}
		seps[0], seps[len(seps)-1] = "---", "---"
		fmt.Fprintf(w, "| %s |\n", strings.Join(seps, " | "))
		for _, cm := range cs {
			fmt.Fprintf(w, "| %s |\n", strings.Join(compareRow(cm, inSlice), " | "))
		}
	}
	table(false, r.Comparisons)
	for _, s := range r.Slices {
		gated := "gated"
		if !s.Gated {
			gated = "not gated"
		}
		fmt.Fprintf(w, "\n**slice %s** (n = %d, %s)\n\n", keyOf(s.Key, in.SliceBy), s.N, gated)
		table(true, s.Comparisons)
	}
	if len(r.Gates) > 0 {
		fmt.Fprint(w, "\n**gates**\n\n")
		for _, g := range r.Gates {
			fmt.Fprintf(w, "- %s\n", gateLine(g, in.SliceBy))
		}
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintln(w)
		for _, m := range r.Warnings {
			fmt.Fprintf(w, "- warning: %s\n", readableKeys(m))
		}
	}
	fmt.Fprintf(w, "\n%s\n", verdictLine(r))
	return nil
}

// CompareGateFailures returns one line per failed gate of r, "[device=web]
// reason" for a gate on a slice: what the CLI prints on stderr.
func CompareGateFailures(in CompareInputs, r *compare.Report) []string {
	var lines []string
	for _, g := range r.Gates {
		if !g.Failed {
			continue
		}
		where := ""
		if g.InSlice {
			where = "[" + keyOf(g.Slice, in.SliceBy).String() + "] "
		}
		lines = append(lines, where+g.Reason)
	}
	return lines
}
