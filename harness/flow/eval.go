package flow

import (
	"errors"
	"fmt"
	"sync"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/metrics/evaluate"
	"github.com/mltest/mltest/metrics/stats"
)

// Eval computes metrics over a predictions file, overall and per slice, with
// the intervals opt asks for: the flow of `mltest eval`, of a suite's metric
// check on a predictions table, and of any Go program that evaluates a file.
//
// The file is read once by table.Scan, parsed on read.Workers cores in
// chunks, each chunk into its own evaluate.Evaluator; the evaluators merge in
// chunk order (an ordered reduction), so floating-point sums, and every
// figure, are the same on any machine for any number of workers. Memory is
// bounded by a few chunks unless intervals or exact ROC AUC and average
// precision keep rows (see evaluate.Options.BoundedAUC).
//
// opt's Task, SliceBy, Clustered and Classes are taken from cols, so the
// columns read and the engine cannot disagree. Bad input is a
// *table.InputError naming the file, line and column; so is a cluster
// bootstrap over a single cluster, which names the cluster column.
func Eval(file string, cols table.Columns, opt evaluate.Options, read table.Options) (*evaluate.Report, error) {
	opt.Task = cols.Task
	opt.SliceBy = cols.Slices
	opt.Clustered = cols.Cluster != ""
	switch {
	case cols.Classes != nil:
		opt.Classes = len(cols.Classes)
	case cols.Task == evaluate.Multiclass && len(cols.Scores) > 1:
		opt.Classes = len(cols.Scores)
	}
	opt.Locate = locator(file, cols.Format)
	if _, err := evaluate.New(opt); err != nil {
		return nil, err
	}
	m := &orderedMerge{file: file}
	err := table.Scan(file, cols, read, func(chunk int, rows *table.Rows) error {
		e, err := evaluate.New(opt)
		if err != nil {
			return err
		}
		first := 0
		for rows.Next() {
			r := rows.Row()
			if first == 0 {
				first = r.Line
			}
			if err := e.Add(r.Slices, evaluate.Row{Label: r.Label, Scores: r.Scores, Weight: r.Weight, Cluster: r.Cluster, Line: r.Line}); err != nil {
				return rows.Errorf(cols.Scores[0], "%v", err)
			}
		}
		m.add(chunk, e, first)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if m.err != nil {
		return nil, m.err
	}
	if m.whole == nil {
		return nil, dataio.Errorf(file, 0, "", "no data rows")
	}
	rep, err := m.whole.Report()
	if errors.Is(err, stats.ErrTooFewUnits) {
		return nil, singleCluster(file, cols.Cluster)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	return rep, nil
}

// locator names a row of file in warnings as its errors do: "FILE:LINE",
// or "FILE row N" for Parquet, whose rows have no lines.
func locator(file, format string) func(line int) string {
	if dataio.FormatOf(file) == dataio.Parquet || format == string(dataio.Parquet) {
		return func(row int) string { return fmt.Sprintf("%s row %d", file, row) }
	}
	return func(line int) string { return fmt.Sprintf("%s:%d", file, line) }
}

// orderedMerge folds chunk evaluators into the whole in chunk order, so the
// result does not depend on which chunk finished first.
type orderedMerge struct {
	file    string
	mu      sync.Mutex
	pending map[int]chunkEval
	next    int
	whole   *evaluate.Evaluator
	err     error
}

type chunkEval struct {
	e         *evaluate.Evaluator
	firstLine int
}

func (m *orderedMerge) add(chunk int, e *evaluate.Evaluator, firstLine int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pending == nil {
		m.pending = map[int]chunkEval{}
	}
	m.pending[chunk] = chunkEval{e, firstLine}
	for {
		c, ok := m.pending[m.next]
		if !ok {
			return
		}
		delete(m.pending, m.next)
		m.next++
		if m.whole == nil {
			m.whole = c.e
		} else if err := m.whole.Merge(c.e); err != nil && m.err == nil {
			m.err = dataio.Errorf(m.file, c.firstLine, "", "%v", err)
		}
	}
}
