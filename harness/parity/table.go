package parity

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/mltest/mltest/harness/serving"
)

// ErrMissing is the error of a row a Table has no entry for.
var ErrMissing = errors.New("no row with this id")

func isMissing(err error) bool { return errors.Is(err, ErrMissing) }

// Table is a serving.Predictor over outputs computed beforehand (an offline
// batch job's output file), looked up by row id.
type Table struct {
	rows map[string]map[string]serving.Value
	ids  []string // in file order
}

// NewTable indexes rows by id. A duplicate id is an error: two offline rows
// for one request cannot both be the truth.
func NewTable(rows []serving.Row) (*Table, error) {
	t := &Table{rows: make(map[string]map[string]serving.Value, len(rows))}
	for _, r := range rows {
		if _, dup := t.rows[r.ID]; dup {
			return nil, fmt.Errorf("parity: duplicate id %q", r.ID)
		}
		t.rows[r.ID] = r.Values
		t.ids = append(t.ids, r.ID)
	}
	return t, nil
}

// Len returns the number of rows in t.
func (t *Table) Len() int { return len(t.ids) }

// Predict returns each row's stored outputs, or ErrMissing.
func (t *Table) Predict(_ context.Context, rows []serving.Row) []serving.Outcome {
	out := make([]serving.Outcome, len(rows))
	for i, r := range rows {
		out[i].ID = r.ID
		if v, ok := t.rows[r.ID]; ok {
			out[i].Outputs = v
		} else {
			out[i].Err = fmt.Errorf("%w %q in the offline outputs", ErrMissing, r.ID)
		}
	}
	return out
}

// notAsked returns the ids of t that no row asks for, sorted.
func (t *Table) notAsked(rows []serving.Row) []string {
	asked := make(map[string]bool, len(rows))
	for _, r := range rows {
		asked[r.ID] = true
	}
	out := []string{}
	for _, id := range t.ids {
		if !asked[id] {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}
