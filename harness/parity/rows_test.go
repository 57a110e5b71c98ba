package parity

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mltest/mltest/harness/serving"
	"github.com/mltest/mltest/internal/dataio"
)

func TestReadRowsJSONL(t *testing.T) {
	in := `{"id": "a", "inputs": {"x": 1.5, "user": "u7", "hist": [1, 2, 3], "m": [[1, 2], [3, 4], [5, 6]], "flag": true}}

{"id": 17, "inputs": {"x": -2, "items": ["i1", "i2"]}}
`
	rows, err := DecodeRows(strings.NewReader(in), "req.jsonl", "jsonl", "inputs")
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, "a", rows[0].ID)
	assert.Equal(t, serving.Scalar(1.5), rows[0].Values["x"])
	assert.Equal(t, serving.Value{Strings: []string{"u7"}}, rows[0].Values["user"])
	assert.Equal(t, serving.Vector(1, 2, 3), rows[0].Values["hist"])
	assert.Equal(t, serving.Value{Numbers: []float64{1, 2, 3, 4, 5, 6}, Shape: []int{3, 2}}, rows[0].Values["m"])
	assert.Equal(t, serving.Scalar(1), rows[0].Values["flag"])
	assert.Equal(t, "17", rows[1].ID)
	assert.Equal(t, serving.StringVector("i1", "i2"), rows[1].Values["items"])
}

func TestReadRowsCSV(t *testing.T) {
	in := "id,score,label\nr1,0.25,cat\nr2,NaN,dog\n"
	rows, err := DecodeRows(strings.NewReader(in), "off.csv", "csv", "outputs")
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, serving.Scalar(0.25), rows[0].Values["score"])
	assert.True(t, math.IsNaN(rows[1].Values["score"].Numbers[0]))
	assert.Equal(t, serving.Value{Strings: []string{"dog"}}, rows[1].Values["label"])
}

func TestReadRowsErrorsNameFileLineField(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"a.jsonl", `{"id": "a", "inputs": {"x": 1}}` + "\n" + `{"id": "a", "inputs": {"x": 2}}`, `a.jsonl:2: id: duplicate id "a" (first on line 1)`},
		{"a.jsonl", `{"inputs": {"x": 1}}`, `a.jsonl:1: id: missing`},
		{"a.jsonl", `{"id": "", "inputs": {"x": 1}}`, `a.jsonl:1: id: empty`},
		{"a.jsonl", `{"id": "a", "outputs": {"x": 1}}`, `a.jsonl:1: inputs: missing`},
		{"a.jsonl", `{"id": "a", "inputs": {"x": null}}`, `a.jsonl:1: inputs.x: null where a number`},
		{"a.jsonl", `{"id": "a", "inputs": {"x": [1, "b"]}}`, `a.jsonl:1: inputs.x: an array mixes numbers and strings`},
		{"a.jsonl", `{"id": "a", "inputs": {"x": [[1, 2], [3]]}}`, `a.jsonl:1: inputs.x: ragged array`},
		{"a.jsonl", `{"id": "a", "inputs": {"x": {"y": 1}}}`, `a.jsonl:1: inputs.x: an object`},
		{"a.jsonl", `{"id": "a", "inputs": {"x": 1e999}}`, `a.jsonl:1: inputs.x: number 1e999 out of range`},
		{"a.jsonl", `not json`, `a.jsonl:1: not a JSON object`},
		{"a.jsonl", ``, `a.jsonl: no rows`},
		{"a.csv", "x,y\n1,2\n", `a.csv:1: id: missing column`},
		{"a.csv", "id,y\nr1,0.5\nr2,high\n", `a.csv:3: y: "high" is not a number`},
		{"a.csv", "id,y\nr1,0.5\nr1,0.7\n", `a.csv:3: id: duplicate id "r1" (first on line 2)`},
		{"a.csv", "", `a.csv: empty file`},
		{"a.parquet", "", `unsupported format`},
	}
	for _, c := range cases {
		_, err := DecodeRows(strings.NewReader(c.in), c.name, formatOf(c.name), "inputs")
		if assert.Error(t, err, c.in) {
			assert.Contains(t, err.Error(), c.want, c.in)
		}
	}
}

func formatOf(name string) string { return string(dataio.FormatOf(name)) }

func TestReadRowsFromStdinNeedsFormat(t *testing.T) {
	rows, err := ReadRows("-", strings.NewReader(`{"id": "a", "inputs": {"x": 1}}`), "inputs")
	require.NoError(t, err)
	assert.Len(t, rows, 1)
}

func FuzzReadRows(f *testing.F) {
	f.Add(`{"id": "a", "inputs": {"x": 1.5, "v": [1, 2], "s": ["a"]}}`, false)
	f.Add(`{"id": 3, "inputs": {"m": [[1, 2], [3, 4]]}}`, false)
	f.Add(`{"id": "a", "inputs": {"x": [[[]]]}}`, false)
	f.Add("id,a,b\nr1,1,x\nr2,2,y\n", true)
	f.Add("id,a\nr1,\"1\nr2,2\n", true)
	f.Fuzz(func(t *testing.T, in string, csv bool) {
		name := "f.jsonl"
		if csv {
			name = "f.csv"
		}
		rows, err := DecodeRows(strings.NewReader(in), name, formatOf(name), "inputs")
		if err != nil {
			var ie *dataio.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *InputError", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, r := range rows {
			if r.ID == "" || seen[r.ID] {
				t.Fatalf("empty or duplicate id %q accepted", r.ID)
			}
			seen[r.ID] = true
			for k, v := range r.Values {
				n := 1
				for _, d := range v.Shape {
					n *= d
				}
				if len(v.Numbers)+len(v.Strings) != n || (len(v.Numbers) > 0 && len(v.Strings) > 0) {
					t.Fatalf("row %s value %s: shape %v does not fit %d numbers and %d strings", r.ID, k, v.Shape, len(v.Numbers), len(v.Strings))
				}
			}
		}
	})
}

func TestParseValueRoundTripsJSON(t *testing.T) {
	for _, s := range []string{`1`, `"a"`, `[1,2]`, `[["a","b"],["c","d"]]`, `[]`} {
		v, err := ParseValue(json.RawMessage(s))
		require.NoError(t, err, s)
		b, err := json.Marshal(display(v))
		require.NoError(t, err)
		if len(v.Shape) <= 1 {
			assert.JSONEq(t, s, normaliseEmpty(string(b)), s)
		}
	}
}

func normaliseEmpty(s string) string {
	if s == "null" {
		return "[]"
	}
	return s
}
