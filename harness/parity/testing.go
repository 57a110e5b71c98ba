package parity

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/mltest/mltest/harness/serving"
)

// Equal compares offline and online on rows and fails t, listing the worst
// mismatches with their inputs and stage and every failure, unless every row
// matched. It returns the Result for further checks.
func Equal(t testing.TB, ctx context.Context, rows []serving.Row, offline, online serving.Predictor, opt Options) Result {
	t.Helper()
	res := Compare(ctx, rows, offline, online, opt)
	Require(t, res)
	return res
}

// Require fails t unless res has no mismatch and no failure; the message
// names the first differing stage and shows the worst mismatches (at most 10)
// with the inputs that produced them, and the first failures.
func Require(t testing.TB, res Result) {
	t.Helper()
	if res.Mismatched == 0 && res.Failed == 0 {
		return
	}
	t.Error(res.Summary(10))
}

// Summary describes res in a few lines for a person: counts, the first
// differing stage, and up to max worst mismatches and failures.
func (res Result) Summary(max int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "parity: %d requests: %d matched, %d mismatched, %d failed", res.N, res.Matched, res.Mismatched, res.Failed)
	if res.FirstStage != "" {
		fmt.Fprintf(&b, "; first stage that differs: %s (rows by first differing stage: %v)", res.FirstStage, res.StageRows)
	}
	if len(res.Noise) > 0 {
		fmt.Fprintf(&b, "; %d nondeterministic outputs ignored", len(res.Noise))
	}
	for i, m := range res.Mismatches {
		if i == max {
			fmt.Fprintf(&b, "\n  ... and %d more mismatches", len(res.Mismatches)-max)
			break
		}
		b.WriteString("\n  ")
		b.WriteString(m.String())
	}
	for i, f := range res.Failures {
		if i == max {
			fmt.Fprintf(&b, "\n  ... and %d more failures", len(res.Failures)-max)
			break
		}
		fmt.Fprintf(&b, "\n  id %s: failed: %s", f.ID, f.Error)
	}
	return b.String()
}

// String describes one mismatch on one line.
func (m Mismatch) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "id %s output %s", m.ID, m.Output)
	if m.Stage != "" {
		fmt.Fprintf(&b, " (stage %s)", m.Stage)
	}
	switch m.Kind {
	case "missing":
		b.WriteString(": missing online")
	case "shape":
		fmt.Fprintf(&b, ": shape offline %v, online %v", m.Offline, m.Online)
	case "list":
		fmt.Fprintf(&b, ": ranked list differs at %d of its positions (first at %d)", m.Elements, m.Index)
		if m.List != nil {
			fmt.Fprintf(&b, "; top-%d overlap %.3g, Kendall tau %.3g, RBO %.3g", m.List.K, m.List.TopKOverlap, m.List.KendallTau, m.List.RBO)
		}
		fmt.Fprintf(&b, "; offline %v, online %v", m.Offline, m.Online)
	default:
		if m.Index >= 0 {
			fmt.Fprintf(&b, "[%d]", m.Index)
		}
		fmt.Fprintf(&b, ": offline %v, online %v, |diff| %.3g", m.Offline, m.Online, m.AbsDiff)
		if m.Elements > 1 {
			fmt.Fprintf(&b, " (%d elements differ)", m.Elements)
		}
	}
	if len(m.Inputs) > 0 {
		fmt.Fprintf(&b, "; inputs %v", m.Inputs)
	}
	return b.String()
}

// Func adapts a function into a serving.Predictor: an in-process model that
// maps one row's inputs to its outputs.
type Func func(ctx context.Context, row serving.Row) (map[string]serving.Value, error)

// Predict calls f on each row.
func (f Func) Predict(ctx context.Context, rows []serving.Row) []serving.Outcome {
	out := make([]serving.Outcome, len(rows))
	for i, r := range rows {
		out[i].ID, out[i].Attempts = r.ID, 1
		out[i].Outputs, out[i].Err = f(ctx, r)
		if out[i].Err != nil {
			out[i].Outputs = nil
		}
	}
	return out
}
