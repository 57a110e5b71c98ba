package report

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// TableOption changes how WriteTable prints. The zero set prints plain text.
type TableOption interface{ apply(*tableConfig) }

type tableConfig struct{ color bool }

type colorOption bool

func (o colorOption) apply(c *tableConfig) { c.color = bool(o) }

// Color colours the status column with ANSI escapes (green pass, yellow
// warn, red fail, magenta error), for a terminal; the caller decides
// whether its output is one.
func Color(on bool) TableOption { return colorOption(on) }

// WriteTable writes the terminal summary of a run: one aligned row per
// check (name, kind, status, message) in suite order, then a line with the
// counts and the overall status. Names and messages are cleaned of control
// characters and ANSI escapes, so that a message cannot repaint the
// terminal.
func WriteTable(w io.Writer, r Report, opts ...TableOption) error {
	var cfg tableConfig
	for _, o := range opts {
		o.apply(&cfg)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := "STATUS"
	if cfg.color {
		header = "\x1b[39m" + header + "\x1b[0m" // as many escape bytes as a painted status
	}
	fmt.Fprintf(tw, "CHECK\tKIND\t%s\tMESSAGE\n", header)
	for _, c := range r.Checks {
		// The colour codes go around a status padded to a fixed width,
		// because tabwriter counts their bytes as text.
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", oneLine(c.Name), oneLine(c.Kind), cfg.paint(c.Status, fmt.Sprintf("%-5s", c.Status.label())), oneLine(c.Message))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	n := countStatuses(r.Checks)
	s := overallStatus(r)
	_, err := fmt.Fprintf(w, "\n%s: %s: %d passed, %d warned, %d failed, %d could not run in %s: %s\n",
		oneLine(suiteName(r)), checksCount(len(r.Checks)), n.Pass, n.Warn, n.Fail, n.Error, formatDuration(r.Duration),
		cfg.paint(s, statusWord(s)))
	return err
}

func (c tableConfig) paint(s Status, text string) string {
	if !c.color {
		return text
	}
	code := "35" // magenta: error
	switch s {
	case Pass:
		code = "32"
	case Warn:
		code = "33"
	case Fail:
		code = "31"
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}
