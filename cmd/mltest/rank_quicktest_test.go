package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// refDataDir is trec_eval 10's own test suite, beside the checkout (CI has
// shared/ there): inputs, expected outputs and quicktest.txt, the 15 command
// lines of its `make quicktest`. The files are read in place, never copied
// into the repository.
var refDataDir = filepath.Join("..", "..", "..", "shared", "refdata")

// TestRankQuicktest runs trec_eval 10's `make quicktest` with ./trec_eval
// replaced by mltest rank: each of the 15 command lines, its arguments
// exactly as written (files ending in .gz stand for their unpacked names),
// must print its expected output byte for byte.
func TestRankQuicktest(t *testing.T) {
	f, err := os.Open(filepath.Join(refDataDir, "quicktest.txt"))
	if err != nil {
		t.Fatalf("trec_eval's test suite is read from %s (shared/refdata beside the checkout): %v", refDataDir, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		command, check, ok := strings.Cut(line, "|")
		fields := strings.Fields(command)
		diff := strings.Fields(check)
		if !ok || len(fields) < 3 || fields[0] != "TREC_EVAL" || len(diff) != 3 || diff[0] != "diff" || diff[1] != "-" {
			t.Fatalf("quicktest.txt: unexpected line %q", line)
		}
		n++
		t.Run(strings.Join(fields[1:], " "), func(t *testing.T) {
			args := make([]string, len(fields)-1)
			for i, a := range fields[1:] {
				args[i] = refDataPath(a)
			}
			code, out, errOut := rankCLI(t, "", args...)
			if code != exitOK {
				t.Fatalf("mltest rank %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
			}
			want, err := os.ReadFile(refDataPath(diff[2]))
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("mltest rank %s differs from %s:\n%s", strings.Join(args, " "), diff[2], lineDiff(string(want), out))
			}
		})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 15 {
		t.Fatalf("quicktest.txt has %d command lines, want trec_eval 10's 15", n)
	}
}

// refDataPath maps a quicktest path to the file in refDataDir: as it is,
// or gzipped (mltest reads gzip transparently). Arguments that are not
// files come back unchanged.
func refDataPath(a string) string {
	if !strings.HasPrefix(a, "trec_eval10-test/") {
		return a
	}
	p := filepath.Join(refDataDir, a)
	if _, err := os.Stat(p); err != nil {
		if _, gzErr := os.Stat(p + ".gz"); gzErr == nil {
			return p + ".gz"
		}
	}
	return p
}
