// Package progress shows how far long work has come, on a terminal only.
//
// A Meter counts bytes (and rows) as they pass; when enabled it redraws one
// status line on its writer at most every Interval, and only once the work has
// taken longer than Delay, so short runs print nothing. It is enabled only for
// terminals: CI logs and redirected stderr stay clean.
//
// Two kinds of work are shown: a read (Meter, one line of bytes, rows and
// rate) and a run of named checks (CheckLine, "[done/total] state: name").
// IsTerminal and IsTerminalWriter decide whether a writer is a terminal.
package progress
