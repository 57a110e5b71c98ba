package stats

import (
	"fmt"
	"math"
	"slices"
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
// i, with a share of 0 replaced by PSIEpsilon (PSIOfShares). The bins are
// quantile bins of the expected sample (QuantileBinEdges): right-closed,
// (-Inf, q1], (q1, q2], ..., (q_last, +Inf), so a sample with many ties
// gets fewer bins. Not symmetric: the expected sample defines the bins.
// Common reading: below 0.1 no shift, 0.1-0.25 moderate, above 0.25 large.
//
// It panics if bins < 1. An empty sample or a NaN value is an error.
func PSI(actual, expected []float64, bins int) (PSIBins, error) {
	if bins < 1 {
		panic("metrics/stats: PSI with bins < 1")
	}
	if len(actual) == 0 || len(expected) == 0 {
		return PSIBins{}, fmt.Errorf("metrics/stats: PSI: empty sample (actual %d, expected %d values)", len(actual), len(expected))
	}
	for i, v := range actual {
		if math.IsNaN(v) {
			return PSIBins{}, fmt.Errorf("metrics/stats: PSI: NaN in actual sample at index %d", i)
		}
	}
	for i, v := range expected {
		if math.IsNaN(v) {
			return PSIBins{}, fmt.Errorf("metrics/stats: PSI: NaN in expected sample at index %d", i)
		}
	}
	s := slices.Clone(expected)
	slices.Sort(s)
	edges := QuantileBinEdges(s, bins)
	r := PSIBins{Edges: edges, Expected: shares(expected, edges), Actual: shares(actual, edges)}
	r.PSI = PSIOfShares(r.Actual, r.Expected)
	return r, nil
}

// PSIOfShares returns the population stability index of two distributions
// given as shares of the same bins or categories,
//
//	sum_i (a_i - e_i) * ln(a_i / e_i)
//
// with each share of 0 replaced by PSIEpsilon. It panics if the lengths
// differ.
func PSIOfShares(actual, expected []float64) float64 {
	if len(actual) != len(expected) {
		panic("metrics/stats: slice length mismatch")
	}
	var s float64
	for i := range expected {
		e, a := math.Max(expected[i], PSIEpsilon), math.Max(actual[i], PSIEpsilon)
		s += (a - e) * math.Log(a/e)
	}
	return s
}

// QuantileBinEdges returns the inner edges of bins quantile bins of the
// sorted, non-empty sample s: its quantiles at 1/bins, ..., (bins-1)/bins,
// by linear interpolation between order statistics (numpy.quantile's
// default "linear" method), repeated edges dropped. They bound the
// right-closed bins (-Inf, e_1], (e_1, e_2], ..., (e_last, +Inf) of PSI.
func QuantileBinEdges(s []float64, bins int) []float64 {
	edges := make([]float64, 0, max(bins-1, 0))
	for i := 1; i < bins; i++ {
		q := quantileLinear(s, float64(i)/float64(bins))
		if len(edges) == 0 || q != edges[len(edges)-1] {
			edges = append(edges, q)
		}
	}
	return edges
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

// shares returns the share of x in each right-closed bin of edges.
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
