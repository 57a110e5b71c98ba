package progress

import (
	"io"
	"os"
)

// IsTerminal reports whether f is a character device (a terminal).
func IsTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// IsTerminalWriter reports whether w is a terminal: an *os.File that is a
// character device. A buffer, a pipe or a redirected file is not, so
// progress drawn only on terminals keeps CI logs and tests clean.
func IsTerminalWriter(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && IsTerminal(f)
}

// clearLine returns the cursor to the start of the line and erases it.
const clearLine = "\r\033[K"
