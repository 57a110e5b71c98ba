package mltestbeam

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/evaluate"
)

// accSet is one accumulator per metric, of one task.
type accSet struct {
	binary []metrics.BinaryAccumulator
	multi  []metrics.MulticlassAccumulator
	reg    []metrics.RegressionAccumulator
}

func (s *accSet) add(e *Example, weight float64) {
	for _, a := range s.binary {
		a.Add(e.Label == 1, e.Scores[0], weight)
	}
	for _, a := range s.multi {
		a.Add(int(e.Label), e.Scores, weight)
	}
	for _, a := range s.reg {
		a.Add(e.Label, e.Scores[0], weight)
	}
}

func (s *accSet) merge(o *accSet) {
	for i := range s.binary {
		s.binary[i].Merge(o.binary[i])
	}
	for i := range s.multi {
		s.multi[i].Merge(o.multi[i])
	}
	for i := range s.reg {
		s.reg[i].Merge(o.reg[i])
	}
}

// result returns metric i's value, its error bound, and its error.
func (s *accSet) result(i int) (v, maxErr float64, err error) {
	switch {
	case s.binary != nil:
		if b, ok := s.binary[i].(metrics.BoundedResult); ok {
			return b.ResultWithBound()
		}
		v, err = s.binary[i].Result()
	case s.multi != nil:
		v, err = s.multi[i].Result()
	default:
		v, err = s.reg[i].Result()
	}
	return v, 0, err
}

// groupAcc is the combiner's accumulator for one group (one slice key): the
// row count and weight, the accumulators over the rows, and with a bootstrap
// one more set per resample, each over the rows reweighted by their Poisson
// counts.
type groupAcc struct {
	task      evaluate.Task
	n         int
	weightSum float64
	main      accSet
	reps      []accSet
	unfit     unfitExample
}

// unfitExample is a row whose scores break the task's score requirement
// (evaluate.Task.MeetsScoreRequirement), which leaves brier and ece (or
// roc_auc_ovr) undefined: the one with the smallest ID, so that the
// warning does not depend on how the runner bundled rows, and how many.
type unfitExample struct {
	count  int
	id     string
	scores []float64
}

func (u *unfitExample) add(id string, scores []float64, count int) {
	if count == 0 {
		return
	}
	if u.count == 0 || id < u.id {
		u.id, u.scores = id, append([]float64(nil), scores...)
	}
	u.count += count
}

func newGroupAcc(spec EvalSpec, names []string) (*groupAcc, error) {
	g := &groupAcc{task: spec.Task}
	var err error
	if g.main, err = spec.newSet(names); err != nil {
		return nil, err
	}
	g.reps = make([]accSet, spec.Bootstrap.Resamples)
	for r := range g.reps {
		if g.reps[r], err = spec.newSet(names); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// checkExample returns an error for a row the accumulators cannot take (a
// programming error in a hand-built collection: the readers never emit one).
func checkExample(spec EvalSpec, e *Example) error {
	want := 1
	if spec.Task == evaluate.Multiclass {
		want = spec.Classes
	}
	if len(e.Scores) != want {
		return fmt.Errorf("mltestbeam: row %q has %d scores, want %d", e.ID, len(e.Scores), want)
	}
	if len(e.Slice) != len(spec.SliceBy) {
		return fmt.Errorf("mltestbeam: row %q has %d slice values for %d slicing columns", e.ID, len(e.Slice), len(spec.SliceBy))
	}
	return nil
}

func (g *groupAcc) add(spec EvalSpec, e *Example) {
	g.n++
	g.weightSum += e.Weight
	if !g.task.MeetsScoreRequirement(e.Scores) {
		g.unfit.add(e.ID, e.Scores, 1)
	}
	g.main.add(e, e.Weight)
	if len(g.reps) == 0 {
		return
	}
	unit := e.ID
	if spec.Bootstrap.Clustered {
		unit = e.Cluster
	}
	h := unitHash(unit)
	for r := range g.reps {
		if c := poissonCount(spec.Bootstrap.Seed, h, r); c > 0 {
			g.reps[r].add(e, e.Weight*float64(c))
		}
	}
}

func (g *groupAcc) merge(o *groupAcc) {
	g.n += o.n
	g.weightSum += o.weightSum
	g.unfit.add(o.unfit.id, o.unfit.scores, o.unfit.count)
	g.main.merge(&o.main)
	for r := range g.reps {
		g.reps[r].merge(&o.reps[r])
	}
}

// result is the GroupResult of the group, in the conventions of
// evaluate.Report: an undefined metric is NaN with its reason.
func (g *groupAcc) result(spec EvalSpec, names []string, key []string) GroupResult {
	out := GroupResult{Key: key, N: g.n, WeightSum: g.weightSum}
	for i, name := range names {
		v := MetricValue{Name: name}
		var err error
		v.Value, v.MaxError, err = g.main.result(i)
		if err == nil && (math.IsNaN(v.Value) || math.IsInf(v.Value, 0)) {
			err = &metrics.UndefinedError{Metric: name, Reason: fmt.Sprintf("not a finite number (%v): the exact value is beyond the float64 range", v.Value)}
		}
		if g.unfit.count > 0 && g.task.HasScoreRequirement(name) && (err == nil || errors.Is(err, metrics.ErrUndefined)) {
			err = &metrics.UndefinedError{Metric: name, Reason: g.task.UnfitReason(g.unfit.id, g.unfit.scores, g.unfit.count, "one")}
		}
		var ue *metrics.UndefinedError
		switch {
		case errors.As(err, &ue):
			v.Value, v.MaxError, v.Reason = math.NaN(), 0, ue.Reason
		case err != nil:
			v.Value, v.MaxError, v.Err = math.NaN(), 0, err.Error()
		default:
			v.Defined = true
		}
		if v.Defined && len(g.reps) > 0 {
			vals := make([]float64, 0, len(g.reps))
			undefined := 0
			for r := range g.reps {
				x, _, err := g.reps[r].result(i)
				if err != nil {
					undefined++ // a resample that drew one class: skipped, as stats.Bootstrap does
					continue
				}
				vals = append(vals, x)
			}
			v.Lo, v.Hi, v.HasInterval, v.IntervalNote = percentileInterval(vals, undefined, spec.Bootstrap.Level)
		}
		out.Metrics = append(out.Metrics, v)
	}
	return out
}

// Group accumulator encoding: "MLTG", version 2, the task, n, the weight sum,
// the unfit rows (their count, and when not 0 the ID and the scores of the
// one named), the number of sets (1 + resamples), the number of metrics,
// then each accumulator's metrics encoding, length-prefixed. Version 1 has
// no unfit rows.
const groupMagic = "MLTG\x02"

func encodeGroupAcc(g *groupAcc) ([]byte, error) {
	b := append([]byte(nil), groupMagic...)
	b = binary.AppendUvarint(b, uint64(len(g.task)))
	b = append(b, g.task...)
	b = binary.AppendUvarint(b, uint64(g.n))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(g.weightSum))
	b = binary.AppendUvarint(b, uint64(g.unfit.count))
	if g.unfit.count > 0 {
		b = binary.AppendUvarint(b, uint64(len(g.unfit.id)))
		b = append(b, g.unfit.id...)
		b = binary.AppendUvarint(b, uint64(len(g.unfit.scores)))
		for _, x := range g.unfit.scores {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
		}
	}
	sets := append([]accSet{g.main}, g.reps...)
	b = binary.AppendUvarint(b, uint64(len(sets)))
	b = binary.AppendUvarint(b, uint64(len(g.main.binary)+len(g.main.multi)+len(g.main.reg)))
	for _, s := range sets {
		var parts [][]byte
		for _, a := range s.binary {
			p, err := metrics.EncodeBinaryAccumulator(a)
			if err != nil {
				return nil, err
			}
			parts = append(parts, p)
		}
		for _, a := range s.multi {
			p, err := metrics.EncodeMulticlassAccumulator(a)
			if err != nil {
				return nil, err
			}
			parts = append(parts, p)
		}
		for _, a := range s.reg {
			p, err := metrics.EncodeRegressionAccumulator(a)
			if err != nil {
				return nil, err
			}
			parts = append(parts, p)
		}
		for _, p := range parts {
			b = binary.AppendUvarint(b, uint64(len(p)))
			b = append(b, p...)
		}
	}
	return b, nil
}

func decodeGroupAcc(b []byte) (*groupAcc, error) {
	bad := func(what string) (*groupAcc, error) {
		return nil, fmt.Errorf("mltestbeam: bad group accumulator encoding: %s", what)
	}
	if len(b) < len(groupMagic) || string(b[:len(groupMagic)-1]) != groupMagic[:len(groupMagic)-1] || (b[4] != 1 && b[4] != 2) {
		return bad("no MLTG header of version 1 or 2")
	}
	version := b[4]
	b = b[len(groupMagic):]
	next := func() (uint64, bool) {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	tl, ok := next()
	if !ok || tl > uint64(len(b)) {
		return bad("task")
	}
	g := &groupAcc{task: evaluate.Task(b[:tl])}
	b = b[tl:]
	n, ok := next()
	if !ok || len(b) < 8 {
		return bad("count")
	}
	g.n = int(n)
	g.weightSum = math.Float64frombits(binary.LittleEndian.Uint64(b))
	b = b[8:]
	if version >= 2 {
		count, ok := next()
		if !ok || count > uint64(g.n) {
			return bad("unfit rows")
		}
		g.unfit.count = int(count)
		if count > 0 {
			il, ok := next()
			if !ok || il > uint64(len(b)) {
				return bad("unfit row id")
			}
			g.unfit.id = string(b[:il])
			b = b[il:]
			k, ok := next()
			if !ok || k == 0 || k > uint64(len(b)/8) {
				return bad("unfit row scores")
			}
			for range k {
				g.unfit.scores = append(g.unfit.scores, math.Float64frombits(binary.LittleEndian.Uint64(b)))
				b = b[8:]
			}
		}
	}
	nsets, ok1 := next()
	nmetrics, ok2 := next()
	// Every accumulator takes at least one byte: that bounds both counts
	// (and their product) by the input, whatever a forged header says.
	if !ok1 || !ok2 || nsets == 0 || nmetrics == 0 || nsets > uint64(len(b)) || nmetrics > uint64(len(b)) || nsets*nmetrics > uint64(len(b)) {
		return bad("sizes")
	}
	for s := uint64(0); s < nsets; s++ {
		var set accSet
		for m := uint64(0); m < nmetrics; m++ {
			l, ok := next()
			if !ok || l > uint64(len(b)) {
				return bad("truncated")
			}
			p := b[:l]
			b = b[l:]
			var err error
			switch g.task {
			case evaluate.Binary:
				var a metrics.BinaryAccumulator
				a, err = metrics.DecodeBinaryAccumulator(p)
				set.binary = append(set.binary, a)
			case evaluate.Multiclass:
				var a metrics.MulticlassAccumulator
				a, err = metrics.DecodeMulticlassAccumulator(p)
				set.multi = append(set.multi, a)
			case evaluate.Regression:
				var a metrics.RegressionAccumulator
				a, err = metrics.DecodeRegressionAccumulator(p)
				set.reg = append(set.reg, a)
			default:
				return bad("task " + string(g.task))
			}
			if err != nil {
				return nil, err
			}
		}
		if s == 0 {
			g.main = set
		} else {
			g.reps = append(g.reps, set)
		}
	}
	if len(b) != 0 {
		return bad("trailing bytes")
	}
	return g, nil
}
