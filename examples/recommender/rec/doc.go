// Package rec is the recommender of the example: implicit-feedback matrix
// factorization trained by alternating least squares (Hu, Koren & Volinsky
// 2008, "Collaborative Filtering for Implicit Feedback Datasets"), wrapped in
// the input and output transforms that production needs, as one
// model.Model[Request, Features, Raw, Output]:
//
//	Encode  request -> the user's history with recency weights, and the
//	        candidates with their popularity-bucket feature
//	Score   features -> one raw score per candidate: the user's factors
//	        folded in from the history, dotted with each item's factors,
//	        plus the weighted popularity feature
//	Decode  scores -> the top k items, without the ones the user already has,
//	        at most a share of the list from one category (a diversity cap)
//
// The algorithm (Train, Hyperparameters) and the model (Model, its learned
// parameters) are separate: a Model is saved to a versioned JSON file
// (Write, Read) that the batch job and the server load, so experiment,
// batch and serving run the same code on the same parameters. Popularity is
// the baseline the model must beat.
//
// The server can be started with a deliberate bug (WithUnbucketedPopularity):
// it forgets the popularity bucketing in Encode and feeds the raw log
// popularity to the scorer. The example's parity test shows mltest catching
// it at the encode stage, on exactly the requests it affects.
package rec
