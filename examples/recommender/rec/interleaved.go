package rec

import (
	"context"

	"github.com/mltest/mltest/harness/interleave"
	"github.com/mltest/mltest/harness/parity"
	"github.com/mltest/mltest/harness/serving"
)

// InputRequest is the wire input of the interleaved server that carries the
// request id: it seeds the interleaving (a retried request gets the same
// list) and names the impression in the log.
const InputRequest = "request"

// PredictRow runs the popularity baseline on one wire row, with the
// model's outputs: the second ranker of the example's online experiment.
func (p Popularity) PredictRow(row serving.Row) (map[string]serving.Value, error) {
	return predictRow(p, p.m.Rules.K, row)
}

// Interleaved returns the example's online experiment: the team-draft
// interleaving of the model (ranker A) and its popularity baseline (ranker
// B), served by harness/interleave's Middleware. Requests carry the user
// (InputUser), optional candidates, and the request id (InputRequest);
// each row's outputs are the interleaved "items" and their "teams". log,
// when not nil, receives every served impression (interleave.LogWriter.Log
// writes the JSONL log `mltest interleave` reads, once clicks are added).
func (m *Model) Interleaved(seed uint64, log func(interleave.Impression)) *interleave.Middleware {
	ranker := func(predict func(serving.Row) (map[string]serving.Value, error)) serving.Predictor {
		return parity.Func(func(_ context.Context, row serving.Row) (map[string]serving.Value, error) { return predict(row) })
	}
	return &interleave.Middleware{
		A: ranker(m.PredictRow), B: ranker(m.Baseline().PredictRow),
		Items: OutputItems, K: m.Rules.K, Seed: seed,
		RequestInput: InputRequest, UserInput: InputUser, Log: log,
	}
}
