package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/internal/trec"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/compare"
)

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
	if table.FormatOf(file) == "" {
		return nil, dataio.Errorf(file, 0, "", "cannot tell the format from the name: use .csv, .jsonl or .ndjson (optionally .gz), or .parquet")
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
