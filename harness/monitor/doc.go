// Package monitor evaluates a served model on its traffic as it flows, with
// labels that arrive later (clicks, plays, purchases): the nearline flow of
// `mltest monitor`, of the suite's monitor check, and of any Go program that
// watches a prediction log.
//
// A log is a stream of events (Event): a prediction (id, event time,
// scores, slices, features), a label (id, time, label), or both in one row.
// Monitor places each prediction in the pane of its event time and joins
// each label to its prediction by id. Windows are made of panes: tumbling
// (Options.Window) or sliding (Options.Every), each window the merge of its
// panes' mergeable evaluators (metrics/evaluate), so a pane in five windows
// is evaluated once.
//
// # Time
//
// The watermark is the latest event time seen minus Options.LabelDelay. A
// pane closes when the watermark passes its end: every prediction in it has
// had its whole label delay. A window closes, and is emitted, when its last
// pane has. Events out of order are fine as long as their pane is open; a
// prediction whose pane has closed is counted (Counts.LatePredictions), not
// placed.
//
// # Labels
//
// A label that comes more than LabelDelay after its prediction, or after its
// window closed, is late: counted (in the late_labels of the window of the
// label's own time), not joined. A label whose prediction never comes (or
// whose pane ended more than twice the label delay before the latest event)
// is unmatched; a second label
// of a prediction is a duplicate (the first stands). A duplicate prediction
// id, a malformed row or a time that does not parse is an error naming the
// file and line. Nothing is dropped without a count: once a stream is
// flushed, Labels = Joined + LateLabels + UnmatchedLabels + DuplicateLabels.
//
// # Values
//
// A window's metrics are those of metrics/evaluate over its rows: its
// predictions with a label (with Options.UnlabeledAs, every prediction),
// added in the order the predictions came, in chunks of table.ChunkRows
// merged in order. That is how `mltest eval` reads a Parquet file, so a
// tumbling window's values equal mltest eval's on the same rows to the last
// bit (for CSV and JSONL, which eval cuts into chunks by bytes, the sums of
// per-row terms such as log loss agree to rounding; rank- and count-based
// metrics stay exact); a sliding window merges its panes, which groups the
// sums differently (equal to rounding). Options.Estimate adds label-free estimates (estimate.go),
// Options.Reference drift against reference data (harness/skew), and
// Options.Alerts rules checked on every window and slice.
//
// # Memory
//
// An open pane keeps its predictions (about 200 bytes each with the id map)
// until it closes: the traffic of one pane plus the label delay. A closed
// pane keeps only the evaluators' state, which for exact ROC AUC and
// average precision is 16 bytes a labeled row (evaluate.Options.BoundedAUC
// bounds it), until its last window is emitted. Nothing grows with the
// length of the stream.
//
// # Checkpoints
//
// Run with Config.StateDir keeps a checkpoint: the line of the last row
// applied from each input and the monitor's state (evaluators in metrics'
// versioned accumulator encoding). A restarted Run resumes from it: the
// windows it prints, with those printed before the stop, are the windows of
// one uninterrupted run.
package monitor
