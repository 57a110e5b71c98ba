package evaluate

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"slices"

	"github.com/mltest/mltest/metrics"
)

// The encoding of an Evaluator lets its state outlive the process: mltest
// monitor checkpoints the evaluators of the windows it has not yet emitted
// and resumes them after a restart. Each accumulator travels in metrics'
// versioned accumulator encoding (metrics/encoding.go); the groups around
// them, with their counts and the rows an interval resamples, in a gob
// envelope that starts with its own version. A decoded evaluator reports
// the same values, bit for bit, as the one encoded, and merges like it.

const evaluatorEncodingVersion = 1

type encodedEvaluator struct {
	Version int
	Task    Task
	Names   []string
	K       int
	Overall *encodedGroup
	Slices  []encodedGroup // in key order, so equal evaluators encode equally
}

type encodedGroup struct {
	Key                     []string
	N                       int
	WeightSum               float64
	Unit                    bool
	Accumulators            [][]byte
	HasRows                 bool
	Labels, Scores, Weights []float64
	Clusters                []int
}

// MarshalBinary encodes the evaluator's state (encoding.BinaryMarshaler).
func (e *Evaluator) MarshalBinary() ([]byte, error) {
	enc := encodedEvaluator{Version: evaluatorEncodingVersion, Task: e.opt.Task, Names: e.names, K: e.k}
	if e.overall != nil {
		g, err := encodeGroup(e.overall)
		if err != nil {
			return nil, err
		}
		enc.Overall = &g
		keys := make([]string, 0, len(e.slices))
		for k := range e.slices {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			g, err := encodeGroup(e.slices[k])
			if err != nil {
				return nil, err
			}
			enc.Slices = append(enc.Slices, g)
		}
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(enc); err != nil {
		return nil, fmt.Errorf("evaluate: encoding: %w", err)
	}
	return b.Bytes(), nil
}

func encodeGroup(g *group) (encodedGroup, error) {
	out := encodedGroup{Key: g.key, N: g.n, WeightSum: g.weightSum, Unit: g.unit}
	var err error
	add := func(b []byte, e error) {
		if err == nil {
			err = e
		}
		out.Accumulators = append(out.Accumulators, b)
	}
	for _, a := range g.binary {
		add(metrics.EncodeBinaryAccumulator(a))
	}
	for _, a := range g.multi {
		add(metrics.EncodeMulticlassAccumulator(a))
	}
	for _, a := range g.reg {
		add(metrics.EncodeRegressionAccumulator(a))
	}
	if s := g.rows; s != nil {
		out.HasRows = true
		out.Labels, out.Scores, out.Weights, out.Clusters = s.labels, s.scores, s.weights, s.clusters
	}
	return out, err
}

// Decode returns the evaluator MarshalBinary encoded in data, for opt, the
// Options the encoded evaluator was built with: a task or metrics other
// than the encoding's are an error, as is any damage to the encoding.
func Decode(opt Options, data []byte) (*Evaluator, error) {
	e, err := New(opt)
	if err != nil {
		return nil, err
	}
	var enc encodedEvaluator
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&enc); err != nil {
		return nil, fmt.Errorf("evaluate: decoding: %w", err)
	}
	switch {
	case enc.Version != evaluatorEncodingVersion:
		return nil, fmt.Errorf("evaluate: encoding version %d, this build reads %d", enc.Version, evaluatorEncodingVersion)
	case enc.Task != opt.Task || !slices.Equal(enc.Names, e.names):
		return nil, fmt.Errorf("evaluate: the encoding is of %s metrics %v, not %s metrics %v", enc.Task, enc.Names, opt.Task, e.names)
	}
	e.k = enc.K
	if enc.Overall == nil {
		return e, nil
	}
	if e.overall, err = e.decodeGroup(*enc.Overall, nil); err != nil {
		return nil, err
	}
	for _, eg := range enc.Slices {
		if len(eg.Key) != len(opt.SliceBy) {
			return nil, fmt.Errorf("evaluate: decoding: a slice of %d values for %d slicing columns", len(eg.Key), len(opt.SliceBy))
		}
		g, err := e.decodeGroup(eg, eg.Key)
		if err != nil {
			return nil, err
		}
		e.slices[joinKey(eg.Key)] = g
	}
	return e, nil
}

func (e *Evaluator) decodeGroup(eg encodedGroup, key []string) (*group, error) {
	if len(eg.Accumulators) != len(e.names) {
		return nil, fmt.Errorf("evaluate: decoding: %d accumulators for %d metrics", len(eg.Accumulators), len(e.names))
	}
	g := &group{key: key, n: eg.N, weightSum: eg.WeightSum, unit: eg.Unit}
	for i, b := range eg.Accumulators {
		var name string
		switch e.opt.Task {
		case Binary:
			a, err := metrics.DecodeBinaryAccumulator(b)
			if err != nil {
				return nil, err
			}
			g.binary, name = append(g.binary, a), a.Name()
		case Multiclass:
			a, err := metrics.DecodeMulticlassAccumulator(b)
			if err != nil {
				return nil, err
			}
			g.multi, name = append(g.multi, a), a.Name()
		default:
			a, err := metrics.DecodeRegressionAccumulator(b)
			if err != nil {
				return nil, err
			}
			g.reg, name = append(g.reg, a), a.Name()
		}
		if name != e.names[i] {
			return nil, fmt.Errorf("evaluate: decoding: accumulator %d is %s, want %s", i, name, e.names[i])
		}
	}
	metrics.ShareRows(g.binary)
	if eg.HasRows != (e.opt.Intervals.Level != 0) {
		return nil, fmt.Errorf("evaluate: decoding: rows kept %v, but intervals asked %v", eg.HasRows, e.opt.Intervals.Level != 0)
	}
	if eg.HasRows {
		g.rows = &rowStore{labels: eg.Labels, scores: eg.Scores, weights: eg.Weights, clusters: eg.Clusters}
	}
	return g, nil
}

// Clone returns an independent copy of e: Merge folds its argument's state
// into the receiver (sharing it when the receiver is empty), so a caller that
// merges one evaluator into several (the panes of sliding windows) merges
// clones.
func (e *Evaluator) Clone() (*Evaluator, error) {
	b, err := e.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return Decode(e.opt, b)
}

func joinKey(key []string) string {
	var b bytes.Buffer
	for i, s := range key {
		if i > 0 {
			b.WriteByte(0)
		}
		b.WriteString(s)
	}
	return b.String()
}
