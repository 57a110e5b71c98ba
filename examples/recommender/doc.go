// Package recommender is mltest's complete example: a small recommender whose
// experiment, batch and serving paths are one engine, tested at every level
// with mltest. The code lives in the subpackages and commands:
//
//	recdata         the data: synthetic implicit feedback (or MovieLens), split by time
//	rec             the model: implicit ALS with encode/score/decode stages, its file, its wire form
//	receval         the evaluation: trec_eval measures, intervals, cohorts, beyond-accuracy, the gate
//	cmd/rectrain    train, evaluate against the popularity baseline, gate, save
//	cmd/recbatch    offline predictions (parity format) and a TREC run
//	cmd/recserve    the model over the Open Inference Protocol v2 and plain JSON
//
// This package holds only the tests that cross them: the parity test starts
// the real server process and compares it with the batch job's output, with
// and without the deliberate bug. See README.md.
package recommender
