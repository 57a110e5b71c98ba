package metrics

import (
	"fmt"
	"math"
	"sort"
)

// DefaultECEBins is the number of equal-width bins ECE uses in the mltest CLI.
const DefaultECEBins = 15

// ECE returns the expected calibration error over nBins equal-width bins of
// [0, 1]:
//
//	ECE = sum over bins b with W_b > 0 of (W_b / W) |ȳ_b - s̄_b|
//
// where W_b is the weight in bin b, W the total weight, ȳ_b the weighted mean
// label (1 for true) and s̄_b the weighted mean score in the bin. Bins are
// those of scikit-learn's calibration_curve(strategy="uniform"): edges
// e_i = i·(1/nBins) as np.linspace(0, 1, nBins+1) computes them, and a score
// goes to bin np.searchsorted(edges[1:-1], score), which in scikit-learn 1.2.1
// is side="left": a score equal to an inner edge belongs to the lower bin,
// 0 to the first bin and 1 to the last.
//
// A score outside [0, 1] is an *UndefinedError naming the first such row
// (calibration_curve raises; see NeedsProbabilities). Empty input
// or zero total weight is an *UndefinedError. nBins < 1 panics.
func ECE(labels []bool, scores, weights []float64, nBins int) (float64, error) {
	checkLen(len(labels), weights, len(scores))
	a := newECEAccumulator(nBins)
	for i, s := range scores {
		a.Add(labels[i], s, weightAt(weights, i))
	}
	return a.Result()
}

// CalibrationCurve returns, for each of nBins equal-width bins of [0, 1] that
// holds weight, the weighted fraction of positives (probTrue) and the weighted
// mean score (probPred), bins as ECE assigns them. Without weights (nil) this
// is scikit-learn 1.2.1's calibration_curve(y, s, n_bins=nBins,
// strategy="uniform"); with weights it is the weighted generalisation: each
// row counts w times, and bins whose total weight is zero are left out.
// Errors as ECE.
func CalibrationCurve(labels []bool, scores, weights []float64, nBins int) (probTrue, probPred []float64, err error) {
	checkLen(len(labels), weights, len(scores))
	a := newECEAccumulator(nBins)
	for i, s := range scores {
		a.Add(labels[i], s, weightAt(weights, i))
	}
	if err := a.check(); err != nil {
		return nil, nil, err
	}
	for b := range a.sumW {
		if a.sumW[b] > 0 {
			probTrue = append(probTrue, a.sumWY[b]/a.sumW[b])
			probPred = append(probPred, a.sumWS[b]/a.sumW[b])
		}
	}
	return probTrue, probPred, nil
}

// calibrationBin returns the bin of score s among nBins, with inner edges
// as given by calibrationEdges.
func calibrationBin(edges []float64, s float64) int {
	return sort.SearchFloat64s(edges, s) // searchsorted side="left"
}

// calibrationEdges returns the inner bin edges i·(1/nBins), i = 1..nBins-1,
// in np.linspace's arithmetic.
func calibrationEdges(nBins int) []float64 {
	step := 1 / float64(nBins)
	edges := make([]float64, nBins-1)
	for i := range edges {
		edges[i] = float64(i+1)*step + 0
	}
	return edges
}

// eceAccumulator keeps per-bin sums of weight, weighted label and weighted
// score, weights scaled by ws (see powerScale). A score outside [0, 1]
// makes ece undefined (unfit), not the rows malformed.
type eceAccumulator struct {
	edges              []float64
	ws                 powerScale
	sumW, sumWY, sumWS []float64
	unfit              firstUnfit
	guard              rowGuard
}

func newECEAccumulator(nBins int) *eceAccumulator {
	if nBins < 1 {
		panic(fmt.Sprintf("metrics: ECE needs at least one bin, got %d", nBins))
	}
	return &eceAccumulator{
		edges: calibrationEdges(nBins),
		sumW:  make([]float64, nBins),
		sumWY: make([]float64, nBins),
		sumWS: make([]float64, nBins),
	}
}

func (a *eceAccumulator) Name() string { return "ece" }

func (a *eceAccumulator) Add(label bool, score, weight float64) {
	row := a.guard.n
	if !a.guard.admit("ece", score, weight) {
		return
	}
	if !IsProbability(score) {
		a.unfit.set(notProbability("ece", row, score))
		return
	}
	w, f := a.ws.apply(weight)
	if f != 1 {
		a.scale(f)
	}
	b := calibrationBin(a.edges, score)
	a.sumW[b] += w
	if label {
		a.sumWY[b] += w
	}
	a.sumWS[b] += w * score
}

// scale multiplies every sum by f, a power of two.
func (a *eceAccumulator) scale(f float64) {
	if f == 1 {
		return
	}
	for _, s := range [...][]float64{a.sumW, a.sumWY, a.sumWS} {
		for i := range s {
			s[i] *= f
		}
	}
}

func (a *eceAccumulator) Merge(other BinaryAccumulator) {
	o, ok := other.(*eceAccumulator)
	if !ok || len(o.sumW) != len(a.sumW) {
		panic(mergeMismatch(a.Name(), other))
	}
	fa, fo := a.ws.unify(o.ws)
	a.scale(fa)
	for b := range a.sumW {
		a.sumW[b] += o.sumW[b] * fo
		a.sumWY[b] += o.sumWY[b] * fo
		a.sumWS[b] += o.sumWS[b] * fo
	}
	a.unfit.merge(o.unfit)
	a.guard.merge(o.guard)
}

func (a *eceAccumulator) check() error {
	if a.guard.err != nil {
		return a.guard.err
	}
	if a.unfit.err != nil {
		return a.unfit.err
	}
	for _, w := range a.sumW {
		if w > 0 {
			return nil
		}
	}
	return undefined("ece", "no rows or total weight is zero")
}

func (a *eceAccumulator) Result() (float64, error) {
	if err := a.check(); err != nil {
		return math.NaN(), err
	}
	var total float64
	for _, w := range a.sumW {
		total += w
	}
	var ece float64
	for b, w := range a.sumW {
		if w > 0 {
			ece += w / total * math.Abs(a.sumWY[b]/w-a.sumWS[b]/w)
		}
	}
	return ece, nil
}
