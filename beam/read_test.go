package mltestbeam

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/metrics/evaluate"
	"github.com/parquet-go/parquet-go"
)

type predRow struct {
	Y      int64   `parquet:"y"`
	P      float64 `parquet:"p"`
	W      float64 `parquet:"w"`
	Device string  `parquet:"device"`
}

// The same predictions as CSV, gzip-free JSONL and Parquet read into the
// same Examples (ids aside: FILE:LINE or FILE:ROW); a bad value is an
// InputError naming the file, line and column.
func TestReadExamplesFormatsAgree(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(testSeed, 5))
	var rows []predRow
	var csv, jsonl strings.Builder
	csv.WriteString("y,p,w,device\n")
	for i := 0; i < 300; i++ {
		row := predRow{Y: int64(r.IntN(2)), P: float64(r.IntN(101)) / 100, W: float64(1 + r.IntN(3)), Device: []string{"web", "ios"}[r.IntN(2)]}
		rows = append(rows, row)
		fmt.Fprintf(&csv, "%d,%v,%v,%s\n", row.Y, row.P, row.W, row.Device)
		fmt.Fprintf(&jsonl, `{"y": %d, "p": %v, "w": %v, "device": %q}`+"\n", row.Y, row.P, row.W, row.Device)
	}
	paths := map[string]string{"csv": filepath.Join(dir, "p.csv"), "jsonl": filepath.Join(dir, "p.jsonl"), "parquet": filepath.Join(dir, "p.parquet")}
	if err := os.WriteFile(paths["csv"], []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(paths["jsonl"], []byte(jsonl.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := parquet.WriteFile(paths["parquet"], rows); err != nil {
		t.Fatal(err)
	}
	cols := ExampleColumns{Task: evaluate.Binary, Label: "y", Scores: []string{"p"}, Weight: "w", Slices: []string{"device"}}
	read := func(path string) []Example {
		var out []Example
		if err := readExamples(path, cols, func(e Example) { e.ID = ""; out = append(out, e) }); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return out
	}
	want := read(paths["csv"])
	if len(want) != len(rows) || want[7].Scores[0] != rows[7].P || want[7].Slice[0] != rows[7].Device {
		t.Fatalf("csv: %d rows, row 7 %+v, want %+v", len(want), want[7], rows[7])
	}
	for _, f := range []string{"jsonl", "parquet"} {
		if got := read(paths[f]); !reflect.DeepEqual(got, want) {
			t.Errorf("%s rows differ from the CSV ones", f)
		}
	}

	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("y,p,w,device\n1,0.5,1,web\n1,0.5,-2,web\n"), 0o644)
	err := readExamples(bad, cols, func(Example) {})
	var ie *dataio.InputError
	if !errors.As(err, &ie) || ie.Line != 3 || ie.Field != "w" {
		t.Errorf("negative weight: %v, want an InputError at line 3, field w", err)
	}
}
