package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/examples/recommender/receval"
	"github.com/mltest/mltest/fixtures"
	"github.com/mltest/mltest/harness/parity"
	"github.com/mltest/mltest/metrics"
)

// TestRecbatchWritesPredictionsAndRun scores every test user of a small data
// set: one prediction line per user in the parity format, and a TREC run and
// qrels that evaluate to the figures receval computes in-process.
func TestRecbatchWritesPredictionsAndRun(t *testing.T) {
	dir := t.TempDir()
	data := []string{"--users", "150", "--items", "80", "--seed", "5"}
	d, _ := recdata.Generate(recdata.Options{Users: 150, Items: 80, Seed: 5})
	m, err := rec.Train(d, rec.DefaultHyperparameters(), rec.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	modelPath := filepath.Join(dir, "model.json")
	if err := m.Save(modelPath); err != nil {
		t.Fatal(err)
	}
	p := func(name string) string { return filepath.Join(dir, name) }
	var out, errb bytes.Buffer
	args := append(data, "--model", modelPath, "--out", p("pred.jsonl"), "--run", p("run.trec"), "--qrels", p("qrels.trec"), "--write-requests", p("req.jsonl"), "--train", p("train.txt"))
	if code := run(args, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	preds, err := parity.ReadRows(p("pred.jsonl"), nil, "outputs")
	if err != nil {
		t.Fatal(err)
	}
	reqs, err := parity.ReadRows(p("req.jsonl"), nil, "inputs")
	if err != nil {
		t.Fatal(err)
	}
	if len(preds) != len(d.EvalUsers()) || len(reqs) != len(preds) {
		t.Fatalf("%d predictions and %d requests for %d test users", len(preds), len(reqs), len(d.EvalUsers()))
	}
	for _, r := range preds {
		if len(r.Values[rec.OutputFeatures].Numbers) != 80 || len(r.Values[rec.OutputScores].Numbers) != 80 || len(r.Values[rec.OutputItems].Strings) != 10 {
			t.Fatalf("row %s: outputs %v, want 80 features, 80 scores and 10 items", r.ID, r.Values)
		}
	}
	qrels, err := fixtures.LoadQrels(p("qrels.trec"))
	if err != nil {
		t.Fatal(err)
	}
	runf, err := fixtures.LoadRun(p("run.trec"))
	if err != nil {
		t.Fatal(err)
	}
	te := metrics.NewTrecEval(receval.Measures())
	acc := te.NewAccumulator()
	for q, judged := range qrels {
		res, err := te.Query(judged, runf.Queries[q])
		if err != nil {
			t.Fatal(err)
		}
		acc.Add(res)
	}
	rep, err := receval.Evaluate(m, d, receval.Options{Resamples: 10})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range te.Values() {
		if v.Name == "ndcg_cut_10" && !near(acc.Result()[k], rep.Summary["ndcg_cut_10"]) {
			t.Errorf("nDCG@10 of the written run %v, in-process %v", acc.Result()[k], rep.Summary["ndcg_cut_10"])
		}
	}
	train, err := fixtures.LoadInteractions(p("train.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(train) != len(d.Train) || train[0].User != d.Users[d.Train[0].User] || train[0].Item != d.Items[d.Train[0].Item] {
		t.Errorf("train file: %d rows starting %+v, want %d starting with the first training event", len(train), train[0], len(d.Train))
	}
	if runf.ID != "rec-als" {
		t.Errorf("runid %q", runf.ID)
	}
}

func near(a, b float64) bool { return a-b < 1e-12 && b-a < 1e-12 }

// TestRecbatchErrors: a missing model, a bad requests file and missing
// flags exit 2 naming the problem.
func TestRecbatchErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte("{\"id\": \"a\", \"inputs\": {\"user\": \"u1\"}}\n{not json\n"), 0o644)
	d, _ := recdata.Generate(recdata.Options{Users: 50, Items: 30, Seed: 1})
	m, err := rec.Train(d, rec.DefaultHyperparameters(), rec.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	modelPath := filepath.Join(dir, "model.json")
	if err := m.Save(modelPath); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--out", "-"}, "--model and --out are required"},
		{[]string{"--model", filepath.Join(dir, "none.json"), "--out", "-"}, "none.json"},
		{[]string{"--model", modelPath, "--requests", bad, "--out", "-"}, "bad.jsonl:2"},
	} {
		var out, errb bytes.Buffer
		if code := run(c.args, &out, &errb); code != 2 || !strings.Contains(errb.String(), c.want) {
			t.Errorf("run(%q) = %d, stderr %q; want 2 and %q", c.args, code, errb.String(), c.want)
		}
	}
}
