package trec

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

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
			rel, ok := parseRel(strings.TrimSpace(t.Value(2)))
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
	base := 0
	for ci := range chunks {
		c := &chunks[ci]
		if c.err != nil {
			return nil, dataio.Errorf(name, base+c.err.line, c.err.field, "%s", c.err.msg)
		}
		var m map[string]int
		lastQID := ""
		for k, j := range c.judgments {
			if m == nil || j.qid != lastQID {
				lastQID = j.qid
				if m = q.Queries[j.qid]; m == nil {
					m = make(map[string]int)
					q.Queries[j.qid] = m
				}
			}
			if _, dup := m[j.docno]; dup {
				return nil, dataio.Errorf(name, base+int(c.lines[k]), "docno",
					"docno %q judged twice for query %q (first at line %d)", truncate(j.docno, 60), truncate(j.qid, 60),
					firstJudgment(chunks, j.qid, j.docno))
			}
			m[j.docno] = j.rel
		}
		q.NumLines += len(c.judgments)
		base += c.nlines
	}
	if q.NumLines == 0 {
		return nil, dataio.Errorf(name, 0, "", "empty qrels: expected lines \"qid iter docno rel\"")
	}
	return q, nil
}

type judgment struct {
	qid, docno string
	rel        int
}

type qrelsChunk struct {
	judgments []judgment
	lines     []int32 // chunk-relative line of each judgment
	nlines    int
	err       *lineError
}

func parseQrelsChunk(data []byte) qrelsChunk {
	n := bytes.Count(data, []byte{'\n'}) + 1
	c := qrelsChunk{judgments: make([]judgment, 0, n), lines: make([]int32, 0, n)}
	strs := newArena(min(arenaBlock, len(data)))
	var f [4][]byte
	qid := ""
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
		rel, ok := parseRel(str(f[3]))
		if !ok {
			c.err = &lineError{c.nlines, "rel", fmt.Sprintf("expected an integer relevance, got %q", truncate(string(f[3]), 40))}
			return c
		}
		if qid != str(f[0]) {
			qid = strs.str(f[0])
		}
		c.judgments = append(c.judgments, judgment{qid: qid, docno: strs.str(f[2]), rel: rel})
		c.lines = append(c.lines, int32(c.nlines))
	}
	return c
}

// firstJudgment returns the line of the first judgment of (qid, docno), for
// the message about a duplicate.
func firstJudgment(chunks []qrelsChunk, qid, docno string) int {
	base := 0
	for _, c := range chunks {
		for k, j := range c.judgments {
			if j.qid == qid && j.docno == docno {
				return base + int(c.lines[k])
			}
		}
		base += c.nlines
	}
	return 0
}

// parseRel parses an integer relevance; a JSON or CSV "2.0" is accepted as 2.
// Values beyond ±1e9 are refused: no judging scheme uses them and trec_eval
// would allocate a table that large.
func parseRel(s string) (int, bool) {
	v, err := strconv.Atoi(s)
	if err != nil {
		x, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || x != float64(int64(x)) {
			return 0, false
		}
		v = int(x)
	}
	if v > 1e9 || v < -1e9 {
		return 0, false
	}
	return v, true
}
