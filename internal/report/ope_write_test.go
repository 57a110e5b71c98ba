package report

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/mltest/mltest/metrics/ope"
)

var opeSample = ope.Result{
	N: 50000, Estimators: []string{"ips", "snips", "dr"},
	Values: map[string]ope.PolicyValue{
		"ips":   {Value: 0.412, CI: [2]float64{0.398, 0.427}},
		"snips": {Value: 0.4087, CI: [2]float64{0.4, 0.418}},
		"dr":    {Value: 0.41, CI: [2]float64{0.402, 0.419}},
	},
	ESS: 1830.5, MaxWeight: 40, Level: 0.95, Clip: 50,
}

func TestWriteOPEGolden(t *testing.T) {
	for _, format := range []string{"table", "json"} {
		var b bytes.Buffer
		if err := WriteOPE(&b, format, opeSample); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "ope."+format+".golden", b.Bytes())
	}
}

func TestWriteOPEKeepsOrderAndNulls(t *testing.T) {
	r := ope.Result{N: 2, Estimators: []string{"snips", "ips"},
		Values: map[string]ope.PolicyValue{
			"snips": {Value: math.NaN(), CI: [2]float64{math.NaN(), math.NaN()}},
			"ips":   {Value: 0, CI: [2]float64{0, 0}},
		},
		Level: 0.9, Warnings: []string{"snips is undefined: the importance weights sum to 0"}}
	var b bytes.Buffer
	if err := WriteOPE(&b, "json", r); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Estimates map[string]struct {
			Value *float64
			CI    [2]*float64
		}
		Warnings []string
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b.String())
	}
	s, i := got.Estimates["snips"], got.Estimates["ips"]
	if s.Value != nil || s.CI[0] != nil || i.Value == nil || *i.Value != 0 || len(got.Warnings) != 1 ||
		strings.Index(b.String(), `"snips"`) > strings.Index(b.String(), `"ips"`) {
		t.Errorf("json (snips null and first, ips 0, one warning):\n%s", b.String())
	}
	b.Reset()
	if err := WriteOPE(&b, "table", r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "snips      -      [-, -]") || !strings.Contains(b.String(), "estimator  value  90% CI") {
		t.Errorf("table:\n%s", b.String())
	}
}
