package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// runCLI runs the command in-process and returns its exit code and outputs.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// checkGolden compares got with testdata/NAME. Regenerate every golden file of
// this package with: MLTEST_UPDATE=1 go test ./cmd/mltest
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if os.Getenv("MLTEST_UPDATE") == "1" {
		if os.Getenv("CI") != "" {
			t.Fatal("refusing MLTEST_UPDATE=1 under CI")
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file %s: %v\nregenerate with: MLTEST_UPDATE=1 go test ./cmd/mltest -run '%s'", path, err, t.Name())
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s\nregenerate with: MLTEST_UPDATE=1 go test ./cmd/mltest -run '%s'", path, diff, t.Name())
	}
}

const exampleDir = "../../examples/data/"

func TestEvalGolden(t *testing.T) {
	cases := []struct {
		golden string
		args   []string
	}{
		{"eval/binary_slices.txt", []string{"eval", "--task", "binary", "--label", "label", "--score", "score", "--weight", "weight", "--slice", "device", exampleDir + "binary.csv"}},
		{"eval/binary.json", []string{"eval", exampleDir + "binary.csv", "--task", "binary", "--label", "label", "--score", "score", "--weight", "weight", "--format", "json"}},
		{"eval/binary_slices.md", []string{"eval", "--task", "binary", "--label", "label", "--score", "score", "--metrics", "roc_auc,f1", "--threshold", "0.4", "--slice", "device", "--format", "markdown", exampleDir + "binary.csv"}},
		{"eval/multiclass.json", []string{"eval", "--task", "multiclass", "--label", "label", "--score", "probs", "--classes", "cat,dog,bird", "--format", "json", exampleDir + "multiclass.jsonl"}},
		{"eval/regression_slices.json", []string{"eval", "--task", "regression", "--label", "target", "--score", "prediction", "--slice", "segment", "--format", "json", exampleDir + "regression.csv"}},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.golden, "/", "_"), func(t *testing.T) {
			code, out, errOut := runCLI(t, "", c.args...)
			require.Equal(t, exitOK, code, errOut)
			require.Empty(t, errOut)
			checkGolden(t, c.golden, out)
		})
	}
}

// The JSON output carries scikit-learn's values (checked with
// sklearn 1.2.1 on examples/data/binary.csv: roc_auc_score, log_loss,
// matthews_corrcoef with sample_weight).
func TestEvalJSONMatchesScikitLearn(t *testing.T) {
	code, out, errOut := runCLI(t, "", "eval", "--task", "binary", "--label", "label", "--score", "score", "--weight", "weight", "--format", "json", exampleDir+"binary.csv")
	require.Equal(t, exitOK, code, errOut)
	var r struct {
		Task      string
		N         int
		WeightSum float64 `json:"weight_sum"`
		Metrics   map[string]*float64
	}
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	require.Equal(t, "binary", r.Task)
	require.Equal(t, 2000, r.N)
	require.Equal(t, 4037.0, r.WeightSum)
	for name, want := range map[string]float64{
		"roc_auc":           0.8227893220158212,
		"average_precision": 0.7697315085948906,
		"log_loss":          0.5112375882757113,
		"brier":             0.16951358579390638,
		"mcc":               0.48911411967352897,
		"f1":                0.706122448979592,
	} {
		require.InDelta(t, want, *r.Metrics[name], 1e-12, name)
	}
}

func TestEvalOneClassIsNullWithWarning(t *testing.T) {
	in := "label,score\n1,0.2\n1,0.9\n1,0.4\n"
	code, out, errOut := runCLI(t, in, "eval", "--task", "binary", "--label", "label", "--score", "score", "--metrics", "roc_auc,accuracy", "--format", "json", "--input-format", "csv", "-")
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, out, `"roc_auc": null`)
	require.Contains(t, out, `"accuracy": 0.3333333333333333`)
	require.Contains(t, out, `"warnings": [`)
	require.Contains(t, out, "roc_auc is undefined")
}

func TestEvalGzipInput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.csv.gz")
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("y,p\n0,1.5\n1,2.5\n"))
	zw.Close()
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	code, out, errOut := runCLI(t, "", "eval", "--task", "regression", "--label", "y", "--score", "p", "--metrics", "mae,mse", "--format", "json", path)
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, out, `"mae": 1.5`)
	require.Contains(t, out, `"mse": 2.25`)
}

func TestEvalBadInputExits2WithFileLineField(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	bin := []string{"eval", "--task", "binary", "--label", "label", "--score", "score"}
	cases := []struct {
		name string
		args []string
		want string // the whole stderr line, with the directory replaced by DIR
	}{
		{"nan score", append(bin, write("nan.csv", "label,score\n1,0.5\n0,NaN\n")), "mltest: DIR/nan.csv:3: score: expected a finite number, got \"NaN\"\n"},
		{"missing column", append(bin, write("miss.csv", "label,prob\n1,0.5\n")), "mltest: DIR/miss.csv:1: score: no such column; the header has label, prob\n"},
		{"bad label", append(bin, write("lab.csv", "label,score\n2,0.5\n")), "mltest: DIR/lab.csv:2: label: expected a binary label 0/1 or true/false, got \"2\"\n"},
		{"empty file", append(bin, write("empty.csv", "")), "mltest: DIR/empty.csv: empty file: expected a header row naming the columns\n"},
		{"no rows", append(bin, write("hdr.jsonl", "\n")), "mltest: DIR/hdr.jsonl: no data rows\n"},
		{"negative weight", append(append([]string{}, bin...), "--weight", "w", write("w.csv", "label,score,w\n1,0.5,1\n0,0.5,-2\n")), "mltest: DIR/w.csv:3: w: negative weight -2: weights must be >= 0\n"},
		{"missing slice column", append(append([]string{}, bin...), "--slice", "device", write("s.csv", "label,score\n1,0.5\n")), "mltest: DIR/s.csv:1: device: no such column; the header has label, score\n"},
		{"jsonl missing key", append(bin, write("k.jsonl", "{\"label\": 1, \"score\": 0.5}\n{\"label\": 0}\n")), "mltest: DIR/k.jsonl:2: score: missing key\n"},
		{"class out of range", []string{"eval", "--task", "multiclass", "--label", "y", "--score", "a", "--score", "b", write("mc.csv", "y,a,b\n0,0.5,0.5\n2,0.1,0.9\n")}, "mltest: DIR/mc.csv:3: y: expected a class index 0..1 (or name the classes), got \"2\"\n"},
		{"ragged probs", []string{"eval", "--task", "multiclass", "--label", "y", "--score", "p", write("rg.jsonl", "{\"y\": 0, \"p\": [0.5, 0.5]}\n{\"y\": 1, \"p\": [0.2, 0.3, 0.5]}\n")}, "mltest: DIR/rg.jsonl:2: p: 3 class scores, earlier rows have 2\n"},
		{"missing file", append(bin, filepath.Join(dir, "absent.csv")), "mltest: DIR/absent.csv: cannot open: no such file or directory\n"},
		{"unknown extension", append(bin, write("p.xlsx", "x")), "mltest: DIR/p.xlsx: cannot tell the format from the name: use .csv, .jsonl, .ndjson (optionally .gz) or .parquet, or --input-format\n"},
		{"not parquet", append(bin, write("p.parquet", "x")), "mltest: DIR/p.parquet: not a readable Parquet file: 1 bytes, too short\n"},
		{"unknown metric", append(append([]string{}, bin...), "--metrics", "auc", "x.csv"), "mltest: eval: --metrics: unknown binary metric \"auc\"; known: roc_auc average_precision log_loss brier accuracy precision recall f1 mcc ece\n"},
		{"no task", []string{"eval", "--label", "y", "--score", "p", "x.csv"}, "mltest: eval: --task is required: binary, multiclass or regression\n"},
		{"stdin without format", append(bin, "-"), "mltest: eval: reading standard input: name its format with --input-format csv|jsonl\n"},
		{"two files", append(bin, "a.csv", "b.csv"), "mltest: eval: want exactly one FILE, got 2 (see mltest eval --help)\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", c.args...)
			require.Equal(t, exitUsage, code)
			require.Empty(t, out)
			require.Equal(t, c.want, strings.ReplaceAll(errOut, dir, "DIR"))
		})
	}
}

func TestEvalHelpAndBadFlag(t *testing.T) {
	code, out, _ := runCLI(t, "", "eval", "--help")
	require.Equal(t, exitOK, code)
	for _, flagName := range []string{"-task", "-label", "-score", "-weight", "-slice", "-threshold", "-metrics", "-classes", "-format", "-input-format"} {
		require.Contains(t, out, flagName)
	}
	code, _, errOut := runCLI(t, "", "eval", "--no-such-flag")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "flag provided but not defined: -no-such-flag")

	code, _, errOut = runCLI(t, "", "frobnicate")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, `mltest: unknown command "frobnicate"`)
}

func TestEvalIntervalsAndGating(t *testing.T) {
	args := []string{"eval", "--task", "binary", "--label", "label", "--score", "score", "--slice", "device",
		"--metrics", "roc_auc,accuracy", "--ci", "0.9", "--bootstrap", "200", "--seed", "3", "--min-slice-n", "660"}
	code, out, errOut := runCLI(t, "", append(args, "--format", "json", exampleDir+"binary.csv")...)
	require.Equal(t, exitOK, code, errOut)
	checkGolden(t, "eval/binary_ci.json", out)
	require.Contains(t, out, `"roc_auc": "delong"`)
	require.Contains(t, out, `"accuracy": "bootstrap"`)
	require.Contains(t, out, `"gated": false`) // android (647) and ios (652) < 660

	code, out, _ = runCLI(t, "", append(args, exampleDir+"binary.csv")...)
	require.Equal(t, exitOK, code)
	checkGolden(t, "eval/binary_ci.txt", out)
	require.Contains(t, out, "device=android*")
	require.Contains(t, out, "* fewer rows than --min-slice-n: reported, not gated")
}

func TestEvalClusterBootstrap(t *testing.T) {
	// Weighted, clustered by id prefix: a clustered interval, wider than the row one.
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("user,label,score\n")
	for u := 0; u < 30; u++ {
		for j := 0; j < 10; j++ {
			fmt.Fprintf(&b, "u%d,%d,%.2f\n", u, (u+j)%2, float64((u*7+j*3)%10)/10)
		}
	}
	p := filepath.Join(dir, "c.csv")
	require.NoError(t, os.WriteFile(p, []byte(b.String()), 0o644))
	base := []string{"eval", "--task", "binary", "--label", "label", "--score", "score", "--metrics", "accuracy", "--ci", "0.95", "--bootstrap", "300", "--format", "json"}
	code, out, errOut := runCLI(t, "", append(base, "--cluster", "user", p)...)
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, out, `"accuracy": "cluster bootstrap"`)

	one := filepath.Join(dir, "one.csv")
	require.NoError(t, os.WriteFile(one, []byte("user,label,score\nu1,1,0.9\nu1,0,0.2\nu1,1,0.4\n"), 0o644))
	code, _, errOut = runCLI(t, "", append(base, "--cluster", "user", one)...)
	require.Equal(t, exitUsage, code)
	require.Equal(t, "mltest: "+one+": user: a single cluster: the cluster bootstrap needs at least 2 distinct values\n", errOut)

	code, _, errOut = runCLI(t, "", "eval", "--task", "binary", "--label", "label", "--score", "score", "--cluster", "user", p)
	require.Equal(t, exitUsage, code)
	require.Equal(t, "mltest: eval: --cluster applies to the bootstrap: give --ci too\n", errOut)
}

func TestEvalBoundedReportsErrorBound(t *testing.T) {
	code, out, errOut := runCLI(t, "", "eval", "--task", "binary", "--label", "label", "--score", "score", "--weight", "weight",
		"--metrics", "roc_auc,average_precision", "--bounded", "--format", "json", exampleDir+"binary.csv")
	require.Equal(t, exitOK, code, errOut)
	var r struct {
		Metrics  map[string]float64
		MaxError map[string]float64 `json:"max_error"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	// scikit-learn's exact values (see TestEvalJSONMatchesScikitLearn), within the reported bounds.
	require.InDelta(t, 0.8227893220158212, r.Metrics["roc_auc"], r.MaxError["roc_auc"]+1e-15)
	require.InDelta(t, 0.7697315085948906, r.Metrics["average_precision"], r.MaxError["average_precision"]+1e-15)
	require.Greater(t, r.MaxError["roc_auc"], 0.0)
}

// Chunks are merged in input order: one worker or many, the same bytes.
func TestEvalOutputIndependentOfWorkers(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("label,score,w,g\n")
	r := rand.New(rand.NewPCG(9, 9))
	for i := 0; i < 200000; i++ { // several 65536-row chunks
		fmt.Fprintf(&b, "%d,%.5f,%.3f,%c\n", r.IntN(2), r.Float64(), r.Float64()*3, 'a'+rune(r.IntN(3)))
	}
	p := filepath.Join(dir, "big.csv")
	require.NoError(t, os.WriteFile(p, []byte(b.String()), 0o644))
	var outs []string
	for _, workers := range []string{"1", "2", "5"} {
		code, out, errOut := runCLI(t, "", "eval", "--task", "binary", "--label", "label", "--score", "score", "--weight", "w", "--slice", "g", "--format", "json", "--workers", workers, p)
		require.Equal(t, exitOK, code, errOut)
		require.Empty(t, errOut, "no progress line when stderr is not a terminal")
		outs = append(outs, out)
	}
	require.Equal(t, outs[0], outs[1])
	require.Equal(t, outs[0], outs[2])
}
