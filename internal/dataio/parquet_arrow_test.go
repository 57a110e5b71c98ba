package dataio

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// testdata/arrow_written.parquet comes from another writer, Apache arrow-go
// with its defaults (dictionary encoding, data page v1, nullable columns, a
// three-level list), written by
//
//	cd internal/tools/parquetcompare && go run . -reps 1 -rows 1000 -file /tmp/x.parquet \
//	    -arrow-sample ../../dataio/testdata/arrow_written.parquet
//
// Its values are those written there.
func TestReadParquetArrowWritten(t *testing.T) {
	path := filepath.Join("testdata", "arrow_written.parquet")
	tr, c, err := OpenTable(path, nil, "", []string{"label", "score", "device", "ok", "probs"})
	require.NoError(t, err)
	defer c.Close()
	type row struct {
		label  bool
		score  float64
		device string
		ok     bool
		probs  []float64
	}
	want := []row{
		{true, 0.9, "web", true, []float64{0.1, 0.9}},
		{false, 0.1, "ios", false, []float64{0.8, 0.2}},
		{true, 0.75, "web", true, []float64{}},
		{false, 0.3, "android", false, []float64{0.5, 0.5}},
		{true, 0.5, "ios", true, []float64{0.3, 0.7}},
	}
	var got []row
	for tr.Next() {
		var r row
		r.label, err = tr.BinaryLabel(0)
		require.NoError(t, err)
		r.score, err = tr.Float(1)
		require.NoError(t, err)
		r.device = tr.Value(2)
		r.ok, err = tr.BinaryLabel(3)
		require.NoError(t, err)
		r.probs, err = tr.FloatArray(4, []float64{})
		require.NoError(t, err)
		got = append(got, r)
	}
	require.NoError(t, tr.Err())
	require.Equal(t, want, got)
}
