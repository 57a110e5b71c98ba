package progress

import (
	"fmt"
	"io"
)

// CheckLine returns a progress callback for a run of named checks (the
// shape of suite.Options.Progress) that redraws one terminal line on w:
// "[2/5] running: auc" as a check starts, "[3/5] done: auc" as it ends.
// Calls must be serialised; ClearLine erases the line when the run is over.
func CheckLine(w io.Writer) func(done, total int, name string, finished bool) {
	return func(done, total int, name string, finished bool) {
		state := "running"
		if finished {
			state = "done"
		}
		fmt.Fprintf(w, clearLine+"[%d/%d] %s: %s", done, total, state, name)
	}
}

// ClearLine erases the line CheckLine drew.
func ClearLine(w io.Writer) { fmt.Fprint(w, clearLine) }
