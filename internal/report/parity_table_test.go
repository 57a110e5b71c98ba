package report

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mltest/mltest/harness/parity"
)

func parityResult() parity.Result {
	return parity.Result{
		N: 14, Matched: 10, Mismatched: 3, Failed: 1,
		MissingOffline: []string{"r13"},
		MissingOnline:  strings.Fields("a b c d e f g h i j k l"),
		MaxAbsDiff:     math.Inf(1),
		FirstStage:     "encode",
		StageRows:      map[string]int{"encode": 1, "score": 2},
		Lists: map[string]parity.ListSummary{
			"top":   {Rows: 14, TopKOverlap: 0.9, KendallTau: 0.8, RBO: 0.85},
			"items": {Rows: 14, TopKOverlap: 1, KendallTau: 1, RBO: 1},
		},
		Noise:   []parity.Mismatch{{ID: "r1", Output: "seed"}},
		Latency: parity.Latency{P50: 1.5, P95: 3.25, P99: 10},
		Mismatches: []parity.Mismatch{
			{ID: "r2", Output: "emb", Stage: "encode", Kind: "shape", Index: -1, Offline: "number[4] (4 elements)", Online: "number[3] (3 elements)", AbsDiff: math.Inf(1)},
			{ID: "r3", Output: "scores", Stage: "score", Kind: "value", Index: 2, Offline: 0.123456789, Online: 0.5, AbsDiff: 0.376543211},
			{ID: "r4", Output: "top", Kind: "list", Index: 1, Offline: []string{"a", "b"}, Online: []string{"b", strings.Repeat("x", 50)}, AbsDiff: 1},
		},
		Failures: []parity.Failure{{ID: "r13", Error: "offline: no row with this id"}, {ID: "r14", Error: "HTTP 500"}, {ID: "r15", Error: "HTTP 503"}},
	}
}

func TestWriteParityTable(t *testing.T) {
	var b bytes.Buffer
	if err := WriteParityTable(&b, parityResult(), 2); err != nil {
		t.Fatal(err)
	}
	want := `requests    14
matched     10
mismatched  3
failed      1
missing offline  1: r13
not requested    12 offline rows: a b c d e f g h i j ... (2 more)
max |diff|  inf
first stage that differs: encode  (rows by first differing stage: map[encode:1 score:2])
list items: mean top-k overlap 1.0000, Kendall tau 1.0000, RBO 1.0000 over 14 rows
list top: mean top-k overlap 0.9000, Kendall tau 0.8000, RBO 0.8500 over 14 rows
nondeterministic online outputs (not counted as mismatches): 1
latency ms  p50 1.50  p95 3.25  p99 10.00

worst mismatches (2 of 3):
id  output     stage   kind   offline                 online                  |diff|
r2  emb        encode  shape  number[4] (4 elements)  number[3] (3 elements)  inf
r3  scores[2]  score   value  0.12345679              0.5                     0.3765

failed requests (3):
  r13: offline: no row with this id
  r14: HTTP 500
  ... and 1 more
`
	if diff := cmp.Diff(strings.Split(want, "\n"), strings.Split(b.String(), "\n")); diff != "" {
		t.Errorf("WriteParityTable (-want +got):\n%s", diff)
	}
	b.Reset()
	if err := WriteParityTable(&b, parityResult(), 20); err != nil {
		t.Fatal(err)
	}
	if want := `r4  top        -       list   ["a","b"]               ["b","xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...  1`; !strings.Contains(b.String(), want+"\n") {
		t.Errorf("no row %q in\n%s", want, b.String())
	}
}

func TestWriteParityTableShowsAllForNegativeShow(t *testing.T) {
	var b bytes.Buffer
	if err := WriteParityTable(&b, parityResult(), -1); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"r2 ", "r3 ", "r4 ", "r13:", "r14:", "r15:"} {
		if !strings.Contains(b.String(), "\n"+id) && !strings.Contains(b.String(), "  "+id) {
			t.Errorf("no %q in\n%s", id, b.String())
		}
	}
}

func TestWriteParityDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	res := parityResult()
	if err := WriteParityDir(dir, res); err != nil {
		t.Fatal(err)
	}
	var js bytes.Buffer
	if err := WriteParityJSON(&js, res); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		ParityResultFile: js.String(),
		ParityMismatchesFile: `{"id":"r2","output":"emb","stage":"encode","kind":"shape","index":-1,"offline":"number[4] (4 elements)","online":"number[3] (3 elements)","elements":0,"abs_diff":"+Inf"}
{"id":"r3","output":"scores","stage":"score","kind":"value","index":2,"offline":0.123456789,"online":0.5,"elements":0,"abs_diff":0.376543211}
{"id":"r4","output":"top","kind":"list","index":1,"offline":["a","b"],"online":["b","xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"],"elements":0,"abs_diff":1}
`,
		ParityFailuresFile: `{"id":"r13","error":"offline: no row with this id"}
{"id":"r14","error":"HTTP 500"}
{"id":"r15","error":"HTTP 503"}
`,
	} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, string(got)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
	if !strings.Contains(js.String(), `"max_abs_diff": "+Inf"`) {
		t.Errorf("result.json: an infinite max |diff| is not \"+Inf\":\n%s", js.String())
	}
}
