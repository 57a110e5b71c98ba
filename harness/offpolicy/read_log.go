package offpolicy

import (
	"fmt"
	"io"
	"math"

	"github.com/mltest/mltest/internal/dataio"
)

// Log is a read log, the data the target and the reward model are joined
// to. Slate is true for a slate log.
type Log struct {
	Name  string
	Slate bool
	// One entry per event, in file order.
	IDs   []string
	Lines []int
	// Bandit events: the logged action, its propensity and the reward.
	Actions    []string
	Propensity []float64
	Reward     []float64
	// Slate events: items, per-position propensities and rewards.
	Items        [][]string
	Propensities [][]float64
	Rewards      [][]float64

	index  map[string]int  // id -> event
	seen   map[string]bool // every action (item) the log holds
	target *target
	model  *rewardModel
}

// ReadLog reads a log file.
func ReadLog(name string, stdin io.Reader) (*Log, error) {
	var l *Log
	err := withFile(name, stdin, func(r io.Reader) (err error) {
		l, err = DecodeLog(r, name)
		return err
	})
	return l, err
}

// withFile opens name ("-": stdin; gzip read transparently) and hands it
// to decode.
func withFile(name string, stdin io.Reader, decode func(io.Reader) error) error {
	f, err := dataio.Open(name, stdin)
	if err != nil {
		return err
	}
	defer f.Close()
	return decode(f)
}

// DecodeLog reads a log from r; name is used in errors.
func DecodeLog(r io.Reader, name string) (*Log, error) {
	o := dataio.NewObjectReader(r, name)
	l := &Log{Name: name, index: map[string]int{}, seen: map[string]bool{}}
	for o.Next() {
		id, err := o.ID("id")
		if err != nil {
			return nil, err
		}
		if i, dup := l.index[id]; dup {
			return nil, o.Errorf("id", "duplicate id %q (first on line %d)", id, l.Lines[i])
		}
		slate := o.Has("slate")
		if len(l.IDs) == 0 {
			l.Slate = slate
		} else if slate != l.Slate {
			return nil, o.Errorf("", "a %s row in a %s log (the first row decides which)", kind(slate), kind(l.Slate))
		}
		if l.Slate {
			err = l.addSlate(o)
		} else {
			err = l.addEvent(o)
		}
		if err != nil {
			return nil, err
		}
		l.index[id] = len(l.IDs)
		l.IDs = append(l.IDs, id)
		l.Lines = append(l.Lines, o.Line())
	}
	if err := o.Err(); err != nil {
		return nil, err
	}
	if len(l.IDs) == 0 {
		return nil, dataio.Errorf(name, 0, "", "no events")
	}
	return l, nil
}

func kind(slate bool) string {
	if slate {
		return "slate"
	}
	return "bandit"
}

func (l *Log) addEvent(o *dataio.ObjectReader) error {
	a, err := o.ID("action")
	if err != nil {
		return err
	}
	p, err := o.Number("propensity")
	if err != nil {
		return err
	}
	if err := checkPropensity(o, "propensity", p); err != nil {
		return err
	}
	r, err := o.Number("reward")
	if err != nil {
		return err
	}
	l.Actions = append(l.Actions, a)
	l.Propensity = append(l.Propensity, p)
	l.Reward = append(l.Reward, r)
	l.seen[a] = true
	return nil
}

func (l *Log) addSlate(o *dataio.ObjectReader) error {
	items, err := o.IDs("slate")
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return o.Errorf("slate", "empty slate")
	}
	ps, err := o.Numbers("propensities")
	if err != nil {
		return err
	}
	rs, err := o.Numbers("rewards")
	if err != nil {
		return err
	}
	for key, n := range map[string]int{"propensities": len(ps), "rewards": len(rs)} {
		if n != len(items) {
			return o.Errorf(key, "%d values for a slate of %d items, want one per position", n, len(items))
		}
	}
	for j, p := range ps {
		if err := checkPropensity(o, fmt.Sprintf("propensities[%d]", j), p); err != nil {
			return err
		}
	}
	for _, it := range items {
		l.seen[it] = true
	}
	l.Items = append(l.Items, items)
	l.Propensities = append(l.Propensities, ps)
	l.Rewards = append(l.Rewards, rs)
	return nil
}

func checkPropensity(o *dataio.ObjectReader, field string, p float64) error {
	if !(p > 0 && p <= 1) || math.IsNaN(p) {
		return o.Errorf(field, "%v, want a probability in (0, 1]: the logging policy's probability of the logged action", p)
	}
	return nil
}

// join reads a file of rows keyed by the log's ids (the target, the
// reward model) and calls row with each row's event: every row must name an
// event of the log, no event twice, and every event needs a row (what names
// the file in that error).
func (l *Log) join(r io.Reader, name, what string, row func(o *dataio.ObjectReader, event int) error) error {
	o := dataio.NewObjectReader(r, name)
	lines := make([]int, len(l.IDs))
	for o.Next() {
		id, err := o.ID("id")
		if err != nil {
			return err
		}
		i, ok := l.index[id]
		if !ok {
			return o.Errorf("id", "id %q is not in the log %s", id, l.Name)
		}
		if lines[i] != 0 {
			return o.Errorf("id", "duplicate id %q (first on line %d)", id, lines[i])
		}
		lines[i] = o.Line()
		if err := row(o, i); err != nil {
			return err
		}
	}
	if err := o.Err(); err != nil {
		return err
	}
	for i, line := range lines {
		if line == 0 {
			return dataio.Errorf(l.Name, l.Lines[i], "id", "event %q has no row in the %s %s", l.IDs[i], what, name)
		}
	}
	return nil
}
