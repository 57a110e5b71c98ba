package assert

import (
	"fmt"
	"testing"
)

// recordingTB records failures instead of failing the real test, so a test
// can assert that a wrapper fails (and with which message) or passes.
type recordingTB struct {
	testing.TB // nil: calling anything not overridden panics
	helper     int
	errors     []string
	fatals     []string
}

func (r *recordingTB) Helper()                   { r.helper++ }
func (r *recordingTB) Error(args ...any)         { r.errors = append(r.errors, fmt.Sprint(args...)) }
func (r *recordingTB) Errorf(f string, a ...any) { r.errors = append(r.errors, fmt.Sprintf(f, a...)) }
func (r *recordingTB) Fatal(args ...any)         { r.fatals = append(r.fatals, fmt.Sprint(args...)) }
func (r *recordingTB) Fatalf(f string, a ...any) { r.fatals = append(r.fatals, fmt.Sprintf(f, a...)) }
