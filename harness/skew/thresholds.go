package skew

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Thresholds says when a feature has drifted: when any statistic it sets
// (a field > 0) is exceeded. Statistics that do not apply to a feature's kind
// are not checked on it, nor are undefined (NaN) ones, which come with a
// warning instead. A statistic is exceeded when it is strictly greater than
// its threshold, except KSPValue, exceeded when the p-value is strictly
// smaller.
type Thresholds struct {
	PSI             float64 `json:"psi,omitempty"`               // numeric and categorical
	JSDistance      float64 `json:"js_distance,omitempty"`       // numeric and categorical
	LInf            float64 `json:"linf,omitempty"`              // categorical
	KSD             float64 `json:"ks_d,omitempty"`              // numeric
	WassersteinNorm float64 `json:"wasserstein_norm,omitempty"`  // numeric
	SMD             float64 `json:"smd,omitempty"`               // numeric, on |SMD|
	MissingRate     float64 `json:"missing_rate_diff,omitempty"` // |MissingRateCur - MissingRateRef|, every feature
	// KSPValue flags a numeric feature whose KS p-value is below it. Off by
	// default: with many rows every p-value is about 0 (see the package
	// comment).
	KSPValue float64 `json:"ks_pvalue,omitempty"`
}

// DefaultThresholds are the thresholds Compare uses when Options.Thresholds
// is the zero value. They are effect sizes only, so they mean the same at
// a thousand rows and at a billion:
//
//	PSI 0.2              (the usual reading: < 0.1 stable, 0.1-0.25 moderate, > 0.25 large)
//	JSDistance 0.1       (Evidently's default for its Jensen-Shannon test)
//	LInf 0.1             (a category's share moved by 10 percentage points)
//	KSD 0.1              (the two CDFs differ by 0.1 somewhere)
//	WassersteinNorm 0.1  (Evidently's default for its normed Wasserstein test)
//	SMD 0.2              (Cohen's "small" effect)
//	MissingRate 0.05     (the missing rate moved by 5 percentage points)
func DefaultThresholds() Thresholds {
	return Thresholds{PSI: 0.2, JSDistance: 0.1, LInf: 0.1, KSD: 0.1, WassersteinNorm: 0.1, SMD: 0.2, MissingRate: 0.05}
}

// Check reports a threshold that is NaN or negative.
func (t Thresholds) Check() error {
	for _, v := range []float64{t.PSI, t.JSDistance, t.LInf, t.KSD, t.WassersteinNorm, t.SMD, t.MissingRate, t.KSPValue} {
		if math.IsNaN(v) || v < 0 {
			return errors.New("thresholds must be numbers >= 0")
		}
	}
	return nil
}

// Exceedance is one statistic of one feature beyond its threshold.
type Exceedance struct {
	Feature   string  `json:"feature"`
	Statistic string  `json:"statistic"` // the Thresholds field's JSON name: psi, js_distance, ...
	Value     float64 `json:"value"`
	Threshold float64 `json:"threshold"`
}

// MarshalJSON writes an infinite value (the normed Wasserstein distance of
// a constant reference) as null, which JSON has no other spelling for.
func (e Exceedance) MarshalJSON() ([]byte, error) {
	type plain struct {
		Feature   string    `json:"feature"`
		Statistic string    `json:"statistic"`
		Value     jsonFloat `json:"value"`
		Threshold jsonFloat `json:"threshold"`
	}
	return json.Marshal(plain{e.Feature, e.Statistic, jsonFloat(e.Value), jsonFloat(e.Threshold)})
}

// String reads "income: psi = 0.3124 > 0.2" ("< 0.05" for ks_pvalue, and
// "|smd| = ..." for the standardised mean difference, which is signed).
func (e Exceedance) String() string {
	stat, v, op := e.Statistic, e.Value, ">"
	switch stat {
	case "ks_pvalue":
		op = "<"
	case "smd":
		stat, v = "|smd|", math.Abs(v)
	}
	return fmt.Sprintf("%s: %s = %.4g %s %s", e.Feature, stat, v, op, strconv.FormatFloat(e.Threshold, 'g', -1, 64))
}

// exceeded returns the statistics of f beyond t, in the order of Thresholds'
// fields.
func exceeded(f *FeatureSkew, t Thresholds) []Exceedance {
	var out []Exceedance
	check := func(stat string, v, th float64, applies bool) {
		if applies && th > 0 && !math.IsNaN(v) && v > th {
			out = append(out, Exceedance{Feature: f.Name, Statistic: stat, Value: v, Threshold: th})
		}
	}
	num, cat := f.Kind == Numeric, f.Kind == Categorical
	check("psi", f.PSI, t.PSI, true)
	check("js_distance", f.JSDistance, t.JSDistance, true)
	check("linf", f.LInf, t.LInf, cat)
	var d, p float64 = math.NaN(), math.NaN()
	if f.KS != nil {
		d, p = f.KS.D, f.KS.PValue
	}
	check("ks_d", d, t.KSD, num)
	check("wasserstein_norm", f.WassersteinNorm, t.WassersteinNorm, num)
	if num && t.SMD > 0 && math.Abs(f.SMD) > t.SMD {
		out = append(out, Exceedance{Feature: f.Name, Statistic: "smd", Value: f.SMD, Threshold: t.SMD})
	}
	check("missing_rate_diff", math.Abs(f.MissingRateCur-f.MissingRateRef), t.MissingRate, true)
	if num && t.KSPValue > 0 && p < t.KSPValue {
		out = append(out, Exceedance{Feature: f.Name, Statistic: "ks_pvalue", Value: p, Threshold: t.KSPValue})
	}
	return out
}

// Exceeds returns every statistic of every feature beyond t, taken as given
// (a zero field checks nothing; DefaultThresholds is not substituted), in
// feature order.
func (r Report) Exceeds(t Thresholds) []Exceedance {
	var out []Exceedance
	for i := range r.Features {
		out = append(out, exceeded(&r.Features[i], t)...)
	}
	return out
}
