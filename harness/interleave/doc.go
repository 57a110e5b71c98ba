// Package interleave compares rankers online by interleaving: for each
// request the two rankers' lists are merged into one, the user clicks, and
// each click is credited to the ranker that contributed the clicked item.
// The ranker whose items are clicked more often is preferred by the users,
// and because both rankers are judged on the same user at the same moment,
// interleaving needs one to two orders of magnitude fewer impressions than
// an A/B test on click-through rate to detect the same difference
// (Chapelle, Joachims, Radlinski & Yue 2012, "Large-scale validation and
// analysis of interleaved search evaluation", ACM TOIS 30(1)).
//
// The methods:
//
//   - TeamDraft (Radlinski et al. 2008): the rankers take turns, a coin
//     deciding who picks first in each round; each item belongs to the
//     ranker that picked it. The default, and what Middleware serves.
//   - Balanced (Joachims 2003): the lists are walked in step; credit
//     compares the clicks within the top k of each ranking.
//   - Multileave (Schuth et al. 2014): team draft for more than two rankers;
//     Preferences gives the pairwise outcomes of one impression.
//
// Every random choice comes from RequestRand(seed, request id), so a
// request is served the same list every time it is asked.
//
// From experiment to production it is one engine: Middleware interleaves
// two serving.Predictors inside a Go server and logs each Impression
// (LogWriter writes the JSONL log); ReadLog reads such a log with clicks
// added, with errors naming the file and line; Analyze returns the wins of
// each side, delta_ab = (wins_A + ties/2)/n - ½ with a bootstrap interval
// (over users when the log has them), the sign test's p-value or, for an
// experiment checked while it runs, the always-valid p-value of a mixture
// SPRT. `mltest interleave` and the suite's interleave check call ReadLog
// and Analyze.
package interleave
