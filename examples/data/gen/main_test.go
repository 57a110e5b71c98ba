package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The committed example files are exactly what the generator writes: the
// README's figures stay reproducible and the generator stays deterministic.
func TestCommittedDataIsReproducible(t *testing.T) {
	dir := t.TempDir()
	if err := write(dir, 1); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"binary.csv", "multiclass.jsonl", "regression.csv", "ranking.qrels", "ranking.run", "ranking_queries.csv"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("..", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("examples/data/%s differs from the generator's output (seed 1); regenerate with: go run ./examples/data/gen -out examples/data", name)
		}
	}
}
