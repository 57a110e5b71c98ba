package stats

import (
	"fmt"
	"github.com/mltest/mltest/internal/radix"
	"math"

	"github.com/mltest/mltest/metrics"
)

// DeLong returns the ROC AUC of scores against labels (true = positive) and
// DeLong's nonparametric estimate of its variance (DeLong, DeLong &
// Clarke-Pearson 1988, Biometrics 44:837-845), computed with the O(n log n)
// algorithm of Sun & Xu (2014, IEEE Signal Processing Letters 21:1389-1393).
//
// With m positives X_i and n negatives Y_j, psi(x, y) = 1 if x > y, ½ if
// x = y, 0 otherwise, the structural components are
//
//	V10_i = (1/n) sum_j psi(X_i, Y_j)        (one per positive)
//	V01_j = (1/m) sum_i psi(X_i, Y_j)        (one per negative)
//	AUC   = mean(V10) = mean(V01)
//	Var   = S10/m + S01/n,  S10 = sum_i (V10_i - AUC)^2/(m-1),  S01 likewise over j
//
// Sun & Xu obtain the components from mid-ranks: with T_z the mid-rank of a
// score among all rows and T_x, T_y its mid-rank within its own class,
// V10_i = (T_z - T_x)/n and V01_j = 1 - (T_z - T_y)/m; one sort of the
// scores gives all of them. Ties count one half (mid-ranks), so AUC equals
// scikit-learn's roc_auc_score and metrics.ROCAUC without weights.
//
// Unweighted only: the variance formula has no standard weighted form; for
// weighted data use Bootstrap with metrics.ROCAUC.
//
// Errors: a NaN or infinite score is an error; fewer than 2 positives or 2
// negatives is an *metrics.UndefinedError (with one of a class the AUC may
// exist but S10 or S01 has no value). Slices of different lengths panic.
func DeLong(labels []bool, scores []float64) (auc, variance float64, err error) {
	d, err := delongComponents(labels, scores)
	if err != nil {
		return math.NaN(), math.NaN(), err
	}
	return d.auc, d.variance(), nil
}

// DeLongInterval returns the Wald interval AUC -/+ z sqrt(Var) at the given
// level, z the (1+level)/2 standard normal quantile and Var DeLong's variance,
// clipped to [0, 1], the range of an AUC. Conventions and errors as DeLong;
// a level outside (0, 1) panics.
func DeLongInterval(labels []bool, scores []float64, level float64) (Interval, error) {
	checkLevel(level)
	auc, v, err := DeLong(labels, scores)
	if err != nil {
		return Interval{}, err
	}
	return waldInterval(auc, math.Sqrt(v), level, 0, 1), nil
}

// DeLongTest compares the ROC AUCs of two scorings of the same rows
// (DeLong et al. 1988): Diff = AUC(candidate) - AUC(baseline), with variance
//
//	Var(Diff) = Var_b + Var_c - 2 Cov_bc,  Cov_bc = C10/m + C01/n
//
// where C10 and C01 are the sample covariances (divisor m-1, n-1) of the two
// scorings' structural components (see DeLong); the code computes it as the
// variance of the component differences, which is the same quantity and
// never negative. z = Diff/sqrt(Var(Diff)), P = 2(1 - Phi(|z|)) two-sided,
// and the interval is the Wald interval Diff -/+ z_{(1+level)/2} sqrt(Var(Diff))
// clipped to [-1, 1]. This is the test of pROC's roc.test(method="delong")
// and of the widely used numpy compare_auc_delong_xu.
//
// When Var(Diff) = 0 (for instance both scorings rank all rows identically)
// P is 1 if Diff = 0 and 0 otherwise. Method is "delong". Unweighted;
// errors as DeLong. Slices of different lengths or a level outside (0, 1)
// panic.
func DeLongTest(labels []bool, baseline, candidate []float64, level float64) (Comparison, error) {
	checkLevel(level)
	if len(baseline) != len(candidate) {
		panic("metrics/stats: slice length mismatch")
	}
	b, err := delongComponents(labels, baseline)
	if err != nil {
		return Comparison{}, err
	}
	c, err := delongComponents(labels, candidate)
	if err != nil {
		return Comparison{}, err
	}
	diff := c.auc - b.auc
	dd := delongParts{
		auc:  diff,
		m:    b.m,
		n:    b.n,
		comp: make([]float64, len(b.comp)),
		pos:  labels,
	}
	for i := range dd.comp {
		dd.comp[i] = c.comp[i] - b.comp[i]
	}
	v := dd.variance()
	var p float64
	switch {
	case v > 0:
		p = normalTwoSided(diff / math.Sqrt(v))
	case diff == 0:
		p = 1
	default:
		p = 0
	}
	return Comparison{
		Baseline:  b.auc,
		Candidate: c.auc,
		Diff:      diff,
		Interval:  waldInterval(diff, math.Sqrt(v), level, -1, 1),
		P:         p,
		Method:    "delong",
	}, nil
}

// delongParts holds the structural components of one scoring, in row order:
// comp[i] is V10 for a positive row and V01 for a negative row.
type delongParts struct {
	auc  float64
	m, n int
	comp []float64
	pos  []bool
}

// variance returns S10/m + S01/n, each sample variance taken about the
// components' own mean (AUC for one scoring, the AUC difference for
// differences), in two passes.
func (d *delongParts) variance() float64 {
	var sp, sn float64
	for i, v := range d.comp {
		if d.pos[i] {
			sp += v
		} else {
			sn += v
		}
	}
	mp, mn := sp/float64(d.m), sn/float64(d.n)
	var qp, qn float64
	for i, v := range d.comp {
		if d.pos[i] {
			qp += (v - mp) * (v - mp)
		} else {
			qn += (v - mn) * (v - mn)
		}
	}
	return qp/float64(d.m-1)/float64(d.m) + qn/float64(d.n-1)/float64(d.n)
}

// delongComponents sorts the scores once and walks the groups of tied
// scores: a positive's V10 is (negatives below + ½ negatives tied)/n, a
// negative's V01 is (positives above + ½ positives tied)/m, which is Sun &
// Xu's mid-rank formula written with counts. The sort is a radix sort on the
// scores' bits, so the whole computation is O(n).
func delongComponents(labels []bool, scores []float64) (*delongParts, error) {
	if len(labels) != len(scores) {
		panic("metrics/stats: slice length mismatch")
	}
	order := make([]radix.Row, len(scores)) // Payload: the row index
	m := 0
	for i, s := range scores {
		if math.IsNaN(s) || math.IsInf(s, 0) {
			return nil, fmt.Errorf("metrics/stats: roc_auc: score %v at row %d is not a finite number", s, i)
		}
		order[i] = radix.Row{Key: radix.ScoreKey(s), Payload: uint64(i)}
		if labels[i] {
			m++
		}
	}
	n := len(scores) - m
	if m < 2 || n < 2 {
		return nil, &metrics.UndefinedError{Metric: "roc_auc variance",
			Reason: fmt.Sprintf("DeLong needs at least 2 positives and 2 negatives, got %d and %d", m, n)}
	}
	order = radix.Sort(order, make([]radix.Row, len(order)))
	comp := make([]float64, len(scores))
	var negBelow, posBelow int
	var twiceSum float64 // sum over positives of 2*(negatives below) + negatives tied, exact
	for g := 0; g < len(order); {
		h := g
		gp, gn := 0, 0
		for ; h < len(order) && order[h].Key == order[g].Key; h++ {
			if labels[int(order[h].Payload)] {
				gp++
			} else {
				gn++
			}
		}
		v10 := (float64(negBelow) + 0.5*float64(gn)) / float64(n)
		v01 := (float64(m-posBelow-gp) + 0.5*float64(gp)) / float64(m)
		for _, o := range order[g:h] {
			if labels[int(o.Payload)] {
				comp[int(o.Payload)] = v10
			} else {
				comp[int(o.Payload)] = v01
			}
		}
		twiceSum += float64(gp) * float64(2*negBelow+gn)
		negBelow += gn
		posBelow += gp
		g = h
	}
	return &delongParts{
		auc:  twiceSum / 2 / float64(m) / float64(n),
		m:    m,
		n:    n,
		comp: comp,
		pos:  labels,
	}, nil
}
