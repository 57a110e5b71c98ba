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

// maxDiffCells bounds the work of the line diff (lines(a) x lines(b)); larger
// inputs are diffed from the first to the last differing line as one hunk.
const maxDiffCells = 16 << 20

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

// diffLines returns the edit script turning a into b: ' ' keep, '-' delete
// from a, '+' insert from b.
func diffLines(a, b []string) []byte {
	// Trim the common prefix and suffix: most golden diffs are small.
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
	if len(ma)*len(mb) > maxDiffCells {
		for range ma {
			ops = append(ops, '-')
		}
		for range mb {
			ops = append(ops, '+')
		}
	} else {
		// lcs[i][j] = length of the LCS of ma[i:] and mb[j:].
		w := len(mb) + 1
		lcs := make([]int32, (len(ma)+1)*w)
		for i := len(ma) - 1; i >= 0; i-- {
			for j := len(mb) - 1; j >= 0; j-- {
				if ma[i] == mb[j] {
					lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
				} else {
					lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
				}
			}
		}
		i, j := 0, 0
		for i < len(ma) || j < len(mb) {
			switch {
			case i < len(ma) && j < len(mb) && ma[i] == mb[j]:
				ops = append(ops, ' ')
				i++
				j++
			case i < len(ma) && (j == len(mb) || lcs[(i+1)*w+j] >= lcs[i*w+j+1]):
				ops = append(ops, '-')
				i++
			default:
				ops = append(ops, '+')
				j++
			}
		}
	}
	for range suf {
		ops = append(ops, ' ')
	}
	return ops
}
