package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// summaryLimit caps summary.md well below the 1 MiB GitHub accepts for a
// step summary (and the 65536 characters of a pull-request comment): past
// it, details are cut with a note pointing to report.html.
const summaryLimit = 60000

// Per-check caps on the details summary.md lists.
const (
	mdMaxLines   = 20  // failing values, deltas, drifted features
	mdMaxRows    = 10  // worst parity rows
	mdMaxDiff    = 40  // golden diff lines
	mdMaxMessage = 300 // runes of a message in the table
)

// WriteMarkdown writes summary.md, made for a pull-request comment or a
// GitHub step summary: a status line, a table of every check (status,
// name, kind, message), then details of the checks that did not pass
// (failing values, deltas, worst parity rows, drifted features, the golden
// diff), each list capped and the whole under 60 000 bytes.
//
// Names and messages are plain text: Markdown and HTML characters in them
// are escaped, so a check named "<script>" or "a|b" shows as written and
// cannot break the table.
func WriteMarkdown(w io.Writer, r Report) error {
	var b bytes.Buffer
	status := overallStatus(r)
	n := countStatuses(r.Checks)
	fmt.Fprintf(&b, "## %s mltest: %s %s\n\n", statusEmoji(status), mdText(suiteName(r)), statusWord(status))
	fmt.Fprintf(&b, "%s: %d passed, %d warned, %d failed, %d could not run", checksCount(len(r.Checks)), n.Pass, n.Warn, n.Fail, n.Error)
	if r.Duration > 0 {
		fmt.Fprintf(&b, " in %s", formatDuration(r.Duration))
	}
	b.WriteString(".\n\n")
	if len(r.Checks) > 0 {
		b.WriteString("| status | check | kind | message |\n|---|---|---|---|\n")
		writeMarkdownTable(&b, r.Checks)
	}
	var details bytes.Buffer
	for _, i := range worstFirst(r.Checks) {
		c := r.Checks[i]
		if c.Status == Pass {
			continue
		}
		var sec bytes.Buffer
		writeMarkdownDetails(&sec, c)
		if b.Len()+details.Len()+sec.Len() > summaryLimit {
			details.WriteString("\n_More details are cut here to keep this summary short; see report.html._\n")
			break
		}
		details.Write(sec.Bytes())
	}
	if details.Len() > 0 {
		b.WriteString("\n### Details\n")
		b.Write(details.Bytes())
	}
	_, err := w.Write(b.Bytes())
	return err
}

// writeMarkdownTable writes one table row per check in suite order. When
// the rows would take more than half of summaryLimit, passing checks are
// left out (and counted), and rows stop at that budget.
func writeMarkdownTable(b *bytes.Buffer, checks []Check) {
	rows := make([]string, len(checks))
	size := 0
	for i, c := range checks {
		rows[i] = fmt.Sprintf("| %s %s | %s | %s | %s |\n", statusEmoji(c.Status), c.Status.label(),
			mdText(c.Name), mdText(c.Kind), mdText(truncate(oneLine(c.Message), mdMaxMessage)))
		size += len(rows[i])
	}
	budget := summaryLimit / 2
	if size <= budget {
		for _, row := range rows {
			b.WriteString(row)
		}
		return
	}
	start, left := b.Len(), 0
	for i, c := range checks {
		if c.Status == Pass {
			left++
			continue
		}
		if b.Len()-start+len(rows[i]) > budget {
			left += len(checks) - i
			break
		}
		b.WriteString(rows[i])
	}
	fmt.Fprintf(b, "| | … %d more checks not listed (passing ones left out first); see report.html | | |\n", left)
}

// writeMarkdownDetails writes the section of one check that did not pass.
func writeMarkdownDetails(b *bytes.Buffer, c Check) {
	fmt.Fprintf(b, "\n#### %s %s: %s (%s)\n\n", statusEmoji(c.Status), c.Status.label(), mdText(c.Name), mdText(c.Kind))
	if m := oneLine(c.Message); m != "" {
		b.WriteString(mdText(m) + "\n\n")
	}
	list := func(items []string) {
		for i, s := range items {
			if i == mdMaxLines {
				fmt.Fprintf(b, "- … and %d more\n", len(items)-mdMaxLines)
				break
			}
			b.WriteString("- " + mdText(s) + "\n")
		}
	}
	var failing []string
	for _, v := range c.Values {
		if !v.Pass {
			failing = append(failing, describeValue(v))
		}
	}
	list(failing)
	var deltas []string
	for _, d := range c.Deltas {
		deltas = append(deltas, describeDelta(d))
	}
	list(deltas)
	if p := c.Parity; p != nil {
		b.WriteString("- " + mdText(parityCounts(*p)) + "\n")
		if len(p.Worst) > 0 {
			b.WriteString("\n| id | output | offline | online | abs diff |\n|---|---|---|---|---|\n")
			for i, row := range p.Worst {
				if i == mdMaxRows {
					fmt.Fprintf(b, "| … %d more | | | | |\n", len(p.Worst)-mdMaxRows)
					break
				}
				online, diff := mdText(row.Online), formatNumber(row.AbsDiff)
				if row.Error != "" {
					online, diff = "failed: "+mdText(truncate(oneLine(row.Error), 120)), ""
				}
				fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", mdText(row.ID), mdText(row.Output), mdText(row.Offline), online, diff)
			}
		}
	}
	var drifted []string
	for _, f := range c.Drift {
		if f.Drifted {
			drifted = append(drifted, describeDrift(f))
		}
	}
	list(drifted)
	if c.Diff != "" {
		lines := strings.Split(strings.TrimRight(cleanText(c.Diff), "\n"), "\n")
		more := 0
		if len(lines) > mdMaxDiff {
			more = len(lines) - mdMaxDiff
			lines = lines[:mdMaxDiff]
		}
		fence := "```"
		for strings.Contains(strings.Join(lines, "\n"), fence) {
			fence += "`"
		}
		b.WriteString("\n" + fence + "diff\n" + strings.Join(lines, "\n") + "\n" + fence + "\n")
		if more > 0 {
			fmt.Fprintf(b, "… %d more diff lines in report.html\n", more)
		}
	}
}

// mdText escapes s for a Markdown table cell or paragraph: control
// characters removed, one line, the characters Markdown and inline HTML
// give meaning to backslash-escaped or written as entities.
func mdText(s string) string {
	s = oneLine(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\\', '`', '*', '_', '[', ']', '|', '#', '~', '!', '{', '}':
			b.WriteRune('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func statusEmoji(s Status) string {
	switch s {
	case Pass:
		return "✅"
	case Warn:
		return "⚠️"
	case Fail:
		return "❌"
	default:
		return "⛔"
	}
}

// label is the status as printed; an unknown status prints as error, the
// rank it has.
func (s Status) label() string {
	switch s {
	case Pass, Warn, Fail:
		return string(s)
	default:
		return string(Error)
	}
}

// statusWord says what the run's status means for the merge.
func statusWord(s Status) string {
	switch s {
	case Pass:
		return "passed"
	case Warn:
		return "passed with warnings"
	case Fail:
		return "failed"
	default:
		return "could not run every check"
	}
}

func suiteName(r Report) string {
	if r.Suite != "" {
		return r.Suite
	}
	return "suite"
}
