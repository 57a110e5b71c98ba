package harness

import (
	"fmt"

	"pgregory.net/rapid"
)

// BinaryCase is one generated input of a binary-classification metric:
// parallel labels (true = positive), scores and weights (nil = all ones).
type BinaryCase struct {
	Labels  []bool
	Scores  []float64
	Weights []float64
}

func (c BinaryCase) String() string {
	return fmt.Sprintf("labels=%v scores=%v weights=%v", c.Labels, c.Scores, c.Weights)
}

func (c BinaryCase) eval(fn BinaryMetric) outcome {
	v, err := fn(c.Labels, c.Scores, c.Weights)
	return outcome{v, err}
}

func (c BinaryCase) rows() int { return len(c.Labels) }

func (c BinaryCase) permuted(perm []int) BinaryCase {
	return BinaryCase{permutedRows(c.Labels, perm), permutedRows(c.Scores, perm), permutedRows(c.Weights, perm)}
}

func (c BinaryCase) doubledRow(i int) (doubled, appended BinaryCase) {
	dw, aw := doubledWeights(c.Weights, len(c.Labels), i)
	return BinaryCase{c.Labels, c.Scores, dw}, BinaryCase{appendRow(c.Labels, i), appendRow(c.Scores, i), aw}
}

// BinaryCaseOptions sizes the inputs BinaryCases generates. Start from
// DefaultBinaryCaseOptions; the zero value is not useful (no rows).
type BinaryCaseOptions struct {
	// MinRows and MaxRows bound the number of rows.
	MinRows, MaxRows int
	// Resolution is the score grid: every score is k/Resolution for an
	// integer k in [0, Resolution], so scores lie in [0, 1], shrink toward 0,
	// and the transforms of MonotoneInvariant (s², (1+s)/2, 1-s) are exact.
	Resolution int
	// TieRate is the probability that a row copies the score of an earlier
	// row, so tied scores occur often and not only by chance on the grid.
	TieRate float64
	// Weighted draws a weight for every row (multiples of 1/2 up to 4);
	// otherwise Weights is nil.
	Weighted bool
	// ZeroWeights lets weights be 0 when Weighted.
	ZeroWeights bool
	// OneClass lets every label be the same. When false, a case of two or
	// more rows holds both classes (MinRows is raised to 2).
	OneClass bool
}

// DefaultBinaryCaseOptions returns 1 to 30 rows on a grid of 1/64 with a
// tie rate of 0.3, weights (never zero) and one-class cases allowed: small
// enough for a property check to run hundreds of cases in milliseconds,
// coarse enough that ties and the clipped ends 0 and 1 are common.
func DefaultBinaryCaseOptions() BinaryCaseOptions {
	return BinaryCaseOptions{MinRows: 1, MaxRows: 30, Resolution: 64, TieRate: 0.3, Weighted: true, OneClass: true}
}

// BinaryCases returns a generator of binary inputs sized by opt. Rows are
// drawn as a list (rapid.SliceOfN) of independent rows, each tied or not to
// a small pool of scores drawn first, so that a failing case shrinks by
// deleting any row, not only the last ones, and each row's values shrink
// toward label false, score 0, weight 1 and no tie: a counterexample is as
// small as the bug allows (ties counted as wins shrinks to labels=[false
// true] scores=[0 0]).
func BinaryCases(opt BinaryCaseOptions) *rapid.Generator[BinaryCase] {
	if opt.Resolution < 1 {
		opt.Resolution = 1
	}
	if !opt.OneClass && opt.MinRows < 2 {
		opt.MinRows = 2
	}
	if opt.MaxRows < opt.MinRows {
		opt.MaxRows = opt.MinRows
	}
	tiePercent := int(opt.TieRate * 100)
	grid := rapid.Custom(func(t *rapid.T) float64 {
		return float64(rapid.IntRange(0, opt.Resolution).Draw(t, "score")) / float64(opt.Resolution)
	})
	lo := 1
	if opt.ZeroWeights {
		lo = 0
	}
	return rapid.Custom(func(t *rapid.T) BinaryCase {
		pool := rapid.SliceOfN(grid, 1, 3).Draw(t, "tied scores")
		row := rapid.Custom(func(t *rapid.T) binaryRow {
			r := binaryRow{label: rapid.Bool().Draw(t, "label"), weight: 1}
			// "fresh" (0) shrinks to a new grid score; a tie takes one of the pool.
			if rapid.IntRange(0, 99).Draw(t, "tie") >= 100-tiePercent {
				r.score = pool[rapid.IntRange(0, len(pool)-1).Draw(t, "tie with")]
			} else {
				r.score = grid.Draw(t, "fresh")
			}
			if opt.Weighted {
				// Half-units shrink toward 1 (k = 0), the unweighted case.
				k := rapid.IntRange(0, 8-lo).Draw(t, "weight")
				r.weight = float64((k+2-lo)%(9-lo)+lo) / 2
			}
			return r
		})
		rows := rapid.SliceOfN(row, opt.MinRows, opt.MaxRows).Draw(t, "rows")
		n := len(rows)
		c := BinaryCase{Labels: make([]bool, n), Scores: make([]float64, n)}
		if opt.Weighted {
			c.Weights = make([]float64, n)
		}
		for i, r := range rows {
			c.Labels[i], c.Scores[i] = r.label, r.score
			if opt.Weighted {
				c.Weights[i] = r.weight
			}
		}
		if !opt.OneClass && n >= 2 && allSame(c.Labels) {
			c.Labels[n-1] = !c.Labels[0]
		}
		return c
	})
}

// binaryRow is one row of a BinaryCase while it is drawn.
type binaryRow struct {
	label         bool
	score, weight float64
}

func allSame(labels []bool) bool {
	for _, l := range labels {
		if l != labels[0] {
			return false
		}
	}
	return true
}
