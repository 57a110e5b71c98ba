package monitor

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/harness/skew"
	"github.com/mltest/mltest/metrics/evaluate"
)

// The checkpoint (Config.StateDir) is one file, state.bin, replaced whole
// (written beside it, then renamed) between two events: the line of the
// last row applied from each input, and the monitor as it stood after it.
// The evaluators of closed panes travel in evaluate's encoding (itself
// metrics' versioned accumulator encoding), drift profiles in skew's, the
// rest in a gob envelope with its version. A checkpoint made with other
// options or inputs is refused, not half-applied: its fingerprint differs.

const (
	stateVersion = 1
	stateFile    = "state.bin"
)

type state struct {
	Version     int
	Fingerprint string
	Lines       []int // per input, the line of the last row applied (0: none)
	Monitor     monitorState
}

type monitorState struct {
	K                 int
	MaxTime, ClosedTo int64
	NextK             int64
	Started           bool
	Counts            Counts
	Open              []paneState
	Closed            []closedState
	IDs               []idState
	Recent            []recentIDs
}

type paneState struct {
	Index     int64
	Preds     []predState
	Scores    []float64
	SliceVals [][]string
	Profile   []byte
	Late      int
	Early     []string
}

type predState struct {
	ID            string
	Time          int64
	Weight, Label float64
	Score, Slice  int32
	Labeled       bool
}

type closedState struct {
	Index            int64
	N, Labeled, Late int
	Eval, Est        []byte
	Profile          []byte
	SliceN           map[string]*sliceCount
}

type idState struct {
	ID string
	E  entryState
}

type entryState struct {
	Kind   uint8
	Pane   int64
	I      int32
	Time   int64
	Label  float64
	File   string
	Line   int
	Labels bool
}

// fingerprint identifies the inputs and options a checkpoint belongs to.
func fingerprint(cfg Config) string {
	o := cfg.Options
	desc := map[string]any{"predictions": cfg.Predictions, "labels": cfg.Labels, "columns": cfg.Columns,
		"task": o.Evaluate.Task, "metrics": o.Evaluate.Metrics, "slices": o.Evaluate.SliceBy, "binary": o.Evaluate.Binary,
		"topk": o.Evaluate.TopK, "classes": o.Evaluate.Classes, "intervals": o.Evaluate.Intervals, "bounded": o.Evaluate.BoundedAUC,
		"window": o.Window, "every": o.Every, "delay": o.LabelDelay, "unlabeled": o.UnlabeledAs, "estimate": o.Estimate,
		"features": o.Features, "reference": o.Reference != nil}
	b, _ := json.Marshal(desc)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// loadState reads the checkpoint in dir; ok is false when there is none.
func loadState(dir, fp string) (state, bool, error) {
	var st state
	b, err := os.ReadFile(filepath.Join(dir, stateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return st, false, nil
	}
	if err != nil {
		return st, false, fmt.Errorf("monitor: state: %w", err)
	}
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&st); err != nil {
		return st, false, fmt.Errorf("monitor: state %s: %v", filepath.Join(dir, stateFile), err)
	}
	switch {
	case st.Version != stateVersion:
		return st, false, fmt.Errorf("monitor: state %s: version %d, this build reads %d", filepath.Join(dir, stateFile), st.Version, stateVersion)
	case st.Fingerprint != fp:
		return st, false, fmt.Errorf("monitor: state %s was made for other inputs or options: resume with the same ones, or use another --state directory", filepath.Join(dir, stateFile))
	case len(st.Lines) != 2:
		return st, false, fmt.Errorf("monitor: state %s: damaged", filepath.Join(dir, stateFile))
	}
	return st, true, nil
}

// saveState replaces the checkpoint in dir.
func saveState(dir string, st state) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("monitor: state: %w", err)
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(st); err != nil {
		return fmt.Errorf("monitor: state: %w", err)
	}
	tmp, err := os.CreateTemp(dir, stateFile+".*")
	if err != nil {
		return fmt.Errorf("monitor: state: %w", err)
	}
	_, err = tmp.Write(b.Bytes())
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, stateFile))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("monitor: state: %w", err)
	}
	return nil
}

// snapshot returns the monitor's state.
func (m *Monitor) snapshot() monitorState {
	st := monitorState{K: m.k, MaxTime: m.maxTime, ClosedTo: m.closedTo, NextK: m.nextK, Started: m.started, Counts: m.counts, Recent: m.recent}
	for _, p := range m.open {
		ps := paneState{Index: p.index, Scores: p.scores, SliceVals: p.sliceVals, Late: p.late, Early: p.early}
		for _, q := range p.preds {
			ps.Preds = append(ps.Preds, predState{q.id, q.time, q.weight, q.label, q.score, q.slice, q.labeled})
		}
		if p.profile != nil {
			ps.Profile, _ = p.profile.MarshalBinary()
		}
		st.Open = append(st.Open, ps)
	}
	for _, c := range m.closed {
		cs := closedState{Index: c.index, N: c.n, Labeled: c.labeled, Late: c.late, SliceN: c.sliceN}
		if c.eval != nil {
			cs.Eval, _ = c.eval.MarshalBinary()
		}
		if c.est != nil {
			cs.Est, _ = c.est.MarshalBinary()
		}
		if c.profile != nil {
			cs.Profile, _ = c.profile.MarshalBinary()
		}
		st.Closed = append(st.Closed, cs)
	}
	for id, e := range m.ids {
		st.IDs = append(st.IDs, idState{id, entryState{e.kind, e.pane, e.i, e.time, e.label, e.file, e.line, e.labels}})
	}
	return st
}

// restore puts the monitor in the state snapshot returned.
func (m *Monitor) restore(st monitorState) error {
	m.k, m.maxTime, m.closedTo, m.nextK, m.started, m.counts, m.recent = st.K, st.MaxTime, st.ClosedTo, st.NextK, st.Started, st.Counts, st.Recent
	profile := func(b []byte) (*skew.Profile, error) {
		if b == nil {
			return nil, nil
		}
		p := &skew.Profile{}
		return p, p.UnmarshalBinary(b)
	}
	for _, ps := range st.Open {
		p := newPane(ps.Index, m)
		p.scores, p.sliceVals, p.late, p.early = ps.Scores, ps.SliceVals, ps.Late, ps.Early
		for i, vals := range p.sliceVals {
			p.sliceIx[flow.SliceKey(vals)] = int32(i)
		}
		for _, q := range ps.Preds {
			p.preds = append(p.preds, pred{q.ID, q.Time, q.Weight, q.Label, q.Score, q.Slice, q.Labeled})
		}
		var err error
		if p.profile, err = profile(ps.Profile); err != nil {
			return err
		}
		m.open[p.index] = p
	}
	for _, cs := range st.Closed {
		c := &closedPane{index: cs.Index, n: cs.N, labeled: cs.Labeled, late: cs.Late, sliceN: cs.SliceN}
		var err error
		if cs.Eval != nil {
			if c.eval, err = evaluate.Decode(m.opt.Evaluate, cs.Eval); err != nil {
				return fmt.Errorf("monitor: state: %w", err)
			}
		}
		if cs.Est != nil {
			if c.est, err = evaluate.Decode(m.estOpt, cs.Est); err != nil {
				return fmt.Errorf("monitor: state: %w", err)
			}
		}
		if c.profile, err = profile(cs.Profile); err != nil {
			return err
		}
		if c.sliceN == nil {
			c.sliceN = map[string]*sliceCount{}
		}
		m.closed = append(m.closed, c)
	}
	for _, s := range st.IDs {
		e := s.E
		m.ids[s.ID] = entry{e.Kind, e.Pane, e.I, e.Time, e.Label, e.File, e.Line, e.Labels}
	}
	return nil
}
