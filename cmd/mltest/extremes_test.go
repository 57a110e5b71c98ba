package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The cases of issue 14, each through `mltest eval` in JSON and table
// output: every metric is its exact value (to 1e-12 relative) or an
// explicit null with a warning saying why, the exit code is 0, and nothing
// prints NaN, Inf, a 200-digit integer or an internal marshalling error.

// extremeCase is one input file and what eval must report for it. A nil
// want is a null metric whose warning contains why.
type extremeCase struct {
	name, file, content string
	args                []string
	want                map[string]*float64
	why                 map[string]string // metric -> a substring of its warning
	table               []string          // lines (or parts) the table must hold
}

func num(v float64) *float64 { return &v }

func extremeCases() []extremeCase {
	binary := []string{"--task", "binary", "--label", "label", "--score", "score"}
	weighted := append(append([]string(nil), binary...), "--weight", "w")
	regression := []string{"--task", "regression", "--label", "y", "--score", "p"}
	return []extremeCase{
		{name: "r2 and explained variance, weight 1e16", file: "r2_skew.csv",
			content: "y,p,w\n1,1.5,1\n2,2,1e16\n", args: append(regression, "--weight", "w"),
			// sst = 1e16/(1e16+1), sse = 1/4: R² = 0.75 - 2.5e-17, whose float64 is 0.75.
			want:  map[string]*float64{"r2": num(0.75), "explained_variance": num(0.75)},
			table: []string{"r2                  0.750000", "explained_variance  0.750000", "mse                 2.5e-17"}},
		{name: "r2, weight 1e-12", file: "r2_tiny.csv",
			content: "y,p,w\n1,0.5,1e-12\n0,0,1\n", args: append(regression, "--weight", "w"),
			want: map[string]*float64{"r2": num(0.74999999999975)}},
		{name: "roc auc, weights 1e-200", file: "auc_tiny.csv",
			content: "label,score,w\n0,0.2,1e-200\n1,0.8,1e-200\n", args: weighted,
			want:  map[string]*float64{"roc_auc": num(1), "average_precision": num(1), "log_loss": num(0.2231435513142097)},
			table: []string{"weight_sum         2e-200"}},
		{name: "roc auc, weights 1e155", file: "auc_huge.csv",
			content: "label,score,w\n0,0.2,1e155\n1,0.8,1e155\n", args: weighted,
			want: map[string]*float64{"roc_auc": num(1), "average_precision": num(1), "accuracy": num(1), "mcc": num(1)}},
		{name: "roc auc ovr, weights 1e-200", file: "ovr_tiny.jsonl",
			content: `{"y": 0, "p": [0.8, 0.1, 0.1], "w": 1e-200}` + "\n" + `{"y": 1, "p": [0.1, 0.8, 0.1], "w": 1e-200}` + "\n" + `{"y": 2, "p": [0.1, 0.1, 0.8], "w": 1e-200}` + "\n",
			args:    []string{"--task", "multiclass", "--label", "y", "--score", "p", "--weight", "w"},
			want:    map[string]*float64{"roc_auc_ovr": num(1), "accuracy": num(1), "macro_f1": num(1)}},
		{name: "mcc, weights 1e100 (scikit-learn: 0)", file: "mcc.csv",
			content: "label,score,w\n0,0.2,1e100\n1,0.8,1e100\n0,0.9,1e100\n", args: weighted,
			want: map[string]*float64{"mcc": num(0.5), "accuracy": num(2.0 / 3)}},
		{name: "mae of 1e200", file: "huge_error.csv",
			content: "y,p\n1,1e200\n2,3\n", args: regression,
			want: map[string]*float64{"mae": num(5e199), "mape": num(5e199), "rmse": num(1e200 / math.Sqrt2),
				"mse": nil, "r2": nil, "explained_variance": nil},
			why:   map[string]string{"mse": "overflow", "r2": "overflow", "explained_variance": "overflow"},
			table: []string{"mae                 5e+199", "rmse                7.07107e+199", "mse                 -"}},
		{name: "r2 of one row", file: "one_row.csv",
			content: "y,p\n1,2\n", args: regression,
			want: map[string]*float64{"mse": num(1), "r2": nil, "explained_variance": nil},
			why:  map[string]string{"r2": "fewer than two rows", "explained_variance": "fewer than two rows"}},
		{name: "constant target, uneven weights (scikit-learn: -4.6e31)", file: "constant.csv",
			content: "y,p,w\n0.1,0.2,1\n0.1,0.3,1e-3\n0.1,0.1,7\n", args: append(regression, "--weight", "w"),
			want: map[string]*float64{"r2": num(0)}},
		{name: "f1 with all weights 0", file: "zero_weights.jsonl",
			content: `{"y": 0, "p": [0.8, 0.2], "w": 0}` + "\n" + `{"y": 1, "p": [0.3, 0.7], "w": 0}` + "\n",
			args:    []string{"--task", "multiclass", "--label", "y", "--score", "p", "--weight", "w"},
			want:    map[string]*float64{"accuracy": nil, "micro_f1": nil, "macro_f1": nil, "weighted_f1": nil},
			why: map[string]string{"accuracy": "total weight is zero", "micro_f1": "total weight is zero",
				"macro_f1": "total weight is zero", "weighted_f1": "total weight is zero"}},
		{name: "a logit among probabilities", file: "logit.csv",
			content: "label,score\n0,0.2\n1,1.3\n0,0.4\n1,0.9\n", args: binary,
			want: map[string]*float64{"roc_auc": num(1), "accuracy": num(1), "log_loss": num(0.20983242268450675),
				"brier": nil, "ece": nil},
			why:   map[string]string{"brier": "logit.csv:3: score 1.3 is not a probability in [0, 1]", "ece": "logit.csv:3: score 1.3"},
			table: []string{"roc_auc            1.000000", "brier              -"}},
		{name: "multiclass scores not summing to 1", file: "not_summing.jsonl",
			content: `{"y": 0, "p": [0.8, 0.2]}` + "\n" + `{"y": 1, "p": [0.5, 0.9]}` + "\n" + `{"y": 1, "p": [0.1, 0.9]}` + "\n",
			args:    []string{"--task", "multiclass", "--label", "y", "--score", "p"},
			want:    map[string]*float64{"accuracy": num(1), "log_loss": num(0.25677893975035837), "roc_auc_ovr": nil},
			why:     map[string]string{"roc_auc_ovr": "not_summing.jsonl:2: class scores sum to 1.4"}},
	}
}

func writeCase(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

// noBadOutput fails when an output shows a non-finite number, an internal
// marshalling error or a long run of digits.
func noBadOutput(t *testing.T, out string) {
	t.Helper()
	for _, bad := range []string{"NaN", "Inf", "MarshalJSON", "unsupported value", "0000000000000000000000"} {
		require.NotContains(t, out, bad)
	}
}

func TestEvalExtremes(t *testing.T) {
	dir := t.TempDir()
	for _, c := range extremeCases() {
		t.Run(c.name, func(t *testing.T) {
			path := writeCase(t, dir, c.file, c.content)
			code, out, errOut := runCLI(t, "", append(append([]string{"eval", "--format", "json"}, c.args...), path)...)
			require.Equal(t, exitOK, code, errOut)
			noBadOutput(t, out+errOut)
			var rep struct {
				Metrics  map[string]*float64 `json:"metrics"`
				Warnings []string            `json:"warnings"`
			}
			require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
			for name, want := range c.want {
				got, ok := rep.Metrics[name]
				require.True(t, ok, "no %s in %s", name, out)
				if want == nil {
					require.Nil(t, got, "%s = %v, want null", name, got)
					why := c.why[name]
					require.NotEmpty(t, why, "test case: a null %s needs its reason", name)
					require.True(t, containsWarning(rep.Warnings, name+" is undefined: ", why), "%s: no warning with %q in %v", name, why, rep.Warnings)
					continue
				}
				require.NotNil(t, got, "%s is null: %v", name, rep.Warnings)
				require.InDelta(t, *want, *got, 1e-12*math.Abs(*want), "%s", name)
			}
			code, out, errOut = runCLI(t, "", append(append([]string{"eval"}, c.args...), path)...)
			require.Equal(t, exitOK, code, errOut)
			noBadOutput(t, out+errOut)
			for _, line := range c.table {
				require.Contains(t, out, line)
			}
			for name, want := range c.want {
				if want == nil {
					require.Contains(t, out, "warning: "+name+" is undefined: ")
				}
			}
			code, out, errOut = runCLI(t, "", append(append([]string{"eval", "--format", "markdown"}, c.args...), path)...)
			require.Equal(t, exitOK, code, errOut)
			noBadOutput(t, out+errOut)
		})
	}
}

func containsWarning(warnings []string, prefix, part string) bool {
	for _, w := range warnings {
		if strings.HasPrefix(w, prefix) && strings.Contains(w, part) {
			return true
		}
	}
	return false
}

// compare: a logit in the baseline leaves brier and ece undefined (null,
// with the baseline's FILE:LINE), every other metric compared; extreme
// weights compare without NaN. Exit 0: no gate.
func TestCompareExtremes(t *testing.T) {
	dir := t.TempDir()
	base := writeCase(t, dir, "base.csv", "id,label,score,w\na,0,0.2,1e-200\nb,1,1.3,1e-200\nc,0,0.4,1e-200\nd,1,0.9,1e-200\ne,0,0.1,1e-200\nf,1,0.7,1e-200\n")
	cand := writeCase(t, dir, "cand.csv", "id,label,score\na,0,0.3\nb,1,0.8\nc,0,0.5\nd,1,0.95\ne,0,0.2\nf,1,0.6\n")
	args := []string{"compare", "--task", "binary", "--baseline", base, "--candidate", cand, "--id", "id",
		"--label", "label", "--score", "score", "--weight", "w", "--bootstrap", "50"}
	code, out, errOut := runCLI(t, "", append(args, "--format", "json")...)
	require.Equal(t, exitOK, code, errOut)
	noBadOutput(t, out+errOut)
	var rep struct {
		Comparisons []struct {
			Metric    string   `json:"metric"`
			Baseline  *float64 `json:"baseline"`
			Undefined string   `json:"undefined"`
		} `json:"comparisons"`
		Warnings []string `json:"warnings"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
	for _, c := range rep.Comparisons {
		switch c.Metric {
		case "brier", "ece":
			require.Nil(t, c.Baseline, c.Metric)
			require.Contains(t, c.Undefined, "base.csv:3: score 1.3 is not a probability in [0, 1]")
			require.True(t, containsWarning(rep.Warnings, c.Metric+": ", "base.csv:3"), "%v", rep.Warnings)
		case "roc_auc":
			require.NotNil(t, c.Baseline)
			require.Equal(t, 1.0, *c.Baseline)
		default:
			require.NotNil(t, c.Baseline, "%s: %s", c.Metric, c.Undefined)
		}
	}
	code, out, errOut = runCLI(t, "", args...)
	require.Equal(t, exitOK, code, errOut)
	noBadOutput(t, out+errOut)
	require.Contains(t, out, "brier")
}

// run: a metric check of an undefined value and a compare check with one
// write every report (null, never NaN) and exit as their checks say.
func TestRunExtremes(t *testing.T) {
	dir := t.TempDir()
	writeCase(t, dir, "base.csv", "id,label,score\na,0,0.2\nb,1,1.3\nc,0,0.4\nd,1,0.9\ne,0,0.1\nf,1,0.7\n")
	writeCase(t, dir, "cand.csv", "id,label,score\na,0,0.3\nb,1,0.8\nc,0,0.5\nd,1,0.95\ne,0,0.2\nf,1,0.6\n")
	writeCase(t, dir, "reg.csv", "y,p\n1,1e200\n2,3\n")
	suite := writeCase(t, dir, "suite.yaml", `name: extremes
data:
  base: {path: base.csv, label: label, score: score, id: id}
  cand: {path: cand.csv, label: label, score: score, id: id}
  reg: {path: reg.csv, label: y, score: p}
checks:
  - {name: auc, type: metric, data: base, task: binary, metric: roc_auc, threshold: {min: 0.5}}
  - {name: mae, type: metric, data: reg, task: regression, metric: mae, threshold: {min: 1}}
  - {name: brier, type: metric, data: base, task: binary, metric: brier, threshold: {max: 0.5}, severity: warn}
  - {name: mse, type: metric, data: reg, task: regression, metric: mse, threshold: {max: 1}, severity: warn}
  - {name: cmp, type: compare, baseline: base, candidate: cand, task: binary, bootstrap: 50}
`)
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCLI(t, "", "run", suite, "--out", out)
	require.Equal(t, exitOK, code, stdout+stderr)
	noBadOutput(t, stdout+stderr)
	require.Contains(t, stdout, "base.csv:3: score 1.3 is not a probability in [0, 1]")
	require.Contains(t, stdout, "mse: undefined: overflow")
	require.Contains(t, stdout, "mae 5e+199")
	for _, name := range []string{"report.json", "summary.md", "junit.xml", "report.html"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		require.NoError(t, err)
		noBadOutput(t, string(b))
	}
	code, stdout, stderr = runCLI(t, "", "run", suite, "--out", out, "--format", "json")
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stdout, `"value": null`)
}
