package rec

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/mltest/mltest/harness/serving"
)

// PredictBatch runs PredictRow on every row, in order: the offline batch
// path. The first failing row stops it with its error.
func (m *Model) PredictBatch(rows []serving.Row) ([]serving.Row, error) {
	out := make([]serving.Row, len(rows))
	for i, r := range rows {
		o, err := m.PredictRow(r)
		if err != nil {
			return nil, err
		}
		out[i] = serving.Row{ID: r.ID, Values: o}
	}
	return out, nil
}

// UserRequests returns one wire request per user, with id and "user" the
// user id and no candidates (every item).
func UserRequests(users []string) []serving.Row {
	rows := make([]serving.Row, len(users))
	for i, u := range users {
		rows[i] = serving.Row{ID: u, Values: map[string]serving.Value{InputUser: {Strings: []string{u}}}}
	}
	return rows
}

// WriteRows writes rows as JSONL in the parity contract's format (see
// CONTRACTS.md, `mltest parity`): {"id": ..., field: {name: value}}, field
// "inputs" for requests and "outputs" for predictions. A scalar is a JSON
// number or string, a vector an array. Numbers are written in Go's shortest
// round-trip form, so a reader gets the same float64 back; a NaN or infinite
// number is an error (JSON cannot hold it).
func WriteRows(w io.Writer, rows []serving.Row, field string) error {
	bw := bufio.NewWriter(w)
	for _, r := range rows {
		vals := make(map[string]any, len(r.Values))
		for name, v := range r.Values {
			for _, x := range v.Numbers {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					return fmt.Errorf("rec: row %q %s %q: %v cannot be written as JSON", r.ID, field, name, x)
				}
			}
			switch {
			case v.Shape == nil && len(v.Strings) == 1:
				vals[name] = v.Strings[0]
			case v.Shape == nil && len(v.Numbers) == 1:
				vals[name] = v.Numbers[0]
			case v.Strings != nil:
				vals[name] = v.Strings
			default:
				vals[name] = v.Numbers
			}
		}
		line, err := json.Marshal(map[string]any{"id": r.ID, field: vals})
		if err != nil {
			return fmt.Errorf("rec: row %q: %w", r.ID, err)
		}
		bw.Write(line)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
