package rec

import (
	"context"
	"fmt"

	"github.com/mltest/mltest/harness/model"
	"github.com/mltest/mltest/harness/serving"
)

// The names of the wire inputs and outputs, shared by the batch job, the
// server and the parity test. Each output belongs to one model stage, so a
// parity report can name the stage where two paths part:
//
//	features  encode  the popularity feature of each candidate, in increasing item order (FP64)
//	scores    score   the raw score of each candidate, same order (FP64)
//	items     decode  the list shown, best first, padded with "" to length k (BYTES)
const (
	InputUser       = "user"       // BYTES scalar: the user id
	InputCandidates = "candidates" // BYTES vector: item ids; empty means every item
	InputRecent     = "recent"     // BYTES vector: items since the snapshot (optional)
	OutputFeatures  = "features"
	OutputScores    = "scores"
	OutputItems     = "items"
)

// Stages maps the wire outputs to the model stages, in pipeline order.
var Stages = []struct {
	Stage   model.Stage
	Outputs []string
}{
	{model.StageEncode, []string{OutputFeatures}},
	{model.StageScore, []string{OutputScores}},
	{model.StageDecode, []string{OutputItems}},
}

// RequestOf reads a wire row: "user" (a BYTES scalar or a one-element
// vector), optional "candidates" (BYTES; missing or empty: every item) and
// optional "recent" (BYTES). Any other input is an error.
func RequestOf(row serving.Row) (Request, error) {
	u, ok := row.Values[InputUser]
	if !ok {
		return Request{}, fmt.Errorf("row %q: no input %q", row.ID, InputUser)
	}
	if len(u.Strings) != 1 {
		return Request{}, fmt.Errorf("row %q: input %q holds %d strings and %d numbers, want one user id", row.ID, InputUser, len(u.Strings), len(u.Numbers))
	}
	for name := range row.Values {
		if name != InputUser && name != InputCandidates && name != InputRecent {
			return Request{}, fmt.Errorf("row %q: unknown input %q (want %q and optionally %q, %q)", row.ID, name, InputUser, InputCandidates, InputRecent)
		}
	}
	req := Request{User: u.Strings[0]}
	for name, dst := range map[string]*[]string{InputCandidates: &req.Candidates, InputRecent: &req.Recent} {
		if c, ok := row.Values[name]; ok {
			if len(c.Numbers) > 0 {
				return Request{}, fmt.Errorf("row %q: input %q holds numbers, want item ids", row.ID, name)
			}
			if len(c.Strings) > 0 {
				*dst = c.Strings
			}
		}
	}
	return req, nil
}

// PredictRow runs the model on one wire row and returns its outputs, one per
// stage (see the output names). It is the only prediction path of the batch
// job and the server.
func (m *Model) PredictRow(row serving.Row) (map[string]serving.Value, error) {
	return predictRow(m, m.Rules.K, row)
}

// predictRow runs any of the example's rankers (the model, its popularity
// baseline) on one wire row, lists padded to k unless the request says.
func predictRow(mdl model.Model[Request, Features, Raw, Output], k int, row serving.Row) (map[string]serving.Value, error) {
	req, err := RequestOf(row)
	if err != nil {
		return nil, err
	}
	st, err := model.Trace[Request, Features, Raw, Output](mdl, req)
	if err != nil {
		return nil, fmt.Errorf("row %q: %w", row.ID, err)
	}
	if req.K != 0 {
		k = req.K
	}
	items := make([]string, k)
	copy(items, st.Output.Items)
	return map[string]serving.Value{
		OutputFeatures: serving.Vector(st.Features.Popularity...),
		OutputScores:   serving.Vector(st.Raw.Scores...),
		OutputItems:    serving.StringVector(items...),
	}, nil
}

// Serving returns the model as a serving.Model named name, for
// serving.NewV2Handler and serving.NewJSONHandler. Its inputs are not
// declared, because "candidates" is optional and a declared input is
// required; RequestOf checks them instead. A batch must hold rows with the
// same number of candidates (the protocol's tensors are rectangular); any
// failing row fails the batch with its error.
func (m *Model) Serving(name string) serving.Model {
	return serving.Model{
		Name:    name,
		Version: fmt.Sprint(FormatVersion),
		Outputs: []serving.TensorSpec{
			{Name: OutputFeatures, Datatype: serving.FP64, Shape: []int{-1}},
			{Name: OutputScores, Datatype: serving.FP64, Shape: []int{-1}},
			{Name: OutputItems, Datatype: serving.Bytes, Shape: []int{m.Rules.K}},
		},
		Predict: func(ctx context.Context, rows []serving.Row) ([]map[string]serving.Value, error) {
			outs := make([]map[string]serving.Value, len(rows))
			for i, r := range rows {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				o, err := m.PredictRow(r)
				if err != nil {
					return nil, err
				}
				outs[i] = o
			}
			return outs, nil
		},
	}
}
