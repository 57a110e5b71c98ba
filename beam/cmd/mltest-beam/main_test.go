package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mltest/mltest/metrics"
)

func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func runCmd(t *testing.T, cmd string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), cmd, args, &out, &errb)
	return code, out.String(), errb.String()
}

// The command end to end on prism: values equal the metric functions, bad
// input names FILE:LINE:column with exit 2, rank prints trec_eval's lines,
// parity exits 1 on a mismatch.
func TestCommandOnPrism(t *testing.T) {
	dir := t.TempDir()
	preds := write(t, dir, "preds.csv", "y,p,device\n1,0.9,web\n0,0.3,web\n1,0.4,ios\n0,0.6,ios\n1,0.8,ios\n0,0.1,web\n")
	code, out, stderr := runCmd(t, "eval", "--task", "binary", "--label", "y", "--score", "p", "--slice", "device", "--metrics", "roc_auc,log_loss", preds)
	if code != 0 {
		t.Fatalf("eval: exit %d: %s", code, stderr)
	}
	var rep struct {
		N       int
		Metrics map[string]*float64
		Slices  []struct {
			Key     map[string]string
			N       int
			Metrics map[string]*float64
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("eval output %q: %v", out, err)
	}
	labels := []bool{true, false, true, false, true, false}
	scores := []float64{0.9, 0.3, 0.4, 0.6, 0.8, 0.1}
	auc, _ := metrics.ROCAUC(labels, scores, nil)
	ll, _ := metrics.LogLoss(labels, scores, nil)
	if rep.N != 6 || *rep.Metrics["roc_auc"] != auc || *rep.Metrics["log_loss"]-ll > 1e-15 || len(rep.Slices) != 2 || rep.Slices[0].Key["device"] != "ios" {
		t.Errorf("eval: %s\nwant roc_auc %v log_loss %v", out, auc, ll)
	}

	bad := write(t, dir, "bad.csv", "y,p\n1,0.5\n0,abc\n")
	code, _, stderr = runCmd(t, "eval", "--task", "binary", "--label", "y", "--score", "p", bad)
	if want := "mltest: " + bad + ":3: p: expected a number"; code != 2 || !strings.Contains(stderr, want) {
		t.Errorf("bad input: exit %d, stderr %q, want 2 and %q", code, stderr, want)
	}

	qrels := write(t, dir, "qrels.txt", "q1 0 a 1\nq1 0 b 0\nq1 0 c 2\nq2 0 x 1\n")
	runf := write(t, dir, "run.txt", "q1 Q0 a 1 0.9 r\nq1 Q0 b 2 0.8 r\nq1 Q0 c 3 0.7 r\nq2 Q0 y 1 0.5 r\nq2 Q0 x 2 0.4 r\n")
	code, out, stderr = runCmd(t, "rank", "-q", "-m", "map", "-m", "P.2", qrels, runf)
	// q1: relevant a (rank 1) and c (rank 3): AP (1/1 + 2/3)/2; q2: x at rank 2: AP 1/2.
	want := "map                   \tq1\t0.8333\nP_2                   \tq1\t0.5000\n" +
		"map                   \tq2\t0.5000\nP_2                   \tq2\t0.5000\n" +
		"map                   \tall\t0.6667\nP_2                   \tall\t0.5000\n"
	if code != 0 || out != want {
		t.Errorf("rank: exit %d %s\n got %q\nwant %q", code, stderr, out, want)
	}

	off := write(t, dir, "off.jsonl", `{"id":"a","outputs":{"p":0.5}}`+"\n"+`{"id":"b","outputs":{"p":0.7}}`+"\n")
	on := write(t, dir, "on.jsonl", `{"id":"a","outputs":{"p":0.5}}`+"\n"+`{"id":"b","outputs":{"p":0.9}}`+"\n")
	code, out, _ = runCmd(t, "parity", "--offline", off, "--online", on)
	if code != 1 || !strings.Contains(out, `"mismatched": 1`) {
		t.Errorf("parity: exit %d, %s", code, out)
	}
	code, _, _ = runCmd(t, "parity", "--offline", off, "--online", off)
	if code != 0 {
		t.Errorf("parity of a file with itself: exit %d", code)
	}
	if code, _, _ = runCmd(t, "eval", "--task", "nope", "--label", "y", "--score", "p", preds); code != 2 {
		t.Errorf("bad task: exit %d, want 2", code)
	}
}
