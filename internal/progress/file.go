package progress

import (
	"os"
	"strings"
)

// ForFile is ForStderr for reading the named file: "reading NAME", with the
// file's size as the total when it is a regular, uncompressed file (so the
// line can show a percentage), unknown otherwise.
func ForFile(name string, quiet bool) *Meter {
	var total int64
	if name != "-" && !strings.HasSuffix(strings.ToLower(name), ".gz") {
		if st, err := os.Stat(name); err == nil && st.Mode().IsRegular() {
			total = st.Size()
		}
	}
	return ForStderr("reading "+name, total, quiet)
}
