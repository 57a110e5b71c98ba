package suite

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/mltest/mltest/internal/report"
)

// runGolden compares a file with its golden file, byte for byte after
// normalising line endings (CRLF to LF); on a mismatch the report carries a
// unified diff (golden as ---, file as +++).
func (r *runner) runGolden(ctx context.Context, c *Check, out *report.Check) error {
	g := c.Golden
	got, err := os.ReadFile(g.File)
	if err != nil {
		return err
	}
	want, err := os.ReadFile(g.Golden)
	if err != nil {
		return err
	}
	got = bytes.ReplaceAll(got, []byte("\r\n"), []byte("\n"))
	want = bytes.ReplaceAll(want, []byte("\r\n"), []byte("\n"))
	file, gold := r.rel(g.File), r.rel(g.Golden)
	if bytes.Equal(got, want) {
		out.Status = report.Pass
		out.Message = fmt.Sprintf("%s matches %s (%d lines)", file, gold, bytes.Count(got, []byte("\n")))
		return nil
	}
	out.Diff = UnifiedDiff(gold, file, string(want), string(got), 3)
	out.Status = failStatus(c)
	changed := 0
	for _, l := range strings.Split(out.Diff, "\n") {
		if (strings.HasPrefix(l, "-") || strings.HasPrefix(l, "+")) && !strings.HasPrefix(l, "---") && !strings.HasPrefix(l, "+++") {
			changed++
		}
	}
	out.Message = fmt.Sprintf("%s differs from %s (%d lines changed; see the diff)", file, gold, changed)
	return nil
}

// maxDiffEdits bounds the edit distance the line diff searches (Myers'
// algorithm keeps O(D²) state); texts further apart are shown as one block
// replaced by another between their common prefix and suffix.
const maxDiffEdits = 2000

// UnifiedDiff returns the unified diff (diff -u) turning a into b, with
// context lines around each change, "" when they are equal. Lines are
// matched by a longest common subsequence.
func UnifiedDiff(nameA, nameB, a, b string, context int) string {
	if a == b {
		return ""
	}
	la, lb := splitLines(a), splitLines(b)
	ops := diffLines(la, lb)
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", nameA, nameB)
	// Group ops into hunks: runs of changes with up to 2*context equal lines between.
	type op struct {
		kind byte // ' ', '-', '+'
		line string
		ai   int // index in a (for ' ' and '-'), or the position before which '+' inserts
		bi   int
	}
	var all []op
	ai, bi := 0, 0
	for _, k := range ops {
		switch k {
		case ' ':
			all = append(all, op{' ', la[ai], ai, bi})
			ai++
			bi++
		case '-':
			all = append(all, op{'-', la[ai], ai, bi})
			ai++
		case '+':
			all = append(all, op{'+', lb[bi], ai, bi})
			bi++
		}
	}
	for i := 0; i < len(all); {
		if all[i].kind == ' ' {
			i++
			continue
		}
		start := max(i-context, 0)
		end := i
		for j := i; j < len(all); j++ {
			if all[j].kind != ' ' {
				end = j
				continue
			}
			if j-end > 2*context {
				break
			}
		}
		stop := min(end+context+1, len(all))
		aStart, bStart := all[start].ai, all[start].bi
		aCount, bCount := 0, 0
		for _, o := range all[start:stop] {
			if o.kind != '+' {
				aCount++
			}
			if o.kind != '-' {
				bCount++
			}
		}
		fmt.Fprintf(&sb, "@@ -%s +%s @@\n", hunkRange(aStart, aCount), hunkRange(bStart, bCount))
		for _, o := range all[start:stop] {
			sb.WriteByte(o.kind)
			sb.WriteString(o.line)
			sb.WriteByte('\n')
		}
		i = stop
	}
	return sb.String()
}

func hunkRange(start, count int) string {
	if count == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if count == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, count)
}

// splitLines splits text into lines; a missing final newline is marked as
// diff marks it.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	noEOL := !strings.HasSuffix(s, "\n")
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if noEOL {
		lines[len(lines)-1] += "\n\\ No newline at end of file"
	}
	return lines
}

// diffLines returns a shortest edit script turning a into b: ' ' keep, '-'
// delete from a, '+' insert from b; within each run of changes the deletions
// come first, as diff prints them. It is Myers' O(ND) algorithm (1986) on
// the lines between the common prefix and suffix.
func diffLines(a, b []string) []byte {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	ops := make([]byte, 0, len(a)+len(b))
	for range pre {
		ops = append(ops, ' ')
	}
	mid, ok := myers(ma, mb, maxDiffEdits)
	if !ok {
		mid = mid[:0]
		for range ma {
			mid = append(mid, '-')
		}
		for range mb {
			mid = append(mid, '+')
		}
	}
	ops = append(ops, mid...)
	for range suf {
		ops = append(ops, ' ')
	}
	// Deletions before insertions in every run of changes.
	for i := 0; i < len(ops); {
		if ops[i] == ' ' {
			i++
			continue
		}
		j, dels := i, 0
		for ; j < len(ops) && ops[j] != ' '; j++ {
			if ops[j] == '-' {
				dels++
			}
		}
		for k := i; k < j; k++ {
			if k-i < dels {
				ops[k] = '-'
			} else {
				ops[k] = '+'
			}
		}
		i = j
	}
	return ops
}

// myers returns a shortest edit script of a into b, or false when it needs
// more than maxD edits.
func myers(a, b []string, maxD int) ([]byte, bool) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		ops := make([]byte, 0, n+m)
		for range n {
			ops = append(ops, '-')
		}
		for range m {
			ops = append(ops, '+')
		}
		return ops, true
	}
	limit := n + m
	off := limit + 1
	v := make([]int, 2*limit+3)
	var trace [][]int // trace[d]: v[-d-1 .. d+1] before step d
	for d := 0; d <= limit && d <= maxD; d++ {
		trace = append(trace, append([]int(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down: insert b[y-1]
			} else {
				x = v[off+k-1] + 1 // right: delete a[x-1]
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(trace, n, m), true
			}
		}
	}
	return nil, false
}

func backtrack(trace [][]int, n, m int) []byte {
	var rev []byte
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		prev := trace[d]
		at := func(k int) int { return prev[k+d+1] }
		k := x - y
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		py := px - pk
		sx, sy := px, py // where the snake of step d starts
		if pk == k+1 {
			sy++
		} else {
			sx++
		}
		for x > sx && y > sy {
			rev = append(rev, ' ')
			x--
			y--
		}
		if pk == k+1 {
			rev = append(rev, '+')
		} else {
			rev = append(rev, '-')
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		rev = append(rev, ' ')
		x--
		y--
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}
