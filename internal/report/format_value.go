package report

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// formatNumber prints a figure with four significant digits, the precision
// a reader compares at; the exact value is in report.json. Non-finite
// values, which a well-formed report never holds, print as Go does ("NaN",
// "+Inf") rather than vanish.
func formatNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// formatFixed prints a figure of a table with the given decimals, the way
// every command's table prints metrics: fixed point where that reads well
// (0, and 1e-4 <= |v| < 1e9), else exponent form with as many significant
// digits ("5e+199", "2.5e-17"), so that a mean absolute error of 1e200 is
// not a 200-digit integer nor a tiny one "0.000000"; "-" when v is not a
// finite number (the writer's warning says why).
func formatFixed(v float64, decimals int) string {
	switch a := math.Abs(v); {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "-"
	case v == 0 || (a >= 1e-4 && a < 1e9):
		return strconv.FormatFloat(v, 'f', decimals, 64)
	}
	return strconv.FormatFloat(v, 'g', decimals, 64)
}

// formatSignedFixed is formatFixed with the sign always written: "+0.013000".
func formatSignedFixed(v float64, decimals int) string {
	s := formatFixed(v, decimals)
	if s != "-" && !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s
}

// formatPtr is formatNumber for a value that may be undefined.
func formatPtr(v *float64) string {
	if v == nil {
		return "undefined"
	}
	return formatNumber(*v)
}

// formatInterval prints "[lo, hi]", or "" when there is none.
func formatInterval(iv *[2]float64) string {
	if iv == nil {
		return ""
	}
	return "[" + formatNumber(iv[0]) + ", " + formatNumber(iv[1]) + "]"
}

// formatThreshold prints the rule a value was held to: ">= 0.85", with the
// rule as written when it differs ("min: baseline - 0.01").
func formatThreshold(th *Threshold) string {
	if th == nil {
		return ""
	}
	s := th.Op + " " + formatNumber(th.Bound)
	if th.Rule != "" {
		s += " (" + th.Rule + ")"
	}
	return s
}

// formatDuration prints a duration rounded for people: "12ms", "1.53s".
func formatDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0s"
	case d < time.Millisecond:
		return d.Round(time.Microsecond).String()
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	default:
		return d.Round(10 * time.Millisecond).String()
	}
}

// seconds prints a duration in seconds with millisecond precision, as JUnit
// readers expect ("1.234").
func seconds(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	return strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
}

// describeValue is one line saying what a value is and whether it held:
// "roc_auc [device=web] = 0.8123 [0.80, 0.83], want >= 0.85 (min: 0.85)".
func describeValue(v Value) string {
	var b strings.Builder
	b.WriteString(v.Metric)
	if v.Slice != "" {
		b.WriteString(" [" + v.Slice + "]")
	}
	b.WriteString(" = " + formatPtr(v.Value))
	if v.Interval != nil {
		b.WriteString(" " + formatInterval(v.Interval))
	}
	if v.Threshold != nil {
		b.WriteString(", want " + formatThreshold(v.Threshold))
	}
	if v.N > 0 {
		fmt.Fprintf(&b, ", n=%d", v.N)
	}
	if v.Note != "" {
		b.WriteString(": " + v.Note)
	}
	return oneLine(b.String())
}

// describeDelta is one line for a paired comparison:
// "ndcg@10 [all] 0.41 -> 0.39, delta -0.02 [-0.03, -0.01], p=0.004: worse".
func describeDelta(d Delta) string {
	var b strings.Builder
	b.WriteString(d.Metric)
	if d.Slice != "" {
		b.WriteString(" [" + d.Slice + "]")
	}
	fmt.Fprintf(&b, " %s -> %s, delta %s [%s, %s]", formatNumber(d.Baseline), formatNumber(d.Candidate),
		formatNumber(d.Delta), formatNumber(d.Interval[0]), formatNumber(d.Interval[1]))
	if d.PValue != nil {
		b.WriteString(", p=" + formatNumber(*d.PValue))
	}
	if d.Verdict != "" {
		b.WriteString(": " + d.Verdict)
	}
	return oneLine(b.String())
}

// describeParityRow is one line for a mismatching or failed parity row.
func describeParityRow(p ParityRow) string {
	s := p.ID + " " + p.Output
	if p.Stage != "" {
		s += " (stage " + p.Stage + ")"
	}
	if p.Error != "" {
		return oneLine(s + ": failed: " + p.Error)
	}
	return oneLine(s + ": offline " + p.Offline + ", online " + p.Online + ", |diff| " + formatNumber(p.AbsDiff))
}

// describeDrift is one line per drifted feature: its statistics, those with
// a threshold first, "psi 0.31 > 0.2".
func describeDrift(f DriftFeature) string {
	var parts []string
	for _, k := range sortedKeys(f.Threshold) {
		if v, ok := f.Stats[k]; ok {
			parts = append(parts, fmt.Sprintf("%s %s (threshold %s)", k, formatNumber(v), formatNumber(f.Threshold[k])))
		}
	}
	if len(parts) == 0 {
		for _, k := range sortedKeys(f.Stats) {
			parts = append(parts, k+" "+formatNumber(f.Stats[k]))
		}
	}
	s := f.Feature
	if f.Kind != "" {
		s += " (" + f.Kind + ")"
	}
	return oneLine(s + ": " + strings.Join(parts, ", "))
}

// The command tables (parity, skew) print what does not apply or is not
// defined as "-", never as an empty cell, so that columns stay aligned and
// a reader sees the gap.

// orDash is s, or "-" when s is empty.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// formatDiff prints an absolute difference as formatNumber does, and an
// infinite one (NaN against a number, a shape or a missing output) as
// "inf"; math.MaxFloat64 stands for infinity where JSON carried the value.
func formatDiff(d float64) string {
	if math.IsInf(d, 1) || d == math.MaxFloat64 {
		return "inf"
	}
	return formatNumber(d)
}

// maxCell is the width at which formatCell cuts a value.
const maxCell = 40

// formatCell prints one compared value in a table cell: a number with
// eight significant digits, a string as it is, anything else (a list, a
// shape) as JSON, and a missing value as "-"; past maxCell bytes it is cut
// and ends in "...".
func formatCell(v any) string {
	var s string
	switch t := v.(type) {
	case nil:
		return "-"
	case float64:
		s = strconv.FormatFloat(t, 'g', 8, 64)
	case string:
		s = t
	default:
		b, _ := json.Marshal(t)
		s = string(b)
	}
	if len(s) > maxCell {
		s = s[:maxCell-3] + "..."
	}
	return s
}

// formatStat prints a statistic of a drift table with four decimals (two
// significant digits below 1e-4, so that a small value does not read as 0),
// NaN (not applicable, or undefined) as "-" and an infinity as "+Inf" or
// "-Inf": an infinite drift statistic is a finding, not a gap.
func formatStat(x float64) string {
	switch {
	case math.IsNaN(x):
		return "-"
	case math.IsInf(x, 0):
		return fmt.Sprintf("%+v", x)
	case x != 0 && math.Abs(x) < 1e-4:
		return fmt.Sprintf("%.2g", x)
	}
	return fmt.Sprintf("%.4f", x)
}

// formatSigned is formatStat for a signed shift, with its sign always
// written: "+0.4765".
func formatSigned(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return formatStat(x)
	}
	return fmt.Sprintf("%+.4f", x)
}

// formatPercent prints a rate in [0, 1] as a percentage with one decimal,
// NaN as "-".
func formatPercent(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*x)
}
