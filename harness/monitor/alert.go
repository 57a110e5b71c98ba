package monitor

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/mltest/mltest/harness/skew"
)

// Rule is an alert rule, "SUBJECT OP THRESHOLD": roc_auc < 0.70,
// estimated.roc_auc < 0.7, drift.x1.psi > 0.2, labeled < 100. The subject
// is a metric of the window (checked on the window and on each of its
// gated slices), an estimated metric (estimated.NAME, window and slices), a
// drift statistic of a feature (drift.FEATURE.STAT, the window), or one of
// the window's counts n, labeled, late_labels. OP is <, <=, > or >=.
//
// A metric with an interval fires only when the whole interval is past the
// threshold (roc_auc < 0.7 fires when the interval's upper end is below
// 0.7): noise alone does not page anyone.
type Rule struct {
	Text      string // as given
	Subject   string
	Op        string
	Threshold float64
	thrText   string
}

var ruleSyntax = regexp.MustCompile(`^\s*([A-Za-z_][A-Za-z0-9_.@:\-]*)\s*(<=|>=|<|>)\s*(\S+)\s*$`)

// ParseRules reads rules (ParseRule), stopping at the first that does not
// parse.
func ParseRules(texts []string) ([]Rule, error) {
	var rules []Rule
	for _, s := range texts {
		r, err := ParseRule(s)
		if err != nil {
			return nil, err
		}
		rules = append(rules, r)
	}
	return rules, nil
}

// ParseRule reads a rule.
func ParseRule(s string) (Rule, error) {
	m := ruleSyntax.FindStringSubmatch(s)
	if m == nil {
		return Rule{}, fmt.Errorf("alert %q: want METRIC OP THRESHOLD, e.g. 'roc_auc < 0.70' (OP <, <=, > or >=)", s)
	}
	v, err := strconv.ParseFloat(m[3], 64)
	if err != nil || v != v {
		return Rule{}, fmt.Errorf("alert %q: threshold %q is not a number", s, m[3])
	}
	return Rule{Text: strings.TrimSpace(s), Subject: m[1], Op: m[2], Threshold: v, thrText: m[3]}, nil
}

// Counts a rule may bound.
var countSubjects = []string{"n", "labeled", "late_labels"}

func (r Rule) check(o Options) error {
	metricsOf := o.Evaluate.Metrics
	if metricsOf == nil {
		metricsOf = o.Evaluate.Task.MetricNames()
	}
	switch {
	case slices.Contains(countSubjects, r.Subject), slices.Contains(metricsOf, r.Subject):
		return nil
	case strings.HasPrefix(r.Subject, "estimated."):
		name := strings.TrimPrefix(r.Subject, "estimated.")
		if !o.Estimate {
			return fmt.Errorf("alert %q: estimated values need estimation on (--estimate)", r.Text)
		}
		if !slices.Contains(estimable(o), name) {
			return fmt.Errorf("alert %q: %s is not estimated; estimated: %s", r.Text, name, strings.Join(estimable(o), " "))
		}
		return nil
	case strings.HasPrefix(r.Subject, "drift."):
		feature, stat, ok := cutLast(strings.TrimPrefix(r.Subject, "drift."), ".")
		if o.Reference == nil {
			return fmt.Errorf("alert %q: drift needs a reference (--reference)", r.Text)
		}
		if !ok || !slices.Contains(o.Features, feature) || !slices.Contains(DriftStats, stat) {
			return fmt.Errorf("alert %q: want drift.FEATURE.STAT with a FEATURE of %s and a STAT of %s", r.Text, strings.Join(o.Features, ", "), strings.Join(DriftStats, ", "))
		}
		return nil
	}
	return fmt.Errorf("alert %q: unknown subject %q: want a metric (%s), estimated.METRIC, drift.FEATURE.STAT or %s", r.Text, r.Subject, strings.Join(metricsOf, " "), strings.Join(countSubjects, ", "))
}

func cutLast(s, sep string) (string, string, bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// past reports whether v is past the threshold in the rule's direction.
func (r Rule) past(v float64) bool {
	switch r.Op {
	case "<":
		return v < r.Threshold
	case "<=":
		return v <= r.Threshold
	case ">":
		return v > r.Threshold
	}
	return v >= r.Threshold
}

// fires applies the rule to a value with its interval (lo, hi when has):
// the whole interval must be past the threshold.
func (r Rule) fires(v float64, lo, hi float64, has bool) bool {
	if !has {
		return r.past(v)
	}
	return r.past(lo) && r.past(hi)
}

// Alert is a rule that fired on a window, or on one of its slices.
type Alert struct {
	Rule     string
	Slice    string // "col=val,col=val"; "" for the whole window
	Value    float64
	Interval *[2]float64
	Message  string // "roc_auc 0.61 < 0.70", with the interval and slice when there are
}

func (r Rule) alert(slice string, v float64, lo, hi float64, has bool) Alert {
	a := Alert{Rule: r.Text, Slice: slice, Value: v}
	msg := r.Subject + " " + strconv.FormatFloat(v, 'g', 4, 64)
	if has {
		a.Interval = &[2]float64{lo, hi}
		msg += fmt.Sprintf(" [%s, %s]", strconv.FormatFloat(lo, 'g', 4, 64), strconv.FormatFloat(hi, 'g', 4, 64))
	}
	msg += " " + r.Op + " " + r.thrText
	if slice != "" {
		msg += " (" + slice + ")"
	}
	a.Message = msg
	return a
}

// DriftStats are the drift statistics of a window, by harness/skew's names
// (skew.FeatureSkew.Stats); a statistic that does not apply to a feature's
// kind, or is not finite, is absent.
var DriftStats = []string{"psi", "js_distance", "ks_d", "wasserstein_norm", "smd", "linf", "missing_rate_diff"}

// DriftValues returns a feature's statistics of DriftStats by name.
func DriftValues(f skew.FeatureSkew) map[string]float64 {
	all := f.Stats()
	out := make(map[string]float64, len(DriftStats))
	for _, name := range DriftStats {
		if v, ok := all[name]; ok {
			out[name] = v
		}
	}
	return out
}
