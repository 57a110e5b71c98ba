package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/internal/trec"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/compare"
)

// predictions is one model's file, parsed: per row its id, line, label and
// scores, plus (baseline only) weight, slice key and cluster name.
type predictions struct {
	file     string
	ids      []string
	lines    []int
	labels   []float64 // binary 0/1, multiclass class index, regression target
	rawLabel []string
	scores   [][]float64 // one entry per row: 1 value, or K class scores
	weights  []float64
	keys     []string
	clusters []string
	rowOf    map[string]int
}

// readPredictions reads a model's file. extras says whether to read the
// weight, slice and cluster columns (baseline only).
func readPredictions(c *compareConfig, file string, stdin io.Reader, extras bool) (*predictions, error) {
	if err := checkTableName(file); err != nil {
		return nil, err
	}
	cols := append([]string{c.id, c.label}, c.scores...)
	weightCol, sliceCol, clusterCol := -1, -1, -1
	if extras {
		if c.weight != "" {
			weightCol = len(cols)
			cols = append(cols, c.weight)
		}
		sliceCol = len(cols)
		cols = append(cols, c.slices...)
		if c.cluster != "" {
			clusterCol = len(cols)
			cols = append(cols, c.cluster)
		}
	}
	tr, closer, err := dataio.OpenTable(file, stdin, "", cols)
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	p := &predictions{file: file, rowOf: map[string]int{}}
	var classes map[string]int
	if c.classes != "" {
		classes = map[string]int{}
		for i, name := range strings.Split(c.classes, ",") {
			classes[strings.TrimSpace(name)] = i
		}
	}
	k := 0 // multiclass: number of classes, from the flags or the first row
	if len(c.scores) > 1 {
		k = len(c.scores)
	}
	var key strings.Builder
	for tr.Next() {
		line := tr.Line()
		id := strings.TrimSpace(tr.Value(0))
		if first, dup := p.rowOf[id]; dup {
			return nil, dataio.Errorf(file, line, c.id, "duplicate id %q (first at line %d): ids must be unique", id, p.lines[first])
		}
		var scores []float64
		switch {
		case c.task == "multiclass" && len(c.scores) == 1:
			if scores, err = tr.FloatArray(2, nil); err != nil {
				return nil, err
			}
			if k == 0 {
				k = len(scores)
			}
			if len(scores) != k || k < 2 {
				return nil, dataio.Errorf(file, line, c.scores[0], "%d class scores, want %d (at least 2, as many on every row)", len(scores), max(k, 2))
			}
		default:
			scores = make([]float64, len(c.scores))
			for j := range c.scores {
				if scores[j], err = tr.Float(2 + j); err != nil {
					return nil, err
				}
			}
		}
		var label float64
		raw := strings.TrimSpace(tr.Value(1))
		switch c.task {
		case "binary":
			y, err := tr.BinaryLabel(1)
			if err != nil {
				return nil, err
			}
			if y {
				label = 1
			}
		case "regression":
			if label, err = tr.Float(1); err != nil {
				return nil, err
			}
		case "multiclass":
			cls, ok := classes[raw]
			ok = ok && cls < k
			if classes == nil {
				var aerr error
				cls, aerr = strconv.Atoi(raw)
				ok = aerr == nil && cls >= 0 && cls < k
			}
			if !ok {
				if classes != nil {
					return nil, dataio.Errorf(file, line, c.label, "label %q is not one of the %d classes of --classes %s", raw, k, c.classes)
				}
				return nil, dataio.Errorf(file, line, c.label, "expected a class index 0..%d (or name the classes with --classes), got %q", k-1, raw)
			}
			label = float64(cls)
		}
		p.rowOf[id] = len(p.ids)
		p.ids = append(p.ids, id)
		p.lines = append(p.lines, line)
		p.labels = append(p.labels, label)
		p.rawLabel = append(p.rawLabel, raw)
		p.scores = append(p.scores, scores)
		if weightCol >= 0 {
			w, err := tr.Float(weightCol)
			if err != nil {
				return nil, err
			}
			if w < 0 {
				return nil, dataio.Errorf(file, line, c.weight, "negative weight %v: weights must be >= 0", w)
			}
			p.weights = append(p.weights, w)
		}
		if extras && len(c.slices) > 0 {
			key.Reset()
			for j := range c.slices {
				if j > 0 {
					key.WriteByte(0)
				}
				key.WriteString(tr.Value(sliceCol + j))
			}
			p.keys = append(p.keys, key.String())
		}
		if clusterCol >= 0 {
			p.clusters = append(p.clusters, tr.Value(clusterCol))
		}
	}
	if err := tr.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

// checkTableName rejects names that do not say a table format (CSV, JSONL,
// Parquet), with a message that lists them.
func checkTableName(file string) error {
	switch dataio.FormatOf(file) {
	case dataio.CSV, dataio.JSONL, dataio.Parquet:
		return nil
	}
	return dataio.Errorf(file, 0, "", "cannot tell the format from the name: use .csv, .jsonl or .ndjson (optionally .gz), or .parquet")
}

// join returns, for each baseline row, the candidate row with its id,
// after checking that both files hold the same ids with the same labels.
func join(c *compareConfig, base, cand *predictions) ([]int, error) {
	match, onlyBase, onlyCand := compare.MatchIDs(base.ids, cand.ids)
	if match == nil {
		return nil, fmt.Errorf("compare: %s and %s hold different ids (%d and %d rows): %s only in %s, %s only in %s",
			base.file, cand.file, len(base.ids), len(cand.ids),
			compare.FirstIDs(onlyBase, 5), base.file, compare.FirstIDs(onlyCand, 5), cand.file)
	}
	for i, j := range match {
		id := base.ids[i]
		if base.labels[i] != cand.labels[j] {
			return nil, dataio.Errorf(cand.file, cand.lines[j], c.label, "id %q has label %q here but %q in %s:%d: both files must hold the same labels",
				id, cand.rawLabel[j], base.rawLabel[i], base.file, base.lines[i])
		}
		if len(base.scores[i]) != len(cand.scores[j]) {
			return nil, dataio.Errorf(cand.file, cand.lines[j], c.scores[0], "%d class scores, %s has %d", len(cand.scores[j]), base.file, len(base.scores[i]))
		}
	}
	return match, nil
}

// clusterIDs numbers the cluster names and requires at least two clusters.
func clusterIDs(c *compareConfig, base *predictions) ([]int, error) {
	if base.clusters == nil {
		return nil, nil
	}
	index := map[string]int{}
	ids := make([]int, len(base.clusters))
	for i, name := range base.clusters {
		id, ok := index[name]
		if !ok {
			id = len(index)
			index[name] = id
		}
		ids[i] = id
	}
	if len(index) < 2 {
		return nil, dataio.Errorf(base.file, 0, c.cluster, "all %d rows are in one cluster (%q): the clustered bootstrap needs at least 2 clusters", len(ids), base.clusters[0])
	}
	return ids, nil
}

// compareTableFiles reads, joins and compares two prediction files.
func compareTableFiles(c *compareConfig, stdin io.Reader, opt compare.Options) (*compare.Report, error) {
	names, err := c.metricNames()
	if err != nil {
		return nil, err
	}
	all := names
	if all == nil {
		switch c.task {
		case "binary":
			all = metrics.BinaryMetricNames()
		case "multiclass":
			all = metrics.MulticlassMetricNames()
		default:
			all = metrics.RegressionMetricNames()
		}
	}
	if err := checkGateNames(c.gates, all); err != nil {
		return nil, err
	}
	base, err := readPredictions(c, c.baseline, stdin, true)
	if err != nil {
		return nil, err
	}
	cand, err := readPredictions(c, c.candidate, stdin, false)
	if err != nil {
		return nil, err
	}
	match, err := join(c, base, cand)
	if err != nil {
		return nil, err
	}
	clusters, err := clusterIDs(c, base)
	if err != nil {
		return nil, err
	}
	rows := compare.Rows{Weights: base.weights, Clusters: clusters, Slices: base.keys}
	var rep *compare.Report
	switch c.task {
	case "binary", "regression":
		b := make([]float64, len(match))
		s := make([]float64, len(match))
		for i, j := range match {
			b[i] = base.scores[i][0]
			s[i] = cand.scores[j][0]
		}
		if c.task == "binary" {
			labels := make([]bool, len(match))
			for i, y := range base.labels {
				labels[i] = y == 1
			}
			rep, err = compare.Binary(labels, b, s, rows, names, opt)
		} else {
			rep, err = compare.Regression(base.labels, b, s, rows, names, opt)
		}
	case "multiclass":
		labels := make([]int, len(match))
		s := make([][]float64, len(match))
		for i, j := range match {
			labels[i] = int(base.labels[i])
			s[i] = cand.scores[j]
		}
		rep, err = compare.Multiclass(labels, base.scores, s, rows, names, opt)
	}
	if err != nil {
		return nil, fmt.Errorf("compare: %s vs %s: %v", base.file, cand.file, strings.TrimPrefix(err.Error(), "compare: "))
	}
	return rep, nil
}

// compareRankingFiles reads the judgments, both runs and the query
// attributes, and compares the runs query by query.
func compareRankingFiles(c *compareConfig, stdin io.Reader, opt compare.Options) (*compare.Report, error) {
	measures := compare.DefaultRankingMeasures()
	if len(c.measures) > 0 {
		var err error
		if measures, err = metrics.ParseTrecMeasures(c.measures); err != nil {
			return nil, fmt.Errorf("compare: -m: %v", err)
		}
	}
	var names []string
	for _, v := range metrics.NewTrecEval(measures).Values() {
		if !v.Count && !v.SummaryOnly {
			names = append(names, v.Name)
		}
	}
	if err := checkGateNames(c.gates, names); err != nil {
		return nil, err
	}
	qrels, err := readQrels(c.qrels, stdin)
	if err != nil {
		return nil, err
	}
	base, err := readRun(c.baseline, stdin)
	if err != nil {
		return nil, err
	}
	cand, err := readRun(c.candidate, stdin)
	if err != nil {
		return nil, err
	}
	in := compare.RankingInput{Qrels: qrels.Queries, Baseline: base.Queries, Candidate: cand.Queries, Measures: measures,
		TrecOptions: []metrics.TrecOption{metrics.RelevanceLevel(c.relLevel)}}
	if c.queryAttrs != "" {
		if in.Slices, err = readQueryAttrs(c, stdin); err != nil {
			return nil, err
		}
		for _, qid := range trec.SortedQIDs(qrels.Queries) {
			_, inB := base.Queries[qid]
			_, inC := cand.Queries[qid]
			if _, ok := in.Slices[qid]; inB && inC && !ok {
				return nil, dataio.Errorf(c.queryAttrs, 0, c.id, "no row for query %q, which both runs retrieve for: every compared query needs its attributes", qid)
			}
		}
	}
	rep, err := compare.Ranking(in, opt)
	var qe *compare.QuerySetError
	if errors.As(err, &qe) {
		return nil, fmt.Errorf("compare: %s and %s retrieve for different judged queries: %s only in %s, %s only in %s",
			c.baseline, c.candidate, compare.FirstIDs(qe.OnlyBaseline, 5), c.baseline, compare.FirstIDs(qe.OnlyCandidate, 5), c.candidate)
	}
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// readQueryAttrs reads the per-query table: qid -> slice key.
func readQueryAttrs(c *compareConfig, stdin io.Reader) (map[string]string, error) {
	file := c.queryAttrs
	if err := checkTableName(file); err != nil {
		return nil, err
	}
	tr, closer, err := dataio.OpenTable(file, stdin, "", append([]string{c.id}, c.slices...))
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	keys := map[string]string{}
	lines := map[string]int{}
	for tr.Next() {
		qid := strings.TrimSpace(tr.Value(0))
		if first, dup := lines[qid]; dup {
			return nil, dataio.Errorf(file, tr.Line(), c.id, "duplicate query %q (first at line %d)", qid, first)
		}
		lines[qid] = tr.Line()
		parts := make([]string, len(c.slices))
		for j := range parts {
			parts[j] = tr.Value(1 + j)
		}
		keys[qid] = strings.Join(parts, "\x00")
	}
	if err := tr.Err(); err != nil {
		return nil, err
	}
	if len(c.slices) == 0 {
		return nil, nil
	}
	return keys, nil
}

// gateLabel prints where a gate applies: "" for all rows, "[device=web] "
// for a slice.
func gateLabel(g compare.Gate, cols []string) string {
	if !g.InSlice {
		return ""
	}
	return "[" + keyOf(g.Slice, cols).String() + "] "
}
