package main

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"
)

// compareExampleFiles generates the example inputs under
// testdata/compare/ from a fixed seed: 400 binary rows of 80 users on three
// devices (kiosk has 20 rows, below the default slice support), a
// candidate about as good as the baseline (candidate_ok.csv, rows in
// reverse order to show the join by id) and one that is worse on web
// (candidate_worse.csv); 40 ranking queries of 12 documents with a
// candidate run that is worse on the "tail" segment.
func compareExampleFiles() map[string]string {
	rng := rand.New(rand.NewPCG(2026, 3))
	sigmoid := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	var base, ok, worse strings.Builder
	base.WriteString("id,label,score,device,user\n")
	var okRows, worseRows []string
	for i := range 400 {
		y := rng.Float64() < 0.4
		s, label := -1.0, 0
		if y {
			s, label = 1, 1
		}
		device := "web"
		switch {
		case i%20 == 7:
			device = "kiosk"
		case i%2 == 1:
			device = "ios"
		}
		shared := rng.NormFloat64()
		b := sigmoid(1.2*s + shared + 0.6*rng.NormFloat64())
		c := sigmoid(1.25*s + shared + 0.6*rng.NormFloat64())
		wl := 1.2
		if device == "web" {
			wl = 0.5
		}
		w := sigmoid(wl*s + shared + 0.6*rng.NormFloat64())
		id := fmt.Sprintf("r%03d", i)
		fmt.Fprintf(&base, "%s,%d,%.4f,%s,u%02d\n", id, label, b, device, i/5)
		okRows = append(okRows, fmt.Sprintf("%s,%d,%.4f\n", id, label, c))
		worseRows = append(worseRows, fmt.Sprintf("%s,%d,%.4f\n", id, label, w))
	}
	ok.WriteString("id,label,score\n")
	worse.WriteString("id,label,score\n")
	slices.Reverse(okRows)
	ok.WriteString(strings.Join(okRows, ""))
	worse.WriteString(strings.Join(worseRows, ""))

	var qrels, brun, crun, attrs strings.Builder
	attrs.WriteString("qid,segment\n")
	for q := range 40 {
		qid := fmt.Sprintf("q%02d", q)
		segment := "head"
		if q%2 == 1 {
			segment = "tail"
		}
		fmt.Fprintf(&attrs, "%s,%s\n", qid, segment)
		for d := range 12 {
			docno := fmt.Sprintf("d%02d", d)
			rel := 0
			if rng.Float64() < 0.3 {
				rel = 1 + rng.IntN(2)
			}
			fmt.Fprintf(&qrels, "%s 0 %s %d\n", qid, docno, rel)
			shared := rng.NormFloat64()
			lift := 1.0
			if segment == "tail" {
				lift = 0.2
			}
			fmt.Fprintf(&brun, "%s Q0 %s 0 %.4f base\n", qid, docno, float64(rel)+shared+rng.NormFloat64())
			fmt.Fprintf(&crun, "%s Q0 %s 0 %.4f cand\n", qid, docno, lift*float64(rel)+shared+rng.NormFloat64())
		}
	}
	return map[string]string{
		"baseline.csv": base.String(), "candidate_ok.csv": ok.String(), "candidate_worse.csv": worse.String(),
		"qrels.txt": qrels.String(), "baseline.run": brun.String(), "candidate.run": crun.String(), "queries.csv": attrs.String(),
	}
}

// The committed example inputs are what the generator above writes.
func TestCompareExampleFilesAreGenerated(t *testing.T) {
	for name, content := range compareExampleFiles() {
		checkGolden(t, "compare/"+name, content)
	}
}

const compareDir = "testdata/compare/"

var compareBinary = []string{"compare", "--task", "binary", "--baseline", compareDir + "baseline.csv",
	"--id", "id", "--label", "label", "--score", "score", "--bootstrap", "200"}

func TestCompareGolden(t *testing.T) {
	with := func(base []string, more ...string) []string { return append(slices.Clone(base), more...) }
	cases := []struct {
		golden string
		code   int
		args   []string
	}{
		{"compare/pass.json", exitOK, with(compareBinary, "--candidate", compareDir+"candidate_ok.csv", "--slice", "device",
			"--max-regression", "roc_auc=0.02", "--max-regression", "log_loss=0.05", "--format", "json")},
		{"compare/fail.json", exitFail, with(compareBinary, "--candidate", compareDir+"candidate_worse.csv", "--slice", "device",
			"--metrics", "roc_auc,accuracy,log_loss", "--max-regression", "roc_auc=0.02", "--format", "json")},
		{"compare/fail_cluster.txt", exitFail, with(compareBinary, "--candidate", compareDir+"candidate_worse.csv", "--slice", "device",
			"--cluster", "user", "--metrics", "roc_auc,brier", "--max-regression", "roc_auc=0.02")},
		{"compare/fail.md", exitFail, with(compareBinary, "--candidate", compareDir+"candidate_worse.csv",
			"--metrics", "roc_auc,f1", "--max-regression", "roc_auc=0.02", "--format", "markdown")},
		{"compare/ranking.json", exitFail, []string{"compare", "--task", "ranking", "--qrels", compareDir + "qrels.txt",
			"--baseline", compareDir + "baseline.run", "--candidate", compareDir + "candidate.run", "--trials", "2000", "--bootstrap", "200",
			"-m", "map", "-m", "ndcg_cut.10", "--query-attrs", compareDir + "queries.csv", "--slice", "segment", "--min-slice-n", "15",
			"--max-regression", "ndcg_cut_10=0.02", "--format", "json"}},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.golden, "/", "_"), func(t *testing.T) {
			code, out, errOut := runCLI(t, "", c.args...)
			require.Equal(t, c.code, code, errOut)
			if c.code == exitOK {
				require.Empty(t, errOut)
			} else {
				require.Contains(t, errOut, "mltest: compare: gate failed: ")
			}
			checkGolden(t, c.golden, out)
		})
	}
}

// The failing comparison says which metric and slice failed, and why.
func TestCompareFailureSaysWhichAndWhy(t *testing.T) {
	code, out, errOut := runCLI(t, "", append(slices.Clone(compareBinary), "--candidate", compareDir+"candidate_worse.csv",
		"--slice", "device", "--metrics", "roc_auc", "--max-regression", "roc_auc=0.02", "--format", "json")...)
	require.Equal(t, exitFail, code)
	var r struct {
		Gates []struct {
			Metric string
			Slice  map[string]string
			Delta  float64
			Failed bool
			Reason string
		}
		Failed bool
	}
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	require.True(t, r.Failed)
	failed := map[string]string{}
	for _, g := range r.Gates {
		if g.Failed {
			failed[g.Slice["device"]] = g.Reason
		}
	}
	// All rows and the web slice regress; ios does not; kiosk (20 rows) is not gated.
	require.Len(t, failed, 2, "%v", r.Gates)
	require.Contains(t, failed[""], "roc_auc fell by")
	require.Contains(t, failed[""], "significant at alpha=0.05 and larger than the allowed 0.02")
	require.Contains(t, failed["web"], "Benjamini-Hochberg")
	require.Contains(t, errOut, "mltest: compare: gate failed: [device=web] roc_auc fell by")
	for _, g := range r.Gates {
		require.NotEqual(t, "kiosk", g.Slice["device"])
	}
}

func TestCompareMulticlassAndRegression(t *testing.T) {
	dir := t.TempDir()
	var b, c, rb, rc strings.Builder
	rng := rand.New(rand.NewPCG(1, 1))
	rb.WriteString("id,y,pred\n")
	rc.WriteString("id,y,pred\n")
	for i := range 60 {
		y := i % 3
		p := [3]float64{0.2, 0.2, 0.2}
		p[y] = 0.6
		q := [3]float64{0.3, 0.4, 0.3}
		fmt.Fprintf(&b, `{"id": "m%d", "label": %d, "probs": [%g, %g, %g]}`+"\n", i, y, p[0], p[1], p[2])
		fmt.Fprintf(&c, `{"id": "m%d", "label": %d, "probs": [%g, %g, %g]}`+"\n", i, y, q[0], q[1], q[2])
		t := rng.NormFloat64()
		fmt.Fprintf(&rb, "x%d,%.4f,%.4f\n", i, t, t+0.1*rng.NormFloat64())
		fmt.Fprintf(&rc, "x%d,%.4f,%.4f\n", i, t, t+rng.NormFloat64())
	}
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(s), 0o644))
		return p
	}
	code, out, errOut := runCLI(t, "", "compare", "--task", "multiclass", "--baseline", write("b.jsonl", b.String()),
		"--candidate", write("c.jsonl", c.String()), "--id", "id", "--label", "label", "--score", "probs",
		"--metrics", "accuracy,log_loss", "--max-regression", "accuracy=0.1", "--bootstrap", "100")
	require.Equal(t, exitFail, code, errOut)
	require.Contains(t, out, "accuracy  1.000000  0.333333   -0.666667")
	require.Contains(t, out, "mcnemar chi2")
	require.Contains(t, out, "result: FAIL (1 of 1 gates failed)")

	code, out, errOut = runCLI(t, "", "compare", "--task", "regression", "--baseline", write("b.csv", rb.String()),
		"--candidate", write("c.csv", rc.String()), "--id", "id", "--label", "y", "--score", "pred",
		"--metrics", "mae", "--max-regression", "mae=2", "--bootstrap", "100")
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, out, "pass  mae (all rows, max regression 2): mae rose by")
	require.Contains(t, out, "significant at alpha=0.05 but within the allowed 2")
}

func TestCompareBadInputExits2(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	base := write("base.csv", "id,label,score,grp,device\na,1,0.9,g1,web\nb,0,0.2,g1,web\nc,1,0.6,g1,ios\nd,0,0.4,g1,ios\n")
	args := func(cand string, more ...string) []string {
		return append([]string{"compare", "--task", "binary", "--baseline", base, "--candidate", cand,
			"--id", "id", "--label", "label", "--score", "score"}, more...)
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"different ids", args(write("ids.csv", "id,label,score\na,1,0.8\nb,0,0.1\nx,1,0.5\ny,0,0.5\nz,0,0.5\n")),
			"mltest: compare: DIR/base.csv and DIR/ids.csv hold different ids (4 and 5 rows): 2 (\"c\", \"d\") only in DIR/base.csv, 3 (\"x\", \"y\", \"z\") only in DIR/ids.csv\n"},
		{"duplicate id", args(write("dup.csv", "id,label,score\na,1,0.8\nb,0,0.1\nc,1,0.5\nb,0,0.5\n")),
			"mltest: DIR/dup.csv:5: id: duplicate id \"b\" (first at line 3): ids must be unique\n"},
		{"label disagrees", args(write("lab.csv", "id,label,score\nd,0,0.3\nc,0,0.5\nb,0,0.1\na,1,0.8\n")),
			"mltest: DIR/lab.csv:3: label: id \"c\" has label \"0\" here but \"1\" in DIR/base.csv:4: both files must hold the same labels\n"},
		{"missing slice column", args(write("ok.csv", "id,label,score\na,1,0.8\nb,0,0.1\nc,1,0.5\nd,0,0.5\n"), "--slice", "region"),
			"mltest: DIR/base.csv:1: region: no such column; the header has id, label, score, grp, device\n"},
		{"one cluster", args(filepath.Join(dir, "ok.csv"), "--cluster", "grp"),
			"mltest: DIR/base.csv: grp: a single cluster: the cluster bootstrap needs at least 2 distinct values\n"},
		{"nan score", args(write("nan.csv", "id,label,score\na,1,0.8\nb,0,NaN\n")),
			"mltest: DIR/nan.csv:3: score: expected a finite number, got \"NaN\"\n"},
		{"unknown gate metric", args(filepath.Join(dir, "ok.csv"), "--metrics", "roc_auc", "--max-regression", "auc=0.1"),
			"mltest: compare: --max-regression auc: not a compared metric; compared: roc_auc\n"},
		{"bad gate", args(filepath.Join(dir, "ok.csv"), "--max-regression", "roc_auc"),
			"invalid value \"roc_auc\" for flag -max-regression: want METRIC=DELTA, got \"roc_auc\"\n"},
		{"no id", []string{"compare", "--task", "binary", "--baseline", base, "--candidate", base, "--label", "label", "--score", "score"},
			"mltest: compare: --id is required: the column that joins baseline and candidate rows\n"},
		{"positional", args(filepath.Join(dir, "ok.csv"), "extra.csv"),
			"mltest: compare: unexpected argument \"extra.csv\": files are named by --baseline and --candidate (see mltest compare --help)\n"},
		{"ranking query sets", []string{"compare", "--task", "ranking", "--qrels", write("q.txt", "1 0 a 1\n1 0 b 0\n2 0 a 1\n3 0 c 1\n"),
			"--baseline", write("b.run", "1 Q0 a 1 0.9 b\n2 Q0 a 1 0.9 b\n"), "--candidate", write("c.run", "1 Q0 a 1 0.9 c\n3 Q0 c 1 0.9 c\n")},
			"mltest: compare: DIR/b.run and DIR/c.run retrieve for different judged queries: 1 (\"2\") only in DIR/b.run, 1 (\"3\") only in DIR/c.run\n"},
		{"ranking attrs missing query", []string{"compare", "--task", "ranking", "--qrels", filepath.Join(dir, "q.txt"),
			"--baseline", filepath.Join(dir, "b.run"), "--candidate", write("c2.run", "1 Q0 a 1 0.9 c\n2 Q0 a 1 0.9 c\n"),
			"--query-attrs", write("attrs.csv", "qid,segment\n1,x\n"), "--slice", "segment"},
			"mltest: DIR/attrs.csv: qid: no row for query \"2\", which both runs retrieve for: every compared query needs its attributes\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", c.args...)
			require.Equal(t, exitUsage, code, errOut)
			require.Empty(t, out)
			got := strings.ReplaceAll(errOut, dir, "DIR")
			if c.name == "bad gate" {
				require.True(t, strings.HasPrefix(got, c.want), got)
				return
			}
			require.Equal(t, c.want, got)
		})
	}
}

func TestCompareHelp(t *testing.T) {
	code, out, _ := runCLI(t, "", "compare", "--help")
	require.Equal(t, exitOK, code)
	for _, f := range []string{"-task", "-baseline", "-candidate", "-id", "-label", "-score", "-weight", "-slice", "-cluster",
		"-metrics", "-threshold", "-ci", "-bootstrap", "-seed", "-alpha", "-min-slice-n", "-max-regression", "-format",
		"-qrels", "-m", "-l", "-query-attrs", "-trials"} {
		require.Contains(t, out, "\n  "+f+" ", f)
	}
	code, out, _ = runCLI(t, "", "--help")
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "mltest compare")
}

// reference.json holds scikit-learn, scipy, statsmodels and trec_eval values
// on the example inputs (testdata/compare/reference.py). The estimates, and
// for DeLong and McNemar the difference, interval and p-value, match them.
func TestCompareMatchesReferences(t *testing.T) {
	raw, err := os.ReadFile(compareDir + "reference.json")
	require.NoError(t, err)
	type refValue struct {
		Baseline, Candidate, Diff, P *float64
		CI                           []float64
	}
	var ref struct {
		BinaryOK    map[string]map[string]refValue `json:"binary_ok"`
		BinaryWorse map[string]map[string]refValue `json:"binary_worse"`
		Ranking     struct {
			Baseline, Candidate map[string]map[string]float64
		}
	}
	require.NoError(t, json.Unmarshal(raw, &ref))
	type outCmp struct {
		Metric                    string
		Baseline, Candidate, Diff float64
		CI                        []float64
		P                         float64
	}
	type outJSON struct {
		Comparisons []outCmp
		Slices      []struct {
			Key         map[string]string
			Comparisons []outCmp
		}
	}
	near := func(want, got float64, what string) {
		t.Helper()
		require.InDelta(t, want, got, 1e-9*math.Max(1, math.Abs(want)), what)
	}
	for file, want := range map[string]map[string]map[string]refValue{"candidate_ok.csv": ref.BinaryOK, "candidate_worse.csv": ref.BinaryWorse} {
		code, out, errOut := runCLI(t, "", append(slices.Clone(compareBinary), "--candidate", compareDir+file, "--slice", "device",
			"--metrics", "roc_auc,log_loss,brier,accuracy,f1", "--bootstrap", "20", "--format", "json")...)
		require.Equal(t, exitOK, code, errOut)
		var got outJSON
		require.NoError(t, json.Unmarshal([]byte(out), &got))
		groups := map[string][]outCmp{"": got.Comparisons}
		for _, s := range got.Slices {
			groups[s.Key["device"]] = s.Comparisons
		}
		require.Len(t, groups, len(want))
		for key, cs := range groups {
			for _, c := range cs {
				r := want[key][c.Metric]
				what := file + " " + key + " " + c.Metric
				near(*r.Baseline, c.Baseline, what+" baseline")
				near(*r.Candidate, c.Candidate, what+" candidate")
				if r.P != nil {
					near(*r.Diff, c.Diff, what+" diff")
					near(*r.P, c.P, what+" p")
				}
				if r.CI != nil {
					near(r.CI[0], c.CI[0], what+" ci lo")
					near(r.CI[1], c.CI[1], what+" ci hi")
				}
			}
		}
	}

	// Ranking: the means of trec_eval's per-query values (printed to 4
	// decimals, so within 5e-5), on all queries and per segment.
	code, out, errOut := runCLI(t, "", "compare", "--task", "ranking", "--qrels", compareDir+"qrels.txt",
		"--baseline", compareDir+"baseline.run", "--candidate", compareDir+"candidate.run", "--trials", "100", "--bootstrap", "20",
		"-m", "map", "-m", "ndcg_cut.10", "--query-attrs", compareDir+"queries.csv", "--slice", "segment", "--format", "json")
	require.Equal(t, exitOK, code, errOut)
	var got outJSON
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	mean := func(perQuery map[string]float64, segment string) float64 {
		var s float64
		var n int
		for qid, v := range perQuery {
			q := 0
			fmt.Sscanf(qid, "q%d", &q)
			if segment == "" || (segment == "tail") == (q%2 == 1) {
				s += v
				n++
			}
		}
		return s / float64(n)
	}
	groups := map[string][]outCmp{"": got.Comparisons}
	for _, s := range got.Slices {
		groups[s.Key["segment"]] = s.Comparisons
	}
	require.Len(t, groups, 3)
	for seg, cs := range groups {
		for _, c := range cs {
			require.InDelta(t, mean(ref.Ranking.Baseline[c.Metric], seg), c.Baseline, 5e-5, seg+" "+c.Metric)
			require.InDelta(t, mean(ref.Ranking.Candidate[c.Metric], seg), c.Candidate, 5e-5, seg+" "+c.Metric)
		}
	}
}

// A Parquet candidate compares exactly as the same rows in CSV.
func TestCompareParquetInput(t *testing.T) {
	type row struct {
		ID    string  `parquet:"id"`
		Label int64   `parquet:"label"`
		Score float64 `parquet:"score"`
	}
	raw, err := os.ReadFile(compareDir + "candidate_ok.csv")
	require.NoError(t, err)
	var rows []row
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n")[1:] {
		var r row
		f := strings.Split(line, ",")
		r.ID = f[0]
		fmt.Sscan(f[1], &r.Label)
		fmt.Sscan(f[2], &r.Score)
		rows = append(rows, r)
	}
	path := filepath.Join(t.TempDir(), "candidate_ok.parquet")
	require.NoError(t, parquet.WriteFile(path, rows))
	args := append(slices.Clone(compareBinary), "--slice", "device", "--metrics", "roc_auc,brier", "--format", "json", "--candidate")
	code, fromCSV, errOut := runCLI(t, "", append(slices.Clone(args), compareDir+"candidate_ok.csv")...)
	require.Equal(t, exitOK, code, errOut)
	code, fromParquet, errOut := runCLI(t, "", append(slices.Clone(args), path)...)
	require.Equal(t, exitOK, code, errOut)
	require.Equal(t, fromCSV, fromParquet)
}

func TestCompareMulticlassClassNames(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	base := write("b.csv", "id,y,cat,dog\n1,cat,0.9,0.1\n2,dog,0.2,0.8\n3,cat,0.6,0.4\n4,dog,0.3,0.7\n")
	cand := write("c.csv", "id,y,cat,dog\n4,dog,0.6,0.4\n3,cat,0.6,0.4\n2,dog,0.2,0.8\n1,cat,0.9,0.1\n")
	args := []string{"compare", "--task", "multiclass", "--baseline", base, "--candidate", cand, "--id", "id", "--label", "y",
		"--score", "cat", "--score", "dog", "--metrics", "accuracy", "--format", "json"}
	code, out, errOut := runCLI(t, "", append(slices.Clone(args), "--classes", "cat,dog")...)
	require.Equal(t, exitOK, code, errOut)
	require.Contains(t, out, `"diff": -0.25`)
	require.Contains(t, out, `"method": "mcnemar exact"`)

	code, _, errOut = runCLI(t, "", append(slices.Clone(args), "--classes", "cat,bird")...)
	require.Equal(t, exitUsage, code)
	require.Equal(t, "mltest: DIR/b.csv:3: y: label \"dog\" is not one of the classes cat,bird\n", strings.ReplaceAll(errOut, dir, "DIR"))
}
