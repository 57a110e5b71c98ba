// Package flow holds mltest's drivers: each command's flow over files, from
// reading the inputs to a result value, written once and called by the
// `mltest` command, by `mltest run`'s checks and by the Beam adapter, so the
// same inputs give the same numbers in every place. A driver returns a
// result struct; the report writers (trec_eval text, JSON, tables) print it,
// and the caller decides the exit status.
//
// There are three drivers:
//
//   - Eval is `mltest eval`: a streaming, sliced evaluation of a predictions
//     file. The file is read in shards on every core, the shards'
//     accumulators are merged in file order (so the numbers do not depend on
//     the number of cores), and the result holds each metric overall and
//     per slice, with bootstrap intervals when asked.
//   - Compare is `mltest compare`: two prediction files of the same rows
//     (joined by id), or two runs judged by the same qrels, compared
//     pairwise with a significance test and a gate.
//   - Rank is `mltest rank`: a run against relevance judgments (qrels),
//     computed and summarized exactly as trec_eval 10 does, plus query
//     slices, bootstrap intervals over queries and the recommender
//     measures. Ranking.Evaluate is the same flow over inputs in memory,
//     and RankSpec.SelectQueries is the one rule that says which queries
//     are evaluated (trec_eval's: without Complete the judged queries the
//     run retrieves for, a judged query the run lacks being skipped with a
//     warning; with Complete every judged query, the missing ones scoring
//     trec_eval's Missing values).
//
// Bad input is a *table.InputError (fixtures/table) naming the file, the
// line and the field, which callers match with errors.As; a result never
// holds a silently wrong number: a value that is undefined on the data
// comes with a warning saying why.
package flow
