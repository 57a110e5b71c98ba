package report

import (
	"fmt"
	"strings"
)

// checkDetails are the lines that explain a check's outcome in the text
// outputs (JUnit, Markdown): the values that failed (all values when none
// failed), the deltas, the parity counts and worst rows, the drifted
// features and the golden diff. At most limit lines come from any one list,
// with a line saying how many more there are, so that one check with
// thousands of slices cannot bury the rest.
func checkDetails(c Check, limit int) []string {
	var lines []string
	add := func(items []string) {
		for i, s := range items {
			if i == limit {
				lines = append(lines, fmt.Sprintf("... and %d more", len(items)-limit))
				break
			}
			lines = append(lines, s)
		}
	}
	var failing, all []string
	for _, v := range c.Values {
		all = append(all, describeValue(v))
		if !v.Pass {
			failing = append(failing, describeValue(v))
		}
	}
	if len(failing) > 0 && c.Status != Pass {
		add(failing)
	} else {
		add(all)
	}
	var deltas []string
	for _, d := range c.Deltas {
		deltas = append(deltas, describeDelta(d))
	}
	add(deltas)
	if p := c.Parity; p != nil {
		lines = append(lines, parityCounts(*p))
		var rows []string
		for _, row := range p.Worst {
			rows = append(rows, describeParityRow(row))
		}
		add(rows)
	}
	var drifted []string
	for _, f := range c.Drift {
		if f.Drifted {
			drifted = append(drifted, "drifted: "+describeDrift(f))
		}
	}
	add(drifted)
	if c.Diff != "" {
		add(strings.Split(strings.TrimRight(cleanText(c.Diff), "\n"), "\n"))
	}
	return lines
}

// parityCounts is the one-line summary of a parity check.
func parityCounts(p ParityDetail) string {
	s := fmt.Sprintf("parity: %d rows, %d matched, %d mismatched, %d failed, max |diff| %s",
		p.N, p.Matched, p.Mismatched, p.Failed, formatNumber(p.MaxAbsDiff))
	if p.FirstStage != "" {
		s += ", first differing stage " + oneLine(p.FirstStage)
	}
	return s
}
