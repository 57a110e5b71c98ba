package dataio

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func readAll(t *testing.T, format Format, input string, cols ...string) ([][]string, []int, error) {
	t.Helper()
	tr, err := NewTableReader(strings.NewReader(input), "in."+string(format), format, cols)
	if err != nil {
		return nil, nil, err
	}
	var rows [][]string
	var lines []int
	for tr.Next() {
		row := make([]string, len(cols))
		for i := range cols {
			row[i] = tr.Value(i)
		}
		rows = append(rows, row)
		lines = append(lines, tr.Line())
	}
	return rows, lines, tr.Err()
}

func TestCSVSelectsColumnsAndCountsLines(t *testing.T) {
	in := "id,score,label\na,0.5,1\n\"b,c\",0.25,0\n"
	rows, lines, err := readAll(t, CSV, in, "label", "score")
	require.NoError(t, err)
	require.Equal(t, [][]string{{"1", "0.5"}, {"0", "0.25"}}, rows)
	require.Equal(t, []int{2, 3}, lines)
}

func TestCSVQuotedNewlineKeepsLineNumbers(t *testing.T) {
	in := "id,score\n\"multi\nline\",0.5\nx,oops\n"
	tr, err := NewTableReader(strings.NewReader(in), "p.csv", CSV, []string{"score"})
	require.NoError(t, err)
	require.True(t, tr.Next())
	require.True(t, tr.Next())
	_, err = tr.Float(0)
	require.EqualError(t, err, `p.csv:4: score: expected a number, got "oops"`)
}

func TestJSONLValues(t *testing.T) {
	in := `{"label": true, "score": 0.5, "slice": "web", "p": [0.1, 0.9]}` + "\n\n" +
		`{"label": false, "score": 1e-3, "slice": "ios", "p": [1, 0]}`
	rows, lines, err := readAll(t, JSONL, in, "label", "score", "slice", "p")
	require.NoError(t, err)
	require.Equal(t, [][]string{{"true", "0.5", "web", "[0.1, 0.9]"}, {"false", "1e-3", "ios", "[1, 0]"}}, rows)
	require.Equal(t, []int{1, 3}, lines)
}

func TestJSONLLongLine(t *testing.T) {
	long := strings.Repeat("x", 200000)
	in := `{"a": "` + long + `"}` + "\n"
	rows, _, err := readAll(t, JSONL, in, "a")
	require.NoError(t, err)
	require.Equal(t, long, rows[0][0])
}

func TestBadInputNamesFileLineField(t *testing.T) {
	cases := []struct {
		name, format, input string
		cols                []string
		want                string
	}{
		{"missing column", "csv", "a,b\n1,2\n", []string{"score"}, "in.csv:1: score: no such column; the header has a, b"},
		{"empty file", "csv", "", []string{"score"}, "in.csv: empty file: expected a header row naming the columns"},
		{"header only", "csv", "score\n", []string{"score"}, "in.csv: no data rows"},
		{"short row", "csv", "a,score\n1,2\n3\n", []string{"score"}, "in.csv:3: wrong number of fields (expected as many as the header)"},
		{"bad quote", "csv", "a,score\n\"1,2\n", []string{"score"}, "in.csv:2: malformed CSV: extraneous or missing \" in quoted-field"},
		{"duplicate header", "csv", "score,score\n1,2\n", []string{"score"}, "in.csv:1: score: column named twice in the header"},
		{"not json", "jsonl", "{\"score\": 1}\n{oops\n", []string{"score"}, "in.jsonl:2: not a JSON object: invalid character 'o' looking for beginning of object key string"},
		{"missing key", "jsonl", "{\"score\": 1}\n{\"x\": 1}\n", []string{"score"}, "in.jsonl:2: score: missing key"},
		{"json null", "jsonl", "null\n", []string{"score"}, "in.jsonl:1: not a JSON object: null"},
		{"jsonl empty", "jsonl", "\n\n", []string{"score"}, "in.jsonl: no data rows"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := readAll(t, Format(c.format), c.input, c.cols...)
			require.EqualError(t, err, c.want)
		})
	}
}

func TestParseFiniteRejectsNaNAndInf(t *testing.T) {
	for _, s := range []string{"NaN", "nan", "Inf", "-inf", "", "1e400", "0x", "null"} {
		_, err := ParseFinite(s, "f.csv", 7, "score")
		require.Error(t, err, s)
		require.Contains(t, err.Error(), "f.csv:7: score: ")
	}
	v, err := ParseFinite(" 0.125 ", "f", 1, "x")
	require.NoError(t, err)
	require.Equal(t, 0.125, v)
}

func TestBinaryLabel(t *testing.T) {
	tr, err := NewTableReader(strings.NewReader("y\n1\n0\nTRUE\nfalse\n1.0\n2\n"), "y.csv", CSV, []string{"y"})
	require.NoError(t, err)
	var got []bool
	for tr.Next() {
		b, err := tr.BinaryLabel(0)
		if err != nil {
			require.EqualError(t, err, `y.csv:7: y: expected a binary label 0/1 or true/false, got "2"`)
			break
		}
		got = append(got, b)
	}
	require.Equal(t, []bool{true, false, true, false, true}, got)
}

func TestFloatArray(t *testing.T) {
	rows := "{\"p\": [0.25, 0.75]}\n{\"p\": [1, \"NaN\"]}\n{\"p\": [1, 2] }\n{\"p\": 3}\n"
	tr, err := NewTableReader(strings.NewReader(rows), "m.jsonl", JSONL, []string{"p"})
	require.NoError(t, err)
	require.True(t, tr.Next())
	v, err := tr.FloatArray(0, nil)
	require.NoError(t, err)
	require.Equal(t, []float64{0.25, 0.75}, v)
	require.True(t, tr.Next())
	_, err = tr.FloatArray(0, nil)
	require.Error(t, err) // a string inside the array is not a number
	require.True(t, tr.Next())
	_, err = tr.FloatArray(0, v)
	require.NoError(t, err)
	require.True(t, tr.Next())
	_, err = tr.FloatArray(0, nil)
	require.EqualError(t, err, `m.jsonl:4: p: expected a JSON array of numbers, got "3"`)
}

func TestOpenGzipByMagicAndStdin(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("score\n1\n"))
	zw.Close()
	path := filepath.Join(dir, "p.csv.gz")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	rc, err := Open(path, nil)
	require.NoError(t, err)
	b, _ := io.ReadAll(rc)
	require.NoError(t, rc.Close())
	require.Equal(t, "score\n1\n", string(b))

	rc, err = Open("-", strings.NewReader("plain"))
	require.NoError(t, err)
	b, _ = io.ReadAll(rc)
	require.Equal(t, "plain", string(b))

	_, err = Open(filepath.Join(dir, "absent.csv"), nil)
	require.EqualError(t, err, filepath.Join(dir, "absent.csv")+": cannot open: no such file or directory")
}

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]Format{
		"a.csv": CSV, "a.CSV.gz": CSV, "a.jsonl": JSONL, "a.ndjson.gz": JSONL,
		"q.qrels": TREC, "r.txt": TREC, "a.parquet": Parquet, "noext": "",
	} {
		require.Equal(t, want, FormatOf(name), name)
	}
}
