package suite

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// The rules of a compare check, once its keys are read: two different data
// sources of one kind, with the columns compare needs, and metrics, gates
// and slices that the task knows.

func (p *parser) finishCompare(s *Suite, c *Check, at checkNode) error {
	var srcs [2]*Source
	for i, key := range []string{"baseline", "candidate"} {
		var err error
		if srcs[i], err = p.source(s, at, key, anySource); err != nil {
			return err
		}
	}
	return p.checkCompare(c.Compare, srcs[0], srcs[1], at.given, at.path)
}

func (p *parser) checkCompare(m *CompareCheck, base, cand *Source, lines map[string]*yaml.Node, path string) error {
	m.Baseline, m.Candidate = base.Name, cand.Name
	if base == cand {
		return p.errf(lines["candidate"], path+".candidate", "the same data source as baseline: compare two models' predictions")
	}
	task, err := p.taskOf(m.Task, base, lines["baseline"], path)
	if err != nil {
		return err
	}
	if base.Ranking() != cand.Ranking() {
		return p.errf(lines["candidate"], path+".candidate", "data source %q and baseline %q must both be tables or both rankings", cand.Name, base.Name)
	}
	m.Task = task
	for _, src := range []*Source{base, cand} {
		if msg := needColumns(task, src); msg != "" {
			return p.errf(lines["baseline"], path, "data source %q (line %d) %s", src.Name, src.Line, msg)
		}
		if !src.Ranking() && src.ID == "" {
			return p.errf(lines["baseline"], path, "data source %q (line %d) names no id column: compare joins rows by id", src.Name, src.Line)
		}
	}
	if task == "ranking" {
		if base.Qrels != cand.Qrels {
			return p.errf(lines["candidate"], path+".candidate", "data source %q is judged by %s, baseline %q by %s: compare needs the same qrels", cand.Name, cand.Qrels, base.Name, base.Qrels)
		}
		for i, name := range m.Metrics {
			if _, err := rankingValue(name); err != nil {
				return p.errf(lines["metrics"], fmt.Sprintf("%s.metrics[%d]", path, i), "%v", err)
			}
		}
	} else {
		names := metricNames(task)
		for i, name := range m.Metrics {
			if !slices.Contains(names, name) {
				return p.errf(lines["metrics"], fmt.Sprintf("%s.metrics[%d]", path, i), "unknown %s metric %q (known: %s)", task, name, strings.Join(names, " "))
			}
		}
	}
	compared := m.Metrics
	if compared == nil {
		if task == "ranking" {
			compared = []string{"map", "recip_rank", "P_10", "ndcg_cut_10"}
		} else {
			compared = metricNames(task)
		}
	}
	for name := range m.MaxRegression {
		if !slices.Contains(compared, name) {
			return p.errf(lines["max_regression"], path+".max_regression."+name, "not a compared metric (compared: %s)", strings.Join(compared, " "))
		}
	}
	for _, name := range m.RequireBetter {
		if !slices.Contains(compared, name) {
			return p.errf(lines["require_better"], path+".require_better", "%q is not a compared metric (compared: %s)", name, strings.Join(compared, " "))
		}
	}
	if m.PerSlice && len(base.Slices) == 0 {
		return p.errf(lines["per_slice"], path+".per_slice", "baseline data source %q (line %d) names no slices", base.Name, base.Line)
	}
	return nil
}
