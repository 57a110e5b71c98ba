package flow_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/internal/report"
)

// trecRefDir holds inputs and trec_eval 10's outputs, written by
// metrics/testdata/trec/gen.py.
var trecRefDir = filepath.Join("..", "..", "metrics", "testdata", "trec")

// rankOptionsOf turns gen.py's trec_eval flags into RankOptions; it returns
// whether -q was given.
func rankOptionsOf(t *testing.T, flags []string) (flow.RankOptions, bool) {
	t.Helper()
	opt := flow.DefaultRankOptions()
	perQuery := false
	for i := 0; i < len(flags); i++ {
		next := func() string {
			i++
			return flags[i]
		}
		atoi := func(s string) int {
			n, err := strconv.Atoi(s)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		switch flags[i] {
		case "-q":
			perQuery = true
		case "-c":
			opt.Complete = true
		case "-l":
			opt.Level = atoi(next())
		case "-M":
			opt.MaxDocs = atoi(next())
		case "-m":
			opt.Measures = append(opt.Measures, next())
		default:
			t.Fatalf("flag %q not handled", flags[i])
		}
	}
	return opt, perQuery
}

// TestRankMatchesTrecEval runs every reference case through flow.Rank and
// the trec_eval writer: trec_eval's output byte for byte.
func TestRankMatchesTrecEval(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(trecRefDir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Case            string
		Flags           []string
		Qrels, Run, Out string
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 30 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Case+"/"+strings.Join(c.Flags, " "), func(t *testing.T) {
			opt, perQuery := rankOptionsOf(t, c.Flags)
			res, err := flow.Rank(flow.RankFiles{Qrels: filepath.Join(trecRefDir, c.Qrels), Run: filepath.Join(trecRefDir, c.Run)}, opt)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := report.WriteRankTREC(&got, res, perQuery); err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(trecRefDir, c.Out))
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != string(want) {
				t.Errorf("differs from trec_eval's %s:\n got:\n%s\nwant:\n%s", c.Out, got.String(), want)
			}
			if opt.Complete && len(res.Skipped) > 0 {
				t.Errorf("Complete skipped %v", res.Skipped)
			}
			if len(res.Warnings) != len(res.Skipped) {
				t.Errorf("%d warnings for %d skipped queries: %q", len(res.Warnings), len(res.Skipped), res.Warnings)
			}
		})
	}
}

func TestRankErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	qrels, run := filepath.Join("testdata", "rank", "demo.qrels"), filepath.Join("testdata", "rank", "demo.run")
	attrs := filepath.Join("testdata", "rank", "queries.csv")
	withSlices := flow.DefaultRankOptions()
	withSlices.SliceBy = []string{"market"}
	cases := []struct {
		name  string
		files flow.RankFiles
		opt   flow.RankOptions
		want  string
	}{
		{"no common query", flow.RankFiles{Qrels: write("other.qrels", "z 0 a 1\n"), Run: run}, flow.DefaultRankOptions(),
			"no query is in both DIR/other.qrels and testdata/rank/demo.run"},
		{"bad measure", flow.RankFiles{Qrels: qrels, Run: run}, flow.RankOptions{RankSpec: flow.RankSpec{Measures: []string{"nope"}}},
			`unknown measure "nope"`},
		{"both stdin", flow.RankFiles{Qrels: "-", Run: "-", Stdin: strings.NewReader("")}, flow.DefaultRankOptions(),
			"the qrels and the run cannot both be standard input"},
		{"stdin twice", flow.RankFiles{Qrels: qrels, Run: "-", QueryAttrs: "-", Stdin: strings.NewReader("")}, withSlices,
			`only one input can be standard input ("-")`},
		{"no stdin", flow.RankFiles{Qrels: qrels, Run: "-"}, flow.DefaultRankOptions(),
			"no standard input was given"},
		{"slices without attributes", flow.RankFiles{Qrels: qrels, Run: run}, withSlices,
			"slices by [market] need query attributes"},
		{"query without a row", flow.RankFiles{Qrels: qrels, Run: run, QueryAttrs: write("a.csv", "qid,market\nq1,us\n")}, withSlices,
			`DIR/a.csv: qid: 1 evaluated queries have no row, e.g. "q2"`},
		{"query twice", flow.RankFiles{Qrels: qrels, Run: run, QueryAttrs: write("b.csv", "qid,market\nq1,us\nq2,de\nq1,jp\n")}, withSlices,
			`DIR/b.csv:4: qid: query "q1" listed twice (first at line 2)`},
		{"attribute column missing", flow.RankFiles{Qrels: qrels, Run: run, QueryAttrs: attrs, QueryID: "query"}, withSlices,
			`query: no such column`},
		{"bad run", flow.RankFiles{Qrels: qrels, Run: write("r.run", "q1 Q0 a 1 NaN r\n")}, flow.DefaultRankOptions(),
			`DIR/r.run:1: score: expected a finite number, got "NaN"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := flow.Rank(c.files, c.opt)
			if err == nil || !strings.Contains(strings.ReplaceAll(err.Error(), dir, "DIR"), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
		})
	}
	// The skipped queries' warnings come with NoQueryError.
	_, err := flow.Rank(flow.RankFiles{Qrels: qrels, Run: write("r2.run", "q9 Q0 d1 1 1 r\n")}, flow.DefaultRankOptions())
	var nq *flow.NoQueryError
	if !errors.As(err, &nq) || len(nq.Warnings) != 3 || !strings.Contains(nq.Warnings[2], `query "q3" is in`) {
		t.Errorf("error %#v, want a NoQueryError with 3 warnings", err)
	}
}

func TestMeasureArg(t *testing.T) {
	for name, want := range map[string]string{
		"map": "map", "ndcg_cut_10": "ndcg_cut.10", "P_5": "P.5", "num_rel_ret": "num_rel_ret",
		"iprec_at_recall_0.50": "iprec_at_recall.0.50", "recip_rank": "recip_rank", "x_": "x_", "_5": "_5",
	} {
		if got := flow.MeasureArg(name); got != want {
			t.Errorf("MeasureArg(%q) = %q, want %q", name, got, want)
		}
	}
	// Every per-query value of the official set and of cutoff measures
	// comes back from its own argument.
	for _, arg := range []string{"official", "P.3,17", "ndcg_cut.7", "iprec_at_recall.0.25,0.55", "success.2"} {
		opt := flow.DefaultRankOptions()
		opt.Measures = []string{arg}
		eval, err := opt.Eval()
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range eval.Values() {
			spec := flow.RankSpec{Measures: []string{flow.MeasureArg(v.Name)}, Level: 1}
			one, err := spec.Eval()
			if err != nil {
				t.Fatalf("%s: %v", v.Name, err)
			}
			found := false
			for _, w := range one.Values() {
				found = found || w.Name == v.Name
			}
			if !found {
				t.Errorf("MeasureArg(%q) = %q does not compute %s", v.Name, flow.MeasureArg(v.Name), v.Name)
			}
		}
	}
}
