package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// filterTREC keeps the lines of a qrels or run file whose query is in keep.
func filterTREC(t *testing.T, src, dst string, keep map[string]bool) {
	t.Helper()
	in, err := os.ReadFile(src)
	require.NoError(t, err)
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(string(in)), "\n") {
		if keep[strings.Fields(line)[0]] {
			b.WriteString(line + "\n")
		}
	}
	require.NoError(t, os.WriteFile(dst, []byte(b.String()), 0o644))
}

func readMarkets(t *testing.T) map[string]string {
	f, err := os.Open(exampleDir + "ranking_queries.csv")
	require.NoError(t, err)
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Scan()
	for sc.Scan() {
		p := strings.Split(sc.Text(), ",")
		m[p[0]] = p[1]
	}
	return m
}

// A slice's summary is exactly what mltest rank (so trec_eval) prints for
// that slice's queries alone.
func TestRankSliceEqualsRankOnTheSlicesQueries(t *testing.T) {
	qrels, runFile := exampleDir+"ranking.qrels", exampleDir+"ranking.run"
	measures := []string{"-m", "map", "-m", "ndcg_cut.10", "-m", "P.5,10", "-m", "num_q", "-m", "num_rel_ret"}
	code, out, errOut := runCLI(t, "", append(append([]string{"rank"}, measures...), "--query-attrs", exampleDir+"ranking_queries.csv", "--slice", "market", qrels, runFile)...)
	require.Equal(t, exitOK, code, errOut)

	markets := readMarkets(t)
	dir := t.TempDir()
	for _, market := range []string{"de", "jp", "us"} {
		keep := map[string]bool{}
		for q, m := range markets {
			if m == market {
				keep[q] = true
			}
		}
		fq, fr := filepath.Join(dir, market+".qrels"), filepath.Join(dir, market+".run")
		filterTREC(t, qrels, fq, keep)
		filterTREC(t, runFile, fr, keep)
		code, alone, errOut := runCLI(t, "", append(append([]string{"rank"}, measures...), fq, fr)...)
		require.Equal(t, exitOK, code, errOut)
		want := strings.ReplaceAll(alone, "\tall\t", "\tmarket="+market+"\t")
		require.Contains(t, out, want, "slice market=%s", market)
	}
	// The overall lines come first, unchanged.
	code, plain, _ := runCLI(t, "", append(append([]string{"rank"}, measures...), qrels, runFile)...)
	require.Equal(t, exitOK, code)
	require.True(t, strings.HasPrefix(out, plain))
}

func TestRankSlicesAndIntervalsJSON(t *testing.T) {
	args := []string{"rank", "-m", "map", "-m", "P.10", "-m", "num_q", "--query-attrs", exampleDir + "ranking_queries.csv",
		"--slice", "market", "--slice", "length", "--min-slice-n", "8", "--ci", "0.9", "--bootstrap", "300", "--seed", "5",
		"--format", "json", exampleDir + "ranking.qrels", exampleDir + "ranking.run"}
	code, out, errOut := runCLI(t, "", args...)
	require.Equal(t, exitOK, code, errOut)
	checkGolden(t, "rank/slices_ci.json", out)
	var r struct {
		Measures  map[string]float64
		Level     float64
		Intervals map[string][2]float64
		Slices    []struct {
			Key       map[string]string
			NumQ      int `json:"num_q"`
			Gated     bool
			Measures  map[string]float64
			Intervals map[string][2]float64
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	require.Equal(t, 0.9, r.Level)
	for _, m := range []string{"map", "P_10"} {
		iv := r.Intervals[m]
		require.Less(t, iv[0], r.Measures[m], m)
		require.Greater(t, iv[1], r.Measures[m], m)
	}
	_, hasCount := r.Intervals["num_q"]
	require.False(t, hasCount, "num_q is a count, not an estimate: no interval")
	total := 0
	for _, s := range r.Slices {
		total += s.NumQ
		require.Equal(t, s.NumQ >= 8, s.Gated, "%v", s.Key)
		require.Len(t, s.Key, 2)
	}
	require.Equal(t, 50, total)

	// Same seed, same bytes.
	_, again, _ := runCLI(t, "", args...)
	require.Equal(t, out, again)
}

func TestRankSliceBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	q, r := exampleDir+"ranking.qrels", exampleDir+"ranking.run"
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"slice without attrs", []string{"rank", "--slice", "market", q, r}, "mltest: rank: --slice needs --query-attrs FILE (a table of qid and query attributes)\n"},
		{"ci with trec format", []string{"rank", "--ci", "0.95", q, r}, "mltest: rank: --ci: intervals are printed with --format json (trec_eval's format has no place for them)\n"},
		{"missing column", []string{"rank", "--query-attrs", write("a.csv", "qid,market\n1,us\n"), "--slice", "device", q, r}, "mltest: DIR/a.csv:1: device: no such column; the header has qid, market\n"},
		{"duplicate query", []string{"rank", "--query-attrs", write("d.csv", "qid,market\n1,us\n2,de\n1,jp\n"), "--slice", "market", q, r}, "mltest: DIR/d.csv:4: qid: query \"1\" listed twice (first at line 2)\n"},
		{"query without row", []string{"rank", "--query-attrs", write("m.csv", "qid,market\n1,us\n2,de\n"), "--slice", "market", q, r}, "mltest: DIR/m.csv: qid: 48 evaluated queries have no row, e.g. \"10\", \"11\", \"12\"\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", c.args...)
			require.Equal(t, exitUsage, code)
			require.Empty(t, out)
			require.Equal(t, c.want, strings.ReplaceAll(errOut, dir, "DIR"))
		})
	}
}
