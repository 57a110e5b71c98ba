package flow_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/mltest/mltest/harness/flow"
)

// TestRankIRMeasuresProviders checks the measures ir_measures takes from
// gdeval.pl, ndeval and cwl_eval against the values those programs print
// on the same files (testdata/irm/gen.py runs them): every topic, to the
// provider's printed precision (gdeval 5 decimals, ndeval 6, cwl_eval's
// doubles to 1e-12, numpy summing in another order). A topic a provider
// prints no line for scores 0, as ir_measures counts it.
func TestRankIRMeasuresProviders(t *testing.T) {
	dir := filepath.Join("testdata", "irm")
	b, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var expected map[string]map[string]map[string]*float64
	if err := json.Unmarshal(b, &expected); err != nil {
		t.Fatal(err)
	}
	providers := []struct {
		name  string
		qrels string
		tol   float64
	}{
		{"gdeval", "irm.qrels", 5e-6 + 1e-12},
		{"ndeval", "irm.subtopics", 5e-7 + 1e-12},
		{"cwl_eval", "irm.qrels", 1e-12},
	}
	for _, p := range providers {
		measures := expected[p.name]
		if len(measures) < 6 {
			t.Fatalf("%s: only %d measures in expected.json", p.name, len(measures))
		}
		names := slices.Sorted(func(yield func(string) bool) {
			for m := range measures {
				if !yield(m) {
					return
				}
			}
		})
		opt := flow.DefaultRankOptions()
		opt.Measures = names
		res, err := flow.Rank(flow.RankFiles{Qrels: filepath.Join(dir, p.qrels), Run: filepath.Join(dir, "irm.run")}, opt)
		if err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		if len(res.Queries) != 20 {
			t.Fatalf("%s: %d queries evaluated, want 20", p.name, len(res.Queries))
		}
		for _, m := range names {
			got := res.PerQueryValues(m)
			if got == nil {
				t.Errorf("%s: no value %s in %v", p.name, m, res.Values)
				continue
			}
			for i, q := range res.Queries {
				want, printed := measures[m][q]
				switch {
				case !printed:
					if got[i] != 0 {
						t.Errorf("%s %s topic %s: %v, want 0 (%s prints no line)", p.name, m, q, got[i], p.name)
					}
				case want == nil:
					if !math.IsNaN(got[i]) {
						t.Errorf("%s %s topic %s: %v, want NaN", p.name, m, q, got[i])
					}
				case math.Abs(got[i]-*want) > p.tol:
					t.Errorf("%s %s topic %s: %.17g, provider %.17g (tolerance %g)", p.name, m, q, got[i], *want, p.tol)
				}
			}
		}
	}
}
