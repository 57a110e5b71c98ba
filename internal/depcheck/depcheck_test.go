// Package depcheck holds a test of the module graph: a program that uses
// mltest's core packages must not pull in Apache Beam, which only the
// github.com/mltest/mltest/beam module requires (issue 9).
package depcheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// consumer writes a module in a temporary directory that requires the
// module at dir (replaced by that local directory, so no release is
// needed) and whose main package imports the given packages. It reuses the
// repository's go.sum, so with a warm module cache nothing is downloaded.
func consumer(t *testing.T, root string, requires map[string]string, imports []string) string {
	t.Helper()
	dir := t.TempDir()
	var mod strings.Builder
	mod.WriteString("module example.com/consumer\n\ngo 1.26\n\n")
	for path, local := range requires {
		mod.WriteString("require " + path + " v0.0.0\nreplace " + path + " => " + local + "\n")
	}
	var main strings.Builder
	main.WriteString("package main\n\nimport (\n")
	for _, imp := range imports {
		main.WriteString("\t_ \"" + imp + "\"\n")
	}
	main.WriteString(")\n\nfunc main() {}\n")
	sum, _ := os.ReadFile(filepath.Join(root, "go.sum"))
	beamSum, _ := os.ReadFile(filepath.Join(root, "beam", "go.sum"))
	for name, text := range map[string]string{
		"go.mod":  mod.String(),
		"main.go": main.String(),
		"go.sum":  string(sum) + string(beamSum),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// goList runs `go list ARGS` in dir outside any workspace, letting go
// update the consumer's go.mod from the module cache (and GOPROXY, from the
// environment, for what the cache lacks).
func goList(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return string(out)
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil || !strings.HasPrefix(string(mod), "module github.com/mltest/mltest\n") {
		t.Fatalf("%s is not the root of github.com/mltest/mltest: %v", root, err)
	}
	return root
}

func beamLines(list string) []string {
	var out []string
	for _, l := range strings.Split(list, "\n") {
		if strings.Contains(l, "github.com/apache/beam") {
			out = append(out, l)
		}
	}
	return out
}

// A user of the core module (metrics, evaluate, assert, fixtures) gets no
// Beam module in its build list, and no Beam package in its build.
func TestCoreConsumerDoesNotGetBeam(t *testing.T) {
	root := repoRoot(t)
	dir := consumer(t, root, map[string]string{"github.com/mltest/mltest": root}, []string{
		"github.com/mltest/mltest/metrics",
		"github.com/mltest/mltest/metrics/evaluate",
		"github.com/mltest/mltest/assert",
		"github.com/mltest/mltest/fixtures",
	})
	mods := goList(t, dir, "-m", "all")
	if !strings.Contains(mods, "github.com/mltest/mltest v0.0.0 => ") {
		t.Fatalf("go list -m all does not list the root module:\n%s", mods)
	}
	if b := beamLines(mods); len(b) > 0 {
		t.Errorf("a consumer of the core module gets Beam in go list -m all:\n%s", strings.Join(b, "\n"))
	}
	if b := beamLines(goList(t, dir, "-deps", ".")); len(b) > 0 {
		t.Errorf("a consumer of the core module builds Beam packages:\n%s", strings.Join(b, "\n"))
	}
}

// The check can fail: a consumer of the beam module does get Beam.
func TestBeamConsumerGetsBeam(t *testing.T) {
	root := repoRoot(t)
	dir := consumer(t, root, map[string]string{
		"github.com/mltest/mltest":      root,
		"github.com/mltest/mltest/beam": filepath.Join(root, "beam"),
	}, []string{"github.com/mltest/mltest/beam"})
	if b := beamLines(goList(t, dir, "-m", "all")); len(b) == 0 {
		t.Error("a consumer of github.com/mltest/mltest/beam has no Beam module in go list -m all: the check above could not fail")
	}
}
