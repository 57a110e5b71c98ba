// Package offpolicy runs off-policy evaluation over log files: it reads the
// logging policy's events, the target policy's choices and an optional
// reward model, joins them by id, checks everything a silent join would
// get wrong, and hands the result to metrics/ope. It is the flow of
// `mltest ope` and of the suite's ope check.
//
// The files are JSONL (gzip read transparently, "-" for standard input),
// one object a line:
//
//	log (bandit)    {"id": "e1", "action": "a3", "propensity": 0.25, "reward": 1}
//	log (slate)     {"id": "e1", "slate": ["i3", "i1"], "propensities": [0.2, 0.5], "rewards": [0, 1]}
//	target          {"id": "e1", "probs": {"a1": 0.1, "a3": 0.9}}  or  {"id": "e1", "action": "a3"}
//	target (slate)  {"id": "e1", "probs": [{"i3": 0.5, "i2": 0.5}, {"i1": 1}]}  or  {"id": "e1", "slate": ["i3", "i1"]}
//	reward model    {"id": "e1", "q": {"a1": 0.2, "a3": 0.5}}
//
// A propensity is the logging policy's probability of the logged action
// (for a slate, of the logged item at its position), in (0, 1]. Target
// probabilities are in [0, 1] and sum to 1 (per position, for slates). The
// first row of the log decides whether it is a bandit or a slate log.
//
// Bad input is a *dataio.InputError naming the file, the line and the
// field: a propensity of 0 or above 1, an id twice, an id of one file the
// other lacks, a target probability above 0 for an action (item) the log
// never saw, a reward-model row without a prediction for an action the
// estimators need.
package offpolicy
