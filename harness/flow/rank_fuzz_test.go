package flow_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/harness/flow"
)

// FuzzReadQueryAttrs: any bytes as a CSV or JSONL query table give
// attributes whose every query has every column, under a trimmed id, or an
// error naming the file (an InputError); never a panic.
func FuzzReadQueryAttrs(f *testing.F) {
	f.Add("qid,market\nq1,us\nq2,de\n", false)
	f.Add("qid,market\nq1,us\nq1,de\n", false)
	f.Add("qid\nq1\n", false)
	f.Add("\"qid\",\"market\"\n\" q1 \",\"u,s\"\n", false)
	f.Add(`{"qid": "q1", "market": "us"}`+"\n"+`{"qid": 2, "market": null}`+"\n", true)
	f.Add(`{"qid": "q1"}`+"\n", true)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data string, jsonl bool) {
		name := filepath.Join(dir, "q.csv")
		if jsonl {
			name = filepath.Join(dir, "q.jsonl")
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		a, err := flow.ReadQueryAttrs(name, nil, "qid", []string{"market"})
		if err != nil {
			var ie *table.InputError
			if !errors.As(err, &ie) || ie.File != name {
				t.Fatalf("error %v (%T) is not an InputError naming %s", err, err, name)
			}
			return
		}
		for qid, vals := range a.Values {
			if len(vals) != 1 || qid != strings.TrimSpace(qid) {
				t.Fatalf("query %q: values %q", qid, vals)
			}
		}
	})
}
