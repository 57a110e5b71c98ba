package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// MarshalJSON writes the metrics in their documented order, undefined ones as null.
func (m metricValues) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, name := range m.names {
		if i > 0 {
			b.WriteString(", ")
		}
		k, _ := json.Marshal(name)
		b.Write(k)
		b.WriteString(": ")
		if m.values[i] == nil {
			b.WriteString("null")
		} else {
			v, err := json.Marshal(*m.values[i])
			if err != nil {
				return nil, err
			}
			b.Write(v)
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// MarshalJSON writes the slice key as an object in the order of --slice flags.
func (k sliceKey) MarshalJSON() ([]byte, error) {
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

func (k sliceKey) String() string {
	parts := make([]string, len(k.cols))
	for i := range k.cols {
		parts[i] = k.cols[i] + "=" + k.vals[i]
	}
	return strings.Join(parts, ",")
}

func writeEval(w io.Writer, format string, r *evalResult) error {
	switch format {
	case "json":
		b, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	case "markdown":
		return writeEvalTable(w, r, true)
	default:
		return writeEvalTable(w, r, false)
	}
}

// writeEvalTable prints one column per group: all rows, then each slice.
func writeEvalTable(w io.Writer, r *evalResult, markdown bool) error {
	header := []string{"metric", "all"}
	ns := []string{"n", strconv.Itoa(r.N)}
	ws := []string{"weight_sum", formatCount(r.WeightSum)}
	for _, s := range r.Slices {
		header = append(header, s.Key.String())
		ns = append(ns, strconv.Itoa(s.N))
		ws = append(ws, formatCount(s.WeightSum))
	}
	rows := [][]string{ns, ws}
	for i, name := range r.Metrics.names {
		row := []string{name, formatValue(r.Metrics.values[i])}
		for _, s := range r.Slices {
			row = append(row, formatValue(s.Metrics.values[i]))
		}
		rows = append(rows, row)
	}
	var warnings []string
	for _, wmsg := range r.Warnings {
		warnings = append(warnings, wmsg)
	}
	for _, s := range r.Slices {
		for _, wmsg := range s.Warnings {
			warnings = append(warnings, s.Key.String()+": "+wmsg)
		}
	}

	if markdown {
		fmt.Fprintf(w, "**%s** evaluation\n\n", r.Task)
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
		if len(warnings) > 0 {
			fmt.Fprintln(w)
			for _, wmsg := range warnings {
				fmt.Fprintf(w, "- warning: %s\n", wmsg)
			}
		}
		return nil
	}
	fmt.Fprintf(w, "task: %s\n\n", r.Task)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\n", strings.Join(header, "\t"))
	for _, row := range rows {
		fmt.Fprintf(tw, "%s\n", strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(warnings) > 0 {
		fmt.Fprintln(w)
		for _, wmsg := range warnings {
			fmt.Fprintf(w, "warning: %s\n", wmsg)
		}
	}
	return nil
}

// formatValue prints a metric for people: six decimals, "-" for undefined.
func formatValue(v *float64) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(*v, 'f', 6, 64)
}

// formatCount prints a row count or weight sum without trailing zeros.
func formatCount(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
