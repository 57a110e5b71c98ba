package skew

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
)

// WriteTable writes the report for people: one row per feature, effect sizes
// first (psi, js, ks_d, w/std, smd, linf) and the KS p-value last, then the
// drifted features (drift column "DRIFT", else "ok") with the rule each broke, the categorical features' top
// change and unseen categories, and any warnings. A statistic that does not
// apply or is undefined prints as "-".
func (r Report) WriteTable(w io.Writer) error {
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
			f.Name, f.Kind, f.NRef, f.NCur, percent(f.MissingRateRef), percent(f.MissingRateCur),
			num(f.PSI), num(f.JSDistance), num(d), num(f.WassersteinNorm), signed(f.SMD), num(f.LInf), num(p), drift)
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
		if f.Kind != Categorical || (f.TopChange == nil && f.UnseenCur == 0) {
			continue
		}
		fmt.Fprintf(&b, "%s:", f.Name)
		if c := f.TopChange; c != nil {
			fmt.Fprintf(&b, " largest change %q %s -> %s", c.Category, percent(c.Ref), percent(c.Cur))
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

func num(x float64) string {
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

func signed(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return num(x)
	}
	return fmt.Sprintf("%+.4f", x)
}

func percent(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*x)
}
