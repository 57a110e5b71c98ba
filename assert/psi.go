package assert

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// PSIEpsilon replaces an empty bin's share in PSI, so that a bin empty in
// one sample adds a large but finite term instead of an infinite one.
const PSIEpsilon = 1e-4

// PSIBins is the outcome of PSI: the value and the per-bin shares behind it.
type PSIBins struct {
	PSI      float64
	Edges    []float64 // inner bin edges, ascending; bin i is (Edges[i-1], Edges[i]]
	Expected []float64 // share of the expected sample in each bin
	Actual   []float64 // share of the actual sample in each bin
}

// PSI returns the population stability index of actual against expected:
//
//	PSI = sum_i (a_i - e_i) * ln(a_i / e_i)
//
// where e_i and a_i are the shares of the expected and actual samples in bin
// i, with a share of 0 replaced by PSIEpsilon. The bins are quantile bins of
// the expected sample: the inner edges are its quantiles at 1/bins, ...,
// (bins-1)/bins (linear interpolation between order statistics, numpy's
// default "linear" method), duplicates removed, so a sample with many ties
// gets fewer bins. Bins are right-closed: (-Inf, q1], (q1, q2], ...,
// (q_last, +Inf). Common reading: below 0.1 no shift, 0.1-0.25 moderate,
// above 0.25 large.
//
// It panics if bins < 1. An empty sample or a NaN value is an error.
func PSI(actual, expected []float64, bins int) (PSIBins, error) {
	if bins < 1 {
		panic("assert: PSI with bins < 1")
	}
	if len(actual) == 0 || len(expected) == 0 {
		return PSIBins{}, fmt.Errorf("assert: PSI: empty sample (actual %d, expected %d values)", len(actual), len(expected))
	}
	for i, v := range actual {
		if math.IsNaN(v) {
			return PSIBins{}, fmt.Errorf("assert: PSI: NaN in actual sample at index %d", i)
		}
	}
	for i, v := range expected {
		if math.IsNaN(v) {
			return PSIBins{}, fmt.Errorf("assert: PSI: NaN in expected sample at index %d", i)
		}
	}
	s := slices.Clone(expected)
	slices.Sort(s)
	var edges []float64
	for i := 1; i < bins; i++ {
		q := quantileLinear(s, float64(i)/float64(bins))
		if len(edges) == 0 || q != edges[len(edges)-1] {
			edges = append(edges, q)
		}
	}
	r := PSIBins{Edges: edges, Expected: shares(expected, edges), Actual: shares(actual, edges)}
	for i := range r.Expected {
		e, a := math.Max(r.Expected[i], PSIEpsilon), math.Max(r.Actual[i], PSIEpsilon)
		r.PSI += (a - e) * math.Log(a/e)
	}
	return r, nil
}

// quantileLinear is numpy.quantile(s, p) with method="linear" on sorted s.
func quantileLinear(s []float64, p float64) float64 {
	h := float64(len(s)-1) * p
	lo := int(math.Floor(h))
	if lo+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[lo] + (h-float64(lo))*(s[lo+1]-s[lo])
}

func shares(x, edges []float64) []float64 {
	c := make([]float64, len(edges)+1)
	for _, v := range x {
		i, _ := slices.BinarySearch(edges, v) // first edge >= v: right-closed bins
		c[i]++
	}
	for i := range c {
		c[i] /= float64(len(x))
	}
	return c
}

// CheckPSIAtMost returns nil when PSI(actual, expected, bins) <= max, and
// otherwise an error with the index and the bin that moved most, e.g.
//
//	score: PSI = 0.412, want <= 0.200 (10 quantile bins of expected; largest shift in bin (0.81, +Inf]: expected 10.0%, actual 31.5%)
func CheckPSIAtMost(name string, actual, expected []float64, bins int, max float64) error {
	r, err := PSI(actual, expected, bins)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if r.PSI <= max {
		return nil
	}
	worst := 0
	for i := range r.Actual {
		if math.Abs(r.Actual[i]-r.Expected[i]) > math.Abs(r.Actual[worst]-r.Expected[worst]) {
			worst = i
		}
	}
	g, m := formatPair(r.PSI, max)
	return fmt.Errorf("%s: PSI = %s, want <= %s (%d quantile bins of expected; largest shift in bin %s: expected %.1f%%, actual %.1f%%)",
		name, g, m, len(r.Actual), binName(r.Edges, worst), 100*r.Expected[worst], 100*r.Actual[worst])
}

func binName(edges []float64, i int) string {
	lo, hi := "-Inf", "+Inf"
	if i > 0 {
		lo = fmtG4(edges[i-1])
	}
	if i < len(edges) {
		hi = fmtG4(edges[i])
	}
	var b strings.Builder
	fmt.Fprintf(&b, "(%s, %s", lo, hi)
	if i < len(edges) {
		b.WriteString("]")
	} else {
		b.WriteString(")")
	}
	return b.String()
}

func fmtG4(x float64) string { return fmt.Sprintf("%.4g", x) }
