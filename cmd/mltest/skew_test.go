package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeSkewFiles writes a reference and a current CSV of n rows: x uniform
// on a grid, shifted by shift in current; device web/ios, with "tv" appearing
// in current only when newCategory is set.
func writeSkewFiles(t *testing.T, n int, shift float64, newCategory bool) (string, string) {
	t.Helper()
	dir := t.TempDir()
	var ref, cur strings.Builder
	ref.WriteString("x,device\n")
	cur.WriteString("x,device\n")
	for i := range n {
		x := float64(i%100) / 100
		dev := []string{"web", "ios"}[i%2]
		fmt.Fprintf(&ref, "%v,%s\n", x, dev)
		if newCategory && i%4 == 0 {
			dev = "tv"
		}
		fmt.Fprintf(&cur, "%v,%s\n", x+shift, dev)
	}
	r, c := filepath.Join(dir, "ref.csv"), filepath.Join(dir, "cur.csv")
	require.NoError(t, os.WriteFile(r, []byte(ref.String()), 0o644))
	require.NoError(t, os.WriteFile(c, []byte(cur.String()), 0o644))
	return r, c
}

func TestSkewCLI(t *testing.T) {
	ref, cur := writeSkewFiles(t, 1000, 0, false)
	code, stdout, stderr := runCLI(t, "", "skew", "--reference", ref, "--current", cur, "--format", "json")
	require.Equal(t, exitOK, code, stderr)
	var rep struct {
		Features []struct {
			Name    string  `json:"name"`
			Kind    string  `json:"kind"`
			PSI     float64 `json:"psi"`
			Drifted bool    `json:"drifted"`
		} `json:"features"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	require.Len(t, rep.Features, 2)
	assert.Equal(t, "numeric", rep.Features[0].Kind)
	assert.Equal(t, "categorical", rep.Features[1].Kind)
	for _, f := range rep.Features {
		assert.Zero(t, f.PSI, f.Name)
		assert.False(t, f.Drifted, f.Name)
	}

	// A shift of x by 0.3 reference-range and a new device: both drift, exit 1.
	ref, cur = writeSkewFiles(t, 1000, 0.3, true)
	code, stdout, stderr = runCLI(t, "", "skew", "--reference", ref, "--current", cur)
	assert.Equal(t, exitFail, code)
	assert.Contains(t, stderr, "2 of 2 features drifted: x, device")
	assert.Contains(t, stdout, "DRIFT")

	// Only x, with its thresholds raised past the shift: no drift.
	code, _, stderr = runCLI(t, "", "skew", "--reference", ref, "--current", cur, "--column", "x",
		"--max-psi", "100", "--max-js", "1", "--max-ks-d", "1", "--max-wasserstein", "100", "--max-smd", "100")
	assert.Equal(t, exitOK, code, stderr)
}

func TestSkewCLIBadInput(t *testing.T) {
	ref, cur := writeSkewFiles(t, 10, 0, false)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--reference", ref}, "--current FILE"},
		{[]string{"--reference", ref, "--current", cur, "--column", "nope"}, "nope"},
		{[]string{"--reference", ref, "--current", cur, "--kind", "device=numeric"}, "device"},
		{[]string{"--reference", ref, "--current", cur, "--kind", "x=weird"}, "weird"},
		{[]string{"--reference", ref, "--current", cur, "--bins", "1"}, "--bins 1"},
		{[]string{"--reference", ref, "--current", filepath.Join(t.TempDir(), "none.csv")}, "none.csv"},
	} {
		code, _, stderr := runCLI(t, "", append([]string{"skew"}, c.args...)...)
		assert.Equal(t, exitUsage, code, c.args)
		assert.Contains(t, stderr, c.want, c.args)
	}
}
