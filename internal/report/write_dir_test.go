package report

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWriteDirWritesTheFourReports(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "mltest-report")
	r := sampleReport()
	if err := WriteDir(dir, r); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]byte{
		HTMLFile: render(t, WriteHTML, r), JUnitFile: render(t, WriteJUnit, r),
		JSONFile: render(t, WriteJSON, r), MarkdownFile: render(t, WriteMarkdown, r),
	} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what its writer writes", name)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("%d files in the report directory, want 4 (no temporary files left)", len(entries))
	}
}

func TestJSONRoundTrip(t *testing.T) {
	r := sampleReport()
	var back Report
	if err := json.Unmarshal(render(t, WriteJSON, r), &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, back); diff != "" {
		t.Errorf("report.json does not read back as the report (-want +got):\n%s", diff)
	}
	var raw map[string]any
	if err := json.Unmarshal(render(t, WriteJSON, Report{Suite: "s"}), &raw); err != nil {
		t.Fatal(err)
	}
	if raw["version"] != float64(Version) || raw["status"] != "pass" || raw["checks"] == nil {
		t.Errorf("an empty report reads %v; want version %d, status pass, checks []", raw, Version)
	}
}

func TestNonFiniteFiguresAreRefused(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		edit func(*Report)
		want string
	}{
		{func(r *Report) { r.Checks[0].Values[0].Value = &nan }, `check "auc-overall": values[0].value is NaN`},
		{func(r *Report) { r.Checks[0].Values[1].Interval = &[2]float64{0, inf} }, `check "auc-overall": values[1].interval[1] is +Inf`},
		{func(r *Report) { r.Checks[0].Curves.PR.Y[7] = nan }, `check "auc-overall": curves.pr.y[7] is NaN`},
		{func(r *Report) { r.Checks[2].Deltas[1].Delta = nan }, `check "ndcg-vs-baseline": deltas[1].delta is NaN`},
		{func(r *Report) { r.Checks[3].Parity.MaxAbsDiff = inf }, `check "serving-parity": parity.max_abs_diff is +Inf`},
		{func(r *Report) { r.Checks[5].Drift[2].Stats["psi"] = nan }, `check "feature-drift": drift[2].stats.psi is NaN`},
	}
	for _, c := range cases {
		r := sampleReport()
		c.edit(&r)
		err := WriteJSON(new(bytes.Buffer), r)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("WriteJSON error %v, want one containing %q", err, c.want)
		}
	}

	// WriteDir still writes what it can, and says what it could not.
	r := sampleReport()
	r.Checks[0].Values[0].Value = &nan
	dir := t.TempDir()
	err := WriteDir(dir, r)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, JSONFile)) {
		t.Fatalf("WriteDir error %v, want one naming report.json", err)
	}
	for _, name := range []string{HTMLFile, JUnitFile, MarkdownFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s not written: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, JSONFile)); !os.IsNotExist(err) {
		t.Errorf("report.json written despite a NaN: %v", err)
	}
}

func TestAppendGitHubSummary(t *testing.T) {
	r := sampleReport()
	md := string(render(t, WriteMarkdown, r))

	t.Setenv(GitHubSummaryEnv, "")
	if err := AppendGitHubSummary(r); err != nil {
		t.Errorf("with $%s unset: %v, want nil", GitHubSummaryEnv, err)
	}

	path := filepath.Join(t.TempDir(), "step_summary.md")
	if err := os.WriteFile(path, []byte("earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(GitHubSummaryEnv, path)
	for range 2 {
		if err := AppendGitHubSummary(r); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := os.ReadFile(path)
	if want := "earlier step\n" + md + "\n" + md + "\n"; string(got) != want {
		t.Errorf("step summary:\n%s\nwant the earlier content and the summary twice", got)
	}

	t.Setenv(GitHubSummaryEnv, filepath.Join(t.TempDir(), "missing-dir", "x.md"))
	if err := AppendGitHubSummary(r); err == nil || !strings.Contains(err.Error(), GitHubSummaryEnv) {
		t.Errorf("unwritable summary file: error %v, want one naming $%s", err, GitHubSummaryEnv)
	}
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

func TestWriteTableColor(t *testing.T) {
	r := sampleReport()
	var plain, color bytes.Buffer
	if err := WriteTable(&plain, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteTable(&color, r, Color(true)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b") {
		t.Error("the plain table has escape codes")
	}
	if !strings.Contains(color.String(), "\x1b[31mfail \x1b[0m") || !strings.Contains(color.String(), "\x1b[35merror\x1b[0m") {
		t.Errorf("the coloured table lacks red fail or magenta error:\n%q", color.String())
	}
	// Without its escape codes, the coloured table is the plain one: the
	// colours do not shift a column.
	if got := ansi.ReplaceAllString(color.String(), ""); got != plain.String() {
		t.Errorf("coloured table, uncoloured, differs from the plain one:\n%s", cmp.Diff(plain.String(), got))
	}
}

func TestMarkdownStaysShort(t *testing.T) {
	r := Report{Suite: "huge"}
	var worst []ParityRow
	for i := range 100 {
		worst = append(worst, ParityRow{ID: "row" + itoa(i), Output: "out", Offline: "1", Online: "2", AbsDiff: 1})
	}
	var values []Value
	for i := range 100 {
		values = append(values, Value{Metric: "auc", Slice: "s=" + itoa(i), Value: new(float64), Pass: false})
	}
	for i := range 2000 {
		r.Checks = append(r.Checks, Check{Name: "check" + itoa(i), Kind: "parity", Status: Fail,
			Message: strings.Repeat("long message ", 100), Values: values, Parity: &ParityDetail{Worst: worst}})
	}
	md := string(render(t, WriteMarkdown, r))
	if len(md) > summaryLimit+1000 {
		t.Errorf("summary.md is %d bytes, want about %d at most", len(md), summaryLimit)
	}
	if !strings.Contains(md, "see report.html") {
		t.Error("summary.md does not say it was cut")
	}

	r.Checks = r.Checks[:1]
	md = string(render(t, WriteMarkdown, r))
	if n := strings.Count(md, "| row"); n != mdMaxRows {
		t.Errorf("%d worst rows listed, want %d", n, mdMaxRows)
	}
	if !strings.Contains(md, "| … 90 more |") || !strings.Contains(md, "- … and 80 more") {
		t.Errorf("summary.md does not count what it left out:\n%s", md)
	}
}

func TestHTMLShowsFailedChecksFirst(t *testing.T) {
	html := string(render(t, WriteHTML, sampleReport()))
	var order []string
	for _, m := range regexp.MustCompile(`<section class="check [a-z]+" id="check-[0-9]+" data-check="([^"]+)"`).FindAllStringSubmatch(html, -1) {
		order = append(order, m[1])
	}
	want := []string{"latency-endpoint", "auc-per-device", "serving-parity", "encode-golden", "policy-ope", "ndcg-vs-baseline", "feature-drift", "auc-overall", "ranker-interleave"}
	if diff := cmp.Diff(want, order); diff != "" {
		t.Errorf("section order (-want +got):\n%s", diff)
	}
	for _, s := range []string{`default-src 'none'`, `<figure class="plot" data-check="auc-overall" data-plot="roc">`} {
		if !strings.Contains(html, s) {
			t.Errorf("report.html lacks %q", s)
		}
	}
	if regexp.MustCompile(`(?i)(src|href)="(https?:)?//`).MatchString(html) {
		t.Error("report.html refers to a remote resource")
	}
}

func TestHTMLPlotsCapTheirRows(t *testing.T) {
	var values []Value
	for i := range 100 {
		v := float64(i) / 100
		values = append(values, Value{Metric: "auc", Slice: "s=" + itoa(i), Value: &v, Pass: i != 77})
	}
	r := Report{Suite: "wide", Checks: []Check{{Name: "c", Kind: "metric", Status: Fail, Values: values}}}
	html := string(render(t, WriteHTML, r))
	svg := html[strings.Index(html, `data-plot="slices"`):]
	svg = svg[:strings.Index(svg, "</figure>")]
	if n := strings.Count(svg, `<circle class="dot`); n != maxPlotRows {
		t.Errorf("%d dots drawn, want %d", n, maxPlotRows)
	}
	if !strings.Contains(svg, `<circle class="dot fail"`) || !strings.Contains(svg, "40 of 100 slices drawn") {
		t.Error("the capped plot lost the failing slice or does not say it is capped")
	}
	if n := strings.Count(html, "<td>s="); n != 100 {
		t.Errorf("the values table lists %d slices, want all 100", n)
	}
}
