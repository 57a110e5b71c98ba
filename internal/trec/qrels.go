package trec

import (
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
	firstLine := make(map[[2]string]int)
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
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, dataio.Errorf(name, 0, "", "read error: %v", err)
	}
	var f [4][]byte
	lineNo := 0
	for i := 0; i < len(data); {
		var line []byte
		line, i = nextLine(data, i)
		lineNo++
		n := fields(line, f[:])
		if n == 0 || f[0][0] == '#' {
			continue
		}
		if n != 4 {
			return nil, dataio.Errorf(name, lineNo, "", "expected 4 fields (qid iter docno rel), got %d", n)
		}
		rel, ok := parseRel(str(f[3]))
		if !ok {
			return nil, dataio.Errorf(name, lineNo, "rel", "expected an integer relevance, got %q", truncate(string(f[3]), 40))
		}
		if err := add(lineNo, str(f[0]), str(f[2]), rel); err != nil {
			return nil, err
		}
	}
	if q.NumLines == 0 {
		return nil, dataio.Errorf(name, 0, "", "empty qrels: expected lines \"qid iter docno rel\"")
	}
	return q, nil
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
