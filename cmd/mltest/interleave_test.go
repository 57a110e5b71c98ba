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

// writeInterleaveLog writes a log of winsA impressions A won, winsB B won,
// ties and noClick impressions without a click, over 50 users.
func writeInterleaveLog(t *testing.T, winsA, winsB, ties, noClick int) string {
	t.Helper()
	var b strings.Builder
	n := 0
	row := func(clicks string) {
		fmt.Fprintf(&b, `{"id": "imp%d", "user": "u%d", "items": ["i1", "i2", "i3"], "teams": ["A", "B", "A"], "clicks": [%s]}`+"\n", n, n%50, clicks)
		n++
	}
	for range winsA {
		row(`"i3"`)
	}
	for range winsB {
		row(`"i2"`)
	}
	for range ties {
		row(`"i1", "i2"`)
	}
	for range noClick {
		row("")
	}
	path := filepath.Join(t.TempDir(), "log.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	return path
}

func TestInterleaveCLIJSON(t *testing.T) {
	log := writeInterleaveLog(t, 310, 270, 220, 200)
	code, stdout, stderr := runCLI(t, "", "interleave", "--log", log, "--user", "user", "--format", "json")
	require.Equal(t, exitOK, code, stderr)
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	keys := make([]string, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	assert.ElementsMatch(t, []string{"n", "no_click", "wins_a", "wins_b", "ties", "delta_ab", "ci", "p", "preferred"}, keys)
	assert.Equal(t, 800.0, got["n"])
	assert.Equal(t, 200.0, got["no_click"])
	assert.InDelta(t, (310+110.0)/800-0.5, got["delta_ab"], 1e-15)
	assert.Equal(t, "none", got["preferred"]) // 310 against 270: p = 0.105
	assert.InDelta(t, 0.1053, got["p"], 1e-3)
}

func TestInterleaveCLIRequire(t *testing.T) {
	log := writeInterleaveLog(t, 400, 250, 100, 0)
	code, _, stderr := runCLI(t, "", "interleave", "--log", log, "--require", "A")
	assert.Equal(t, exitOK, code, stderr)
	code, _, stderr = runCLI(t, "", "interleave", "--log", log, "--require", "B")
	assert.Equal(t, exitFail, code)
	assert.Contains(t, stderr, "mltest: interleave: B is not significantly preferred (preferred: A")
	// The always-valid p-value is larger, and still significant here.
	code, stdout, stderr := runCLI(t, "", "interleave", "--log", log, "--sequential", "--require", "A")
	assert.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "mSPRT (always valid)")
}

func TestInterleaveCLITable(t *testing.T) {
	log := writeInterleaveLog(t, 30, 20, 10, 5)
	code, stdout, stderr := runCLI(t, "", "interleave", "--log", log, "--user", "user")
	require.Equal(t, exitOK, code, stderr)
	checkGolden(t, "interleave/table.golden", stdout)
}

func TestInterleaveCLIBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	require.NoError(t, os.WriteFile(bad, []byte(`{"id": "a", "items": ["x"], "teams": ["A"], "clicks": []}`+"\n"+
		`{"id": "b", "items": ["x", "y"], "teams": ["A", "C"], "clicks": []}`+"\n"), 0o644))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--log", bad}, "mltest: " + bad + `:2: teams[1]: team "C", want "A" or "B"`},
		{[]string{"--log", bad, "--user", "uid"}, "mltest: " + bad + ":1: uid: missing key"},
		{[]string{"--log", filepath.Join(dir, "none.jsonl")}, "none.jsonl: cannot open"},
		{[]string{}, "--log FILE is required"},
		{[]string{"--log", bad, "--ci", "1"}, "--ci 1: want a level in (0, 1)"},
		{[]string{"--log", bad, "--require", "C"}, `--require "C": want A or B`},
		{[]string{"--log", bad, "--format", "xml"}, `--format "xml"`},
		{[]string{"--log", bad, "extra"}, `unexpected argument "extra"`},
		{[]string{"--nope"}, "flag provided but not defined: -nope"},
	} {
		code, _, stderr := runCLI(t, "", append([]string{"interleave"}, c.args...)...)
		assert.Equal(t, exitUsage, code, c.args)
		assert.Contains(t, stderr, c.want, c.args)
	}
	code, stdout, _ := runCLI(t, "", "interleave", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "delta_ab = (wins_a + ties/2)/n - 0.5")
}

func TestInterleaveCLIStdin(t *testing.T) {
	in := `{"id": "a", "items": ["x", "y"], "teams": ["A", "B"], "clicks": ["x"]}` + "\n" +
		`{"id": "b", "items": ["y", "x"], "teams": ["B", "A"], "clicks": ["x"]}` + "\n"
	code, stdout, stderr := runCLI(t, in, "interleave", "--log", "-", "--format", "json")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, `"wins_a": 2`)
}
