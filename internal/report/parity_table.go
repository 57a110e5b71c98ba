package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/mltest/mltest/harness/parity"
)

// WriteParityTable writes what `mltest parity` prints for people: the
// counts, the ids without a partner, the largest |diff|, the first stage
// that differs, ranked-list agreement, the noise floor, latency, then the
// worst show mismatches (one aligned row each, values cut at 40
// characters) and the first show failed requests with their errors.
func WriteParityTable(w io.Writer, res parity.Result, show int) error {
	var b strings.Builder
	fmt.Fprintf(&b, "requests    %d\nmatched     %d\nmismatched  %d\nfailed      %d\n", res.N, res.Matched, res.Mismatched, res.Failed)
	if len(res.MissingOffline) > 0 {
		fmt.Fprintf(&b, "missing offline  %d: %s\n", len(res.MissingOffline), firstIDs(res.MissingOffline, 10))
	}
	if len(res.MissingOnline) > 0 {
		fmt.Fprintf(&b, "not requested    %d offline rows: %s\n", len(res.MissingOnline), firstIDs(res.MissingOnline, 10))
	}
	fmt.Fprintf(&b, "max |diff|  %s\n", formatDiff(res.MaxAbsDiff))
	if res.FirstStage != "" {
		fmt.Fprintf(&b, "first stage that differs: %s  (rows by first differing stage: %v)\n", res.FirstStage, res.StageRows)
	}
	for _, name := range sortedKeys(res.Lists) {
		l := res.Lists[name]
		fmt.Fprintf(&b, "list %s: mean top-k overlap %.4f, Kendall tau %.4f, RBO %.4f over %d rows\n", name, l.TopKOverlap, l.KendallTau, l.RBO, l.Rows)
	}
	if len(res.Noise) > 0 {
		fmt.Fprintf(&b, "nondeterministic online outputs (not counted as mismatches): %d\n", len(res.Noise))
	}
	fmt.Fprintf(&b, "latency ms  p50 %.2f  p95 %.2f  p99 %.2f\n", res.Latency.P50, res.Latency.P95, res.Latency.P99)
	if len(res.Mismatches) > 0 {
		fmt.Fprintf(&b, "\nworst mismatches (%d of %d):\n", min(show, len(res.Mismatches)), len(res.Mismatches))
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "id\toutput\tstage\tkind\toffline\tonline\t|diff|")
		for _, m := range firstOf(res.Mismatches, show) {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", m.ID, mismatchOutput(m), orDash(m.Stage), m.Kind,
				formatCell(m.Offline), formatCell(m.Online), formatDiff(m.AbsDiff))
		}
		tw.Flush()
	}
	if len(res.Failures) > 0 {
		fmt.Fprintf(&b, "\nfailed requests (%d):\n", len(res.Failures))
		shown := firstOf(res.Failures, show)
		for _, f := range shown {
			fmt.Fprintf(&b, "  %s: %s\n", f.ID, f.Error)
		}
		if left := len(res.Failures) - len(shown); left > 0 {
			fmt.Fprintf(&b, "  ... and %d more\n", left)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mismatchOutput names the output of m, with the index of the worst
// element of a tensor that differs in value: "scores[3]".
func mismatchOutput(m parity.Mismatch) string {
	if m.Index >= 0 && m.Kind == "value" {
		return m.Output + "[" + strconv.Itoa(m.Index) + "]"
	}
	return m.Output
}

// firstOf returns the first n items, or all of them when n is negative
// (--show -1) or at least their number.
func firstOf[T any](items []T, n int) []T {
	if n >= 0 && n < len(items) {
		return items[:n]
	}
	return items
}

// firstIDs joins the first n ids with spaces and says how many it left out.
func firstIDs(ids []string, n int) string {
	if len(ids) <= n {
		return strings.Join(ids, " ")
	}
	return strings.Join(ids[:n], " ") + fmt.Sprintf(" ... (%d more)", len(ids)-n)
}
