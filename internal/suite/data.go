package suite

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/internal/trec"
	"github.com/mltest/mltest/metrics"
)

// table is a predictions table read into memory for one task.
type table struct {
	file     string
	ids      []string // nil when the source names no id column
	lines    []int
	labels   []float64   // binary 0/1, multiclass class index, regression target
	scores   [][]float64 // one entry per row: 1 value or K class scores
	weights  []float64   // nil: all 1
	slices   [][]string  // per row, the values of Source.Slices
	clusters []int       // nil: independent rows
	rowOf    map[string]int
}

// ranking is a ranking source read into memory.
type ranking struct {
	qrels   map[string]map[string]int
	run     map[string][]metrics.ScoredDoc
	slices  map[string][]string // qid -> values of Source.Slices; nil without queries
	queries string              // the queries file, for messages
}

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

func (l *loader) table(src *Source, task string) (*table, error) {
	v, err := l.get("table\x00"+src.Name+"\x00"+task, func() (any, error) { return readTable(src, task) })
	if err != nil {
		return nil, err
	}
	return v.(*table), nil
}

func (l *loader) ranking(src *Source) (*ranking, error) {
	v, err := l.get("ranking\x00"+src.Name, func() (any, error) { return readRanking(src) })
	if err != nil {
		return nil, err
	}
	return v.(*ranking), nil
}

// readTable reads the columns of src a task needs.
func readTable(src *Source, task string) (*table, error) {
	cols := append([]string{src.Label}, src.Scores...)
	at := func(name string) int {
		if name == "" {
			return -1
		}
		cols = append(cols, name)
		return len(cols) - 1
	}
	weightCol, idCol, clusterCol := at(src.Weight), at(src.ID), at(src.Cluster)
	sliceCol := len(cols)
	cols = append(cols, src.Slices...)
	tr, closer, err := dataio.OpenTable(src.Path, nil, dataio.Format(src.Format), cols)
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	t := &table{file: src.Path}
	if idCol >= 0 {
		t.rowOf = map[string]int{}
	}
	clusterIDs := map[string]int{}
	k := 0
	if len(src.Scores) > 1 {
		k = len(src.Scores)
	}
	classOf := map[string]int{}
	for i, c := range src.Classes {
		classOf[c] = i
		k = len(src.Classes)
	}
	for tr.Next() {
		line := tr.Line()
		var label float64
		switch task {
		case "binary":
			y, err := tr.BinaryLabel(0)
			if err != nil {
				return nil, err
			}
			if y {
				label = 1
			}
		case "regression":
			if label, err = tr.Float(0); err != nil {
				return nil, err
			}
		case "multiclass":
			raw := strings.TrimSpace(tr.Value(0))
			if src.Classes != nil {
				cls, ok := classOf[raw]
				if !ok {
					return nil, tr.Errorf(src.Label, "label %q is not one of the classes %s", raw, strings.Join(src.Classes, ", "))
				}
				label = float64(cls)
				break
			}
			cls, err := strconv.Atoi(raw)
			if err != nil || cls < 0 {
				return nil, tr.Errorf(src.Label, "expected a class index 0, 1, ... (or name the classes with classes:), got %q", raw)
			}
			label = float64(cls)
		}
		var scores []float64
		if task == "multiclass" && len(src.Scores) == 1 {
			if scores, err = tr.FloatArray(1, nil); err != nil {
				return nil, err
			}
			if k == 0 {
				k = len(scores)
			}
			if len(scores) != k || k < 2 {
				return nil, tr.Errorf(src.Scores[0], "%d class scores, want %d (at least 2, as many on every row)", len(scores), max(k, 2))
			}
		} else {
			scores = make([]float64, len(src.Scores))
			for j := range scores {
				if scores[j], err = tr.Float(1 + j); err != nil {
					return nil, err
				}
			}
		}
		if task == "multiclass" && int(label) >= len(scores) {
			return nil, tr.Errorf(src.Label, "class %d, but there are %d class scores", int(label), len(scores))
		}
		t.labels = append(t.labels, label)
		t.scores = append(t.scores, scores)
		t.lines = append(t.lines, line)
		if weightCol >= 0 {
			w, err := tr.Float(weightCol)
			if err != nil {
				return nil, err
			}
			if w < 0 {
				return nil, tr.Errorf(src.Weight, "negative weight %v: weights must be >= 0", w)
			}
			t.weights = append(t.weights, w)
		}
		if idCol >= 0 {
			id := strings.TrimSpace(tr.Value(idCol))
			if first, dup := t.rowOf[id]; dup {
				return nil, tr.Errorf(src.ID, "duplicate id %q (first at line %d): ids must be unique", id, t.lines[first])
			}
			t.rowOf[id] = len(t.ids)
			t.ids = append(t.ids, id)
		}
		if clusterCol >= 0 {
			name := tr.Value(clusterCol)
			c, ok := clusterIDs[name]
			if !ok {
				c = len(clusterIDs)
				clusterIDs[name] = c
			}
			t.clusters = append(t.clusters, c)
		}
		if len(src.Slices) > 0 {
			vals := make([]string, len(src.Slices))
			for j := range vals {
				vals[j] = tr.Value(sliceCol + j)
			}
			t.slices = append(t.slices, vals)
		}
	}
	if err := tr.Err(); err != nil {
		return nil, err
	}
	if len(t.labels) == 0 {
		return nil, dataio.Errorf(src.Path, 0, "", "no data rows")
	}
	return t, nil
}

func readRanking(src *Source) (*ranking, error) {
	open := func(name string) (io.ReadCloser, error) { return dataio.Open(name, nil) }
	qf, err := open(src.Qrels)
	if err != nil {
		return nil, err
	}
	defer qf.Close()
	qrels, err := trec.ReadQrels(qf, src.Qrels, trecFormat(src.Qrels))
	if err != nil {
		return nil, err
	}
	rf, err := open(src.Run)
	if err != nil {
		return nil, err
	}
	defer rf.Close()
	run, err := trec.ReadRun(rf, src.Run, trecFormat(src.Run))
	if err != nil {
		return nil, err
	}
	r := &ranking{qrels: qrels.Queries, run: run.Queries, queries: src.Queries}
	if src.Queries != "" && len(src.Slices) > 0 {
		tr, closer, err := dataio.OpenTable(src.Queries, nil, "", append([]string{src.QueryID}, src.Slices...))
		if err != nil {
			return nil, err
		}
		defer closer.Close()
		r.slices = map[string][]string{}
		lines := map[string]int{}
		for tr.Next() {
			qid := strings.TrimSpace(tr.Value(0))
			if first, dup := lines[qid]; dup {
				return nil, tr.Errorf(src.QueryID, "duplicate query %q (first at line %d)", qid, first)
			}
			lines[qid] = tr.Line()
			vals := make([]string, len(src.Slices))
			for j := range vals {
				vals[j] = tr.Value(1 + j)
			}
			r.slices[qid] = vals
		}
		if err := tr.Err(); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// trecFormat is the format the name says, TREC (whitespace separated) otherwise.
func trecFormat(name string) dataio.Format {
	if f := dataio.FormatOf(name); f != "" {
		return f
	}
	return dataio.TREC
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
