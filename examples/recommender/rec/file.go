package rec

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
)

// FormatVersion is the version of the model file Write produces. Read
// refuses any other: a file from a newer trainer must not be half-read by an
// older server.
const FormatVersion = 1

// modelFile is the JSON document of a saved model.
type modelFile struct {
	FormatVersion int    `json:"format_version"`
	Algorithm     string `json:"algorithm"`
	*Model
}

// Write saves the model as JSON: format_version, the algorithm, the
// hyperparameters and rules, the training snapshot and the item factors.
// Floats are written in Go's shortest round-trip form, so Read restores them
// bit for bit and a loaded model scores exactly as the trained one.
func (m *Model) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	if err := enc.Encode(modelFile{FormatVersion: FormatVersion, Algorithm: "implicit-als", Model: m}); err != nil {
		return fmt.Errorf("rec: writing the model: %w", err)
	}
	return bw.Flush()
}

// Save writes the model to path atomically (a temporary file, then a rename).
func (m *Model) Save(path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".model-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := m.Write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Read loads a model saved by Write and checks it: the format version,
// valid hyperparameters and rules, parallel slices of matching lengths,
// histories in increasing item order within range, finite factors of the
// stated dimension, increasing bucket edges. Any violation is an error
// naming the field, so a corrupt file fails at load and not at the first
// request.
func Read(r io.Reader) (*Model, error) {
	var f modelFile
	dec := json.NewDecoder(r)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("rec: reading the model: %w", err)
	}
	if f.FormatVersion != FormatVersion {
		return nil, fmt.Errorf("rec: model format_version %d, this program reads %d", f.FormatVersion, FormatVersion)
	}
	if f.Algorithm != "implicit-als" {
		return nil, fmt.Errorf("rec: model algorithm %q, want \"implicit-als\"", f.Algorithm)
	}
	m := f.Model
	if m == nil {
		return nil, fmt.Errorf("rec: model file without a model")
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	m.prepare()
	return m, nil
}

// Load reads the model file at path.
func Load(path string) (*Model, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	m, err := Read(bufio.NewReader(fh))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

func (m *Model) check() error {
	if err := m.Hyper.Validate(); err != nil {
		return err
	}
	if err := m.Rules.Validate(); err != nil {
		return err
	}
	nu, ni := len(m.Users), len(m.Items)
	if len(m.Histories) != nu || len(m.HistoryTimes) != nu {
		return fmt.Errorf("rec: %d histories and %d history_times for %d users", len(m.Histories), len(m.HistoryTimes), nu)
	}
	if len(m.Categories) != ni || len(m.Counts) != ni || len(m.ItemFactors) != ni {
		return fmt.Errorf("rec: %d categories, %d counts and %d item_factors for %d items", len(m.Categories), len(m.Counts), len(m.ItemFactors), ni)
	}
	for u, h := range m.Histories {
		if len(m.HistoryTimes[u]) != len(h) {
			return fmt.Errorf("rec: user %q: %d history times for %d items", m.Users[u], len(m.HistoryTimes[u]), len(h))
		}
		for k, i := range h {
			if i < 0 || i >= ni || (k > 0 && i <= h[k-1]) {
				return fmt.Errorf("rec: user %q: history item %d out of range or out of order", m.Users[u], i)
			}
		}
	}
	for i, y := range m.ItemFactors {
		if len(y) != m.Hyper.Factors {
			return fmt.Errorf("rec: item %q has %d factors, want %d", m.Items[i], len(y), m.Hyper.Factors)
		}
		for _, v := range y {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("rec: item %q has factor %v", m.Items[i], v)
			}
		}
		if m.Counts[i] < 0 {
			return fmt.Errorf("rec: item %q has count %d", m.Items[i], m.Counts[i])
		}
	}
	if len(m.BucketEdges) == 0 || !slices.IsSorted(m.BucketEdges) {
		return fmt.Errorf("rec: bucket_edges %v, want a non-empty increasing list", m.BucketEdges)
	}
	seen := map[string]bool{}
	for _, id := range m.Users {
		if seen["u"+id] {
			return fmt.Errorf("rec: user %q listed twice", id)
		}
		seen["u"+id] = true
	}
	for _, id := range m.Items {
		if seen["i"+id] {
			return fmt.Errorf("rec: item %q listed twice", id)
		}
		seen["i"+id] = true
	}
	return nil
}
