package report

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/metrics"
)

// rankResult is a hand-made result: two queries, map and num_q, a slice.
func rankResult(mapAll float64) *flow.RankResult {
	return &flow.RankResult{
		Values: []metrics.TrecValue{
			{Name: "num_q", Measure: "num_q", Count: true, SummaryOnly: true},
			{Name: "map", Measure: "map"},
		},
		RunID: "r1", RunIDMeasured: true,
		Queries:   []string{"1", "2"},
		PerQuery:  []metrics.TrecQueryResult{{Values: []float64{1, 0.25}}, {Values: []float64{1, 1}}},
		Summary:   []float64{2, mapAll},
		SliceBy:   []string{"market"},
		Slices:    []flow.RankSlice{{Key: []string{"de"}, Queries: []int{1}, Summary: []float64{1, 1}}},
		Recommend: map[string]float64{"novelty": 0.5},
		Warnings:  []string{"query \"3\" is in q but not in r: skipped (with -c it would count as 0)"},
	}
}

func TestWriteRankTREC(t *testing.T) {
	var b bytes.Buffer
	if err := WriteRankTREC(&b, rankResult(0.625), true); err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"map                   \t1\t0.2500",
		"map                   \t2\t1.0000",
		"runid                 \tall\tr1",
		"num_q                 \tall\t2",
		"map                   \tall\t0.6250",
		"novelty               \tall\t0.5000",
		"num_q                 \tmarket=de\t1",
		"map                   \tmarket=de\t1.0000",
		""}, "\n")
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestWriteRankJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteRankJSON(&b, rankResult(0.625), true); err != nil {
		t.Fatal(err)
	}
	want := `{"measures":{"map":0.625,"novelty":0.5,"num_q":2,"runid":"r1"},"per_query":{"1":{"map":0.25},"2":{"map":1}},` +
		`"slices":[{"gated":false,"key":{"market":"de"},"measures":{"map":1,"num_q":1},"num_q":1}],` +
		`"warnings":["query \"3\" is in q but not in r: skipped (with -c it would count as 0)"]}` + "\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}

	// A value that is not a finite number is null, with a warning.
	b.Reset()
	if err := WriteRankJSON(&b, rankResult(math.NaN()), false); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Measures map[string]any
		Warnings []string
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("%v in %s", err, b.String())
	}
	if v, ok := got.Measures["map"]; !ok || v != nil || len(got.Warnings) != 2 || got.Warnings[1] != "map (all) is NaN, not a finite number: null" {
		t.Errorf("map = %v (present %v), warnings %q", v, ok, got.Warnings)
	}
}
