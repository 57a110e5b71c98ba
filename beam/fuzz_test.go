package mltestbeam

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/metrics/evaluate"
)

// FuzzDecodeGroupAcc feeds arbitrary bytes to the decoders of the shuffled
// accumulators: no panic; what decodes, re-encodes and decodes again, and
// its result can be computed.
func FuzzDecodeGroupAcc(f *testing.F) {
	for _, task := range []evaluate.Task{evaluate.Binary, evaluate.Multiclass, evaluate.Regression} {
		spec := DefaultEvalSpec(task)
		spec.Classes = 3
		spec.Bootstrap = BootstrapSpec{Level: 0.9, Resamples: 2, Seed: 1}
		names, _ := spec.names()
		g, err := newGroupAcc(spec, names)
		if err != nil {
			f.Fatal(err)
		}
		for _, e := range makeExamples(task, 5, 1) {
			e.Slice = nil
			g.add(spec, &e)
		}
		b, err := encodeGroupAcc(g)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(encodeRankAcc(&rankAcc{parts: []queryPart{{QID: "q1", Acc: []byte("MLTA\x01\x05")}, {QID: "q2", Skipped: true}}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		if g, err := decodeGroupAcc(data); err == nil {
			b, err := encodeGroupAcc(g)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := decodeGroupAcc(b); err != nil {
				t.Fatalf("re-decode: %v", err)
			}
			for i := range len(g.main.binary) + len(g.main.multi) + len(g.main.reg) {
				g.main.result(i)
			}
		}
		if a, err := decodeRankAcc(data); err == nil {
			if _, err := decodeRankAcc(encodeRankAcc(a)); err != nil {
				t.Fatalf("re-decode: %v", err)
			}
		}
	})
}

// FuzzReadPredictions feeds arbitrary text to the parity file reader as
// JSONL and as CSV: no panic, and every error names the file (an
// *dataio.InputError).
func FuzzReadPredictions(f *testing.F) {
	f.Add([]byte(`{"id":"a","outputs":{"p":0.5,"v":[1,2,null]}}` + "\n"))
	f.Add([]byte(`{"id":"a","outputs":{"p":[[1],[2]]}}` + "\n" + `{"id":"b","outputs":3}` + "\n"))
	f.Add([]byte("id,p,q\na,0.5,NaN\nb,x,1\n"))
	f.Add([]byte("p\n1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		for _, name := range []string{"p.jsonl", "p.csv"} {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			err := readPredictions(path, func(Prediction) {})
			var ie *dataio.InputError
			if err != nil && !errors.As(err, &ie) {
				t.Fatalf("%s: error %v (%T) is not an InputError", name, err, err)
			}
		}
	})
}
