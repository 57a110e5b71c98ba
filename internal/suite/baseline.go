package suite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"time"

	"github.com/mltest/mltest/internal/report"
)

// BaselineVersion is the version of the baseline file format.
const BaselineVersion = 1

// Baseline is a recorded set of metric values (`mltest run
// --write-baseline`) that baseline-relative thresholds of later runs
// ("min: baseline - 0.01", max_drop) are resolved against, with the
// provenance that says what was measured.
type Baseline struct {
	Version    int               `json:"version"`
	Provenance report.Provenance `json:"provenance"`
	Values     []BaselineValue   `json:"values"`
}

// BaselineValue is one recorded value: a metric of a check, overall (Slice
// "") or on one slice.
type BaselineValue struct {
	Check  string  `json:"check"`
	Metric string  `json:"metric"`
	Slice  string  `json:"slice,omitempty"`
	Value  float64 `json:"value"`
}

// Lookup returns the recorded value of a check's metric on a slice ("" for
// overall), and false when there is none.
func (b *Baseline) Lookup(check, metric, slice string) (float64, bool) {
	if b == nil {
		return 0, false
	}
	for _, v := range b.Values {
		if v.Check == check && v.Metric == metric && v.Slice == slice {
			return v.Value, true
		}
	}
	return 0, false
}

// NewBaseline records the defined values of the metric checks of rep.
func NewBaseline(s *Suite, rep *report.Report, dataHash string, now time.Time) *Baseline {
	b := &Baseline{Version: BaselineVersion, Values: []BaselineValue{},
		Provenance: report.Provenance{Suite: s.Name, DataHash: dataHash, ModelVersion: s.ModelVersion, Time: now.UTC()}}
	for _, c := range rep.Checks {
		if c.Kind != TypeMetric {
			continue
		}
		for _, v := range c.Values {
			if v.Value != nil {
				b.Values = append(b.Values, BaselineValue{Check: c.Name, Metric: v.Metric, Slice: v.Slice, Value: *v.Value})
			}
		}
	}
	return b
}

// WriteFile writes the baseline as indented JSON.
func (b *Baseline) WriteFile(path string) error {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// ReadBaseline reads a baseline file written by WriteFile. Unknown fields,
// another version and non-finite values are errors.
func ReadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read the baseline: %s", path, unwrapPathError(err))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b Baseline
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("%s: not a baseline file (written by mltest run --write-baseline): %v", path, err)
	}
	if b.Version != BaselineVersion {
		return nil, fmt.Errorf("%s: baseline version %d, this mltest reads version %d", path, b.Version, BaselineVersion)
	}
	for i, v := range b.Values {
		if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) || v.Check == "" || v.Metric == "" {
			return nil, fmt.Errorf("%s: values[%d]: want a check, a metric and a finite value", path, i)
		}
	}
	return &b, nil
}

// Mismatch says how the baseline's provenance differs from the current
// run's (suite name, data hash, model version), one sentence per difference; nil when none.
func (b *Baseline) Mismatch(s *Suite, dataHash string) []string {
	var out []string
	p := b.Provenance
	if p.Suite != s.Name {
		out = append(out, fmt.Sprintf("baseline is of suite %q, this is %q", p.Suite, s.Name))
	}
	if p.DataHash != dataHash {
		out = append(out, fmt.Sprintf("baseline data hash %.12s differs from this data's %.12s: the values were measured on other data", p.DataHash, dataHash))
	}
	if p.ModelVersion != s.ModelVersion {
		out = append(out, fmt.Sprintf("baseline model version %q, this run's %q", p.ModelVersion, s.ModelVersion))
	}
	return out
}
