package monitor

import (
	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/harness/skew"
	"github.com/mltest/mltest/metrics/evaluate"
)

// A pane is the smallest stretch of event time windows are made of:
// gcd(window, every) long. An open pane keeps its predictions, each with its
// label once it arrives; when the watermark passes the pane's end every
// prediction in it has had its whole label delay, and the pane closes: its
// rows go through the engine, in the order the predictions arrived, and
// only the engine's mergeable state is kept (closedPane).
type pane struct {
	index     int64 // the pane covers [index*width, (index+1)*width)
	preds     []pred
	scores    []float64 // k per prediction
	sliceIx   map[string]int32
	sliceVals [][]string
	profile   *skew.Profile // the predictions' features, nil without drift
	late      int           // late labels counted in this pane
	early     []string      // ids of labels waiting for a prediction here
}

// pred is one prediction waiting in an open pane.
type pred struct {
	id      string
	time    int64
	weight  float64
	label   float64
	score   int32 // offset in pane.scores
	slice   int32 // index in pane.sliceVals
	labeled bool
}

func newPane(index int64, m *Monitor) *pane {
	p := &pane{index: index, sliceIx: map[string]int32{}}
	if m.opt.Reference != nil {
		p.profile = skew.NewProfile(m.opt.Features, m.opt.DriftOptions.Kinds)
	}
	return p
}

// sliceOf interns a prediction's slice values.
func (p *pane) sliceOf(vals []string) int32 {
	key := flow.SliceKey(vals)
	if i, ok := p.sliceIx[key]; ok {
		return i
	}
	i := int32(len(p.sliceVals))
	p.sliceIx[key] = i
	p.sliceVals = append(p.sliceVals, append([]string(nil), vals...))
	return i
}

// closedPane is what a closed pane leaves for the windows it belongs to.
type closedPane struct {
	index            int64
	n, labeled, late int
	eval             *evaluate.Evaluator // rows with a label; nil when none
	est              *evaluate.Evaluator // expanded rows of Estimate; nil when off or empty
	profile          *skew.Profile
	sliceN           map[string]*sliceCount
}

// sliceCount counts a slice's predictions and labels.
type sliceCount struct {
	Values     []string
	N, Labeled int
}

// close turns the pane into its closed state. Rows enter the engine in the
// order their predictions arrived, in chunks of table.ChunkRows rows whose
// evaluators merge in order, as flow.Eval (mltest eval) reads a Parquet file
// of the same rows: a tumbling window's values equal mltest eval's (to the
// last bit for Parquet; to rounding in the sums of per-row terms for CSV
// and JSONL, which eval cuts into chunks by bytes).
func (p *pane) close(m *Monitor) (*closedPane, error) {
	c := &closedPane{index: p.index, n: len(p.preds), late: p.late, profile: p.profile, sliceN: map[string]*sliceCount{}}
	k := m.k
	var chunk *evaluate.Evaluator
	inChunk := 0
	flush := func() error {
		if chunk == nil {
			return nil
		}
		if c.eval == nil {
			c.eval = chunk
		} else if err := c.eval.Merge(chunk); err != nil {
			return err
		}
		chunk, inChunk = nil, 0
		return nil
	}
	for i := range p.preds {
		q := &p.preds[i]
		vals := p.sliceVals[q.slice]
		key := flow.SliceKey(vals)
		sc := c.sliceN[key]
		if sc == nil {
			sc = &sliceCount{Values: vals}
			c.sliceN[key] = sc
		}
		sc.N++
		scores := p.scores[q.score : int(q.score)+k]
		if m.opt.Estimate {
			if c.est == nil {
				var err error
				if c.est, err = evaluate.New(m.estOpt); err != nil {
					return nil, err
				}
			}
			if err := addExpected(c.est, m.opt.Evaluate.Task, vals, scores, q.weight); err != nil {
				return nil, err
			}
		}
		label, ok := q.label, q.labeled
		if ok {
			c.labeled++
			sc.Labeled++
		} else if m.opt.UnlabeledAs != nil {
			label, ok = *m.opt.UnlabeledAs, true
		}
		if !ok {
			continue
		}
		if chunk == nil {
			var err error
			if chunk, err = evaluate.New(m.opt.Evaluate); err != nil {
				return nil, err
			}
		}
		if err := chunk.Add(vals, evaluate.Row{Label: label, Scores: scores, Weight: q.weight}); err != nil {
			return nil, err
		}
		if inChunk++; inChunk == table.ChunkRows {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return c, nil
}
