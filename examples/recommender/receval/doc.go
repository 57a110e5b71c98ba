// Package receval evaluates the recommender of the example with mltest's
// metrics, as an offline experiment and as a merge gate:
//
//   - Evaluate: trec_eval's ndcg_cut.10, map, P.10 and recall.100 over the
//     test users (metrics.TrecEval, the engine that matches trec_eval 10),
//     nDCG@10 with a bootstrap interval over users, the same per user cohort,
//     and the beyond-accuracy measures of the lists users are shown
//     (coverage, novelty, diversity, serendipity; Microsoft Recommenders'
//     definitions).
//   - Compare and BeatsBaseline: the model against the popularity baseline,
//     query by query (compare.Ranking: paired randomization test, bootstrap
//     interval of the difference, per cohort with Benjamini-Hochberg), and the
//     gate that requires the model to be significantly better.
//
// A user is a query; the user's test items are its relevant documents
// (relevance 1); the run is the list the model decodes, depth 100. The run's
// scores are the list positions (100 for the first item, 99 for the second,
// ...), so trec_eval's ordering (score descending, ties by docno) is exactly
// the decoded order: the evaluation judges the list the application shows,
// ties included.
package receval
