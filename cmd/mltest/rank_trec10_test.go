package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// trec10Dir holds the inputs and trec_eval 10's outputs written by
// testdata/trec10/gen.py: every measure, every flag, every judgment format.
var trec10Dir = filepath.Join("testdata", "trec10")

// TestRankTrecEval10 runs each command line of gen.py through mltest rank
// and requires trec_eval's output byte for byte. Without -c trec_eval read
// the judgments of the run's queries only (it exits on a missing one);
// mltest reads them all and warns about the query the run lacks.
func TestRankTrecEval10(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(trec10Dir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Name     string
		Args     []string
		TrecEval string `json:"trec_eval"`
		Out      string
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 30 {
		t.Fatalf("only %d cases in cases.json", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			args := make([]string, len(c.Args))
			for i, a := range c.Args {
				args[i] = a
				if strings.HasPrefix(a, "ref.") {
					args[i] = filepath.Join(trec10Dir, a)
				}
			}
			code, out, errOut := rankCLI(t, "", args...)
			if code != exitOK {
				t.Fatalf("mltest rank %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
			}
			want, err := os.ReadFile(filepath.Join(trec10Dir, c.Out))
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("mltest rank %s differs from `%s`:\n%s", strings.Join(args, " "), c.TrecEval, lineDiff(string(want), out))
			}
			complete := strings.Contains(" "+strings.Join(c.Args, " ")+" ", " -c ") || strings.Contains(c.TrecEval, " -qc ")
			warned := strings.Contains(errOut, `query "q07" is in`)
			// The preferences judge q01..q06 only; -D 0.q03 evaluates q03 alone.
			quiet := complete || strings.Contains(c.TrecEval, "-D 0.q03") || strings.Contains(c.TrecEval, "ref.prefs")
			if warned == quiet {
				t.Errorf("judged query q07 is missing from the run: warned %v with -c %v; stderr:\n%s", warned, complete, errOut)
			}
		})
	}
}
