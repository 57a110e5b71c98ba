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

	"github.com/mltest/mltest/metrics/evaluate"
)

// jsonObject writes keys in the given order, which encoding/json's maps do not.
type jsonObject struct {
	keys   []string
	values []any
}

func (o *jsonObject) set(key string, v any) {
	o.keys = append(o.keys, key)
	o.values = append(o.values, v)
}

func (o *jsonObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteString(", ")
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteString(": ")
		vb, err := json.Marshal(o.values[i])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// groupJSON is one group in CONTRACTS.md's shape: metrics by name, undefined
// ones null; intervals, their methods and error bounds only when present.
func groupJSON(rep *evaluate.Report, g evaluate.Group, overall bool) *jsonObject {
	o := &jsonObject{}
	if overall {
		o.set("task", rep.Task)
	} else {
		key := &jsonObject{}
		for i, col := range rep.SliceBy {
			key.set(col, g.Key[i])
		}
		o.set("key", key)
	}
	o.set("n", g.N)
	o.set("weight_sum", Float(g.WeightSum))
	if !overall {
		o.set("gated", g.Gated)
	}
	values, intervals, methods, bounds := &jsonObject{}, &jsonObject{}, &jsonObject{}, &jsonObject{}
	for i, name := range rep.Metrics {
		v := g.Values[i]
		if v.Defined {
			values.set(name, Float(v.Value))
		} else {
			values.set(name, nil)
		}
		if v.HasInterval {
			intervals.set(name, [2]Float{Float(v.Lo), Float(v.Hi)})
			methods.set(name, v.Method)
		}
		if v.MaxError != 0 || (rep.Overall.Values[i].MaxError != 0 && v.Defined) {
			bounds.set(name, Float(v.MaxError))
		}
	}
	o.set("metrics", values)
	if rep.Level != 0 {
		o.set("intervals", intervals)
		o.set("interval_methods", methods)
	}
	if len(bounds.keys) > 0 {
		o.set("max_error", bounds)
	}
	if overall && rep.Level != 0 {
		o.set("level", Float(rep.Level))
	}
	if len(g.Warnings) > 0 {
		o.set("warnings", g.Warnings)
	}
	return o
}

// WriteEval prints the report of `mltest eval` (and of flow.Eval) in format
// "table" (for people: one column per group, all rows first), "markdown"
// (the same table for a pull request) or "json" (CONTRACTS.md's object:
// metrics by name, undefined ones null with a warning; intervals, their
// methods and error bounds only when present).
func WriteEval(w io.Writer, format string, rep *evaluate.Report) error {
	switch format {
	case "json":
		o := groupJSON(rep, rep.Overall, true)
		if len(rep.Slices) > 0 {
			slices := make([]*jsonObject, len(rep.Slices))
			for i, g := range rep.Slices {
				slices[i] = groupJSON(rep, g, false)
			}
			o.set("slices", slices)
		}
		b, err := json.Marshal(o)
		if err != nil {
			return err
		}
		var out bytes.Buffer
		if err := json.Indent(&out, b, "", "  "); err != nil {
			return err
		}
		out.WriteByte('\n')
		_, err = w.Write(out.Bytes())
		return err
	case "markdown":
		return writeEvalTable(w, rep, true)
	default:
		return writeEvalTable(w, rep, false)
	}
}

func sliceName(rep *evaluate.Report, g evaluate.Group) string {
	parts := make([]string, len(g.Key))
	for i := range g.Key {
		parts[i] = rep.SliceBy[i] + "=" + g.Key[i]
	}
	return strings.Join(parts, ",")
}

// writeEvalTable prints one column per group: all rows, then each slice.
func writeEvalTable(w io.Writer, rep *evaluate.Report, markdown bool) error {
	groups := append([]evaluate.Group{rep.Overall}, rep.Slices...)
	header := []string{"metric", "all"}
	ns := []string{"n"}
	ws := []string{"weight_sum"}
	var ungated bool
	for i, g := range groups {
		if i > 0 {
			name := sliceName(rep, g)
			if !g.Gated {
				name += "*"
				ungated = true
			}
			header = append(header, name)
		}
		ns = append(ns, strconv.Itoa(g.N))
		ws = append(ws, formatCount(g.WeightSum))
	}
	rows := [][]string{ns, ws}
	for i, name := range rep.Metrics {
		row := []string{name}
		for _, g := range groups {
			row = append(row, formatMetric(g.Values[i]))
		}
		rows = append(rows, row)
	}
	var notes []string
	if ungated {
		notes = append(notes, fmt.Sprintf("* fewer rows than --min-slice-n: reported, not gated"))
	}
	if rep.Level != 0 {
		methods := map[string]bool{}
		var list []string
		for _, g := range groups {
			for _, v := range g.Values {
				if v.HasInterval && !methods[v.Method] {
					methods[v.Method] = true
					list = append(list, v.Method)
				}
			}
		}
		notes = append(notes, fmt.Sprintf("[lo, hi]: %s%% intervals (%s)", strconv.FormatFloat(100*rep.Level, 'f', -1, 64), strings.Join(list, ", ")))
	}
	if rep.Overall.Values[0].MaxError != 0 || boundedAny(rep) {
		notes = append(notes, "±: the bounded-memory value's maximum error")
	}
	var warnings []string
	for i, g := range groups {
		for _, wmsg := range g.Warnings {
			if i > 0 {
				wmsg = sliceName(rep, g) + ": " + wmsg
			}
			warnings = append(warnings, wmsg)
		}
	}

	if markdown {
		fmt.Fprintf(w, "**%s** evaluation\n\n", rep.Task)
		fmt.Fprintf(w, "| %s |\n", strings.Join(header, " | "))
		seps := make([]string, len(header))
		seps[0] = "---"
		for i := 1; i < len(seps); i++ {
			seps[i] = "---:"
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(seps, " | "))
		for _, row := range rows {
			fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
		}
		if len(notes)+len(warnings) > 0 {
			fmt.Fprintln(w)
		}
		for _, n := range notes {
			fmt.Fprintf(w, "%s\n", n)
		}
		for _, wmsg := range warnings {
			fmt.Fprintf(w, "- warning: %s\n", wmsg)
		}
		return nil
	}
	fmt.Fprintf(w, "task: %s\n\n", rep.Task)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\n", strings.Join(header, "\t"))
	for _, row := range rows {
		fmt.Fprintf(tw, "%s\n", strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(notes)+len(warnings) > 0 {
		fmt.Fprintln(w)
	}
	for _, n := range notes {
		fmt.Fprintln(w, n)
	}
	for _, wmsg := range warnings {
		fmt.Fprintf(w, "warning: %s\n", wmsg)
	}
	return nil
}

func boundedAny(rep *evaluate.Report) bool {
	for _, g := range append([]evaluate.Group{rep.Overall}, rep.Slices...) {
		for _, v := range g.Values {
			if v.MaxError != 0 {
				return true
			}
		}
	}
	return false
}

// formatMetric prints a metric for people: six decimals (formatFixed), its
// interval or error bound when it has one, "-" when undefined.
func formatMetric(v evaluate.Value) string {
	if !v.Defined {
		return "-"
	}
	s := formatFixed(v.Value, 6)
	if v.MaxError != 0 {
		s += " ±" + strconv.FormatFloat(v.MaxError, 'g', 2, 64)
	}
	if v.HasInterval {
		s += " [" + formatFixed(v.Lo, 4) + ", " + formatFixed(v.Hi, 4) + "]"
	}
	return s
}

// formatCount prints a row count or weight sum without trailing zeros, in
// exponent form from 1e21 and below 1e-6 (as JSON does), "-" when the sum
// overflowed.
func formatCount(v float64) string {
	switch a := math.Abs(v); {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "-"
	case a >= 1e21 || (a < 1e-6 && a != 0):
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
