package suite

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzParse feeds arbitrary text to the suite parser: it must never panic,
// every error must be a *Error, and every error but an empty file or a YAML
// syntax error without a position must carry a line number.
func FuzzParse(f *testing.F) {
	f.Add(everyKey)
	f.Add(minimal)
	f.Add("name: x\nchecks:\n  - {name: g, type: golden, file: out.txt, golden: golden.txt}\n")
	f.Add("name: x\nvars: {A: ${B}}\nchecks: []\n")
	f.Add("name: &a x\nchecks: *a\n")
	f.Add("name: x\nchecks:\n  - name: m\n    type: metric\n    data: p\n    threshold: {min: baseline - 0.1, max_drop: 1}\n")
	f.Add("{name: [1, {a: b}], checks: [[], {}, 1]}")
	f.Add("name: x\ndata: {r: {qrels: rank.qrels, run: rank.run, slices: x}}\nchecks: [{name: a, type: metric, data: r, metric: map, threshold: {min: 0}}]\n")
	f.Fuzz(func(t *testing.T, text string) {
		start := time.Now()
		defer func() {
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("Parse took %v on %q", d, text)
			}
		}()
		s, err := Parse([]byte(text), "fuzz.yaml", LoadOptions{Dir: "testdata", Getenv: func(string) (string, bool) { return "", false }})
		if err != nil {
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not a *suite.Error: %v", err, err)
			}
			if se.Line <= 0 && !strings.HasPrefix(se.Msg, "empty suite") && !strings.HasPrefix(se.Msg, "not valid YAML") {
				t.Fatalf("error without a line number: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, c := range s.Checks {
			if c.Name == "" || seen[c.Name] {
				t.Fatalf("check name %q empty or repeated", c.Name)
			}
			seen[c.Name] = true
		}
	})
}
