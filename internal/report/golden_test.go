package report

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// updateGolden reports whether golden files should be rewritten
// (MLTEST_UPDATE=1, as in the rest of the repository). Under CI the test
// fails instead: nobody reviews a golden file rewritten there.
func updateGolden(t *testing.T) bool {
	t.Helper()
	on, _ := strconv.ParseBool(os.Getenv("MLTEST_UPDATE"))
	if !on {
		return false
	}
	if ci, err := strconv.ParseBool(os.Getenv("CI")); os.Getenv("CI") != "" && (err != nil || ci) {
		t.Fatal("refusing MLTEST_UPDATE=1 under CI")
	}
	return true
}

// checkGolden compares got with testdata/NAME.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updateGolden(t) {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file %s: %v\nregenerate with: MLTEST_UPDATE=1 go test ./internal/report -run '^%s$'", path, err, t.Name())
	}
	if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s\nregenerate with: MLTEST_UPDATE=1 go test ./internal/report -run '^%s$'", path, diff, t.Name())
	}
}

func render(t *testing.T, write func(io.Writer, Report) error, r Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWritersGolden(t *testing.T) {
	r := sampleReport()
	checkGolden(t, "report.html.golden", render(t, WriteHTML, r))
	checkGolden(t, "junit.xml.golden", render(t, WriteJUnit, r))
	checkGolden(t, "report.json.golden", render(t, WriteJSON, r))
	checkGolden(t, "summary.md.golden", render(t, WriteMarkdown, r))
	checkGolden(t, "table.txt.golden", render(t, func(w io.Writer, r Report) error { return WriteTable(w, r) }, r))
}
