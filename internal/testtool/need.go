package testtool

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// InCI reports whether the tests run under CI (CI set to a true value, or
// to anything that is not a false value, as CI systems set it).
func InCI() bool {
	v := os.Getenv("CI")
	if v == "" {
		return false
	}
	on, err := strconv.ParseBool(v)
	return err != nil || on
}

// Need returns the path of program name. When it is missing the test fails
// under CI (.ci/run must install the Debian package pkg) and is skipped
// elsewhere.
func Need(t testing.TB, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	missing(t, name+" not found", pkg)
	return ""
}

// DebianPython is the interpreter whose modules Debian's python3-* packages
// install; a python3 earlier on PATH (pyenv, a venv) may not see them.
const DebianPython = "/usr/bin/python3"

// NeedPythonModules returns DebianPython after checking that it imports
// every module; a missing one fails or skips the test as Need does, naming
// the Debian packages that provide them.
func NeedPythonModules(t testing.TB, pkgs string, modules ...string) string {
	t.Helper()
	if _, err := os.Stat(DebianPython); err != nil {
		missing(t, DebianPython+" not found", "python3 "+pkgs)
		return ""
	}
	out, err := exec.Command(DebianPython, "-c", "import "+strings.Join(modules, ", ")).CombinedOutput()
	if err != nil {
		missing(t, DebianPython+" cannot import "+strings.Join(modules, ", ")+": "+strings.TrimSpace(string(out)), pkgs)
		return ""
	}
	return DebianPython
}

func missing(t testing.TB, what, pkg string) {
	t.Helper()
	if InCI() {
		t.Fatalf("%s (CI=%s): .ci/run must install the Debian package(s) %s", what, os.Getenv("CI"), pkg)
	}
	t.Skipf("%s; install the Debian package(s) %s to run this test (it fails instead of skipping under CI)", what, pkg)
}
