package dataio

import (
	"bytes"
	"testing"
)

// FuzzTableReader feeds arbitrary bytes to both table formats and every
// conversion: any input must end in rows or an *InputError, never a panic.
func FuzzTableReader(f *testing.F) {
	f.Add([]byte("label,score\n1,0.5\n0,0.25\n"), false)
	f.Add([]byte("label,score\n1,NaN\n"), false)
	f.Add([]byte("\"label\",score\n\"1\n\",1e400\n"), false)
	f.Add([]byte(`{"label": 1, "score": [0.5, 0.5]}`+"\n"), true)
	f.Add([]byte(`{"label": "x", "score": null}`+"\n{}\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, jsonl bool) {
		format := CSV
		if jsonl {
			format = JSONL
		}
		tr, err := NewTableReader(bytes.NewReader(data), "fuzz", format, []string{"label", "score"})
		if err != nil {
			if _, ok := err.(*InputError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		var arr []float64
		for tr.Next() {
			if tr.Line() < 1 {
				t.Fatalf("line %d < 1", tr.Line())
			}
			tr.BinaryLabel(0)
			tr.Float(1)
			arr, _ = tr.FloatArray(1, arr)
		}
		if err := tr.Err(); err != nil {
			if _, ok := err.(*InputError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
		}
	})
}
