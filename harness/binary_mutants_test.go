package harness_test

import (
	"errors"
	"math"
	"slices"
	"sort"
	"testing"

	"github.com/mltest/mltest/harness"
)

// The metrics below are deliberately broken, each the way real metric code
// breaks. TestBinaryMutantsAreCaught asserts that the property set a user
// would pick for the metric's shape catches every one of them.

var errOneClass = errors.New("one class")

// pairwiseAUC is the textbook O(n²) definition of ROC AUC, with win(s_p, s_n)
// the credit of a positive scored s_p against a negative scored s_n.
func pairwiseAUC(labels []bool, scores, weights []float64, win func(sp, sn float64) float64, normalize bool) (float64, error) {
	var num, pos, neg float64
	w := func(i int) float64 {
		if weights == nil {
			return 1
		}
		return weights[i]
	}
	for i := range labels {
		if labels[i] {
			pos += w(i)
		} else {
			neg += w(i)
		}
		for j := range labels {
			if labels[i] && !labels[j] {
				num += w(i) * w(j) * win(scores[i], scores[j])
			}
		}
	}
	if pos == 0 || neg == 0 {
		return math.NaN(), errOneClass
	}
	if !normalize {
		return num, nil
	}
	return num / (pos * neg), nil
}

func midrankWin(sp, sn float64) float64 {
	switch {
	case sp > sn:
		return 1
	case sp == sn:
		return 0.5
	}
	return 0
}

// referenceAUC is correct: ties count one half.
func referenceAUC(labels []bool, scores, weights []float64) (float64, error) {
	return pairwiseAUC(labels, scores, weights, midrankWin, true)
}

// mutantAUCTiesAsWins counts a tied positive-negative pair as a win.
func mutantAUCTiesAsWins(labels []bool, scores, weights []float64) (float64, error) {
	return pairwiseAUC(labels, scores, weights, func(sp, sn float64) float64 {
		if sp >= sn {
			return 1
		}
		return 0
	}, true)
}

// mutantAUCUnnormalized forgets to divide by (sum_pos w)(sum_neg w).
func mutantAUCUnnormalized(labels []bool, scores, weights []float64) (float64, error) {
	return pairwiseAUC(labels, scores, weights, midrankWin, false)
}

// mutantAUCRowOrder sorts by score with a stable sort and credits each
// positive with the negatives below it in that order: tied rows are ranked by
// their position in the input, so the value depends on row order.
func mutantAUCRowOrder(labels []bool, scores, weights []float64) (float64, error) {
	idx := make([]int, len(labels))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] > scores[idx[b]] })
	w := func(i int) float64 {
		if weights == nil {
			return 1
		}
		return weights[i]
	}
	var num, pos, negBelow, neg float64
	for k := len(idx) - 1; k >= 0; k-- {
		i := idx[k]
		if labels[i] {
			num += w(i) * negBelow
			pos += w(i)
		} else {
			negBelow += w(i)
			neg += w(i)
		}
	}
	if pos == 0 || neg == 0 {
		return math.NaN(), errOneClass
	}
	return num / (pos * neg), nil
}

// mutantLogLossNoClip takes -log(p) without clipping p to [eps, 1-eps].
func mutantLogLossNoClip(labels []bool, scores, weights []float64) (float64, error) {
	var sum, total float64
	for i, l := range labels {
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		p := scores[i]
		if !l {
			p = 1 - p
		}
		sum -= w * math.Log(p)
		total += w
	}
	if slices.Index(labels, true) < 0 || slices.Index(labels, false) < 0 {
		return math.NaN(), errOneClass
	}
	return sum / total, nil
}

// caughtBy runs each property alone against fn on a recording TB and
// returns the names of those that failed.
func caughtBy(t *testing.T, fn harness.BinaryMetric, props []harness.BinaryProperty) []string {
	t.Helper()
	var names []string
	for _, p := range props {
		rec := &recordingTB{TB: t}
		harness.CheckBinaryMetric(rec, fn, p)
		if rec.failed {
			names = append(names, p.Name())
		}
	}
	return names
}

func TestBinaryMutantsAreCaught(t *testing.T) {
	noFailFiles(t)
	aucProps := harness.ROCAUCProperties()
	logLossProps := append(harness.DefaultBinaryProperties(), harness.Bounded(0, math.Inf(1)), harness.PerfectIsOptimum(0))
	for _, tc := range []struct {
		name  string
		fn    harness.BinaryMetric
		props []harness.BinaryProperty
		want  string // a property that must be among those catching it
	}{
		{"AUC counting ties as wins", mutantAUCTiesAsWins, aucProps, "ReversalComplement(1)"},
		{"AUC without normalization", mutantAUCUnnormalized, aucProps, "Bounded(0, 1)"},
		{"AUC depending on row order", mutantAUCRowOrder, aucProps, "PermutationInvariant"},
		{"log loss without clipping", mutantLogLossNoClip, logLossProps, "Finite"},
		{"row order, default set only", mutantAUCRowOrder, harness.DefaultBinaryProperties(), "PermutationInvariant"},
		{"log loss without clipping, default set only", mutantLogLossNoClip, harness.DefaultBinaryProperties(), "Finite"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			caught := caughtBy(t, tc.fn, tc.props)
			t.Logf("caught by %v", caught)
			if !slices.Contains(caught, tc.want) {
				t.Errorf("%s: caught by %v, want %s among them", tc.name, caught, tc.want)
			}
		})
	}
}

func TestReferenceAUCPassesAUCProperties(t *testing.T) {
	harness.CheckBinaryMetric(t, referenceAUC, harness.ROCAUCProperties()...)
}
