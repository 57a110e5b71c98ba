package report

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// inCI reports whether the tests run under CI (CI set to a true value, or
// to anything that is not a false value, as CI systems set it).
func inCI() bool {
	v := os.Getenv("CI")
	if v == "" {
		return false
	}
	on, err := strconv.ParseBool(v)
	return err != nil || on
}

// needTool returns the path of an external program a test runs. When it is
// missing the test fails under CI, where .ci/run installs it (Debian
// package pkg), and is skipped with a message elsewhere, so that a
// developer without it can still run the rest.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if inCI() {
		t.Fatalf("%s not found (CI=%s): .ci/run must install the Debian package %s", name, os.Getenv("CI"), pkg)
	}
	t.Skipf("%s not found; install the Debian package %s to run this test (it fails instead of skipping under CI)", name, pkg)
	return ""
}
