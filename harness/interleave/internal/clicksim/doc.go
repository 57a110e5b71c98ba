// Package clicksim simulates users clicking on ranked lists whose items
// have known relevance, for the evidence behind harness/interleave: rankers
// of known quality, a position-based click model, users who differ in how
// much they click, and the same users served either an interleaved list or
// one ranker's list (an A/B test).
//
// Truth is known exactly: World.CTR is the expected number of clicks per
// impression of a ranker's own list under the click model, computed from
// the relevance grades, not estimated.
package clicksim
