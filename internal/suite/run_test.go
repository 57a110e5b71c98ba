package suite

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/mltest/mltest/internal/report"
)

func bound(x float64) *Bound { return &Bound{Offset: x, Text: strconv.FormatFloat(x, 'g', -1, 64)} }
func relBound(off float64) *Bound {
	return &Bound{Baseline: true, Offset: off, Text: fmt.Sprintf("baseline %+g", off)}
}
func fptr(x float64) *float64 { return &x }
func fig(v, lo, hi float64) measured {
	return measured{n: 100, gated: true, value: v, defined: true, hasInterval: lo != hi, lo: lo, hi: hi}
}

func TestJudge(t *testing.T) {
	bl := &Baseline{Values: []BaselineValue{{Check: "c", Metric: "roc_auc", Value: 0.80}, {Check: "c", Metric: "log_loss", Value: 0.40}}}
	cases := []struct {
		name       string
		metric     string
		th         Threshold
		requireInt bool
		f          measured
		bl         *Baseline
		pass       bool
		noBase     bool
		note       string
	}{
		{"min holds", "roc_auc", Threshold{Min: bound(0.7)}, false, fig(0.75, 0, 0), nil, true, false, ""},
		{"min fails", "roc_auc", Threshold{Min: bound(0.8)}, false, fig(0.75, 0, 0), nil, false, false, "value 0.75 not >= 0.8 (min: 0.8)"},
		{"min on equality holds", "roc_auc", Threshold{Min: bound(0.75)}, false, fig(0.75, 0, 0), nil, true, false, ""},
		{"max fails", "log_loss", Threshold{Max: bound(0.3)}, false, fig(0.35, 0, 0), nil, false, false, "value 0.35 not <= 0.3 (max: 0.3)"},
		{"interval lower bound fails", "roc_auc", Threshold{Min: bound(0.7)}, true, fig(0.75, 0.69, 0.8), nil, false, false, "interval lower bound 0.69 not >= 0.7 (min: 0.7)"},
		{"interval lower bound holds", "roc_auc", Threshold{Min: bound(0.7)}, true, fig(0.75, 0.71, 0.8), nil, true, false, ""},
		{"interval upper bound for max", "log_loss", Threshold{Max: bound(0.5)}, true, fig(0.45, 0.4, 0.52), nil, false, false, "interval upper bound 0.52 not <= 0.5 (max: 0.5)"},
		{"interval not required", "roc_auc", Threshold{Min: bound(0.7)}, false, fig(0.75, 0.6, 0.8), nil, true, false, ""},
		{"baseline relative holds", "roc_auc", Threshold{Min: relBound(-0.01)}, false, fig(0.795, 0, 0), bl, true, false, ""},
		{"baseline relative fails", "roc_auc", Threshold{Min: relBound(-0.01)}, false, fig(0.785, 0, 0), bl, false, false, "value 0.785 not >= 0.79 (min: baseline -0.01)"},
		{"max_drop higher is better", "roc_auc", Threshold{MaxDrop: fptr(0.02)}, false, fig(0.77, 0, 0), bl, false, false, "value 0.77 not >= 0.78 (max_drop: 0.02)"},
		{"max_drop loss", "log_loss", Threshold{MaxDrop: fptr(0.02)}, false, fig(0.43, 0, 0), bl, false, false, "value 0.43 not <= 0.42 (max_drop: 0.02)"},
		{"max_drop loss improves", "log_loss", Threshold{MaxDrop: fptr(0.02)}, false, fig(0.30, 0, 0), bl, true, false, ""},
		{"direction overrides", "roc_auc", Threshold{MaxDrop: fptr(0.02), Direction: "lower"}, false, fig(0.83, 0, 0), bl, false, false, "value 0.83 not <= 0.82 (max_drop: 0.02)"},
		{"no baseline", "roc_auc", Threshold{Min: bound(0.5), MaxDrop: fptr(0.02)}, false, fig(0.77, 0, 0), nil, true, true, "no baseline value: max_drop: 0.02 not applied"},
		{"undefined fails", "roc_auc", Threshold{Min: bound(0.5)}, false, measured{n: 50, gated: true, reason: "one class"}, nil, false, false, "undefined: one class"},
		{"not gated passes", "roc_auc", Threshold{Min: bound(0.9)}, false, measured{n: 5, gated: false, value: 0.1, defined: true}, nil, true, false, "not gated: n=5 < min_slice_n 30"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := &MetricCheck{Metric: tc.metric, Threshold: tc.th, RequireInterval: tc.requireInt, MinSliceN: 30}
			v, noBase := m.judge("c", tc.f, tc.bl)
			if v.Pass != tc.pass || noBase != tc.noBase || v.Note != tc.note {
				t.Errorf("pass %v noBaseline %v note %q; want %v %v %q", v.Pass, noBase, v.Note, tc.pass, tc.noBase, tc.note)
			}
			if tc.f.defined != (v.Value != nil) {
				t.Errorf("value %v for defined=%v", v.Value, tc.f.defined)
			}
		})
	}
}

// writeSuite writes a suite next to the package's testdata files.
func writeSuite(t *testing.T, text string) *Suite {
	t.Helper()
	abs, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse([]byte(text), "s.yaml", LoadOptions{Dir: abs})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRankingMetricMatchesTrecEval checks the ranking metric check against
// trec_eval 10's output on the example files: `trec_eval -m map
// examples/data/ranking.qrels examples/data/ranking.run` prints 0.6380 and
// `-m ndcg_cut.10` 0.7187.
func TestRankingMetricMatchesTrecEval(t *testing.T) {
	s := writeSuite(t, `name: r
data:
  r: {qrels: ../../../examples/data/ranking.qrels, run: ../../../examples/data/ranking.run}
checks:
  - {name: map, type: metric, data: r, metric: map, threshold: {min: 0}}
  - {name: ndcg, type: metric, data: r, metric: ndcg_cut_10, threshold: {min: 0}}
`)
	rep := Run(context.Background(), s, Options{})
	for i, want := range []string{"0.6380", "0.7187"} {
		c := rep.Checks[i]
		if c.Status != report.Pass {
			t.Fatalf("%s: %s %s", c.Name, c.Status, c.Message)
		}
		if got := fmt.Sprintf("%.4f", *c.Values[0].Value); got != want {
			t.Errorf("%s = %s, trec_eval prints %s", c.Name, got, want)
		}
	}
}

func TestRunStatuses(t *testing.T) {
	s := writeSuite(t, `name: statuses
concurrency: 2
data:
  p: {path: preds.csv, label: label, score: score, id: id, slices: [device]}
  b: {path: preds_b.csv, label: label, score: score, id: id}
checks:
  - {name: pass, type: metric, data: p, task: binary, metric: roc_auc, threshold: {min: 0.5}}
  - {name: fail, type: metric, data: p, task: binary, metric: roc_auc, threshold: {min: 0.99}, per_slice: true, min_slice_n: 1}
  - {name: warn, type: metric, severity: warn, data: p, task: binary, metric: roc_auc, threshold: {min: 0.99}}
  - {name: nobase, type: metric, data: p, task: binary, metric: roc_auc, threshold: {min: baseline}}
  - {name: golden, type: golden, file: out.txt, golden: golden.txt}
  - {name: cmp, type: compare, baseline: b, candidate: p, task: binary, metrics: [roc_auc], require_better: [roc_auc], bootstrap: 50}
`)
	var calls int
	rep := Run(context.Background(), s, Options{Progress: func(done, total int, name string, finished bool) { calls++ }})
	want := []report.Status{report.Pass, report.Fail, report.Warn, report.Warn, report.Pass, report.Fail}
	for i, c := range rep.Checks {
		if c.Status != want[i] {
			t.Errorf("%s: %s (%s), want %s", c.Name, c.Status, c.Message, want[i])
		}
	}
	if rep.Status != report.Fail || calls != 2*len(s.Checks) {
		t.Errorf("status %s, progress calls %d", rep.Status, calls)
	}
	// 8 rows: web a1 a2 a5 a7, ios a3 a4 a6 a8; overall AUC with weights.
	if n := len(rep.Checks[1].Values); n != 3 {
		t.Errorf("fail check has %d values, want overall + 2 slices", n)
	}
	if !strings.Contains(rep.Checks[5].Message, "not significantly better") {
		t.Errorf("compare message %q", rep.Checks[5].Message)
	}
	if err := report.Validate(*rep); err != nil {
		t.Error(err)
	}
}

func TestRunCancelled(t *testing.T) {
	s := writeSuite(t, "name: c\nchecks:\n  - {name: g, type: golden, file: out.txt, golden: golden.txt}\n")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep := Run(ctx, s, Options{})
	if rep.Checks[0].Status != report.Error || !strings.Contains(rep.Checks[0].Message, "not run") {
		t.Errorf("%+v", rep.Checks[0])
	}
}

func TestUnifiedDiff(t *testing.T) {
	if d := UnifiedDiff("a", "b", "x\n", "x\n", 3); d != "" {
		t.Errorf("equal texts: %q", d)
	}
	got := UnifiedDiff("want", "got", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n", 2)
	want := "--- want\n+++ got\n@@ -3,5 +3,5 @@\n 3\n 4\n-5\n+five\n 6\n 7\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	got = UnifiedDiff("want", "got", "a\n", "a\nb", 3)
	want = "--- want\n+++ got\n@@ -1 +1,2 @@\n a\n+b\n\\ No newline at end of file\n"
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	got = UnifiedDiff("want", "got", "", "a\n", 3)
	if want = "--- want\n+++ got\n@@ -0,0 +1 @@\n+a\n"; got != want {
		t.Errorf("got %q want %q", got, want)
	}
}

// TestUnifiedDiffApplies checks on random texts that applying the diff's
// hunks to a gives b, and that the edit is minimal (an LCS edit).
func TestUnifiedDiffApplies(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		gen := rapid.SliceOfN(rapid.SampledFrom([]string{"a", "b", "c", "d"}), 0, 30)
		la, lb := gen.Draw(t, "a"), gen.Draw(t, "b")
		a, b := joinLines(la), joinLines(lb)
		d := UnifiedDiff("a", "b", a, b, rapid.IntRange(0, 3).Draw(t, "context"))
		if a == b {
			if d != "" {
				t.Fatalf("diff of equal texts: %q", d)
			}
			return
		}
		got, changed := applyDiff(t, la, d)
		if joinLines(got) != b {
			t.Fatalf("applying\n%s\nto %q gives %q, want %q", d, la, got, lb)
		}
		if want := len(la) + len(lb) - 2*lcsLen(la, lb); changed != want {
			t.Fatalf("%d changed lines, minimal is %d:\n%s", changed, want, d)
		}
	})
}

func joinLines(ls []string) string {
	if len(ls) == 0 {
		return ""
	}
	return strings.Join(ls, "\n") + "\n"
}

func lcsLen(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

// applyDiff applies a unified diff's hunks to a, checking hunk headers.
func applyDiff(t *rapid.T, a []string, d string) ([]string, int) {
	lines := strings.Split(strings.TrimSuffix(d, "\n"), "\n")[2:]
	var out []string
	pos, changed := 0, 0
	for i := 0; i < len(lines); {
		var as, ac, bs, bc int
		h := lines[i]
		if _, err := fmt.Sscanf(strings.NewReplacer(",", " ", "-", "", "+", "").Replace(h), "@@ %d %d %d %d @@", &as, &ac, &bs, &bc); err != nil {
			// one-line ranges omit the count
			parts := strings.Fields(strings.NewReplacer("-", "", "+", "").Replace(h))
			parse := func(s string) (int, int) {
				x, c, ok := strings.Cut(s, ",")
				n, _ := strconv.Atoi(x)
				if !ok {
					return n, 1
				}
				m, _ := strconv.Atoi(c)
				return n, m
			}
			as, ac = parse(parts[1])
			bs, bc = parse(parts[2])
		}
		start := as - 1
		if ac == 0 {
			start = as
		}
		if start < pos {
			t.Fatalf("hunk %q overlaps the previous one", h)
		}
		out = append(out, a[pos:start]...)
		pos = start
		i++
		gotA, gotB := 0, 0
		for ; i < len(lines) && !strings.HasPrefix(lines[i], "@@"); i++ {
			l := lines[i]
			switch l[0] {
			case ' ':
				if a[pos] != l[1:] {
					t.Fatalf("context %q != %q", l[1:], a[pos])
				}
				out = append(out, a[pos])
				pos++
				gotA++
				gotB++
			case '-':
				if a[pos] != l[1:] {
					t.Fatalf("deleted %q != %q", l[1:], a[pos])
				}
				pos++
				gotA++
				changed++
			case '+':
				out = append(out, l[1:])
				gotB++
				changed++
			}
		}
		if gotA != ac || gotB != bc {
			t.Fatalf("hunk %q counts %d,%d lines", h, gotA, gotB)
		}
	}
	return append(out, a[pos:]...), changed
}

func TestDiffHistogram(t *testing.T) {
	bins := diffHistogram([]float64{0, 1e-12, 3e-12, 0.5, math.Inf(1)})
	want := []report.Bin{{Lo: -17, Hi: -16, Count: 1}}
	for lo := -16.0; lo < 0; lo++ {
		want = append(want, report.Bin{Lo: lo, Hi: lo + 1})
	}
	want[-12+17].Count = 2
	want[-1+17].Count = 1
	if fmt.Sprint(bins) != fmt.Sprint(want) {
		t.Errorf("got %v\nwant %v", bins, want)
	}
	if len(diffHistogram(nil)) != 0 {
		t.Error("empty diffs")
	}
}

func TestBaselineRoundTrip(t *testing.T) {
	s := writeSuite(t, `name: b
model_version: v3
data:
  p: {path: preds.csv, label: label, score: score, slices: [device]}
checks:
  - {name: auc, type: metric, data: p, task: binary, metric: roc_auc, threshold: {min: 0}, per_slice: true, min_slice_n: 1}
  - {name: g, type: golden, file: out.txt, golden: golden.txt}
`)
	rep := Run(context.Background(), s, Options{})
	hash, err := DataHash(s)
	if err != nil {
		t.Fatal(err)
	}
	b := NewBaseline(s, rep, hash, rep.Started)
	path := filepath.Join(t.TempDir(), "b.json")
	if err := b.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	got, err := ReadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(b) || len(got.Values) != 3 {
		t.Errorf("read back %+v\nwrote %+v", got, b)
	}
	if v, ok := got.Lookup("auc", "roc_auc", "device=web"); !ok || v != *rep.Checks[0].Values[1].Value && v != *rep.Checks[0].Values[2].Value {
		t.Errorf("Lookup web = %v %v", v, ok)
	}
	if m := got.Mismatch(s, hash); len(m) != 0 {
		t.Errorf("mismatch with itself: %v", m)
	}
	s.ModelVersion = "v4"
	if m := got.Mismatch(s, "ff"); len(m) != 2 {
		t.Errorf("mismatch = %v, want data hash and model version", m)
	}
	for name, text := range map[string]string{
		"version": `{"version": 2, "provenance": {}, "values": []}`,
		"field":   `{"version": 1, "values": [], "x": 1}`,
		"value":   `{"version": 1, "values": [{"check": "a", "metric": "m"}, {"check": "", "metric": "m", "value": 1}]}`,
	} {
		p := filepath.Join(t.TempDir(), name+".json")
		os.WriteFile(p, []byte(text), 0o644)
		if _, err := ReadBaseline(p); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestTableTasksMatchEval checks metric checks of the multiclass and
// regression tasks against `mltest eval` on the same files (whose values the
// eval tests hold to scikit-learn): accuracy 0.7333333333333333 and rmse
// 1.17822161497742.
func TestTableTasksMatchEval(t *testing.T) {
	s := writeSuite(t, `name: tasks
data:
  multi: {path: ../../../examples/data/multiclass.jsonl, label: label, score: probs, classes: [cat, dog, bird]}
  reg: {path: ../../../examples/data/regression.csv, label: target, score: prediction}
checks:
  - {name: acc, type: metric, data: multi, task: multiclass, metric: accuracy, threshold: {min: 0.7}}
  - {name: rmse, type: metric, data: reg, task: regression, metric: rmse, threshold: {max: 1}}
`)
	rep := Run(context.Background(), s, Options{})
	if c := rep.Checks[0]; c.Status != report.Pass || *c.Values[0].Value != 0.7333333333333333 {
		t.Errorf("acc: %s %s", c.Status, c.Message)
	}
	if c := rep.Checks[1]; c.Status != report.Fail || *c.Values[0].Value != 1.17822161497742 || c.Message != "rmse: value 1.17822 not <= 1 (max: 1)" {
		t.Errorf("rmse: %s %q", c.Status, c.Message)
	}
}

// TestUnifiedDiffFarApart: texts more than maxDiffEdits apart are shown as
// one replaced block between their common prefix and suffix.
func TestUnifiedDiffFarApart(t *testing.T) {
	var a, b strings.Builder
	a.WriteString("same\n")
	b.WriteString("same\n")
	for i := range 1500 {
		fmt.Fprintf(&a, "a%d\n", i)
		fmt.Fprintf(&b, "b%d\n", i)
	}
	a.WriteString("end\n")
	b.WriteString("end\n")
	d := UnifiedDiff("a", "b", a.String(), b.String(), 1)
	if !strings.HasPrefix(d, "--- a\n+++ b\n@@ -1,1502 +1,1502 @@\n same\n-a0\n") || !strings.HasSuffix(d, "+b1499\n end\n") || strings.Count(d, "\n-") != 1500 {
		t.Errorf("diff starts %q ends %q", d[:60], d[len(d)-30:])
	}
}
