package offpolicy

import (
	"io"
	"maps"
	"slices"

	"github.com/mltest/mltest/metrics/ope"
)

// Files names the inputs of an off-policy evaluation. RewardModel is
// optional ("" for none); "-" reads standard input (at most one of them).
type Files struct {
	Log, Target, RewardModel string
}

// EstimateFiles reads the files, joins them and runs ope.Estimate (bandit
// logs) or ope.EstimateSlates (slate logs). Bad input is a
// *dataio.InputError naming the file and line; an estimator the data
// cannot give (dm without a reward model, iips on a bandit log) is an
// error from metrics/ope.
func EstimateFiles(f Files, stdin io.Reader, opt ope.Options) (ope.Result, error) {
	l, err := ReadLog(f.Log, stdin)
	if err != nil {
		return ope.Result{}, err
	}
	if err := l.ReadTarget(f.Target, stdin); err != nil {
		return ope.Result{}, err
	}
	if f.RewardModel != "" {
		if err := l.ReadRewardModel(f.RewardModel, stdin); err != nil {
			return ope.Result{}, err
		}
	}
	if l.Slate {
		return ope.EstimateSlates(l.Slates(), opt)
	}
	return ope.Estimate(l.Bandit(), opt)
}

// Bandit returns the joined bandit log: the target's probability of each
// logged action and, with a reward model, its predictions. DecodeTarget
// must have run on a bandit log.
func (l *Log) Bandit() ope.Bandit {
	if l.Slate || l.target == nil {
		panic("offpolicy: Bandit needs a bandit log joined to its target")
	}
	b := ope.Bandit{Reward: l.Reward, Propensity: l.Propensity, Target: make([]float64, len(l.IDs))}
	for i, a := range l.Actions {
		b.Target[i] = l.target.bandit[i][a]
	}
	if l.model != nil {
		b.QLogged = make([]float64, len(l.IDs))
		b.QTarget = make([]float64, len(l.IDs))
		for i, a := range l.Actions {
			q := l.model.q[i]
			b.QLogged[i] = q[a]
			// In a fixed order, so that the sum is the same bit for bit on
			// every run.
			probs := l.target.bandit[i]
			for _, act := range slices.Sorted(maps.Keys(probs)) {
				if p := probs[act]; p > 0 {
					b.QTarget[i] += p * q[act]
				}
			}
		}
	}
	return b
}

// Slates returns the joined slate log: per position, the target's marginal
// probability of the logged item. DecodeTarget must have run on a slate
// log.
func (l *Log) Slates() ope.Slates {
	if !l.Slate || l.target == nil {
		panic("offpolicy: Slates needs a slate log joined to its target")
	}
	s := ope.Slates{Reward: l.Rewards, Propensity: l.Propensities, Target: make([][]float64, len(l.IDs))}
	for i, items := range l.Items {
		s.Target[i] = make([]float64, len(items))
		for j, it := range items {
			s.Target[i][j] = l.target.slate[i][j][it]
		}
	}
	return s
}
