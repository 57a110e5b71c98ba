package offpolicy

import (
	"io"
	"maps"
	"slices"

	"github.com/mltest/mltest/internal/dataio"
)

// rewardModel holds a reward model's predictions joined to the log.
type rewardModel struct {
	name  string
	q     []map[string]float64
	lines []int
}

// ReadRewardModel reads a reward model's file (for DM and DR) and joins it
// to the log. Read the target first: the model must predict every action
// the target may take.
func (l *Log) ReadRewardModel(name string, stdin io.Reader) error {
	f, err := dataio.Open(name, stdin)
	if err != nil {
		return err
	}
	defer f.Close()
	return l.DecodeRewardModel(f, name)
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
	o := dataio.NewObjectReader(r, name)
	m := &rewardModel{name: name, q: make([]map[string]float64, len(l.IDs)), lines: make([]int, len(l.IDs))}
	for o.Next() {
		id, err := o.ID("id")
		if err != nil {
			return err
		}
		i, err := l.event(o, id)
		if err != nil {
			return err
		}
		if m.lines[i] != 0 {
			return o.Errorf("id", "duplicate id %q (first on line %d)", id, m.lines[i])
		}
		m.lines[i] = o.Line()
		q, err := o.NumberMap("q")
		if err != nil {
			return err
		}
		if _, ok := q[l.Actions[i]]; !ok {
			return o.Errorf("q", "no prediction for %q, the logged action", l.Actions[i])
		}
		for _, a := range slices.Sorted(maps.Keys(l.target.bandit[i])) {
			if _, ok := q[a]; !ok && l.target.bandit[i][a] > 0 {
				return o.Errorf("q", "no prediction for %q, which the target may take (probability %v)", a, l.target.bandit[i][a])
			}
		}
		m.q[i] = q
	}
	if err := o.Err(); err != nil {
		return err
	}
	for i, line := range m.lines {
		if line == 0 {
			return dataio.Errorf(l.Name, l.Lines[i], "id", "event %q has no row in the reward model %s", l.IDs[i], name)
		}
	}
	l.model = m
	return nil
}
