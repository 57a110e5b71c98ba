package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"
)

type binaryParquetRow struct {
	Device string  `parquet:"device"`
	Label  bool    `parquet:"label"`
	Score  float64 `parquet:"score"`
	Weight int64   `parquet:"weight"`
}

// writeExampleParquet converts examples/data/binary.csv to Parquet (label as a
// boolean, weight as an integer: the types a real file would use).
func writeExampleParquet(t *testing.T, path string, rowGroup int, mutate func(i int, r *binaryParquetRow)) {
	t.Helper()
	f, err := os.Open(exampleDir + "binary.csv")
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	out, err := os.Create(path)
	require.NoError(t, err)
	w := parquet.NewGenericWriter[binaryParquetRow](out, parquet.MaxRowsPerRowGroup(int64(rowGroup)))
	for i, r := range recs[1:] {
		score, _ := strconv.ParseFloat(r[3], 64)
		weight, _ := strconv.ParseInt(r[4], 10, 64)
		row := binaryParquetRow{Device: r[1], Label: r[2] == "1", Score: score, Weight: weight}
		if mutate != nil {
			mutate(i, &row)
		}
		_, err := w.Write([]binaryParquetRow{row})
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	require.NoError(t, out.Close())
}

func TestEvalParquetEqualsCSV(t *testing.T) {
	path := filepath.Join(t.TempDir(), "binary.parquet")
	writeExampleParquet(t, path, 300, nil) // several row groups
	args := []string{"eval", "--task", "binary", "--label", "label", "--score", "score", "--weight", "weight", "--slice", "device", "--format", "json"}
	code, fromCSV, errOut := runCLI(t, "", append(args, exampleDir+"binary.csv")...)
	require.Equal(t, exitOK, code, errOut)
	code, fromParquet, errOut := runCLI(t, "", append(args, path)...)
	require.Equal(t, exitOK, code, errOut)
	// Parquet batches end at row groups, CSV chunks elsewhere: sums merge in
	// another order, so values agree to rounding, not to the bit.
	var a, b any
	require.NoError(t, json.Unmarshal([]byte(fromCSV), &a))
	require.NoError(t, json.Unmarshal([]byte(fromParquet), &b))
	if diff := cmp.Diff(a, b, cmpopts.EquateApprox(1e-13, 0)); diff != "" {
		t.Errorf("Parquet and CSV reports differ (-csv +parquet):\n%s", diff)
	}
}

func TestEvalParquetBadValueNamesRow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.parquet")
	writeExampleParquet(t, path, 500, func(i int, r *binaryParquetRow) {
		if i == 1041 {
			r.Score = math.NaN()
		}
	})
	code, _, errOut := runCLI(t, "", "eval", "--task", "binary", "--label", "label", "--score", "score", path)
	require.Equal(t, exitUsage, code)
	require.Regexp(t, `^mltest: .*bad.parquet: row 1042: score: .*NaN`, errOut)

	code, _, errOut = runCLI(t, "", "eval", "--task", "binary", "--label", "label", "--score", "nope", path)
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "nope")

	code, _, errOut = runCLI(t, "", "eval", "--task", "binary", "--label", "label", "--score", "score", "--input-format", "parquet", "-")
	require.Equal(t, exitUsage, code)
	require.Equal(t, "mltest: -: Parquet cannot be read from standard input (it needs random access): name the file\n", errOut)
}
