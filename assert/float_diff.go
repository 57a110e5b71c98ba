package assert

import (
	"fmt"
	"strings"
)

// maxDiffLines caps how many differing elements a diff lists; the header
// still counts all of them.
const maxDiffLines = 10

// CheckFloat returns nil when got equals want under tol, and otherwise an
// error such as "log_loss = 0.6931, want 0.6932 (abs 1e-09)".
func CheckFloat(name string, got, want float64, tol Tolerance) error {
	if tol.Equal(got, want) {
		return nil
	}
	g, w := formatPair(got, want)
	return fmt.Errorf("%s = %s, want %s (%s)", name, g, w, tol)
}

// FloatsDiff returns "" when got and want have the same length and are equal
// element by element under tol. Otherwise it returns a diff (-want +got) that
// lists the differing indices, at most ten of them.
func FloatsDiff(got, want []float64, tol Tolerance) string {
	if len(got) != len(want) {
		return fmt.Sprintf("length differs (-want +got):\n-\tlen %d\n+\tlen %d\n", len(want), len(got))
	}
	var b strings.Builder
	n := 0
	for i := range got {
		if tol.Equal(got[i], want[i]) {
			continue
		}
		n++
		if n <= maxDiffLines {
			fmt.Fprintf(&b, "-\t[%d] %v\n+\t[%d] %v\n", i, want[i], i, got[i])
		}
	}
	return diffText(n, len(got), tol, b.String())
}

// MatrixDiff is FloatsDiff for matrices stored as rows. Rows of different
// lengths are compared as they are: a ragged shape mismatch is reported.
func MatrixDiff(got, want [][]float64, tol Tolerance) string {
	if len(got) != len(want) {
		return fmt.Sprintf("rows differ (-want +got):\n-\t%d rows\n+\t%d rows\n", len(want), len(got))
	}
	var b strings.Builder
	n, total := 0, 0
	for i := range got {
		if len(got[i]) != len(want[i]) {
			return fmt.Sprintf("row %d length differs (-want +got):\n-\tlen %d\n+\tlen %d\n", i, len(want[i]), len(got[i]))
		}
		total += len(got[i])
		for j := range got[i] {
			if tol.Equal(got[i][j], want[i][j]) {
				continue
			}
			n++
			if n <= maxDiffLines {
				fmt.Fprintf(&b, "-\t[%d][%d] %v\n+\t[%d][%d] %v\n", i, j, want[i][j], i, j, got[i][j])
			}
		}
	}
	return diffText(n, total, tol, b.String())
}

func diffText(n, total int, tol Tolerance, lines string) string {
	if n == 0 {
		return ""
	}
	more := ""
	if n > maxDiffLines {
		more = fmt.Sprintf("\t... %d more\n", n-maxDiffLines)
	}
	return fmt.Sprintf("%d of %d values differ beyond %s (-want +got):\n%s%s", n, total, tol, lines, more)
}
