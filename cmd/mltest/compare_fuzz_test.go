package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzCompareFiles runs mltest compare on arbitrary baseline and candidate
// files and gate flags: it must never panic, must exit 0, 1 or 2, must name
// the problem on exit 2 and must never print NaN.
func FuzzCompareFiles(f *testing.F) {
	f.Add(uint8(0), "id,label,score,device\na,1,0.9,web\nb,0,0.2,web\nc,1,0.6,ios\nd,0,0.4,ios\n",
		"id,label,score\nd,0,0.3\nc,1,0.5\nb,0,0.1\na,1,0.8\n", "roc_auc=0.01")
	f.Add(uint8(0), "id,label,score,device\na,1,0.9,web\nb,0,0.2,web\n", "id,label,score\na,1,NaN\nb,0,0.1\n", "accuracy=0")
	f.Add(uint8(1), "id,label,score,device\nx,1.5,2,a\ny,2.5,3,a\nz,0,0,b\n", "id,label,score\nz,0,1\nx,1.5,2\ny,2.5,2\n", "mse=0.5")
	f.Add(uint8(2), `{"id":"a","label":0,"score":[0.7,0.3],"device":"w"}`+"\n"+`{"id":"b","label":1,"score":[0.2,0.8],"device":"w"}`+"\n",
		`{"id":"b","label":1,"score":[0.5,0.5]}`+"\n"+`{"id":"a","label":0,"score":[0.9,0.1]}`+"\n", "accuracy=0.1")
	f.Add(uint8(0), "id,label,score,device\na,1,0.9,web\na,0,0.2,web\n", "id,label,score\na,1,0.9\n", "f1=x")
	f.Fuzz(func(t *testing.T, task uint8, base, cand, gate string) {
		dir := t.TempDir()
		ext := ".csv"
		taskName := []string{"binary", "regression", "multiclass"}[int(task)%3]
		if taskName == "multiclass" {
			ext = ".jsonl"
		}
		bp, cp := filepath.Join(dir, "b"+ext), filepath.Join(dir, "c"+ext)
		if os.WriteFile(bp, []byte(base), 0o644) != nil || os.WriteFile(cp, []byte(cand), 0o644) != nil {
			t.Fatal("cannot write the fuzz inputs to a temporary directory")
		}
		code, out, errOut := runCLI(t, "", "compare", "--task", taskName, "--baseline", bp, "--candidate", cp,
			"--id", "id", "--label", "label", "--score", "score", "--slice", "device", "--bootstrap", "20",
			"--min-slice-n", "1", "--max-regression", gate)
		switch code {
		case exitOK, exitFail:
			if out == "" || strings.Contains(out, "NaN") {
				t.Fatalf("exit %d with output %q", code, out)
			}
		case exitUsage:
			if !strings.HasPrefix(errOut, "mltest: ") && !strings.HasPrefix(errOut, "invalid value") {
				t.Fatalf("exit 2 without a message: %q", errOut)
			}
		default:
			t.Fatalf("exit %d", code)
		}
	})
}
