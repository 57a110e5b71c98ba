package report

import (
	"math"

	"github.com/mltest/mltest/harness/interleave"
	"github.com/mltest/mltest/metrics/ope"
)

// InterleaveDetail is what an interleave check found: the outcome of every
// impression with a click, delta_ab with its interval, the test, and the
// clicks on each ranker's items by list position.
type InterleaveDetail struct {
	N         int              `json:"n"`
	NoClick   int              `json:"no_click"`
	WinsA     int              `json:"wins_a"`
	WinsB     int              `json:"wins_b"`
	Ties      int              `json:"ties"`
	DeltaAB   *float64         `json:"delta_ab"` // nil when no impression has a click
	Interval  *[2]float64      `json:"interval,omitempty"`
	P         float64          `json:"p"`
	Test      string           `json:"test"`
	Preferred string           `json:"preferred"`
	Positions []PositionClicks `json:"positions"`
}

// PositionClicks counts, at one list position (1 is the top), the
// impressions that showed an item there and the clicks there on A's and on
// B's items.
type PositionClicks struct {
	Position int `json:"position"`
	Shown    int `json:"shown"`
	ClicksA  int `json:"clicks_a"`
	ClicksB  int `json:"clicks_b"`
}

// NewInterleaveDetail summarises an interleaving analysis for a report.
func NewInterleaveDetail(r interleave.Result) *InterleaveDetail {
	d := &InterleaveDetail{N: r.N, NoClick: r.NoClick, WinsA: r.WinsA, WinsB: r.WinsB, Ties: r.Ties,
		DeltaAB: finiteOrNil(r.DeltaAB), Interval: intervalOrNil(r.CI), P: r.P, Test: r.Test, Preferred: r.Preferred,
		Positions: make([]PositionClicks, len(r.ByPosition))}
	for i, c := range r.ByPosition {
		d.Positions[i] = PositionClicks{Position: i + 1, Shown: c.Shown, ClicksA: c.ClicksA, ClicksB: c.ClicksB}
	}
	return d
}

// OPEDetail is what an ope check found: each estimator's estimate with its
// interval, the weight diagnostics, and the distribution of the importance
// weights (log10 of the positive ones; ZeroWeights counts the events the
// target policy never takes).
type OPEDetail struct {
	N           int           `json:"n"`
	Estimates   []OPEEstimate `json:"estimates"`
	ESS         float64       `json:"ess"`
	MaxWeight   float64       `json:"max_weight"`
	Weights     []Bin         `json:"weights"` // histogram of log10 w over w > 0
	ZeroWeights int           `json:"zero_weights"`
}

// OPEEstimate is one estimator's estimate of the target policy's value.
type OPEEstimate struct {
	Estimator string      `json:"estimator"`
	Value     *float64    `json:"value"` // nil when undefined on the data
	Interval  *[2]float64 `json:"interval,omitempty"`
}

// NewOPEDetail summarises an off-policy evaluation for a report.
func NewOPEDetail(r ope.Result) *OPEDetail {
	d := &OPEDetail{N: r.N, ESS: r.ESS, MaxWeight: r.MaxWeight}
	for _, name := range r.Estimators {
		v := r.Values[name]
		d.Estimates = append(d.Estimates, OPEEstimate{Estimator: name, Value: finiteOrNil(v.Value), Interval: intervalOrNil(v.CI)})
	}
	d.Weights, d.ZeroWeights = log10Histogram(r.Weights)
	return d
}

// log10Histogram bins log10 w of the positive weights into bins a quarter
// of a decade wide (wider when that would make more than 40 bins), and
// counts the zero weights apart.
func log10Histogram(w []float64) ([]Bin, int) {
	zeros := 0
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range w {
		if x > 0 && !math.IsInf(x, 0) {
			l := math.Log10(x)
			lo, hi = math.Min(lo, l), math.Max(hi, l)
		} else if x == 0 {
			zeros++
		}
	}
	if lo > hi {
		return nil, zeros
	}
	width := 0.25
	start := math.Floor(lo/width) * width
	n := int(math.Floor((hi-start)/width)) + 1
	for n > 40 {
		width *= 2
		start = math.Floor(lo/width) * width
		n = int(math.Floor((hi-start)/width)) + 1
	}
	bins := make([]Bin, n)
	for i := range bins {
		bins[i] = Bin{Lo: start + float64(i)*width, Hi: start + float64(i+1)*width}
	}
	for _, x := range w {
		if x > 0 && !math.IsInf(x, 0) {
			i := min(int(math.Floor((math.Log10(x)-start)/width)), n-1)
			bins[i].Count++
		}
	}
	return bins, zeros
}

// finiteOrNil returns &v, or nil (undefined) when v is not a finite number.
func finiteOrNil(v float64) *float64 {
	if !Finite(v) {
		return nil
	}
	return &v
}

// intervalOrNil returns the interval, or nil when an end is undefined.
func intervalOrNil(ci [2]float64) *[2]float64 {
	if !Finite(ci[0]) || !Finite(ci[1]) {
		return nil
	}
	return &ci
}
