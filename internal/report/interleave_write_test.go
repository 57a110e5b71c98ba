package report

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/mltest/mltest/harness/interleave"
)

// interleaveSample is the figures of issue 18's example.
var interleaveSample = interleave.Result{
	N: 8000, NoClick: 2000, WinsA: 3100, WinsB: 2700, Ties: 2200,
	DeltaAB: 0.025, CI: [2]float64{0.012, 0.038}, Level: 0.95,
	P: 0.0002, Test: "sign test", Preferred: "A", Units: 500,
	ByPosition: []interleave.PositionCredit{{Shown: 10000, ClicksA: 2500, ClicksB: 2400}, {Shown: 9800, ClicksA: 1200, ClicksB: 1300}},
}

func TestWriteInterleaveGolden(t *testing.T) {
	for _, format := range []string{"table", "json"} {
		var b bytes.Buffer
		if err := WriteInterleave(&b, format, interleaveSample); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "interleave."+format+".golden", b.Bytes())
	}
}

func TestWriteInterleaveUndefinedIsNullWithWarning(t *testing.T) {
	r := interleave.Result{NoClick: 5, DeltaAB: math.NaN(), CI: [2]float64{math.NaN(), math.NaN()}, P: 1,
		Level: 0.95, Test: "sign test", Preferred: "none",
		Warnings: []string{"no impression of 5 has a click: delta_ab and its interval are undefined"}}
	var b bytes.Buffer
	if err := WriteInterleave(&b, "json", r); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b.String())
	}
	if got["delta_ab"] != nil || got["ci"].([]any)[0] != nil || len(got["warnings"].([]any)) != 1 {
		t.Errorf("undefined values: %s", b.String())
	}
	b.Reset()
	if err := WriteInterleave(&b, "table", r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "delta_ab                  -") || !strings.Contains(b.String(), "warning: no impression") {
		t.Errorf("table of undefined values:\n%s", b.String())
	}
	if err := WriteInterleave(&b, "xml", r); err == nil {
		t.Error("format xml accepted")
	}
}
