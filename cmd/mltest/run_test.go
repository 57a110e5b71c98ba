package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mltest/mltest/harness/serving"
)

// doubleServer serves y = 2x over OIP v2 as model "double"; off adds off to
// every answer (a skewed server).
func doubleServer(t *testing.T, off float64) string {
	t.Helper()
	m := serving.Model{Name: "double",
		Inputs:  []serving.TensorSpec{{Name: "x", Shape: []int{}}},
		Outputs: []serving.TensorSpec{{Name: "y", Shape: []int{}}},
		Predict: func(ctx context.Context, rows []serving.Row) ([]map[string]serving.Value, error) {
			out := make([]map[string]serving.Value, len(rows))
			for i, r := range rows {
				out[i] = map[string]serving.Value{"y": serving.Scalar(2*r.Values["x"].Numbers[0] + off)}
			}
			return out, nil
		}}
	srv := httptest.NewServer(serving.NewV2Handler(m))
	t.Cleanup(srv.Close)
	t.Setenv("PARITY_URL", srv.URL)
	return srv.URL
}

// runSuite runs mltest run with the reports in a temporary directory and
// returns the exit code, stdout, stderr and the directory.
func runSuite(t *testing.T, args ...string) (code int, stdout, stderr, dir string) {
	t.Helper()
	t.Setenv("GITHUB_STEP_SUMMARY", "")
	dir = t.TempDir()
	code, stdout, stderr = runCLI(t, "", append([]string{"run", "--out", dir}, args...)...)
	return code, stdout, stderr, dir
}

func readReport(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	return string(data)
}

// normaliseJSON fixes the figures that change from run to run: times,
// durations, latencies and the loopback URL.
func normaliseJSON(t *testing.T, text, url string) string {
	t.Helper()
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte(text), &v))
	v["started"] = "2026-01-01T00:00:00Z"
	v["duration_ns"] = 0
	for _, c := range v["checks"].([]any) {
		c := c.(map[string]any)
		c["duration_ns"] = 0
		if p, ok := c["parity"].(map[string]any); ok {
			delete(p, "latency_ms")
		}
	}
	out, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	return strings.ReplaceAll(string(out), url, "URL") + "\n"
}

var junitTimes = regexp.MustCompile(`(time|timestamp)="[^"]*"`)

func normaliseJUnit(text, url string) string {
	return strings.ReplaceAll(junitTimes.ReplaceAllString(text, `$1="0"`), url, "URL")
}

func TestRunPassGolden(t *testing.T) {
	url := doubleServer(t, 0)
	code, stdout, stderr, dir := runSuite(t, "testdata/run/pass.yaml")
	require.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	for _, name := range []string{"auc by device", "rmse", "map", "better than baseline", "served like offline", "lists golden", "no drift"} {
		require.Contains(t, stdout, name)
	}
	checkGolden(t, "run/pass.report.json", normaliseJSON(t, readReport(t, dir, "report.json"), url))
	junit := readReport(t, dir, "junit.xml")
	checkGolden(t, "run/pass.junit.xml", normaliseJUnit(junit, url))
	checkJUnitShape(t, junit, 7, 0, 0)
}

// checkJUnitShape parses junit.xml and checks its counts against the common
// JUnit schema's attributes.
func checkJUnitShape(t *testing.T, text string, tests, failures, errs int) {
	t.Helper()
	var doc struct {
		XMLName xml.Name `xml:"testsuites"`
		Suites  []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Errors   int    `xml:"errors,attr"`
			Cases    []struct {
				Name      string    `xml:"name,attr"`
				Classname string    `xml:"classname,attr"`
				Failure   *struct{} `xml:"failure"`
				Error     *struct{} `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal([]byte(text), &doc))
	require.Len(t, doc.Suites, 1)
	s := doc.Suites[0]
	require.Equal(t, tests, s.Tests)
	require.Equal(t, failures, s.Failures)
	require.Equal(t, errs, s.Errors)
	require.Len(t, s.Cases, tests)
	nf, ne := 0, 0
	for _, c := range s.Cases {
		require.NotEmpty(t, c.Name)
		require.NotEmpty(t, c.Classname)
		if c.Failure != nil {
			nf++
		}
		if c.Error != nil {
			ne++
		}
	}
	require.Equal(t, failures, nf)
	require.Equal(t, errs, ne)
}

func TestRunFailNamesTheCheckEverywhere(t *testing.T) {
	code, stdout, stderr, dir := runSuite(t, "testdata/run/fail.yaml")
	require.Equal(t, exitFail, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	const failing = "auc must reach 0.99"
	require.Contains(t, stdout, failing)
	require.Contains(t, stderr, "mltest: check failed: "+failing)
	require.NotContains(t, stderr, "check failed: lists changed", "a warn check is not a failure")
	for _, name := range []string{"junit.xml", "report.json", "summary.md", "report.html"} {
		require.Contains(t, readReport(t, dir, name), failing, name)
	}
	checkJUnitShape(t, readReport(t, dir, "junit.xml"), 4, 1, 0)
	var rep struct {
		Status string
		Checks []struct {
			Name, Status, Message, Diff string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(readReport(t, dir, "report.json")), &rep))
	require.Equal(t, "fail", rep.Status)
	got := map[string]string{}
	for _, c := range rep.Checks {
		got[c.Name] = c.Status
	}
	require.Equal(t, map[string]string{"auc holds": "pass", failing: "fail", "lists changed": "warn", "features drifted": "warn"}, got)
	require.Contains(t, rep.Checks[1].Message, "value 0.82")
	require.Contains(t, rep.Checks[1].Message, "not >= 0.99 (min: 0.99)")
	require.Equal(t, "--- lists.golden.tsv\n+++ lists.changed.tsv\n@@ -1,3 +1,3 @@\n user\titems\n u1\ti3 i1 i2\n-u2\ti2 i3 i1\n+u2\ti3 i2 i1\n", rep.Checks[2].Diff)
}

func TestRunWarnDoesNotFail(t *testing.T) {
	code, stdout, stderr, dir := runSuite(t, "testdata/run/warn.yaml")
	require.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	require.Contains(t, readReport(t, dir, "report.json"), `"status": "warn"`)
	checkJUnitShape(t, readReport(t, dir, "junit.xml"), 2, 0, 0)
}

func TestRunCheckErrorExits2(t *testing.T) {
	code, stdout, stderr, dir := runSuite(t, "testdata/run/error.yaml")
	require.Equal(t, exitUsage, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	require.Contains(t, stderr, "mltest: check could not run: auc on bad data: testdata/run/nan.csv:3: score:")
	checkJUnitShape(t, readReport(t, dir, "junit.xml"), 2, 0, 1)
}

func TestRunParityMismatchFails(t *testing.T) {
	doubleServer(t, 1e-3)
	code, stdout, stderr, dir := runSuite(t, "testdata/run/pass.yaml")
	require.Equal(t, exitFail, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	require.Contains(t, stderr, "mltest: check failed: served like offline: 3 of 3 rows differ")
	require.Contains(t, readReport(t, dir, "report.json"), `"mismatched": 3`)
}

func TestRunUnreachableServerExits2(t *testing.T) {
	srv := httptest.NewServer(nil)
	srv.Close() // a port nothing listens on
	t.Setenv("PARITY_URL", srv.URL)
	code, _, stderr, _ := runSuite(t, "testdata/run/pass.yaml")
	require.Equal(t, exitUsage, code, stderr)
	require.Contains(t, stderr, "mltest: check could not run: served like offline: every request failed: is the server at "+srv.URL+" up")
}

func TestRunMalformedSuiteExits2WithLine(t *testing.T) {
	doubleServer(t, 0)
	pass, err := os.ReadFile("testdata/run/pass.yaml")
	require.NoError(t, err)
	cases := []struct{ name, old, new, want string }{
		{"unknown key", "threshold: {max: 5}", "threshold: {mx: 5}", `pass.yaml:48: checks[1].threshold: unknown key "mx" (expected min, max, max_drop, direction)`},
		{"bad type", "bootstrap: 100\n  - name: rmse", "bootstrap: lots\n  - name: rmse", `pass.yaml:42: checks[0].bootstrap: "lots": want an integer`},
		{"duplicate name", "name: rmse", "name: map", `pass.yaml:49: checks[2].name: duplicate check name "map" (first at line 43): names must be unique`},
		{"missing file", "path: train_features.csv", "path: no_such.csv", `pass.yaml:30: data.train.path: `},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text := string(pass)
			require.Contains(t, text, tc.old)
			path := filepath.Join(t.TempDir(), "pass.yaml")
			// The suite moves: keep its relative paths pointing at testdata/run.
			abs, err := filepath.Abs("testdata/run")
			require.NoError(t, err)
			text = strings.ReplaceAll(strings.Replace(text, tc.old, tc.new, 1), "../../../../examples", filepath.Join(abs, "../../../../examples"))
			for _, f := range []string{"baseline.csv", "train_features.csv", "serving_features.csv", "requests.jsonl", "offline.jsonl", "lists.tsv", "lists.golden.tsv"} {
				text = strings.ReplaceAll(text, " "+f, " "+filepath.Join(abs, f))
			}
			require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
			code, stdout, stderr, dir := runSuite(t, path)
			require.Equal(t, exitUsage, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			require.Contains(t, stderr, "mltest: "+filepath.Dir(path)+"/"+tc.want)
			require.NoFileExists(t, filepath.Join(dir, "report.json"), "a malformed suite writes no report")
		})
	}
	code, _, stderr, _ := runSuite(t, "testdata/run/nope.yaml")
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "mltest: testdata/run/nope.yaml: cannot read the suite: no such file or directory")
}

func TestRunBaselineRoundTrip(t *testing.T) {
	bl := filepath.Join(t.TempDir(), "baseline.json")
	// No baseline: the relative rules are not applied, the checks warn, exit 0.
	code, stdout, stderr, _ := runSuite(t, "testdata/run/relative.yaml", "--write-baseline", bl)
	require.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	require.Contains(t, stdout, "no baseline value")
	var b struct {
		Version    int
		Provenance struct {
			Suite        string `json:"suite"`
			DataHash     string `json:"data_hash"`
			ModelVersion string `json:"model_version"`
		} `json:"provenance"`
		Values []struct {
			Check, Metric, Slice string
			Value                float64
		}
	}
	data, err := os.ReadFile(bl)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &b))
	require.Equal(t, 1, b.Version)
	require.Equal(t, "cli relative", b.Provenance.Suite)
	require.Equal(t, "v1", b.Provenance.ModelVersion)
	require.Regexp(t, `^[0-9a-f]{64}$`, b.Provenance.DataHash)
	require.Len(t, b.Values, 5, "auc overall and 3 devices, log_loss overall")
	require.Equal(t, "auc", b.Values[0].Check)
	require.InDelta(t, 0.8208, b.Values[0].Value, 1e-4)

	// The same data against its own baseline: every rule holds.
	code, stdout, stderr, dir := runSuite(t, "testdata/run/relative.yaml", "--baseline", bl)
	require.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	require.NotContains(t, stderr, "warning")
	rep := readReport(t, dir, "report.json")
	require.Contains(t, rep, `"rule": "min: baseline - 0.01"`)
	require.Contains(t, rep, `"data_hash": "`+b.Provenance.DataHash+`"`)
	require.NotContains(t, rep, `"status": "warn"`)

	// A better baseline: the candidate has dropped by more than allowed.
	raised := strings.Replace(string(data), `"value": 0.82`, `"value": 0.85`, 1)
	require.NotEqual(t, string(data), raised)
	raised = strings.Replace(raised, `"suite": "cli relative"`, `"suite": "another suite"`, 1)
	require.NoError(t, os.WriteFile(bl, []byte(raised), 0o644))
	code, stdout, stderr, _ = runSuite(t, "testdata/run/relative.yaml", "--baseline", bl)
	require.Equal(t, exitFail, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	require.Contains(t, stderr, `mltest: warning: `+bl+`: baseline is of suite "another suite", this is "cli relative"`)
	require.Contains(t, stderr, "mltest: check failed: auc: roc_auc: value 0.820815 not >= 0.84")

	// A baseline file that is not one.
	require.NoError(t, os.WriteFile(bl, []byte(`{"version": 1, "values": [], "extra": 1}`), 0o644))
	code, _, stderr, _ = runSuite(t, "testdata/run/relative.yaml", "--baseline", bl)
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "not a baseline file")
}

func TestRunFlags(t *testing.T) {
	code, stdout, _ := runCLI(t, "", "run", "--help")
	require.Equal(t, exitOK, code)
	for _, flag := range []string{"-out", "-baseline", "-write-baseline", "-format", "-quiet", "Exit codes", "docs/suite.md"} {
		require.Contains(t, stdout, flag)
	}
	code, _, stderr := runCLI(t, "", "run", "--format", "xml", "testdata/run/warn.yaml")
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, `--format "xml": want table or json`)
	code, _, stderr = runCLI(t, "", "run", "a.yaml", "b.yaml")
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "want at most one SUITE.yaml, got 2")

	// --format json prints report.json; --quiet prints nothing else.
	code, stdout, stderr, dir := runSuite(t, "--format", "json", "--quiet", "testdata/run/warn.yaml")
	require.Equal(t, exitOK, code, stderr)
	require.Equal(t, readReport(t, dir, "report.json"), stdout)
	require.Empty(t, stderr)
	code, stdout, _, _ = runSuite(t, "--quiet", "testdata/run/warn.yaml")
	require.Equal(t, exitOK, code)
	require.Empty(t, stdout)
}

func TestRunGitHubStepSummary(t *testing.T) {
	summary := filepath.Join(t.TempDir(), "step_summary.md")
	require.NoError(t, os.WriteFile(summary, []byte("earlier step\n"), 0o644))
	dir := t.TempDir()
	t.Setenv("GITHUB_STEP_SUMMARY", summary)
	code, _, stderr := runCLI(t, "", "run", "--out", dir, "testdata/run/fail.yaml")
	require.Equal(t, exitFail, code, stderr)
	data, err := os.ReadFile(summary)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(data), "earlier step\n"), "appended, not overwritten")
	require.Contains(t, string(data), "auc must reach 0.99")
}

func TestRunDefaultSuitePasses(t *testing.T) {
	code, stdout, stderr, dir := runSuite(t)
	require.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	var rep struct {
		Status string
		Checks []struct{ Kind, Status, Name string }
	}
	require.NoError(t, json.Unmarshal([]byte(readReport(t, dir, "report.json")), &rep))
	require.Equal(t, "pass", rep.Status)
	kinds := map[string]int{}
	for _, c := range rep.Checks {
		require.Equal(t, "pass", c.Status, c.Name)
		kinds[c.Kind]++
	}
	for _, k := range []string{"metric", "compare", "parity", "golden", "drift"} {
		require.NotZero(t, kinds[k], "the example suite has no %s check", k)
	}
}
