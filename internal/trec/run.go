package trec

import (
	"bytes"
	"hash/maphash"
	"io"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/metrics"
)

// Run is a ranked run: each query's retrieved documents with their scores.
type Run struct {
	// ID is the run's name: the runid field of the last line of a TREC run
	// (trec_eval keeps the last one), the file's base name without
	// extensions for CSV and JSONL runs.
	ID string
	// Queries maps a qid to its documents, in file order.
	Queries map[string][]metrics.ScoredDoc
	// NumLines is the number of documents read.
	NumLines int
}

// ReadRun reads a run from r. name is the file's name for error messages
// and, for CSV and JSONL, the run's ID; format is dataio.TREC, dataio.CSV
// or dataio.JSONL.
func ReadRun(r io.Reader, name string, format dataio.Format) (*Run, error) {
	switch format {
	case dataio.CSV, dataio.JSONL:
		return readRunTable(r, name, format)
	}
	return readRunTREC(r, name)
}

// segment is a stretch of consecutive lines of a chunk for one query,
// without comment or blank lines between them, so that document k of the
// segment is on line firstLine+k-from of the chunk.
type segment struct {
	qid       string
	from, to  int // indexes into runChunk.docs
	firstLine int // chunk-relative line of docs[from]
}

type runChunk struct {
	docs   []metrics.ScoredDoc
	segs   []segment
	nlines int
	runID  string
	err    *lineError
}

func parseRunChunk(data []byte) runChunk {
	n := bytes.Count(data, []byte{'\n'}) + 1
	c := runChunk{docs: make([]metrics.ScoredDoc, 0, n)}
	strs := newArena(min(arenaBlock, len(data)))
	var f [6][]byte
	var runID []byte
	cur := -1
	for i := 0; i < len(data); {
		var n int
		n, i = scanLine(data, i, f[:])
		c.nlines++
		if n == 0 || f[0][0] == '#' {
			cur = -1 // the next document starts a segment: its lines are no longer consecutive
			continue
		}
		if n < 6 {
			c.err = &lineError{c.nlines, "", "expected 6 fields (qid iter docno rank score runid), got " + strconv.Itoa(n)}
			return c
		}
		score, st := dataio.ParseNumber(f[4])
		if st != dataio.NumberOK {
			msg := "expected a finite number, got " + strconv.Quote(truncate(string(f[4]), 40))
			if st == dataio.NumberRange {
				msg = st.Message(string(f[4]))
			}
			c.err = &lineError{c.nlines, "score", msg}
			return c
		}
		if cur < 0 || c.segs[cur].qid != str(f[0]) {
			qid := string(f[0])
			if len(c.segs) > 0 && c.segs[len(c.segs)-1].qid == qid {
				qid = c.segs[len(c.segs)-1].qid // after a comment: one string for the query
			}
			c.segs = append(c.segs, segment{qid: qid, from: len(c.docs), firstLine: c.nlines})
			cur = len(c.segs) - 1
		}
		c.docs = append(c.docs, metrics.ScoredDoc{DocNo: strs.str(f[2]), Score: score})
		c.segs[cur].to = len(c.docs)
		runID = f[5]
	}
	c.runID = string(runID)
	return c
}

// parseScore parses a run's score: a finite number of dataio.ParseNumber's
// grammar.
func parseScore(b []byte) (float64, bool) {
	v, st := dataio.ParseNumber(b)
	return v, st == dataio.NumberOK
}

func readRunTREC(r io.Reader, name string) (*Run, error) {
	chunks, err := parseChunks(r, parseRunChunk)
	if err != nil {
		return nil, dataio.Errorf(name, 0, "", "read error: %v", err)
	}
	base := make([]int, len(chunks))
	lines := 0
	for i := range chunks {
		base[i] = lines
		lines += chunks[i].nlines
	}
	for i := range chunks {
		if e := chunks[i].err; e != nil {
			return nil, dataio.Errorf(name, base[i]+e.line, e.field, "%s", e.msg)
		}
	}
	run := &Run{Queries: make(map[string][]metrics.ScoredDoc)}
	// Where each query's documents came from, to report duplicate lines.
	type origin struct{ chunk, from, to, firstLine int }
	origins := make(map[string][]origin)
	for ci := range chunks {
		c := &chunks[ci]
		if c.runID != "" {
			run.ID = c.runID
		}
		run.NumLines += len(c.docs)
		for _, s := range c.segs {
			origins[s.qid] = append(origins[s.qid], origin{ci, s.from, s.to, s.firstLine})
		}
	}
	if run.NumLines == 0 {
		return nil, dataio.Errorf(name, 0, "", "empty run: expected lines \"qid iter docno rank score runid\"")
	}
	qids := make([]string, 0, len(origins))
	for qid, os := range origins {
		qids = append(qids, qid)
		if len(os) == 1 {
			o := os[0]
			run.Queries[qid] = chunks[o.chunk].docs[o.from:o.to:o.to]
			continue
		}
		n := 0
		for _, o := range os {
			n += o.to - o.from
		}
		docs := make([]metrics.ScoredDoc, 0, n)
		for _, o := range os {
			docs = append(docs, chunks[o.chunk].docs[o.from:o.to]...)
		}
		run.Queries[qid] = docs
	}
	// Duplicate docnos, checked per query on every core; the first error in
	// file order is reported.
	lineOf := func(qid string, k int) int {
		for _, o := range origins[qid] {
			if k < o.to-o.from {
				return base[o.chunk] + o.firstLine + k
			}
			k -= o.to - o.from
		}
		return 0
	}
	var (
		mu      sync.Mutex
		dupErr  *dataio.InputError
		next    int
		nextMu  sync.Mutex
		wg      sync.WaitGroup
		workers = runtime.GOMAXPROCS(0)
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var seen docnoSet
			for {
				nextMu.Lock()
				i := next
				next++
				nextMu.Unlock()
				if i >= len(qids) {
					return
				}
				qid := qids[i]
				docs := run.Queries[qid]
				seen.reset(len(docs))
				for k, d := range docs {
					if first := seen.add(docs, k); first >= 0 {
						line := lineOf(qid, k)
						e := dataio.Errorf(name, line, "docno",
							"docno %q listed twice for query %q (first at line %d); each document may be ranked once",
							truncate(d.DocNo, 60), truncate(qid, 60), lineOf(qid, int(first)))
						mu.Lock()
						if dupErr == nil || e.Line < dupErr.Line {
							dupErr = e
						}
						mu.Unlock()
						break
					}
				}
			}
		}()
	}
	wg.Wait()
	if dupErr != nil {
		return nil, dupErr
	}
	return run, nil
}

func readRunTable(r io.Reader, name string, format dataio.Format) (*Run, error) {
	t, err := dataio.NewTableReader(r, name, format, []string{"qid", "docno", "score"})
	if err != nil {
		return nil, err
	}
	run := &Run{ID: runIDFromName(name), Queries: make(map[string][]metrics.ScoredDoc)}
	seen := make(map[[2]string]int)
	for t.Next() {
		qid, docno := t.Value(0), t.Value(1)
		if qid == "" {
			return nil, dataio.Errorf(name, t.Line(), "qid", "empty qid")
		}
		if docno == "" {
			return nil, dataio.Errorf(name, t.Line(), "docno", "empty docno")
		}
		score, err := t.Float(2)
		if err != nil {
			return nil, err
		}
		key := [2]string{qid, docno}
		if first, dup := seen[key]; dup {
			return nil, dataio.Errorf(name, t.Line(), "docno",
				"docno %q listed twice for query %q (first at line %d); each document may be ranked once",
				truncate(docno, 60), truncate(qid, 60), first)
		}
		seen[key] = t.Line()
		run.Queries[qid] = append(run.Queries[qid], metrics.ScoredDoc{DocNo: docno, Score: score})
		run.NumLines++
	}
	if err := t.Err(); err != nil {
		return nil, err
	}
	return run, nil
}

// runIDFromName names a CSV or JSONL run after its file: "runs/bm25.csv.gz"
// is "bm25".
func runIDFromName(name string) string {
	base := filepath.Base(name)
	if name == "-" || base == "" {
		return "-"
	}
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	return base
}

// SortedQIDs returns the qids of a map in byte order, trec_eval's order.
func SortedQIDs[V any](m map[string]V) []string {
	qids := make([]string, 0, len(m))
	for q := range m {
		qids = append(qids, q)
	}
	sort.Strings(qids)
	return qids
}

// docnoSet is an open-addressing set of a query's docnos, by index into its
// docs; cheaper than a map at millions of documents.
type docnoSet struct {
	seed  maphash.Seed
	slots []int32 // index + 1; 0 is empty
	mask  uint64
}

func (s *docnoSet) reset(n int) {
	size := 16
	for size < 2*n {
		size *= 2
	}
	if cap(s.slots) < size {
		s.slots = make([]int32, size)
		s.seed = maphash.MakeSeed()
	} else {
		s.slots = s.slots[:size]
		clear(s.slots)
	}
	s.mask = uint64(size - 1)
}

// add inserts docs[k] and returns -1, or the index of an earlier doc with
// the same docno.
func (s *docnoSet) add(docs []metrics.ScoredDoc, k int) int {
	h := maphash.String(s.seed, docs[k].DocNo) & s.mask
	for {
		j := s.slots[h]
		if j == 0 {
			s.slots[h] = int32(k + 1)
			return -1
		}
		if docs[j-1].DocNo == docs[k].DocNo {
			return int(j - 1)
		}
		h = (h + 1) & s.mask
	}
}
