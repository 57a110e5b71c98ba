package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mltest/mltest/examples/recommender/rec"
)

// TestRectrainPassesGate trains the example, writes a model file that loads,
// and exits 0 with the gate passed; the JSON report says the same.
func TestRectrainPassesGate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "model.json")
	var out, errb bytes.Buffer
	if code := run([]string{"--out", path, "--resamples", "200", "--trials", "2000", "--format", "json"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d; stderr:\n%s\nstdout:\n%s", code, errb.String(), out.String())
	}
	var doc struct {
		GatePassed bool `json:"gate_passed"`
		Model      struct {
			Users   int
			Summary map[string]float64
		} `json:"model"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if !doc.GatePassed || doc.Model.Users == 0 || !(doc.Model.Summary["ndcg_cut_10"] > 0) {
		t.Errorf("report %+v, want a passed gate and a positive nDCG@10", doc)
	}
	if _, err := rec.Load(path); err != nil {
		t.Fatal(err)
	}
}

// TestRectrainGateFails: a model regularized to nothing but its popularity
// bucket is worse than the baseline, and rectrain exits 1 saying so.
func TestRectrainGateFails(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"--regularization", "1e6", "--resamples", "100", "--trials", "1000"}, &out, &errb)
	if code != 1 || !strings.Contains(out.String(), "GATE FAILED: ndcg_cut_10") {
		t.Fatalf("exit %d, want 1 with the gate's failure; stdout:\n%s\nstderr:\n%s", code, out.String(), errb.String())
	}
}

// TestRectrainUsageErrors exit 2 with the problem on stderr.
func TestRectrainUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--no-such-flag"}, "no-such-flag"},
		{[]string{"--format", "xml"}, `format "xml"`},
		{[]string{"--factors", "0"}, "factors 0"},
		{[]string{"--movielens", "testdata/none.csv"}, "none.csv"},
	} {
		var out, errb bytes.Buffer
		if code := run(c.args, &out, &errb); code != 2 || !strings.Contains(errb.String(), c.want) {
			t.Errorf("run(%q) = %d, stderr %q; want 2 and %q", c.args, code, errb.String(), c.want)
		}
	}
}
