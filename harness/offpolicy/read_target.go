package offpolicy

import (
	"fmt"
	"io"
	"maps"
	"math"
	"slices"

	"github.com/mltest/mltest/internal/dataio"
)

// probabilitySumTolerance is how far a target distribution's sum may be
// from 1: room for probabilities written with a few decimals, not for a
// distribution that is not one.
const probabilitySumTolerance = 1e-6

// target holds the target policy joined to the log: for a bandit log, the
// probability of each action per event; for a slate log, per event and
// position.
type target struct {
	bandit []map[string]float64
	slate  [][]map[string]float64
}

// ReadTarget reads the target policy's file and joins it to the log.
func (l *Log) ReadTarget(name string, stdin io.Reader) error {
	return withFile(name, stdin, func(r io.Reader) error { return l.DecodeTarget(r, name) })
}

// DecodeTarget reads the target policy from r and joins it to the log;
// name is used in errors. Every event of the log needs exactly one row.
func (l *Log) DecodeTarget(r io.Reader, name string) error {
	t := &target{}
	if l.Slate {
		t.slate = make([][]map[string]float64, len(l.IDs))
	} else {
		t.bandit = make([]map[string]float64, len(l.IDs))
	}
	err := l.join(r, name, "target file", func(o *dataio.ObjectReader, i int) (err error) {
		if l.Slate {
			t.slate[i], err = l.slateTargetRow(o, i)
		} else {
			t.bandit[i], err = l.banditTargetRow(o)
		}
		return err
	})
	if err != nil {
		return err
	}
	l.target = t
	return nil
}

func (l *Log) banditTargetRow(o *dataio.ObjectReader) (map[string]float64, error) {
	switch {
	case o.Has("probs"):
		probs, err := o.NumberMap("probs")
		if err != nil {
			return nil, err
		}
		return probs, l.checkDistribution(o, "probs", probs)
	case o.Has("action"):
		a, err := o.ID("action")
		if err != nil {
			return nil, err
		}
		if !l.seen[a] {
			return nil, o.Errorf("action", "the target takes action %q, which the log never saw: no logged event can tell what it earns", a)
		}
		return map[string]float64{a: 1}, nil
	}
	return nil, o.Errorf("", `want "probs" (the target policy's action probabilities) or "action" (its deterministic choice)`)
}

func (l *Log) slateTargetRow(o *dataio.ObjectReader, i int) ([]map[string]float64, error) {
	n := len(l.Items[i])
	switch {
	case o.Has("probs") && o.IsArray("probs"):
		probs, err := o.NumberMaps("probs")
		if err != nil {
			return nil, err
		}
		if len(probs) != n {
			return nil, o.Errorf("probs", "%d positions for a logged slate of %d", len(probs), n)
		}
		for j, p := range probs {
			if err := l.checkDistribution(o, fmt.Sprintf("probs[%d]", j), p); err != nil {
				return nil, err
			}
		}
		return probs, nil
	case o.Has("slate"):
		items, err := o.IDs("slate")
		if err != nil {
			return nil, err
		}
		if len(items) != n {
			return nil, o.Errorf("slate", "%d items for a logged slate of %d", len(items), n)
		}
		out := make([]map[string]float64, n)
		for j, it := range items {
			if !l.seen[it] {
				return nil, o.Errorf(fmt.Sprintf("slate[%d]", j), "the target shows item %q, which the log never saw", it)
			}
			out[j] = map[string]float64{it: 1}
		}
		return out, nil
	}
	return nil, o.Errorf("", `want "probs" (a list of per-position item probabilities) or "slate" (the target's slate)`)
}

// checkDistribution checks a target distribution: probabilities in [0, 1]
// summing to 1, none above 0 on an action the log never saw.
func (l *Log) checkDistribution(o *dataio.ObjectReader, field string, probs map[string]float64) error {
	var sum float64
	for _, a := range slices.Sorted(maps.Keys(probs)) {
		p := probs[a]
		if !(p >= 0 && p <= 1) {
			return o.Errorf(fmt.Sprintf("%s[%s]", field, a), "%v, want a probability in [0, 1]", p)
		}
		if p > 0 && !l.seen[a] {
			return o.Errorf(fmt.Sprintf("%s[%s]", field, a), "target probability %v for %q, which the log never saw: no logged event can tell what it earns", p, a)
		}
		sum += p
	}
	if math.Abs(sum-1) > probabilitySumTolerance {
		return o.Errorf(field, "probabilities sum to %v, want 1", sum)
	}
	return nil
}
