package parity

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/mltest/mltest/harness/serving"
)

// recordingTB records what a test helper reports instead of failing.
type recordingTB struct {
	testing.TB
	errors []string
}

func (r *recordingTB) Helper() {}
func (r *recordingTB) Error(args ...any) {
	r.errors = append(r.errors, fmt.Sprint(args...))
}

func TestEqualFailsWithWorstRowsInputsAndStage(t *testing.T) {
	rows := ctrRows()
	offline := ModelPredictor[map[string]float64, ctrFeatures, ctrRaw, []string](ctrModel{bucketWidth: 10}, parseCTR)
	online := ModelPredictor[map[string]float64, ctrFeatures, ctrRaw, []string](ctrModel{bucketWidth: 5}, parseCTR)
	rec := &recordingTB{TB: t}
	res := Equal(rec, context.Background(), rows, offline, online, Options{Tolerance: DefaultTolerance, Stages: ModelStages})
	if assert.Len(t, rec.errors, 1) {
		msg := rec.errors[0]
		assert.Contains(t, msg, fmt.Sprintf("%d requests: 0 matched, %d mismatched, 0 failed", len(rows), len(rows)))
		assert.Contains(t, msg, "first stage that differs: encode")
		// The worst mismatch (the largest |diff|) comes first, with its inputs.
		first := strings.Split(msg, "\n")[1]
		assert.Contains(t, first, "id "+res.Mismatches[0].ID)
		assert.Contains(t, first, "(stage "+res.Mismatches[0].Stage+")")
		assert.Contains(t, first, "inputs map[age:")
		assert.Contains(t, msg, "more mismatches", "capped at 10")
	}

	// Equal on identical paths reports nothing.
	rec = &recordingTB{TB: t}
	Equal(rec, context.Background(), rows, offline, offline, Options{Tolerance: DefaultTolerance, Stages: ModelStages})
	assert.Empty(t, rec.errors)

	// A failure is reported too.
	rec = &recordingTB{TB: t}
	failing := Func(func(context.Context, serving.Row) (map[string]serving.Value, error) {
		return nil, fmt.Errorf("HTTP 503")
	})
	Equal(rec, context.Background(), rows[:1], offline, failing, Options{Tolerance: DefaultTolerance})
	if assert.Len(t, rec.errors, 1) {
		assert.Contains(t, rec.errors[0], "id age18: failed: HTTP 503")
	}
}
