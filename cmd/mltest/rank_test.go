package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mltest/mltest/internal/bench/gendata"
	"github.com/mltest/mltest/metrics"
)

// trecRefDir holds the inputs and trec_eval outputs written by
// metrics/testdata/trec/gen.py.
var trecRefDir = filepath.Join("..", "..", "metrics", "testdata", "trec")

type trecRefCase struct {
	Case  string   `json:"case"`
	Flags []string `json:"flags"`
	Qrels string   `json:"qrels"`
	Run   string   `json:"run"`
	Out   string   `json:"out"`
}

func loadTrecRefCases(t *testing.T) []trecRefCase {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(trecRefDir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []trecRefCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 30 {
		t.Fatalf("only %d reference cases in cases.json", len(cases))
	}
	return cases
}

func rankCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{"rank"}, args...), strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestRankMatchesTrecEval runs every reference case of gen.py through the
// CLI and requires trec_eval's output byte for byte.
func TestRankMatchesTrecEval(t *testing.T) {
	for _, c := range loadTrecRefCases(t) {
		name := c.Case + "/" + strings.Join(c.Flags, " ")
		t.Run(name, func(t *testing.T) {
			args := append(append([]string{}, c.Flags...), filepath.Join(trecRefDir, c.Qrels), filepath.Join(trecRefDir, c.Run))
			code, out, errOut := rankCLI(t, "", args...)
			if code != exitOK {
				t.Fatalf("mltest rank %s: exit %d, stderr:\n%s", strings.Join(args, " "), code, errOut)
			}
			want, err := os.ReadFile(filepath.Join(trecRefDir, c.Out))
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("mltest rank %s differs from trec_eval (%s):\n%s", strings.Join(args, " "), c.Out, lineDiff(string(want), out))
			}
			// Every qrels query missing from the run is reported, unless -c.
			missing := missingQueries(t, filepath.Join(trecRefDir, c.Qrels), filepath.Join(trecRefDir, c.Run))
			complete := strings.Contains(strings.Join(c.Flags, " "), "-c")
			for _, q := range missing {
				warned := strings.Contains(errOut, fmt.Sprintf("query %q is in", q))
				if warned == complete {
					t.Errorf("query %s missing from the run: warned=%v with -c=%v; stderr:\n%s", q, warned, complete, errOut)
				}
			}
		})
	}
}

// missingQueries lists the qids of the TREC qrels file absent from the TREC
// run file (CSV/JSONL inputs of the references hold the same queries as
// their TREC twins).
func missingQueries(t *testing.T, qrels, run string) []string {
	if !strings.HasSuffix(qrels, ".qrels") {
		qrels = strings.TrimSuffix(qrels, ".csv")
		run = filepath.Join(trecRefDir, "graded.run")
	}
	col0 := func(path string) map[string]bool {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]bool{}
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Fields(l); len(f) > 0 {
				m[f[0]] = true
			}
		}
		return m
	}
	inRun := col0(run)
	var out []string
	for q := range col0(qrels) {
		if !inRun[q] {
			out = append(out, q)
		}
	}
	return out
}

// lineDiff shows the first differing lines of two outputs.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  -trec_eval %q\n  +mltest    %q\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const smallQrels = "1 0 a 1\n1 0 b 0\n1 0 c 2\n2 0 x 1\n"
const smallRun = "1 Q0 a 1 0.5 r1\n1 Q0 b 2 0.5 r1\n1 Q0 d 3 0.25 r1\n2 Q0 x 1 3 r1\n"

// TestRankHandChecked pins values worked out by hand: query 1 ranks b, a, d
// (a tie at 0.5 is broken by docno descending), relevant a and c (R = 2); a
// at rank 2 gives AP = (1/2)/2 = 0.25; query 2 ranks x first, AP = 1.
func TestRankHandChecked(t *testing.T) {
	q := writeTemp(t, "q.qrels", smallQrels)
	r := writeTemp(t, "r.run", smallRun)
	code, out, errOut := rankCLI(t, "", "-q", "-m", "map", "-m", "P.1,2", "-m", "num_rel", "-m", "recip_rank", q, r)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := strings.Join([]string{
		"num_rel               \t1\t2",
		"map                   \t1\t0.2500",
		"recip_rank            \t1\t0.5000",
		"P_1                   \t1\t0.0000",
		"P_2                   \t1\t0.5000",
		"num_rel               \t2\t1",
		"map                   \t2\t1.0000",
		"recip_rank            \t2\t1.0000",
		"P_1                   \t2\t1.0000",
		"P_2                   \t2\t0.5000",
		"num_rel               \tall\t3",
		"map                   \tall\t0.6250",
		"recip_rank            \tall\t0.7500",
		"P_1                   \tall\t0.5000",
		"P_2                   \tall\t0.5000",
		""}, "\n")
	if out != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
}

func TestRankFlagsAfterFilesAndGzip(t *testing.T) {
	q := writeTemp(t, "q.qrels", smallQrels)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(smallRun))
	zw.Close()
	r := writeTemp(t, "r.run.gz", gz.String())
	code, out, errOut := rankCLI(t, "", q, r, "-m", "map")
	if code != exitOK || out != "map                   \tall\t0.6250\n" {
		t.Errorf("exit %d, out %q, stderr %q", code, out, errOut)
	}
}

func TestRankJSON(t *testing.T) {
	q := writeTemp(t, "q.qrels", smallQrels+"3 0 z 1\n")
	r := writeTemp(t, "r.run", smallRun)
	code, out, errOut := rankCLI(t, "", "--format", "json", "-q", "-m", "map", "-m", "num_q", "-m", "runid", "-m", "P.2", q, r)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Measures map[string]any            `json:"measures"`
		PerQuery map[string]map[string]any `json:"per_query"`
		Warnings []string                  `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if got.Measures["map"] != 0.625 || got.Measures["num_q"] != 2.0 || got.Measures["runid"] != "r1" || got.Measures["P_2"] != 0.5 {
		t.Errorf("measures = %v", got.Measures)
	}
	if got.PerQuery["1"]["map"] != 0.25 || got.PerQuery["2"]["map"] != 1.0 || len(got.PerQuery) != 2 {
		t.Errorf("per_query = %v", got.PerQuery)
	}
	if _, ok := got.PerQuery["1"]["num_q"]; ok {
		t.Errorf("num_q is a summary measure, found per query: %v", got.PerQuery["1"])
	}
	if len(got.Warnings) != 1 || !strings.Contains(got.Warnings[0], `query "3"`) {
		t.Errorf("warnings = %q, want one about query 3", got.Warnings)
	}
	if !strings.Contains(errOut, `mltest: warning: query "3" is in`) {
		t.Errorf("stderr = %q", errOut)
	}
}

// TestRankBadInput: every malformed input exits 2 naming file, line, field.
func TestRankBadInput(t *testing.T) {
	goodQ := writeTemp(t, "good.qrels", smallQrels)
	goodR := writeTemp(t, "good.run", smallRun)
	cases := []struct {
		name       string
		qrels, run string // file contents; "" uses the good file
		args       []string
		want       string // stderr, with FILE for the bad file's path
	}{
		{"short run line", "", "1 Q0 a 1 0.5 r\n1 Q0 b 2 0.4\n", nil,
			"mltest: FILE:2: expected 6 fields (qid iter docno rank score runid), got 5\n"},
		{"NaN score", "", "1 Q0 a 1 0.5 r\n\n1 Q0 b 2 NaN r\n", nil,
			"mltest: FILE:3: score: expected a finite number, got \"NaN\"\n"},
		{"non-number score", "", "1 Q0 a 1 high r\n", nil,
			"mltest: FILE:1: score: expected a finite number, got \"high\"\n"},
		{"duplicate docno", "", "1 Q0 a 1 0.5 r\n2 Q0 a 1 0.5 r\n1 Q0 a 2 0.4 r\n", nil,
			"mltest: FILE:3: docno: docno \"a\" listed twice for query \"1\" (first at line 1); each document may be ranked once\n"},
		{"short qrels line", "1 0 a\n", "", nil,
			"mltest: FILE:1: expected 4 fields (qid iter docno rel), got 3\n"},
		{"non-integer rel", "# judged\n1 0 a 1\n1 0 b 0.5\n", "", nil,
			"mltest: FILE:3: rel: expected an integer relevance, got \"0.5\"\n"},
		{"qrels duplicate", "1 0 a 1\n1 0 a 0\n", "", nil,
			"mltest: FILE:2: docno: docno \"a\" judged twice for query \"1\" (first at line 1)\n"},
		{"empty run", "", "\n# nothing\n", nil,
			"mltest: FILE: empty run: expected lines \"qid iter docno rank score runid\"\n"},
		{"unknown measure", "", "", []string{"-m", "nope"},
			"mltest: rank: -m: unknown measure \"nope\"; known: official all_trec set all_prefs prefs qrels_jg " + strings.Join(metrics.TrecMeasureNames(), " ") +
				", ir_measures names (nDCG@10, AP, P(rel=2)@5, ...) and recommender measures (catalog_coverage, precision_at_k, ...)\n"},
		{"bad cutoff", "", "", []string{"-m", "P.5,x"},
			"mltest: rank: -m: measure P: cutoff \"x\" is not a positive integer\n"},
		{"duplicate cutoff", "", "", []string{"-m", "P.5,5"},
			"mltest: rank: -m: measure P: duplicate cutoff 5\n"},
		{"no common query", "9 0 a 1\n", "", nil,
			"mltest: warning: query \"9\" is in QFILE but not in RFILE: skipped (with -c it would count as 0)\nmltest: rank: no query is in both QFILE and RFILE\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, r, bad := goodQ, goodR, ""
			if c.qrels != "" {
				q = writeTemp(t, "bad.qrels", c.qrels)
				bad = q
			}
			if c.run != "" {
				r = writeTemp(t, "bad.run", c.run)
				bad = r
			}
			args := append(append([]string{}, c.args...), q, r)
			code, out, errOut := rankCLI(t, "", args...)
			want := strings.NewReplacer("QFILE", q, "RFILE", r, "FILE", bad).Replace(c.want)
			if code != exitUsage || out != "" || errOut != want {
				t.Errorf("exit %d, stdout %q\nstderr %q\nwant   %q", code, out, errOut, want)
			}
		})
	}
	code, _, errOut := rankCLI(t, "", goodQ, filepath.Join(t.TempDir(), "absent.run"))
	if code != exitUsage || !strings.Contains(errOut, "absent.run: cannot open") {
		t.Errorf("missing file: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = rankCLI(t, "", goodQ)
	if code != exitUsage || !strings.Contains(errOut, "want two files") {
		t.Errorf("one file: exit %d, stderr %q", code, errOut)
	}
}

func TestRankHelp(t *testing.T) {
	code, out, _ := rankCLI(t, "", "--help")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, flag := range []string{"-q", "-c", "-l", "-M", "-m", "-train", "-format", "-help"} {
		if !strings.Contains(out, "  "+flag) {
			t.Errorf("--help does not document %s:\n%s", flag, out)
		}
	}
}

// TestRankTrain checks the --train wiring against the metrics API directly:
// users are qids, items the docnos each query retrieved.
func TestRankTrain(t *testing.T) {
	q := writeTemp(t, "q.qrels", smallQrels)
	r := writeTemp(t, "r.run", smallRun)
	train := writeTemp(t, "train.txt", "1 e\n1 f\n2 a\n2 e\n3 a\n3 b\n3 x\n4 d\n")
	code, out, errOut := rankCLI(t, "", "-m", "map", "--train", train, "--format", "json", q, r)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Measures map[string]float64 `json:"measures"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	trainRows := []metrics.Interaction{{User: "1", Item: "e"}, {User: "1", Item: "f"}, {User: "2", Item: "a"}, {User: "2", Item: "e"}, {User: "3", Item: "a"}, {User: "3", Item: "b"}, {User: "3", Item: "x"}, {User: "4", Item: "d"}}
	reco := []metrics.Interaction{{User: "1", Item: "a"}, {User: "1", Item: "b"}, {User: "1", Item: "d"}, {User: "2", Item: "x"}}
	want, err := metrics.BeyondAccuracyOf(trainRows, reco)
	if err != nil {
		t.Fatal(err)
	}
	for name, w := range map[string]float64{
		"catalog_coverage": want.CatalogCoverage, "distributional_coverage": want.DistributionalCoverage,
		"novelty": want.Novelty, "diversity": want.Diversity, "serendipity": want.Serendipity,
	} {
		if g, ok := got.Measures[name]; !ok || g != w {
			t.Errorf("%s = %v (present %v), want %v", name, g, ok, w)
		}
	}
	code, out, _ = rankCLI(t, "", "-m", "map", "--train", train, q, r)
	if code != exitOK || !strings.HasPrefix(out, "map                   \tall\t0.6250\ncatalog_coverage      \tall\t"+strconv.FormatFloat(want.CatalogCoverage, 'f', 4, 64)) {
		t.Errorf("trec format with --train: exit %d, out:\n%s", code, out)
	}
}

// writeRankBenchFiles writes the benchmark's run (queries x docs lines, the
// size of a TREC deep-judged submission) and qrels into dir, seeded; it
// returns their paths. Each query judges docsPerQuery/5 documents, half of
// them retrieved, with relevance 0-3.
func writeRankBenchFiles(tb testing.TB, dir string, queries, docsPerQuery int) (qrelsPath, runPath string) {
	tb.Helper()
	qrelsPath, runPath = filepath.Join(dir, "bench.qrels"), filepath.Join(dir, "bench.run")
	qf, err := os.Create(qrelsPath)
	if err != nil {
		tb.Fatal(err)
	}
	rf, err := os.Create(runPath)
	if err != nil {
		tb.Fatal(err)
	}
	if err := gendata.WriteRanking(qf, rf, queries, docsPerQuery, 20261124); err != nil {
		tb.Fatal(err)
	}
	for _, c := range []io.Closer{qf, rf} {
		if err := c.Close(); err != nil {
			tb.Fatal(err)
		}
	}
	return qrelsPath, runPath
}

// BenchmarkRank5M parses and evaluates a 5,000,000-line run (5,000 queries x
// 1,000 documents) with the measures of the trec_eval comparison in
// /tmp/bench-rank.md. MLTEST_RANK_BENCH_DIR keeps the generated files there
// (for timing the built binary against trec_eval); otherwise they go to a
// temporary directory.
func BenchmarkRank5M(b *testing.B) {
	dir := os.Getenv("MLTEST_RANK_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	qrels, runFile := filepath.Join(dir, "bench.qrels"), filepath.Join(dir, "bench.run")
	if _, err := os.Stat(runFile); err != nil {
		qrels, runFile = writeRankBenchFiles(b, dir, 5000, 1000)
	}
	args := []string{"rank", "-m", "map", "-m", "ndcg_cut.10", "-m", "P.10", "-m", "recall.100", "-m", "recip_rank", qrels, runFile}
	b.ResetTimer()
	for b.Loop() {
		var errOut bytes.Buffer
		if code := run(args, nil, io.Discard, &errOut); code != exitOK {
			b.Fatalf("exit %d: %s", code, errOut.String())
		}
	}
}

// TestRankStdin reads the run from standard input ("-", TREC format).
func TestRankStdin(t *testing.T) {
	q := writeTemp(t, "q.qrels", smallQrels)
	code, out, errOut := rankCLI(t, smallRun, "-m", "map", q, "-")
	if code != exitOK || out != "map                   \tall\t0.6250\n" {
		t.Errorf("exit %d, out %q, stderr %q", code, out, errOut)
	}
	code, _, errOut = rankCLI(t, smallRun, "-", "-")
	if code != exitUsage || !strings.Contains(errOut, "cannot both be standard input") {
		t.Errorf("both stdin: exit %d, stderr %q", code, errOut)
	}
}

// checkRankGolden compares got with testdata/rank/NAME; regenerate with
// MLTEST_UPDATE=1 go test ./cmd/mltest -run 'TestRankGolden'.
func checkRankGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "rank", name)
	if os.Getenv("MLTEST_UPDATE") == "1" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v\nregenerate with: MLTEST_UPDATE=1 go test ./cmd/mltest -run 'TestRankGolden'", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s:\n%s\nregenerate with: MLTEST_UPDATE=1 go test ./cmd/mltest -run 'TestRankGolden'",
			path, lineDiff(string(want), got))
	}
}

// TestRankGolden pins the JSON output and the help text. The JSON values are
// checked against trec_eval's printed ones, so the golden file only guards
// the shape.
func TestRankGolden(t *testing.T) {
	q, r := filepath.Join(trecRefDir, "small.qrels"), filepath.Join(trecRefDir, "small.run")
	code, out, errOut := rankCLI(t, "", "--format", "json", "-q", "-m", "official", "-m", "ndcg_cut.10", q, r)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Measures map[string]any            `json:"measures"`
		PerQuery map[string]map[string]any `json:"per_query"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := parseTrecLines(t, filepath.Join(trecRefDir, "small.official_q.out"))
	for key, w := range want {
		qid, name := key[0], key[1]
		var v any
		if qid == "all" {
			v = got.Measures[name]
		} else {
			v = got.PerQuery[qid][name]
		}
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case float64:
			if strings.HasPrefix(name, "num_") {
				s = strconv.FormatFloat(x, 'f', 0, 64)
			} else {
				s = fmt.Sprintf("%6.4f", x)
			}
		}
		if s != w {
			t.Errorf("json %s %s = %v, trec_eval %s", qid, name, v, w)
		}
	}
	checkRankGolden(t, "small_official_q.json", out)
	_, help, _ := rankCLI(t, "", "--help")
	checkRankGolden(t, "help.txt", help)
}

// parseTrecLines reads trec_eval output into (qid, measure) -> value text.
func parseTrecLines(t *testing.T, path string) map[[2]string]string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[[2]string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Split(l, "\t")
		out[[2]string{f[1], strings.TrimSpace(f[0])}] = f[2]
	}
	return out
}
