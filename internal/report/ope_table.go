package report

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/mltest/mltest/metrics/ope"
)

func writeOPETable(w io.Writer, r ope.Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "estimator\tvalue\t%s CI\n", levelPercent(r.Level))
	for _, name := range r.Estimators {
		v := r.Values[name]
		fmt.Fprintf(tw, "%s\t%s\t%s\n", name, tableNumber(v.Value), tableInterval(v.CI))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "events\t%d\n", r.N)
	ess := "-"
	if Finite(r.ESS) {
		ess = fmt.Sprintf("%.1f", r.ESS)
	}
	fmt.Fprintf(tw, "effective sample size\t%s\t%s of the events\n", ess, percentOf(r.ESS, r.N))
	fmt.Fprintf(tw, "largest weight\t%s\n", tableNumber(r.MaxWeight))
	if r.Clip > 0 {
		fmt.Fprintf(tw, "weights clipped at\t%s\tin ips, dr and iips\n", formatNumber(r.Clip))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, msg := range r.Warnings {
		fmt.Fprintf(w, "warning: %s\n", msg)
	}
	return nil
}
