package metrics

import "math"

// A few metrics ask more of a score than being a finite number. Such a
// requirement belongs to the metric alone: a row that breaks it makes that
// metric undefined (an *UndefinedError naming the first such row) and leaves
// every other metric of the same rows computed, so that one logit among
// probabilities costs the Brier score, not the ROC AUC.

// NeedsProbabilities reports whether the named binary metric requires every
// score to be a probability in [0, 1]: brier and ece (scikit-learn's
// brier_score_loss and calibration_curve raise otherwise). log_loss clips
// instead, and the ranking and threshold metrics take any finite score.
func NeedsProbabilities(name string) bool { return name == "brier" || name == "ece" }

// IsProbability reports whether s lies in [0, 1].
func IsProbability(s float64) bool { return s >= 0 && s <= 1 }

// NeedsDistributions reports whether the named multiclass metric requires
// every row's class scores to sum to 1 (SumsToOne): roc_auc_ovr, as
// scikit-learn's roc_auc_score(multi_class="ovr") does.
func NeedsDistributions(name string) bool { return name == "roc_auc_ovr" }

// SumsToOne reports whether the scores sum to 1 within np.allclose's
// tolerance, |1 - sum| <= 1e-8 + 1e-5·|sum|, the test of scikit-learn's
// roc_auc_score.
func SumsToOne(probs []float64) bool {
	var sum float64
	for _, p := range probs {
		sum += p
	}
	return math.Abs(1-sum) <= 1e-8+1e-5*math.Abs(sum)
}

// notProbability is the *UndefinedError of a probability metric given a
// score outside [0, 1] at row (0-based, in the order the rows were added).
func notProbability(metric string, row int, s float64) error {
	return undefined(metric, "row %d: score %v is not a probability in [0, 1]", row, s)
}

// notDistribution is the *UndefinedError of a metric that needs each row's
// scores to sum to 1.
func notDistribution(metric string, row int, probs []float64) error {
	var sum float64
	for _, p := range probs {
		sum += p
	}
	return undefined(metric, "row %d: class scores sum to %v, want probabilities summing to 1 (np.allclose)", row, sum)
}

// firstUnfit keeps the first row that breaks a metric's requirement of its
// scores; it merges in row order, as rowGuard does.
type firstUnfit struct{ err error }

func (u *firstUnfit) set(err error) {
	if u.err == nil {
		u.err = err
	}
}

func (u *firstUnfit) merge(o firstUnfit) { u.set(o.err) }
