// Package parity compares two paths that should produce the same predictions
// (the offline batch path a model was evaluated on and the online path that
// serves it) row by row, and reports every difference.
//
// The costliest bug in a served model is the one where serving does not do
// what the experiment did: a feature computed differently, a transform
// forgotten, a float32 truncation, a stale vocabulary. Compare sends the same
// requests to both sides (any serving.Predictor: a file of offline outputs, an
// in-process Go model, or a client of a served endpoint over the Open Inference
// Protocol v2, TF Serving's REST API or plain JSON) and classifies every request
// as matched, mismatched or failed. Nothing is dropped: matched + mismatched +
// failed = requests, always.
//
// Values match when |offline - online| <= Abs + Rel*|offline| (NaN matches only
// NaN, an infinity only the same infinity). Ranked lists (item ids in order) are
// compared element-wise and also by top-k overlap, Kendall's tau-b over the
// items both lists hold and rank-biased overlap, so a report says how far two
// rankings diverge, not only that they do.
//
// When outputs belong to stages of a model (features, raw scores, decoded
// results; see harness/model), Options.Stages names them in pipeline order and
// each mismatching row reports the first stage that differs: the stage where
// the two paths part. ModelPredictor exposes the stages of an in-process
// model.Model as outputs, so two Go models compare stage by stage too.
//
// A second call of the online side (Options.Replica, Diffy's idea) measures the
// noise floor: outputs that differ between two online calls are
// nondeterministic and are reported as noise, not as skew.
package parity
