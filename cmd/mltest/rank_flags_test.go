package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestRankGetoptForms: every form trec_eval's getopt_long accepts gives
// the same output: clusters, attached values, long options with = or a
// space, unambiguous abbreviations, flags after the files.
func TestRankGetoptForms(t *testing.T) {
	q, r := filepath.Join(trec10Dir, "ref.qrels"), filepath.Join(trec10Dir, "ref.run")
	forms := [][]string{
		{"-q", "-c", "-m", "P.5", "-m", "map", "-M", "10", "-l", "2", q, r},
		{"-qc", "-mP.5", "-mmap", "-M10", "-l2", q, r},
		{"-qcmP.5", "-m", "map", "-M10", "-l", "2", q, r},
		{"--query_eval_wanted", "--complete_rel_info_wanted", "--measure=P.5", "--measure", "map",
			"--Max_retrieved_per_topic", "10", "--level_for_rel=2", q, r},
		{"--query", "--comp", "--meas", "P.5", "--meas=map", "--Max=10", "--lev", "2", q, r},
		{q, "-q", r, "-c", "-mP.5", "-m", "map", "-M", "10", "-l2"},
	}
	var first string
	for i, args := range forms {
		code, out, errOut := rankCLI(t, "", args...)
		if code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		if i == 0 {
			first = out
			if !strings.Contains(out, "P_5                   \tq01\t") {
				t.Fatalf("no per-query P_5 in:\n%s", out)
			}
			continue
		}
		if out != first {
			t.Errorf("%v differs from %v:\n%s", args, forms[0], lineDiff(first, out))
		}
	}
}

// TestRankTrecFlagErrors: what trec_eval refuses, or would crash on, is an
// error naming the flag, exit 2.
func TestRankTrecFlagErrors(t *testing.T) {
	q, r := filepath.Join(trec10Dir, "ref.qrels"), filepath.Join(trec10Dir, "ref.run")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-x"}, "invalid option -- 'x'"},
		{[]string{"--Re", "prefs"}, "option '--Re' is ambiguous; possibilities: --Rel_info_format --Results_format"},
		{[]string{"--nope"}, "unrecognized option '--nope'"},
		{[]string{"--nosummary=1"}, "option '--nosummary' doesn't allow an argument"},
		{[]string{"-M", "-1"}, "-M -1: want a number of documents >= 0"},
		{[]string{"-M", "x"}, `invalid value "x" for flag -M: "x" is not an integer`},
		{[]string{"-T", "other"}, `-T "other": the only results format is trec_results`},
		{[]string{"-R", "bogus"}, `-R: unknown relevance format "bogus"`},
		{[]string{"-D", "x.q1"}, `-D "x.q1": want LEVEL or LEVEL.QID`},
		{[]string{"--ties", "random"}, `--ties: unknown tie policy "random"`},
		{[]string{"-m", "map.5"}, `measure "map.5": map takes no parameters`},
		{[]string{"-m", "official.5"}, `official is a set of measures and takes no parameters`},
		{[]string{"-m", "utility.1,2"}, "measure utility: want 4 coefficients"},
		{[]string{"-m", "ndcg.1=2,3"}, `measure ndcg: malformed name=value parameters "1=2,3"`},
		{[]string{"-m", "nDCG(dcg=log2)@5"}, "log2 is not a value (strings are quoted: 'log2')"},
		{[]string{"-m", "P@0"}, "cutoff 0: want a positive integer"},
		{[]string{"-m", "ERR"}, "a cutoff is required, e.g. ERR@10"},
		{[]string{"-m", "NERR"}, "ir_measures has four NERR measures"},
		{[]string{"-m", "alpha_nDCG@30"}, "ndeval computes cutoffs up to 20"},
		{[]string{"-m", "prefs_simp"}, "cannot compute from qrels judgments: prefs_simp (needs prefs judgments)"},
		{[]string{"-R", "prefs", "-m", "map"}, "cannot compute from prefs judgments: map (needs qrels judgments)"},
		{[]string{"--ties", "average", "-m", "bpref"}, "measure bpref has no tie-averaged form"},
	} {
		code, _, errOut := rankCLI(t, "", append(c.args, q, r)...)
		if code != exitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", c.args, code, errOut, c.want)
		}
	}
}

// TestRankVersionHelpNoSummary: -v prints the version on stderr, -h with
// -m describes the measures, -n without -q prints nothing, -M 0 ranks no
// document (trec_eval's, where mltest's old -M 0 meant all).
func TestRankVersionHelpNoSummary(t *testing.T) {
	q, r := filepath.Join(trec10Dir, "ref.qrels"), filepath.Join(trec10Dir, "ref.run")
	code, out, errOut := rankCLI(t, "", "-v")
	if code != exitOK || out != "" || !strings.Contains(errOut, "trec_eval version 10.0 compatible") {
		t.Errorf("-v: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, _ = rankCLI(t, "", "-h", "-m", "all_prefs", "-m", "nDCG@10", "-m", "novelty")
	for _, want := range []string{"Measures named with -m:", "prefs_avgjg_Rnonrel_ret", "ir_measures' nDCG: trec_eval's ndcg_cut", "Recommenders' novelty"} {
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("-h -m ...: exit %d, want %q in:\n%s", code, want, out)
		}
	}
	code, out, _ = rankCLI(t, "", "-n", q, r)
	if code != exitOK || out != "" {
		t.Errorf("-n: exit %d, stdout %q", code, out)
	}
	code, out, _ = rankCLI(t, "", "-M", "0", "-m", "num_ret", q, r)
	if code != exitOK || !strings.Contains(out, "num_ret               \tall\t0\n") {
		t.Errorf("-M 0: exit %d, stdout %q", code, out)
	}
}

// TestRankTies: the order of equal scores decides P_1 on a run of two tied
// documents; docno takes "b" first (descending), input "a" (the file's
// order), average their mean.
func TestRankTies(t *testing.T) {
	q := writeTemp(t, "t.qrels", "1 0 a 1\n1 0 b 0\n")
	r := writeTemp(t, "t.run", "1 Q0 a 1 0.5 r\n1 Q0 b 2 0.5 r\n")
	for ties, want := range map[string]string{"docno": "0.0000", "input": "1.0000", "average": "0.5000"} {
		code, out, errOut := rankCLI(t, "", "--ties", ties, "-m", "P.1", q, r)
		if code != exitOK || out != "P_1                   \tall\t"+want+"\n" {
			t.Errorf("--ties %s: exit %d, %q %s; want P_1 %s", ties, code, out, errOut, want)
		}
	}
}
