package trec

import (
	"io"
	"strings"

	"github.com/mltest/mltest/internal/dataio"
)

// Interaction is one "user item" row of a training file.
type Interaction struct {
	User, Item string
	Line       int // 1-based line in the file, for error messages
}

// ReadInteractions reads "user item" rows: two whitespace-separated fields a
// line (further fields are ignored, so a qrels-like "user item rating" file
// also reads), or a CSV/JSONL table with columns user and item. '#' lines
// and blank lines are skipped; an empty file is an error, and so is a first
// row "user item" in the whitespace format, which has no header: it would
// otherwise count as an interaction.
func ReadInteractions(r io.Reader, name string, format dataio.Format) ([]Interaction, error) {
	var out []Interaction
	switch format {
	case dataio.CSV, dataio.JSONL:
		t, err := dataio.NewTableReader(r, name, format, []string{"user", "item"})
		if err != nil {
			return nil, err
		}
		for t.Next() {
			u, it := strings.TrimSpace(t.Value(0)), strings.TrimSpace(t.Value(1))
			if u == "" {
				return nil, dataio.Errorf(name, t.Line(), "user", "empty user")
			}
			if it == "" {
				return nil, dataio.Errorf(name, t.Line(), "item", "empty item")
			}
			out = append(out, Interaction{User: u, Item: it, Line: t.Line()})
		}
		if err := t.Err(); err != nil {
			return nil, err
		}
		return out, nil
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, dataio.Errorf(name, 0, "", "read error: %v", err)
	}
	var f [2][]byte
	lineNo := 0
	for i := 0; i < len(data); {
		var n int
		n, i = scanLine(data, i, f[:])
		lineNo++
		if n == 0 || f[0][0] == '#' {
			continue
		}
		if n < 2 {
			return nil, dataio.Errorf(name, lineNo, "", "expected 2 fields (user item), got %d", n)
		}
		if len(out) == 0 && strings.EqualFold(str(f[0]), "user") && strings.EqualFold(str(f[1]), "item") {
			return nil, dataio.Errorf(name, lineNo, "", "%q looks like a header, which a whitespace-separated file has none of: delete the line, or name the file .csv to read it as a header",
				str(f[0])+" "+str(f[1]))
		}
		out = append(out, Interaction{User: str(f[0]), Item: str(f[1]), Line: lineNo})
	}
	if len(out) == 0 {
		return nil, dataio.Errorf(name, 0, "", "empty file: expected lines \"user item\"")
	}
	return out, nil
}
