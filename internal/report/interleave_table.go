package report

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/mltest/mltest/harness/interleave"
)

func writeInterleaveTable(w io.Writer, r interleave.Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	unit := "impressions"
	if r.Units != r.N {
		unit = "users"
	}
	fmt.Fprintf(tw, "impressions with a click\t%d\t(%d without a click, left out)\n", r.N, r.NoClick)
	fmt.Fprintf(tw, "wins A\t%d\t%s\n", r.WinsA, percentOf(float64(r.WinsA), r.N))
	fmt.Fprintf(tw, "wins B\t%d\t%s\n", r.WinsB, percentOf(float64(r.WinsB), r.N))
	fmt.Fprintf(tw, "ties\t%d\t%s\n", r.Ties, percentOf(float64(r.Ties), r.N))
	fmt.Fprintf(tw, "delta_ab\t%s\t%s CI %s, bootstrap over %d %s\n",
		tableNumber(r.DeltaAB), levelPercent(r.Level), tableInterval(r.CI), r.Units, unit)
	fmt.Fprintf(tw, "p\t%s\t%s\n", tableNumber(r.P), r.Test)
	fmt.Fprintf(tw, "preferred\t%s\t(significance level %s)\n", r.Preferred, formatNumber(1-r.Level))
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.ByPosition) > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "position\tshown\tclicks A\tclicks B\t")
		for p, c := range r.ByPosition {
			fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t\n", p+1, c.Shown, c.ClicksA, c.ClicksB)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, msg := range r.Warnings {
		fmt.Fprintf(w, "warning: %s\n", msg)
	}
	return nil
}

// percentOf prints x out of n as a percentage, "" when n is 0 or x is not
// a finite number.
func percentOf(x float64, n int) string {
	if n == 0 || !Finite(x) {
		return ""
	}
	return fmt.Sprintf("%.1f%%", 100*x/float64(n))
}

// tableNumber is formatNumber with "-" for a value that is not a finite
// number (CONTRACTS: "-" in tables).
func tableNumber(v float64) string {
	if !Finite(v) {
		return "-"
	}
	return formatNumber(v)
}

// tableInterval prints "[lo, hi]" with "-" for undefined ends.
func tableInterval(ci [2]float64) string {
	return "[" + tableNumber(ci[0]) + ", " + tableNumber(ci[1]) + "]"
}

// levelPercent prints a confidence level as "95%".
func levelPercent(level float64) string {
	return formatNumber(100*level) + "%"
}
