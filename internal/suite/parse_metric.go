package suite

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/mltest/mltest/metrics"
)

// The rules of a metric check, once its keys are read: its data source,
// task, metric name and the keys that depend on them. taskOf,
// needColumns, metricNames and rankingValue serve compare checks too.

func (p *parser) finishMetric(s *Suite, c *Check, at checkNode) error {
	src, err := p.source(s, at, "data", anySource)
	if err != nil {
		return err
	}
	c.Metric.Data = src.Name
	return p.checkMetric(c.Metric, src, at.given, at.path)
}

// taskOf returns the task of a check on src: ranking for a ranking source,
// otherwise the task the check names.
func (p *parser) taskOf(task string, src *Source, n *yaml.Node, path string) (string, error) {
	if src.Ranking() {
		if task != "" && task != "ranking" {
			return "", p.errf(n, path+".task", "%q, but data source %q is a ranking (qrels and run)", task, src.Name)
		}
		return "ranking", nil
	}
	switch task {
	case "":
		return "", p.errf(n, path+".task", "required for a predictions table: binary, multiclass or regression")
	case "ranking":
		return "", p.errf(n, path+".task", "ranking needs a data source with qrels and run; %q is a table", src.Name)
	}
	return task, nil
}

// needColumns reports a column the task needs that the source does not name.
func needColumns(task string, src *Source) string {
	if src.Ranking() {
		return ""
	}
	if src.Label == "" {
		return "names no label column"
	}
	if len(src.Scores) == 0 {
		return "names no score column"
	}
	if task != "multiclass" && len(src.Scores) != 1 {
		return fmt.Sprintf("names %d score columns: a %s task takes one", len(src.Scores), task)
	}
	return ""
}

// metricNames returns the metric names a task knows.
func metricNames(task string) []string {
	switch task {
	case "binary":
		return metrics.BinaryMetricNames()
	case "multiclass":
		return metrics.MulticlassMetricNames()
	case "regression":
		return metrics.RegressionMetricNames()
	}
	return nil
}

// rankingValue returns the trec_eval value name a metric names ("ndcg_cut_10",
// "P_10", "map"), or an error.
func rankingValue(name string) (string, error) {
	args := []string{rankingMeasureArg(name)}
	ms, err := metrics.ParseTrecMeasures(args)
	if err != nil {
		return "", err
	}
	for _, v := range metrics.NewTrecEval(ms).Values() {
		if v.Name == name && !v.Count && !v.SummaryOnly {
			return name, nil
		}
	}
	return "", fmt.Errorf("%q is not a per-query ranking measure (such as map, ndcg, ndcg_cut_10, P_10, recip_rank, recall_100)", name)
}

func (p *parser) checkMetric(m *MetricCheck, src *Source, lines map[string]*yaml.Node, path string) error {
	task, err := p.taskOf(m.Task, src, lines["data"], path)
	if err != nil {
		return err
	}
	m.Task = task
	if msg := needColumns(task, src); msg != "" {
		return p.errf(lines["data"], path+".data", "data source %q (line %d) %s", src.Name, src.Line, msg)
	}
	if task == "ranking" {
		if _, err := rankingValue(m.Metric); err != nil {
			return p.errf(lines["metric"], path+".metric", "%v", err)
		}
	} else if names := metricNames(task); !slices.Contains(names, m.Metric) {
		return p.errf(lines["metric"], path+".metric", "unknown %s metric %q (known: %s)", task, m.Metric, strings.Join(names, " "))
	}
	if m.PerSlice && len(src.Slices) == 0 {
		return p.errf(lines["per_slice"], path+".per_slice", "data source %q (line %d) names no slices", src.Name, src.Line)
	}
	if m.RequireInterval && m.CI == 0 {
		return p.errf(lines["require_interval"], path+".require_interval", "needs an interval: set ci (such as 0.95)")
	}
	return nil
}
