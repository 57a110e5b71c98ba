package compare

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/stats"
)

// dataset is the paired data of one task, on all rows or on one slice.
type dataset interface {
	len() int
	// units is the number of independent resampling units: distinct
	// clusters, or rows (queries).
	units() int
	subset(idx []int) dataset
	compare(metric string, opt Options) (stats.Comparison, error)
}

// compareAll runs every comparison of d, overall and per slice, adjusts the
// slice p-values and evaluates the gates.
func compareAll(task string, d dataset, keys []string, names []string, opt Options) (*Report, error) {
	for name := range opt.MaxRegression {
		if !slices.Contains(names, name) {
			return nil, fmt.Errorf("compare: max regression names %q, which is not compared; compared: %s", name, strings.Join(names, " "))
		}
	}
	if d.len() == 0 {
		return nil, errors.New("compare: no rows")
	}
	if d.units() < 2 {
		return nil, fmt.Errorf("compare: %d independent units (rows or clusters): the comparison needs at least 2", d.units())
	}
	r := &Report{Task: task, N: d.len(), Level: opt.Level, Alpha: opt.Alpha}
	var err error
	if r.Comparisons, err = compareMetrics(d, names, opt); err != nil {
		return nil, err
	}
	for _, c := range r.Comparisons {
		if c.Undefined != "" {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s: %s", c.Metric, c.Undefined))
		}
	}

	if keys != nil {
		groups := map[string][]int{}
		for i, k := range keys {
			groups[k] = append(groups[k], i)
		}
		order := make([]string, 0, len(groups))
		for k := range groups {
			order = append(order, k)
		}
		slices.Sort(order)
		for _, k := range order {
			sub := d.subset(groups[k])
			s := SliceReport{Key: k, N: sub.len(), Gated: sub.len() >= opt.MinSliceSupport}
			if sub.units() < 2 {
				for _, name := range names {
					s.Comparisons = append(s.Comparisons, undefinedComparison(name,
						fmt.Sprintf("%d independent unit (row or cluster): nothing to resample", sub.units())))
				}
			} else if s.Comparisons, err = compareMetrics(sub, names, opt); err != nil {
				return nil, fmt.Errorf("slice %q: %w", k, err)
			}
			for _, c := range s.Comparisons {
				if c.Undefined != "" {
					r.Warnings = append(r.Warnings, fmt.Sprintf("slice %s: %s: %s", k, c.Metric, c.Undefined))
				}
			}
			r.Slices = append(r.Slices, s)
		}
		adjustAcrossSlices(r.Slices, len(names))
	}
	r.Gates = gates(r, names, opt)
	return r, nil
}

// compareMetrics compares every metric; an undefined one is recorded with
// its reason, any other error is returned.
func compareMetrics(d dataset, names []string, opt Options) ([]MetricComparison, error) {
	out := make([]MetricComparison, 0, len(names))
	for _, name := range names {
		c, err := d.compare(name, opt)
		if errors.Is(err, metrics.ErrUndefined) {
			out = append(out, undefinedComparison(name, undefinedReason(err)))
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if !finite(c.Baseline) || !finite(c.Candidate) || !finite(c.Diff) {
			out = append(out, undefinedComparison(name, fmt.Sprintf("undefined: not a finite number (baseline %v, candidate %v): beyond the float64 range", c.Baseline, c.Candidate)))
			continue
		}
		c.Metric = name
		out = append(out, MetricComparison{Comparison: c, PAdjusted: c.P})
	}
	return out, nil
}

func undefinedReason(err error) string {
	var ue *metrics.UndefinedError
	if errors.As(err, &ue) && !strings.Contains(err.Error(), "resamples") {
		return "undefined: " + ue.Reason
	}
	return strings.TrimPrefix(err.Error(), "metrics/stats: ")
}

func undefinedComparison(name, why string) MetricComparison {
	nan := math.NaN()
	return MetricComparison{
		Comparison: stats.Comparison{Metric: name, Baseline: nan, Candidate: nan, Diff: nan,
			Interval: stats.Interval{Estimate: nan, Lo: nan, Hi: nan}, P: nan, Method: "none"},
		PAdjusted: nan,
		Undefined: why,
	}
}

// adjustAcrossSlices sets PAdjusted of each metric to the Benjamini-Hochberg
// adjustment of its P across all slices where it is defined (small slices
// included: they were tested, so they count in the family).
func adjustAcrossSlices(ss []SliceReport, metricsCount int) {
	p := make([]float64, len(ss))
	for j := range metricsCount {
		for i := range ss {
			p[i] = ss[i].Comparisons[j].P
		}
		adj := stats.BenjaminiHochberg(p)
		for i := range ss {
			ss[i].Comparisons[j].PAdjusted = adj[i]
		}
	}
}

// gates applies stats.Regressed to each gated metric on all rows, then on
// each gated slice with the adjusted p-value. A metric undefined on all rows
// fails (the gate cannot be assessed); undefined on a slice it is reported
// as not assessed, since the slice's data, not the candidate, lack it.
func gates(r *Report, names []string, opt Options) []Gate {
	var out []Gate
	for j, name := range names {
		delta, ok := opt.MaxRegression[name]
		if !ok {
			continue
		}
		g := Gate{Metric: name, Delta: delta}
		c := r.Comparisons[j]
		if c.Undefined != "" {
			g.Failed = true
			g.Reason = fmt.Sprintf("%s cannot be assessed on all rows (%s): treated as a regression", name, c.Undefined)
		} else {
			g.Failed, g.Reason = stats.Regressed(c.Comparison, HigherIsBetter(name), delta, opt.Alpha)
		}
		out = append(out, g)
		for _, s := range r.Slices {
			if !s.Gated {
				continue
			}
			g := Gate{Metric: name, InSlice: true, Slice: s.Key, Delta: delta}
			c := s.Comparisons[j]
			if c.Undefined != "" {
				g.Reason = fmt.Sprintf("%s not assessed on this slice: %s", name, c.Undefined)
			} else {
				adj := c.Comparison
				adj.P = c.PAdjusted
				g.Failed, g.Reason = stats.Regressed(adj, HigherIsBetter(name), delta, opt.Alpha)
				g.Reason += " (p adjusted across slices, Benjamini-Hochberg)"
			}
			out = append(out, g)
		}
	}
	return out
}

// pick returns s[idx[0]], s[idx[1]], ...; nil stays nil.
func pick[T any](s []T, idx []int) []T {
	if s == nil {
		return nil
	}
	out := make([]T, len(idx))
	for k, i := range idx {
		out[k] = s[i]
	}
	return out
}

// countUnits returns the number of distinct clusters, or n without clusters.
func countUnits(n int, clusters []int) int {
	if clusters == nil {
		return n
	}
	seen := make(map[int]struct{})
	for _, c := range clusters {
		seen[c] = struct{}{}
	}
	return len(seen)
}

func weightAt(w []float64, i int) float64 {
	if w == nil {
		return 1
	}
	return w[i]
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// checkFinite returns an error naming the first non-finite value of x.
func checkFinite(what string, x []float64) error {
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("compare: %s at row %d is %v: want a finite number", what, i, v)
		}
	}
	return nil
}

func checkWeights(w []float64) error {
	if err := checkFinite("weight", w); err != nil {
		return err
	}
	for i, v := range w {
		if v < 0 {
			return fmt.Errorf("compare: weight at row %d is %v: want >= 0", i, v)
		}
	}
	return nil
}

// bootstrapOptions returns the paired bootstrap's options for the rows.
func bootstrapOptions(opt Options, clusters []int) stats.BootstrapOptions {
	return stats.BootstrapOptions{Level: opt.Level, Resamples: opt.Resamples, Seed: opt.Seed, Clusters: clusters}
}
