package dataio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"
)

// encodeParquet writes rows (maps from column to value) under schema.
func encodeParquet(t testing.TB, schema *parquet.Schema, rows []map[string]any, opts ...parquet.WriterOption) []byte {
	t.Helper()
	var b bytes.Buffer
	w := parquet.NewGenericWriter[map[string]any](&b, append([]parquet.WriterOption{schema}, opts...)...)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func writeParquet(t testing.TB, name string, schema *parquet.Schema, rows []map[string]any, opts ...parquet.WriterOption) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, encodeParquet(t, schema, rows, opts...), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// evalSchema has every column type mltest reads: numbers of each physical
// type, a dictionary-encoded string, a list of doubles.
var evalSchema = parquet.NewSchema("eval", parquet.Group{
	"label":  parquet.Leaf(parquet.Int32Type),
	"score":  parquet.Leaf(parquet.DoubleType),
	"weight": parquet.Leaf(parquet.FloatType),
	"id":     parquet.Leaf(parquet.Int64Type),
	"ok":     parquet.Leaf(parquet.BooleanType),
	"device": parquet.Encoded(parquet.String(), &parquet.RLEDictionary),
	"note":   parquet.String(),
	"probs":  parquet.List(parquet.Leaf(parquet.DoubleType)),
})

type evalRow struct {
	label  int32
	score  float64
	weight float32
	id     int64
	ok     bool
	device string
	note   string
	probs  []float64
}

func evalRows(seed uint64, n int) ([]evalRow, []map[string]any) {
	r := rand.New(rand.NewPCG(seed, 1))
	devices := []string{"web", "ios", "android"}
	var rows []evalRow
	var maps []map[string]any
	for i := range n {
		k := r.IntN(4) // list lengths 0..3, so lists cross page boundaries
		probs := make([]float64, k)
		anyProbs := make([]any, k)
		for j := range probs {
			probs[j] = r.Float64()
			anyProbs[j] = probs[j]
		}
		e := evalRow{int32(r.IntN(2)), r.NormFloat64(), float32(1 + r.IntN(3)), int64(i) * 1000,
			r.IntN(2) == 1, devices[r.IntN(3)], fmt.Sprintf("n%d", r.IntN(50)), probs}
		rows = append(rows, e)
		maps = append(maps, map[string]any{"label": e.label, "score": e.score, "weight": e.weight, "id": e.id,
			"ok": e.ok, "device": e.device, "note": e.note, "probs": anyProbs})
	}
	return rows, maps
}

// Both data page versions, many small pages and row groups: every column
// reads back as written, through the columnar and the row-wise path.
func TestReadParquetRoundTrip(t *testing.T) {
	const seed = 11
	want, maps := evalRows(seed, 1000)
	cols := []string{"probs", "score", "device", "label", "weight", "id", "ok", "note"}
	for _, version := range []int{1, 2} {
		t.Run(fmt.Sprintf("v%d", version), func(t *testing.T) {
			path := writeParquet(t, "e.parquet", evalSchema, maps, parquet.DataPageVersion(version),
				parquet.MaxRowsPerRowGroup(300), parquet.PageBufferSize(256))
			row := 0
			err := ReadParquetColumns(path, cols, func(b *ParquetBatch) error {
				require.Equal(t, row+1, b.FirstRow)
				for i := range b.Rows {
					w := want[row]
					probs := b.Columns[0].Lists[b.Columns[0].Offsets[i]:b.Columns[0].Offsets[i+1]]
					require.Equal(t, w.probs, probs, "seed %d row %d", seed, row+1)
					require.Equal(t, w.score, b.Columns[1].Numbers[i])
					require.Equal(t, w.device, b.Columns[2].Texts[i])
					require.Equal(t, float64(w.label), b.Columns[3].Numbers[i])
					require.Equal(t, float64(w.weight), b.Columns[4].Numbers[i])
					require.Equal(t, float64(w.id), b.Columns[5].Numbers[i])
					require.Equal(t, map[bool]float64{true: 1}[w.ok], b.Columns[6].Numbers[i])
					require.Equal(t, w.note, b.Columns[7].Texts[i])
					row++
				}
				return nil
			})
			require.NoError(t, err)
			require.Equal(t, len(want), row)

			tr, c, err := OpenTable(path, nil, "", cols)
			require.NoError(t, err)
			defer c.Close()
			row = 0
			var dst []float64
			for tr.Next() {
				w := want[row]
				row++
				require.Equal(t, row, tr.Line())
				dst, err = tr.FloatArray(0, dst)
				require.NoError(t, err)
				require.Equal(t, len(w.probs), len(dst))
				for j := range dst {
					require.Equal(t, w.probs[j], dst[j])
				}
				s, err := tr.Float(1)
				require.NoError(t, err)
				require.Equal(t, w.score, s)
				require.Equal(t, w.device, tr.Value(2))
				l, err := tr.BinaryLabel(3)
				require.NoError(t, err)
				require.Equal(t, w.label == 1, l)
				require.Equal(t, fmt.Sprint(w.id), tr.Value(5))
				ok, err := tr.BinaryLabel(6)
				require.NoError(t, err)
				require.Equal(t, w.ok, ok)
			}
			require.NoError(t, tr.Err())
			require.Equal(t, len(want), row)
		})
	}
}

// More rows than a batch, in row groups that are not multiples of it: the
// batches tile the file.
func TestReadParquetBatches(t *testing.T) {
	n := ParquetBatchRows*2 + 1234
	schema := parquet.NewSchema("b", parquet.Group{"x": parquet.Leaf(parquet.DoubleType),
		"l": parquet.List(parquet.Leaf(parquet.Int32Type))})
	rows := make([]map[string]any, n)
	for i := range rows {
		l := make([]any, i%3)
		for j := range l {
			l[j] = int32(i)
		}
		rows[i] = map[string]any{"x": float64(i), "l": l}
	}
	path := writeParquet(t, "b.parquet", schema, rows, parquet.MaxRowsPerRowGroup(int64(ParquetBatchRows+777)))
	next := 0
	batches := 0
	err := ReadParquetColumns(path, []string{"l", "x"}, func(b *ParquetBatch) error {
		batches++
		require.LessOrEqual(t, b.Rows, ParquetBatchRows)
		require.Equal(t, next+1, b.FirstRow)
		require.Equal(t, 0, b.Columns[0].Offsets[0])
		require.Equal(t, len(b.Columns[0].Lists), b.Columns[0].Offsets[b.Rows])
		for i := range b.Rows {
			require.Equal(t, float64(next), b.Columns[1].Numbers[i])
			l := b.Columns[0].Lists[b.Columns[0].Offsets[i]:b.Columns[0].Offsets[i+1]]
			require.Len(t, l, next%3)
			for _, v := range l {
				require.Equal(t, float64(next), v)
			}
			next++
		}
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, n, next)
	require.GreaterOrEqual(t, batches, 3)
}

func TestReadParquetErrors(t *testing.T) {
	scalar := func(name string, node parquet.Node) *parquet.Schema {
		return parquet.NewSchema("s", parquet.Group{name: node, "label": parquet.Leaf(parquet.Int32Type)})
	}
	good := []map[string]any{{"score": 0.5, "label": int32(1)}}
	cases := []struct {
		name   string
		schema *parquet.Schema
		rows   []map[string]any
		cols   []string
		want   string
	}{
		{"missing column", scalar("score", parquet.Leaf(parquet.DoubleType)), good, []string{"label", "scroe"},
			"P: scroe: no such column; the file has label, score"},
		{"NaN", scalar("score", parquet.Leaf(parquet.DoubleType)),
			[]map[string]any{{"score": 0.5, "label": int32(1)}, {"score": 0.1, "label": int32(0)}, {"score": math.NaN(), "label": int32(0)}},
			[]string{"label", "score"}, "P: row 3: score: expected a finite number, got NaN"},
		{"infinity in float", scalar("score", parquet.Leaf(parquet.FloatType)),
			[]map[string]any{{"score": float32(math.Inf(-1)), "label": int32(1)}}, []string{"score"},
			"P: row 1: score: expected a finite number, got -Inf"},
		{"null number", scalar("score", parquet.Optional(parquet.Leaf(parquet.DoubleType))),
			[]map[string]any{{"score": 0.5, "label": int32(1)}, {"score": nil, "label": int32(0)}},
			[]string{"score", "label"}, "P: row 2: score: null value, expected a number"},
		{"null string", scalar("dev", parquet.Optional(parquet.String())),
			[]map[string]any{{"dev": nil, "label": int32(1)}}, []string{"dev"}, "P: row 1: dev: null value, expected a text"},
		{"null boolean", scalar("ok", parquet.Optional(parquet.Leaf(parquet.BooleanType))),
			[]map[string]any{{"ok": true, "label": int32(1)}, {"ok": nil, "label": int32(1)}}, []string{"ok"},
			"P: row 2: ok: null value, expected a number"},
		{"null list", scalar("p", parquet.Optional(parquet.List(parquet.Leaf(parquet.DoubleType)))),
			[]map[string]any{{"p": []any{0.5}, "label": int32(1)}, {"p": nil, "label": int32(1)}}, []string{"p"},
			"P: row 2: p: null list, expected a list of numbers"},
		{"null element", scalar("p", parquet.List(parquet.Optional(parquet.Leaf(parquet.DoubleType)))),
			[]map[string]any{{"p": []any{0.5, nil}, "label": int32(1)}}, []string{"p"},
			"P: row 1: p: null element in the list, expected numbers"},
		{"NaN element", scalar("p", parquet.List(parquet.Leaf(parquet.DoubleType))),
			[]map[string]any{{"p": []any{0.5}, "label": int32(1)}, {"p": []any{math.NaN()}, "label": int32(1)}}, []string{"p"},
			"P: row 2: p: expected a finite number, got NaN"},
		{"huge int64", scalar("id", parquet.Leaf(parquet.Int64Type)),
			[]map[string]any{{"id": int64(1) << 60, "label": int32(1)}}, []string{"id"},
			"P: row 1: id: integer 1152921504606846976 is too large to be exact as a float64"},
		{"decimal", scalar("d", parquet.Decimal(2, 9, parquet.Int32Type)),
			[]map[string]any{{"d": int32(5), "label": int32(1)}}, []string{"d"},
			"P: d: decimal columns are not supported: store the scores as double"},
		{"group", scalar("g", parquet.Group{"a": parquet.Leaf(parquet.DoubleType), "b": parquet.Leaf(parquet.DoubleType)}),
			[]map[string]any{{"g": map[string]any{"a": 1.0, "b": 2.0}, "label": int32(1)}}, []string{"g"},
			"P: g: a group of 2 fields: want a number, a string or a list of numbers"},
		{"list of strings", scalar("p", parquet.List(parquet.String())),
			[]map[string]any{{"p": []any{"a"}, "label": int32(1)}}, []string{"p"},
			"P: p: a list of STRING values: want a number, a string or a list of numbers"},
		{"list of lists", scalar("p", parquet.List(parquet.List(parquet.Leaf(parquet.DoubleType)))),
			[]map[string]any{{"p": []any{[]any{1.0}}, "label": int32(1)}}, []string{"p"},
			"P: p: nested lists (2 levels): want a number, a string or a list of numbers"},
		{"struct", scalar("g", parquet.Group{"a": parquet.Leaf(parquet.DoubleType)}),
			[]map[string]any{{"g": map[string]any{"a": 1.0}, "label": int32(1)}}, []string{"g"},
			"P: g: a group: want a number, a string or a list of numbers"},
		{"no rows", scalar("score", parquet.Leaf(parquet.DoubleType)), nil, []string{"score"}, "P: no data rows"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := encodeParquet(t, c.schema, c.rows)
			err := ReadParquet(bytes.NewReader(data), int64(len(data)), "P", c.cols, func(*ParquetBatch) error { return nil })
			var ie *InputError
			require.True(t, errors.As(err, &ie), "error %v is not an *InputError", err)
			require.EqualError(t, err, c.want)
		})
	}
}

// Row-wise conversions name the row, as the CSV reader names the line.
func TestParquetTableConversionErrors(t *testing.T) {
	schema := parquet.NewSchema("s", parquet.Group{"label": parquet.Leaf(parquet.Int32Type),
		"text": parquet.String(), "probs": parquet.List(parquet.Leaf(parquet.DoubleType))})
	rows := []map[string]any{
		{"label": int32(1), "text": "0.25", "probs": []any{0.1, 0.9}},
		{"label": int32(2), "text": "yes", "probs": []any{}},
		{"label": int32(0), "text": "[0.5, 0.5]", "probs": []any{1.0}},
	}
	path := writeParquet(t, "c.parquet", schema, rows)
	tr, c, err := OpenTable(path, nil, Parquet, []string{"label", "text", "probs"})
	require.NoError(t, err)
	defer c.Close()

	require.True(t, tr.Next())
	v, err := tr.Float(1) // numeric text parses as in CSV
	require.NoError(t, err)
	require.Equal(t, 0.25, v)
	_, err = tr.FloatArray(1, nil)
	require.EqualError(t, err, path+`: row 1: text: expected a JSON array of numbers, got "0.25"`)
	require.Equal(t, "[0.1,0.9]", tr.Value(2))
	require.Equal(t, "1", tr.Value(0))
	_, err = tr.Float(2)
	require.EqualError(t, err, path+": row 1: probs: a list, expected a number")
	_, err = tr.FloatArray(0, nil)
	require.EqualError(t, err, path+": row 1: label: a single number, expected a list of numbers")

	require.True(t, tr.Next())
	_, err = tr.BinaryLabel(0)
	require.EqualError(t, err, path+": row 2: label: expected a binary label 0/1 or true/false, got 2")
	_, err = tr.BinaryLabel(1)
	require.EqualError(t, err, path+`: row 2: text: expected a binary label 0/1 or true/false, got "yes"`)
	_, err = tr.Float(1)
	require.EqualError(t, err, path+`: row 2: text: expected a number, got "yes"`)
	p, err := tr.FloatArray(2, nil)
	require.NoError(t, err)
	require.Empty(t, p)
	require.EqualError(t, tr.Errorf("label", "custom %d", 7), path+": row 2: label: custom 7")

	require.True(t, tr.Next())
	p, err = tr.FloatArray(1, nil) // a JSON array in a text column, as in JSONL
	require.NoError(t, err)
	require.Equal(t, []float64{0.5, 0.5}, p)
	require.False(t, tr.Next())
	require.NoError(t, tr.Err())
}

func TestOpenTable(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "a.csv")
	require.NoError(t, os.WriteFile(csvPath, []byte("label,score\n1,0.5\n"), 0o644))
	tr, c, err := OpenTable(csvPath, nil, "", []string{"score"})
	require.NoError(t, err)
	require.True(t, tr.Next())
	require.Equal(t, "0.5", tr.Value(0))
	require.EqualError(t, tr.Errorf("score", "bad"), csvPath+":2: score: bad")
	require.NoError(t, c.Close())

	tr, c, err = OpenTable("-", strings.NewReader(`{"score": 2}`+"\n"), JSONL, []string{"score"})
	require.NoError(t, err)
	require.True(t, tr.Next())
	require.Equal(t, "2", tr.Value(0))
	require.NoError(t, c.Close())

	_, _, err = OpenTable("-", strings.NewReader("PAR1"), Parquet, []string{"score"})
	require.EqualError(t, err, "-: Parquet cannot be read from standard input (it needs random access): name the file")
	_, _, err = OpenTable("x.parquet.gz", nil, "", []string{"score"})
	require.EqualError(t, err, "x.parquet.gz: gzip-compressed Parquet is not supported: Parquet compresses its pages itself, decompress the file")
	_, _, err = OpenTable(filepath.Join(dir, "none.parquet"), nil, "", []string{"score"})
	require.EqualError(t, err, filepath.Join(dir, "none.parquet")+": cannot open: no such file or directory")
	_, _, err = OpenTable("noext", nil, "", []string{"score"})
	require.ErrorContains(t, err, "cannot tell the format")
	notPq := filepath.Join(dir, "bad.parquet")
	require.NoError(t, os.WriteFile(notPq, []byte("label,score\n1,0.5\n"), 0o644))
	_, _, err = OpenTable(notPq, nil, "", []string{"score"})
	var ie *InputError
	require.True(t, errors.As(err, &ie), "%v", err)
	require.ErrorContains(t, err, notPq+": not a readable Parquet file")
}

// A callback's error ends the read and comes back unchanged.
func TestReadParquetCallbackError(t *testing.T) {
	_, maps := evalRows(1, 10)
	data := encodeParquet(t, evalSchema, maps)
	stop := io.ErrShortWrite
	err := ReadParquet(bytes.NewReader(data), int64(len(data)), "P", []string{"score"}, func(*ParquetBatch) error { return stop })
	require.Equal(t, stop, err)
}

// A legacy two-level list (a repeated number field) reads as a list column.
func TestReadParquetRepeatedField(t *testing.T) {
	schema := parquet.NewSchema("r", parquet.Group{"probs": parquet.Repeated(parquet.Leaf(parquet.Int64Type))})
	rows := []map[string]any{{"probs": []any{int64(1), int64(2)}}, {"probs": []any{}}, {"probs": []any{int64(3)}}}
	path := writeParquet(t, "r.parquet", schema, rows)
	tr, c, err := OpenTable(path, nil, "", []string{"probs"})
	require.NoError(t, err)
	defer c.Close()
	var got [][]float64
	for tr.Next() {
		p, err := tr.FloatArray(0, nil)
		require.NoError(t, err)
		got = append(got, append([]float64{}, p...))
	}
	require.NoError(t, tr.Err())
	require.Equal(t, [][]float64{{1, 2}, {}, {3}}, got)
}

// Errors past the first batch and row group name the row in the file.
func TestReadParquetErrorRowAcrossBatches(t *testing.T) {
	n := ParquetBatchRows + 100
	bad := ParquetBatchRows + 42 // 1-based
	schema := parquet.NewSchema("s", parquet.Group{"score": parquet.Leaf(parquet.DoubleType)})
	rows := make([]map[string]any, n)
	for i := range rows {
		rows[i] = map[string]any{"score": float64(i)}
	}
	rows[bad-1]["score"] = math.Inf(1)
	path := writeParquet(t, "s.parquet", schema, rows, parquet.MaxRowsPerRowGroup(1000))
	seen := 0
	err := ReadParquetColumns(path, []string{"score"}, func(b *ParquetBatch) error { seen += b.Rows; return nil })
	require.EqualError(t, err, fmt.Sprintf("%s: row %d: score: expected a finite number, got +Inf", path, bad))
	require.Less(t, seen, bad)
}

// Files whose page headers declare sizes that are not there (found by
// fuzzing: parquet-go allocated up to 2 GiB for them) are rejected before
// parquet-go reads the pages.
func TestReadParquetCorruptPageHeaders(t *testing.T) {
	for name, want := range map[string]string{
		"corrupt_page_size":    "f.parquet: row 1: label: corrupt Parquet file: page at 4: compressed size 1951423314, 5 bytes left in the column chunk",
		"corrupt_stats_length": "f.parquet: row 1: label: corrupt Parquet file: page header at 229: byte string of 268435455 bytes",
	} {
		raw, err := os.ReadFile(filepath.Join("testdata", "fuzz", "FuzzReadParquet", name))
		require.NoError(t, err)
		body := strings.TrimSuffix(strings.TrimPrefix(string(raw), "go test fuzz v1\n[]byte("), ")\n")
		data, err := strconv.Unquote(body)
		require.NoError(t, err, name)
		require.EqualError(t, readAllParquet([]byte(data)), want, name)
	}
}

// A footer declaring a string longer than itself is rejected before
// parquet-go allocates it.
func TestReadParquetCorruptFooter(t *testing.T) {
	schema := parquet.NewSchema("s", parquet.Group{"score": parquet.Leaf(parquet.DoubleType)})
	data := encodeParquet(t, schema, []map[string]any{{"score": 0.5}})
	footer := int(uint32(data[len(data)-8]) | uint32(data[len(data)-7])<<8 | uint32(data[len(data)-6])<<16 | uint32(data[len(data)-5])<<24)
	start := len(data) - 8 - footer
	i := bytes.Index(data[start:], []byte("\x05score"))
	require.GreaterOrEqual(t, i, 0)
	data[start+i] = 0x85 // the varint now continues into 's': 14725 bytes
	err := ReadParquet(bytes.NewReader(data), int64(len(data)), "P", []string{"score"}, func(*ParquetBatch) error { return nil })
	require.EqualError(t, err, "P: not a readable Parquet file: corrupt footer: a length or count runs past the end of the data")
}
