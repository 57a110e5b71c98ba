package evaluate

import (
	"fmt"

	"github.com/mltest/mltest/metrics"
)

// A few metrics ask more of a score than being finite: brier and ece a
// probability in [0, 1], roc_auc_ovr class scores summing to 1. A row that
// breaks the requirement is not malformed input: it leaves those metrics
// undefined, with a warning naming the first such row by its line, and
// every other metric computed (a model that outputs logits still has a ROC
// AUC). The engine checks the requirement itself, where it knows the row's
// line; the accumulators of those metrics reject the same rows (an
// *metrics.UndefinedError by row position), which the engine's located
// reason replaces.

// HasScoreRequirement reports whether the task's metric asks more of a
// row's scores than being finite (metrics.NeedsProbabilities,
// metrics.NeedsDistributions).
func (t Task) HasScoreRequirement(metric string) bool {
	switch t {
	case Binary:
		return metrics.NeedsProbabilities(metric)
	case Multiclass:
		return metrics.NeedsDistributions(metric)
	}
	return false
}

// MeetsScoreRequirement reports whether a row's scores meet the task's
// requirement: a binary score in [0, 1], multiclass scores summing to 1.
// Regression has none.
func (t Task) MeetsScoreRequirement(scores []float64) bool {
	switch t {
	case Binary:
		return metrics.IsProbability(scores[0])
	case Multiclass:
		return metrics.SumsToOne(scores)
	}
	return true
}

// UnfitReason is the reason a metric with a score requirement is
// undefined: the row where (its location), what is wrong with its scores,
// and how many rows break it: "data.csv:3: score 1.3 is not a probability
// in [0, 1] (the first of 2 such rows)"; ordinal is "first" or, where the
// order of rows is not known, "one".
func (t Task) UnfitReason(where string, scores []float64, count int, ordinal string) string {
	var what string
	if t == Binary {
		what = fmt.Sprintf("score %v is not a probability in [0, 1]", scores[0])
	} else {
		var sum float64
		for _, p := range scores {
			sum += p
		}
		what = fmt.Sprintf("class scores sum to %v, not to 1 (np.allclose)", sum)
	}
	if count == 1 {
		return fmt.Sprintf("%s: %s (the only such row)", where, what)
	}
	return fmt.Sprintf("%s: %s (the %s of %d such rows)", where, what, ordinal, count)
}

// unfitRows remembers the first row of a group that breaks the task's score
// requirement, and counts them.
type unfitRows struct {
	count  int
	line   int       // the first one's Row.Line (0: unknown)
	pos    int       // its position among the rows added, without a line
	scores []float64 // its scores
}

func (u *unfitRows) check(task Task, r Row, pos int) {
	if task.MeetsScoreRequirement(r.Scores) {
		return
	}
	if u.count == 0 {
		u.line, u.pos, u.scores = r.Line, pos, append([]float64(nil), r.Scores...)
	}
	u.count++
}

// merge folds the rows of a later shard into u.
func (u *unfitRows) merge(o unfitRows) {
	if u.count == 0 {
		*u = o
		return
	}
	u.count += o.count
}

// reason says where the first unfit row is and what is wrong with it:
// "data.csv:3: score 1.3 is not a probability in [0, 1] (the first of 2
// such rows)".
func (u *unfitRows) reason(opt Options) string {
	var where string
	switch {
	case u.line > 0 && opt.Locate != nil:
		where = opt.Locate(u.line)
	case u.line > 0:
		where = fmt.Sprintf("line %d", u.line)
	default:
		where = fmt.Sprintf("row %d", u.pos)
	}
	return opt.Task.UnfitReason(where, u.scores, u.count, "first")
}
