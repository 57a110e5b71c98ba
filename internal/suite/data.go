package suite

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/metrics/evaluate"
)

// loader reads each source once, whatever the number of checks using it,
// concurrently safe.
type loader struct {
	mu      sync.Mutex
	entries map[string]*loadEntry
}

type loadEntry struct {
	once sync.Once
	val  any
	err  error
}

func (l *loader) get(key string, load func() (any, error)) (any, error) {
	l.mu.Lock()
	if l.entries == nil {
		l.entries = map[string]*loadEntry{}
	}
	e := l.entries[key]
	if e == nil {
		e = &loadEntry{}
		l.entries[key] = e
	}
	l.mu.Unlock()
	e.once.Do(func() { e.val, e.err = load() })
	return e.val, e.err
}

// table reads a predictions source whole, once per task.
func (l *loader) table(src *Source, task string) (*table.Table, error) {
	v, err := l.get("table\x00"+src.Name+"\x00"+task, func() (any, error) {
		return table.Read(src.Path, src.columns(task), table.Options{})
	})
	if err != nil {
		return nil, err
	}
	return v.(*table.Table), nil
}

// columns is what the decoder reads of a predictions source for a task.
func (src *Source) columns(task string) table.Columns {
	return table.Columns{Task: evaluate.Task(task), Label: src.Label, Scores: src.Scores, Weight: src.Weight, ID: src.ID,
		Cluster: src.Cluster, Slices: src.Slices, Classes: src.Classes, Format: src.Format}
}

// DataHash returns the hex sha256 of the suite's data files, in source
// order: what a baseline's provenance records.
func DataHash(s *Suite) (string, error) {
	h := sha256.New()
	for _, name := range s.Order {
		for _, f := range s.Sources[name].Files() {
			fh, err := os.Open(f)
			if err != nil {
				return "", err
			}
			_, err = io.Copy(h, fh)
			fh.Close()
			if err != nil {
				return "", err
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// sliceLabel formats slice values as "col=val,col=val".
func sliceLabel(cols, vals []string) string {
	parts := make([]string, len(cols))
	for i := range cols {
		parts[i] = cols[i] + "=" + vals[i]
	}
	return strings.Join(parts, ",")
}
