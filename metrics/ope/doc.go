// Package ope estimates, from the logs of the policy that is serving now,
// what a new policy would earn if it served instead: off-policy evaluation
// of contextual bandits and of slates (ranked lists), before the new policy
// reaches any user.
//
// A log event is a context x_i (a request), the action a_i the logging
// policy π0 chose with probability p_i = π0(a_i | x_i) (its propensity), and
// the reward r_i observed. The target policy π gives each action a
// probability π(a | x_i). The importance weight w_i = π(a_i | x_i) / p_i
// re-weights the logged rewards to the target's choices.
//
// The estimators (in the notation of the Open Bandit Pipeline, Saito et al.
// 2021, whose obp.ope results they reproduce):
//
//   - IPS, inverse propensity scoring (Horvitz & Thompson 1952):
//     mean(w_i r_i). Unbiased when π0 gives every action π may take a
//     positive probability; its variance grows with the weights, which
//     Clip (at the cost of a downward bias) bounds.
//   - SNIPS, self-normalized IPS (Swaminathan & Joachims 2015):
//     sum(w_i r_i) / sum(w_i). Biased (consistent), far less variance.
//   - DM, the direct method: mean over events of sum_a π(a | x_i) q(x_i, a)
//     with q a reward model. As good as the model.
//   - DR, doubly robust (Dudík, Langford & Li 2011): DM plus
//     mean(w_i (r_i - q(x_i, a_i))). Unbiased when either the propensities
//     or the reward model are right.
//   - for slates, IIPS (Li et al. 2018), independent-item IPS on per-position
//     rewards, and the pseudo-inverse estimator PI (Swaminathan et al.
//     2017) on the slate's total reward.
//
// Diagnostics: the effective sample size ESS = (sum w)^2 / sum w^2 (Kong
// 1992) says how many logged events the estimate effectively rests on; the
// largest weight shows the event that can swing it. A tiny ESS makes every
// weighting estimator unreliable, and Estimate warns about it.
//
// The functions over slices (IPS, SNIPS, DM, DR, IIPS, PseudoInverse, ESS)
// follow gonum's shape; Estimate and EstimateSlates add bootstrap intervals
// (metrics/stats.Bootstrap over events) and the diagnostics. Reading logs
// from files is harness/offpolicy's job; `mltest ope` and the suite's ope
// check call it. Slices of different lengths panic with an "ope:" prefix;
// bad values (a propensity of 0, a NaN reward) are returned errors.
package ope
