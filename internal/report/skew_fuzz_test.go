package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mltest/mltest/harness/skew"
)

// FuzzSkewWriters compares two columns of arbitrary text values (one row a
// line, "a|b") and writes the result: neither writer may fail or panic, the
// table has a header and one row per feature, and the JSON is valid.
func FuzzSkewWriters(f *testing.F) {
	f.Add("1|x\n2|y\n|z", "1.5|x\nNaN|w\n3|x")
	f.Add("1|x", "inf|x\n-inf|")
	f.Add("5|1\n5|2", "5|1\n6|1")
	f.Add("1e-9|a\n0|a", "1e400|b\n-0|\"q\"")
	f.Fuzz(func(t *testing.T, ref, cur string) {
		features := []string{"a", "b"}
		profile := func(text string) *skew.Profile {
			p := skew.NewProfile(features, nil)
			for _, line := range strings.Split(text, "\n") {
				a, b, _ := strings.Cut(line, "|")
				p.Add([]string{a, b})
			}
			return p
		}
		r, err := skew.Compare(profile(ref), profile(cur), skew.Options{})
		if err != nil {
			return
		}
		var table, js bytes.Buffer
		if err := WriteSkewTable(&table, r); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(table.String(), "\n")
		if len(lines) < 1+len(r.Features) || !strings.HasPrefix(lines[0], "feature") {
			t.Fatalf("table without a header and a row per feature:\n%s", table.String())
		}
		for i, f := range r.Features {
			if !strings.HasPrefix(lines[1+i], f.Name) {
				t.Fatalf("row %d is not feature %q:\n%s", i, f.Name, table.String())
			}
		}
		if err := WriteSkewJSON(&js, r); err != nil || !json.Valid(js.Bytes()) {
			t.Fatalf("JSON: %v\n%s", err, js.String())
		}
	})
}
