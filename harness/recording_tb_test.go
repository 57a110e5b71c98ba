package harness_test

import (
	"flag"
	"fmt"
	"strings"
	"testing"
)

// recordingTB is a testing.TB that records a failure instead of failing the
// test, so a test can assert that a check CATCHES a broken metric.
type recordingTB struct {
	testing.TB // the real test, for Name, TempDir and anything not overridden
	failed     bool
	log        strings.Builder
}

func (r *recordingTB) Helper()                         {}
func (r *recordingTB) Logf(format string, args ...any) { fmt.Fprintf(&r.log, format+"\n", args...) }
func (r *recordingTB) Log(args ...any)                 { fmt.Fprintln(&r.log, args...) }
func (r *recordingTB) Errorf(format string, args ...any) {
	r.failed = true
	r.Logf(format, args...)
}
func (r *recordingTB) Error(args ...any) { r.failed = true; r.Log(args...) }
func (r *recordingTB) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
}
func (r *recordingTB) Fatal(args ...any)    { r.Error(args...) }
func (r *recordingTB) Fail()                { r.failed = true }
func (r *recordingTB) FailNow()             { r.failed = true }
func (r *recordingTB) Failed() bool         { return r.failed }
func (r *recordingTB) Skip(args ...any)     {}
func (r *recordingTB) Skipf(string, ...any) {}
func (r *recordingTB) SkipNow()             {}
func (r *recordingTB) Skipped() bool        { return false }

// noFailFiles stops rapid from writing testdata/rapid/ fail files while a
// mutant is checked on purpose; it restores the flag when the test ends.
func noFailFiles(t *testing.T) {
	t.Helper()
	old := flag.Lookup("rapid.nofailfile").Value.String()
	if err := flag.Set("rapid.nofailfile", "true"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = flag.Set("rapid.nofailfile", old) })
}
