// Package recdata is the data of the recommender example: implicit feedback
// (who interacted with what, and when), split by time into the interactions
// a model learns from and the later ones it is judged on.
//
// Generate draws the synthetic data set of fixtures.ImplicitFeedback (users
// and items in latent cohorts, Zipf popularity skew, timestamps over a year)
// from a seed, so every run of the example sees the same data. FromMovieLens
// builds the same Dataset from a MovieLens ratings file, so the model, the
// evaluation and the tests run unchanged on real data.
//
// The split is by time, as production sees it: the model is trained on the
// past and asked about the future. Splitting at random would let it learn from
// interactions that happen after the ones it is tested on.
package recdata
