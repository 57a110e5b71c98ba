// Package model states what mltest means by a model: not only the scoring
// function but also the transform that turns an application's input into
// features and the transform that turns raw scores into what the
// application shows.
//
// A Model has three stages, composed by Predict:
//
//	Encode(input)      -> features   (feature encoding: buckets, vocabularies, hashes)
//	Score(features)    -> raw        (the learned function: logits, scores, embeddings)
//	Decode(input, raw) -> output     (thresholds, top-k, filtering of seen items)
//
// Decode receives the input as well because decoding often needs it (a
// recommender drops items the user has already seen).
//
// A model is not a black box: Describe reports its name, version and a
// summary of its parameters, so a golden file or a report can say which
// model produced a result. The same Model value is what a batch job runs
// offline and what a server runs online; Trace records every stage, which
// lets a parity check compare two paths stage by stage and name the first
// stage where they diverge. Func adapts a plain function into a Model with
// identity stages around it.
package model
