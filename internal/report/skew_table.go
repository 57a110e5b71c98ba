package report

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/mltest/mltest/harness/skew"
)

// WriteSkewTable writes what `mltest skew` prints for people: one row per
// feature, effect sizes first (psi, js, ks_d, w/std, smd, linf) and the KS
// p-value last, with a drift column ("DRIFT" or "ok"); then each drifted
// feature with the rules it broke, the categorical features' largest change
// and unseen categories, and any warnings. A statistic that does not apply
// or is undefined prints as "-" (formatStat).
func WriteSkewTable(w io.Writer, r skew.Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "feature\tkind\tn_ref\tn_cur\tmiss_ref\tmiss_cur\tpsi\tjs\tks_d\tw/std\tsmd\tlinf\tks_p\tdrift")
	for _, f := range r.Features {
		d, p := math.NaN(), math.NaN()
		if f.KS != nil {
			d, p = f.KS.D, f.KS.PValue
		}
		drift := "ok"
		if f.Drifted {
			drift = "DRIFT"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			f.Name, f.Kind, f.NRef, f.NCur, formatPercent(f.MissingRateRef), formatPercent(f.MissingRateCur),
			formatStat(f.PSI), formatStat(f.JSDistance), formatStat(d), formatStat(f.WassersteinNorm), formatSigned(f.SMD), formatStat(f.LInf), formatStat(p), drift)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var b strings.Builder
	for _, f := range r.Features {
		if f.Drifted {
			parts := make([]string, len(f.Exceeded))
			for i, e := range f.Exceeded {
				parts[i] = strings.TrimPrefix(e.String(), f.Name+": ")
			}
			fmt.Fprintf(&b, "drifted: %s: %s\n", f.Name, strings.Join(parts, "; "))
		}
	}
	for _, f := range r.Features {
		if f.Kind != skew.Categorical || (f.TopChange == nil && f.UnseenCur == 0) {
			continue
		}
		fmt.Fprintf(&b, "%s:", f.Name)
		if c := f.TopChange; c != nil {
			fmt.Fprintf(&b, " largest change %q %s -> %s", c.Category, formatPercent(c.Ref), formatPercent(c.Cur))
			if f.UnseenCur > 0 {
				b.WriteString(";")
			}
		}
		if f.UnseenCur > 0 {
			cats := "categories"
			if f.UnseenCategories == 1 {
				cats = "category"
			}
			fmt.Fprintf(&b, " %d unseen rows (%d %s):", f.UnseenCur, f.UnseenCategories, cats)
			for i, u := range f.TopUnseen {
				if i > 0 {
					b.WriteString(",")
				}
				fmt.Fprintf(&b, " %q %d", u.Category, u.Count)
			}
			if f.UnseenCategories > len(f.TopUnseen) {
				b.WriteString(", ...")
			}
		}
		b.WriteString("\n")
	}
	for _, f := range r.Features {
		if f.NonFiniteRef+f.NonFiniteCur > 0 {
			fmt.Fprintf(&b, "%s: %d (reference) and %d (current) infinite values left out of the statistics\n", f.Name, f.NonFiniteRef, f.NonFiniteCur)
		}
		for _, m := range f.Warnings {
			fmt.Fprintf(&b, "warning: %s: %s\n", f.Name, m)
		}
	}
	b.WriteString("note: judge drift by the effect sizes (psi, js, ks_d, w/std = Wasserstein / reference std, smd, linf);\n" +
		"      with many rows the KS p-value (ks_p) is about 0 for any shift, however small.\n")
	_, err := io.WriteString(w, b.String())
	return err
}
