package trec

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/mltest/mltest/internal/dataio"
)

// Qrels are relevance judgments: for each qid, each judged docno's
// relevance. A negative relevance marks a document in the pool that was not
// judged (trec_eval's convention); 0 is judged non-relevant.
type Qrels struct {
	Queries map[string]map[string]int
	// NumLines is the number of judgments read.
	NumLines int
}

// ReadQrels reads judgments from r; name is the file's name for error
// messages, format is dataio.TREC, dataio.CSV or dataio.JSONL. A docno
// judged twice for one query is an error, as in trec_eval.
func ReadQrels(r io.Reader, name string, format dataio.Format) (*Qrels, error) {
	q := &Qrels{Queries: make(map[string]map[string]int)}
	firstLine := make(map[[2]string]int) // tables only: small
	add := func(line int, qid, docno string, rel int) error {
		key := [2]string{qid, docno}
		if first, dup := firstLine[key]; dup {
			return dataio.Errorf(name, line, "docno",
				"docno %q judged twice for query %q (first at line %d)", truncate(docno, 60), truncate(qid, 60), first)
		}
		firstLine[key] = line
		m := q.Queries[qid]
		if m == nil {
			m = make(map[string]int)
			q.Queries[qid] = m
		}
		m[docno] = rel
		q.NumLines++
		return nil
	}
	switch format {
	case dataio.CSV, dataio.JSONL:
		t, err := dataio.NewTableReader(r, name, format, []string{"qid", "docno", "rel"})
		if err != nil {
			return nil, err
		}
		for t.Next() {
			qid, docno := t.Value(0), t.Value(1)
			if qid == "" {
				return nil, dataio.Errorf(name, t.Line(), "qid", "empty qid")
			}
			if docno == "" {
				return nil, dataio.Errorf(name, t.Line(), "docno", "empty docno")
			}
			rel, ok := parseRel([]byte(t.Value(2)))
			if !ok {
				return nil, dataio.Errorf(name, t.Line(), "rel", "expected an integer relevance, got %q", truncate(t.Value(2), 40))
			}
			if err := add(t.Line(), qid, docno, rel); err != nil {
				return nil, err
			}
		}
		if err := t.Err(); err != nil {
			return nil, err
		}
		return q, nil
	}
	chunks, err := parseChunks(r, parseQrelsChunk)
	if err != nil {
		return nil, dataio.Errorf(name, 0, "", "read error: %v", err)
	}
	base := make([]int, len(chunks))
	lines := 0
	for ci := range chunks {
		base[ci] = lines
		if e := chunks[ci].err; e != nil {
			return nil, dataio.Errorf(name, lines+e.line, e.field, "%s", e.msg)
		}
		lines += chunks[ci].nlines
	}
	// Each query's judgments, as stretches of the chunks in file order.
	type stretch struct{ chunk, from, to int }
	byQID := make(map[string][]stretch)
	var qids []string
	for ci := range chunks {
		for _, s := range chunks[ci].segs {
			if _, seen := byQID[s.qid]; !seen {
				qids = append(qids, s.qid)
			}
			byQID[s.qid] = append(byQID[s.qid], stretch{ci, s.from, s.to})
			q.NumLines += s.to - s.from
		}
	}
	if q.NumLines == 0 {
		return nil, dataio.Errorf(name, 0, "", "empty qrels: expected lines \"qid iter docno rel\"")
	}
	// One map per query, built on every core at its final size; the first
	// duplicate in file order is reported.
	maps := make([]map[string]int, len(qids))
	var (
		mu     sync.Mutex
		dupErr *dataio.InputError
		next   atomic.Int64
		wg     sync.WaitGroup
	)
	for range min(runtime.GOMAXPROCS(0), len(qids)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(qids) {
					return
				}
				parts := byQID[qids[i]]
				n := 0
				for _, p := range parts {
					n += p.to - p.from
				}
				m := make(map[string]int, n)
				for _, p := range parts {
					js := chunks[p.chunk].judgments[p.from:p.to]
					for _, j := range js {
						if _, dup := m[j.docno]; dup {
							line := base[p.chunk] + int(j.line)
							e := dataio.Errorf(name, line, "docno", "docno %q judged twice for query %q (first at line %d)",
								truncate(j.docno, 60), truncate(qids[i], 60), firstJudgment(chunks, base, qids[i], j.docno))
							mu.Lock()
							if dupErr == nil || e.Line < dupErr.Line {
								dupErr = e
							}
							mu.Unlock()
							break
						}
						m[j.docno] = int(j.rel)
					}
				}
				maps[i] = m
			}
		})
	}
	wg.Wait()
	if dupErr != nil {
		return nil, dupErr
	}
	for i, qid := range qids {
		q.Queries[qid] = maps[i]
	}
	return q, nil
}

// judgment is one qrels line: the query is its segment's.
type judgment struct {
	docno string
	rel   int32
	line  int32 // chunk-relative
}

// qrelsSegment is a stretch of consecutive judgments of a chunk for one query.
type qrelsSegment struct {
	qid      string
	from, to int // indexes into qrelsChunk.judgments
}

type qrelsChunk struct {
	judgments []judgment
	segs      []qrelsSegment
	nlines    int
	err       *lineError
}

func parseQrelsChunk(data []byte) qrelsChunk {
	n := bytes.Count(data, []byte{'\n'}) + 1
	c := qrelsChunk{judgments: make([]judgment, 0, n)}
	strs := newArena(min(arenaBlock, len(data)))
	var f [4][]byte
	for i := 0; i < len(data); {
		var n int
		n, i = scanLine(data, i, f[:])
		c.nlines++
		if n == 0 || f[0][0] == '#' {
			continue
		}
		if n != 4 {
			c.err = &lineError{c.nlines, "", fmt.Sprintf("expected 4 fields (qid iter docno rel), got %d", n)}
			return c
		}
		rel, ok := parseRel(f[3])
		if !ok {
			c.err = &lineError{c.nlines, "rel", fmt.Sprintf("expected an integer relevance, got %q", truncate(string(f[3]), 40))}
			return c
		}
		if k := len(c.segs) - 1; k < 0 || c.segs[k].qid != str(f[0]) {
			c.segs = append(c.segs, qrelsSegment{qid: strs.str(f[0]), from: len(c.judgments)})
		}
		c.judgments = append(c.judgments, judgment{docno: strs.str(f[2]), rel: int32(rel), line: int32(c.nlines)})
		c.segs[len(c.segs)-1].to = len(c.judgments)
	}
	return c
}

// firstJudgment returns the line of the first judgment of (qid, docno), for
// the message about a duplicate.
func firstJudgment(chunks []qrelsChunk, base []int, qid, docno string) int {
	for ci, c := range chunks {
		for _, s := range c.segs {
			if s.qid != qid {
				continue
			}
			for _, j := range c.judgments[s.from:s.to] {
				if j.docno == docno {
					return base[ci] + int(j.line)
				}
			}
		}
	}
	return 0
}

// parseRel parses an integer relevance, a number of dataio.ParseNumber's
// grammar with an integral value: a JSON or CSV "2.0" is 2. Values beyond
// ±1e9 are refused: no judging scheme uses them and trec_eval would
// allocate a table that large.
func parseRel(b []byte) (int, bool) {
	x, st := dataio.ParseNumber(b)
	if st != dataio.NumberOK || x != math.Trunc(x) || x > 1e9 || x < -1e9 {
		return 0, false
	}
	return int(x), true
}
