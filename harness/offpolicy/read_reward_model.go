package offpolicy

import (
	"io"
	"maps"
	"slices"

	"github.com/mltest/mltest/internal/dataio"
)

// rewardModel holds a reward model's predictions joined to the log.
type rewardModel struct {
	q []map[string]float64
}

// ReadRewardModel reads a reward model's file (for DM and DR) and joins it
// to the log. Read the target first: the model must predict every action
// the target may take.
func (l *Log) ReadRewardModel(name string, stdin io.Reader) error {
	return withFile(name, stdin, func(r io.Reader) error { return l.DecodeRewardModel(r, name) })
}

// DecodeRewardModel reads the reward model from r; name is used in errors.
// Every event needs one row predicting its logged action and every action
// the target gives a positive probability. Reward models are for bandit
// logs; DecodeTarget must have run.
func (l *Log) DecodeRewardModel(r io.Reader, name string) error {
	if l.Slate {
		return dataio.Errorf(name, 0, "", "a reward model is for bandit logs; %s is a slate log", l.Name)
	}
	if l.target == nil {
		panic("offpolicy: DecodeRewardModel before DecodeTarget")
	}
	m := &rewardModel{q: make([]map[string]float64, len(l.IDs))}
	err := l.join(r, name, "reward model", func(o *dataio.ObjectReader, i int) error {
		q, err := o.NumberMap("q")
		if err != nil {
			return err
		}
		if _, ok := q[l.Actions[i]]; !ok {
			return o.Errorf("q", "no prediction for %q, the logged action", l.Actions[i])
		}
		probs := l.target.bandit[i]
		for _, a := range slices.Sorted(maps.Keys(probs)) {
			if _, ok := q[a]; !ok && probs[a] > 0 {
				return o.Errorf("q", "no prediction for %q, which the target may take (probability %v)", a, probs[a])
			}
		}
		m.q[i] = q
		return nil
	})
	if err != nil {
		return err
	}
	l.model = m
	return nil
}
