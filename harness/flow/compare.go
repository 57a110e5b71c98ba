package flow

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/metrics/compare"
	"github.com/mltest/mltest/metrics/evaluate"
)

// Predictions names a predictions file and its columns.
type Predictions struct {
	File    string
	Columns table.Columns
}

// Compare compares a candidate model's predictions with a baseline's on the
// same rows: the flow of `mltest compare` and of a suite's compare check.
//
// Both files are read by table.Read, each with its own columns, which must
// name an id column (it joins the rows) and the same task: both files must
// hold the same ids, once each, with the same label. The weight, cluster and
// slice columns are read from the baseline only. A slice key in the report is
// the row's slice values joined by "\x00" (SliceKey). names are the metrics
// to compare (nil: all of the task's); every metric named in
// opt.MaxRegression must be among them.
func Compare(baseline, candidate Predictions, names []string, opt compare.Options, read table.Options) (*compare.Report, error) {
	cols := baseline.Columns
	if cols.ID == "" || candidate.Columns.ID == "" {
		return nil, errors.New("compare: an id column is required: it joins baseline and candidate rows")
	}
	if candidate.Columns.Task != cols.Task {
		return nil, fmt.Errorf("compare: the baseline is a %s task, the candidate a %s task", cols.Task, candidate.Columns.Task)
	}
	if err := cols.Task.CheckMetricNames(names); err != nil {
		return nil, fmt.Errorf("compare: %v", err)
	}
	compared := names
	if compared == nil {
		compared = cols.Task.MetricNames()
	}
	if err := checkGates(opt.MaxRegression, compared); err != nil {
		return nil, err
	}
	if baseline.File == "-" && candidate.File == "-" {
		return nil, errors.New("compare: baseline and candidate cannot both be standard input")
	}
	base, err := table.Read(baseline.File, cols, read)
	if err != nil {
		return nil, err
	}
	cc := candidate.Columns
	cand, err := table.Read(candidate.File, table.Columns{Task: cc.Task, Label: cc.Label, Scores: cc.Scores, ID: cc.ID, Classes: cc.Classes, Format: cc.Format}, read)
	if err != nil {
		return nil, err
	}
	match, err := join(base, cand)
	if err != nil {
		return nil, err
	}
	n := len(base.Rows)
	locBase, locCand := locator(baseline.File, cols.Format), locator(candidate.File, cc.Format)
	rows := compare.Rows{Locate: func(i int, candidate bool) string {
		if candidate {
			return locCand(cand.Rows[match[i]].Line)
		}
		return locBase(base.Rows[i].Line)
	}}
	if cols.Weight != "" {
		rows.Weights = make([]float64, n)
		for i, r := range base.Rows {
			rows.Weights[i] = r.Weight
		}
	}
	if cols.Cluster != "" {
		rows.Clusters = make([]int, n)
		distinct := map[int]bool{}
		for i, r := range base.Rows {
			rows.Clusters[i] = r.Cluster
			distinct[r.Cluster] = true
		}
		if len(distinct) < 2 {
			return nil, singleCluster(baseline.File, cols.Cluster)
		}
	}
	if len(cols.Slices) > 0 {
		rows.Slices = make([]string, n)
		for i, r := range base.Rows {
			rows.Slices[i] = SliceKey(r.Slices)
		}
	}
	var rep *compare.Report
	switch cols.Task {
	case evaluate.Binary, evaluate.Regression:
		b, s, y := make([]float64, n), make([]float64, n), make([]float64, n)
		for i, j := range match {
			b[i], s[i], y[i] = base.Rows[i].Scores[0], cand.Rows[j].Scores[0], base.Rows[i].Label
		}
		if cols.Task == evaluate.Binary {
			labels := make([]bool, n)
			for i := range y {
				labels[i] = y[i] == 1
			}
			rep, err = compare.Binary(labels, b, s, rows, names, opt)
		} else {
			rep, err = compare.Regression(y, b, s, rows, names, opt)
		}
	case evaluate.Multiclass:
		labels := make([]int, n)
		b, s := make([][]float64, n), make([][]float64, n)
		for i, j := range match {
			labels[i] = int(base.Rows[i].Label)
			b[i], s[i] = base.Rows[i].Scores, cand.Rows[j].Scores
		}
		rep, err = compare.Multiclass(labels, b, s, rows, names, opt)
	}
	if err != nil {
		return nil, fmt.Errorf("compare: %s vs %s: %v", baseline.File, candidate.File, strings.TrimPrefix(err.Error(), "compare: "))
	}
	return rep, nil
}

// SliceKey is the key of a slice in a comparison report: the slice values
// joined by "\x00".
func SliceKey(values []string) string { return strings.Join(values, "\x00") }

// join returns, for each baseline row, the candidate row with its id, after
// checking that both tables hold the same ids with the same labels.
func join(base, cand *table.Table) ([]int, error) {
	match, onlyBase, onlyCand := compare.MatchIDs(base.IDs(), cand.IDs())
	if match == nil {
		return nil, fmt.Errorf("compare: %s and %s hold different ids (%d and %d rows): %s only in %s, %s only in %s",
			base.File, cand.File, len(base.Rows), len(cand.Rows),
			compare.FirstIDs(onlyBase, 5), base.File, compare.FirstIDs(onlyCand, 5), cand.File)
	}
	cols := cand.Columns
	for i, j := range match {
		b, c := base.Rows[i], cand.Rows[j]
		if b.Label != c.Label {
			return nil, dataio.Errorf(cand.File, c.Line, cols.Label, "id %q has label %q here but %q in %s:%d: both files must hold the same labels",
				b.ID, labelText(cols, c.Label), labelText(cols, b.Label), base.File, b.Line)
		}
		if len(b.Scores) != len(c.Scores) {
			return nil, dataio.Errorf(cand.File, c.Line, cols.Scores[0], "%d class scores, %s has %d", len(c.Scores), base.File, len(b.Scores))
		}
	}
	return match, nil
}

// labelText prints a decoded label as a reader wrote it: a class name, or
// the number.
func labelText(cols table.Columns, v float64) string {
	if cols.Classes != nil && v >= 0 && int(v) < len(cols.Classes) {
		return cols.Classes[int(v)]
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// singleCluster is the error of a cluster bootstrap over one cluster.
func singleCluster(file, column string) error {
	return dataio.Errorf(file, 0, column, "a single cluster: the cluster bootstrap needs at least 2 distinct values")
}

// checkGates reports a gated metric that is not compared, before any work.
func checkGates(gates map[string]float64, compared []string) error {
	for _, name := range slices.Sorted(maps.Keys(gates)) {
		if !slices.Contains(compared, name) {
			return fmt.Errorf("compare: gate on %s: not a compared metric; compared: %s", name, strings.Join(compared, " "))
		}
	}
	return nil
}
