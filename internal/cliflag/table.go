package cliflag

import (
	"flag"
	"fmt"
	"strings"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/metrics/evaluate"
)

// StringList is a repeatable string flag.
type StringList []string

func (s *StringList) String() string     { return strings.Join(*s, ",") }
func (s *StringList) Set(v string) error { *s = append(*s, v); return nil }

// Table is the group of prediction-table flags that mltest eval, compare
// and monitor share: the columns to read (--task, --label, --score,
// --weight, --id, --cluster, --slice, --classes, --input-format,
// --string-numbers) and the evaluation engine's options (--threshold, --k,
// --metrics, --ci, --bootstrap, --seed, --min-slice-n). Each flag has one
// name, one default and its usage texts here, and one check in Build.
type Table struct {
	Task, Label, Weight, ID, Cluster string
	Scores, Slices                   StringList
	Metrics, Classes, InputFormat    string
	Threshold, CI                    float64
	TopK, Bootstrap, MinSliceN       int
	Seed                             uint64
	StringNumbers                    bool
}

// NewTable returns the flags' defaults: threshold 0.5, k 2, 1000 bootstrap
// resamples, seed 1, evaluate.DefaultMinSliceN, no intervals. A command
// with another default sets the field before Register.
func NewTable() *Table {
	return &Table{Threshold: 0.5, TopK: 2, Bootstrap: 1000, Seed: 1, MinSliceN: evaluate.DefaultMinSliceN}
}

// tableUsage is the usage text of each table flag, by command ("" for
// every command without a text of its own; --id has none, what it joins
// depends on the command): the texts of one flag side by side.
var tableUsage = map[string]map[string]string{
	"task": {
		"":        "binary, multiclass or regression (required)",
		"compare": "binary, multiclass, regression or ranking (required)",
		"monitor": "binary, multiclass or regression",
	},
	"id": {
		"compare": "`column` holding the row id joining both files (required; ranking: the qid column of --query-attrs, default qid)",
		"monitor": "`column` of the id that joins a prediction and its label (required)",
	},
	"label": {
		"":        "`column` holding the true label or target (required)",
		"compare": "`column` holding the true label or target, in both files (required)",
		"monitor": "`column` of the label (required)",
	},
	"score": {
		"":        "`column` holding the score or prediction (required; multiclass: once per class)",
		"compare": "`column` holding the score or prediction, in both files (required; multiclass: once per class or one JSON-array column)",
		"monitor": "`column` of the score (required; multiclass: once per class, or one JSON-array column)",
	},
	"weight": {
		"":        "`column` holding sample weights (default: all 1)",
		"compare": "baseline `column` holding sample weights (default: all 1)",
		"monitor": "`column` of sample weights (default: all 1)",
	},
	"cluster": {
		"":        "`column` of cluster ids (e.g. user): the bootstrap resamples whole clusters",
		"compare": "baseline `column` grouping dependent rows (user, session): the bootstrap resamples whole groups",
	},
	"slice": {
		"":        "`column` to slice by; repeat to slice by combinations",
		"compare": "`column` to slice by (baseline file; ranking: --query-attrs); repeat to slice by combinations",
		"monitor": "`column` to slice by; repeatable",
	},
	"classes": {
		"":        "multiclass: comma-separated class `names`, in score column order, when labels are names",
		"monitor": "multiclass: comma-separated class `names`, in score order, when labels are names",
	},
	"input-format": {
		"":        "csv or jsonl, when the file name does not say (required for -)",
		"monitor": "csv or jsonl, when the file names do not say (required for -)",
	},
	"string-numbers": {
		"": "JSONL: read JSON strings holding numbers (\"0.8\") as numbers and labels (default: an error)",
	},
	"threshold": {
		"": "binary: predict positive when score >= `t`",
	},
	"k": {
		"": "multiclass: k of top_k_accuracy",
	},
	"metrics": {
		"":        "comma-separated `names` (default: all of the task's)",
		"compare": "comma-separated metric `names` (default: all of the task's)",
		"monitor": "comma-separated metric `names` (default: all of the task's)",
	},
	"ci": {
		"":        "confidence `level` of intervals, e.g. 0.95 (default: no intervals)",
		"compare": "confidence `level` of the intervals",
		"monitor": "confidence `level` of intervals, e.g. 0.95 (default: none); an alert fires only when the interval is past its threshold",
	},
	"bootstrap": {
		"":        "bootstrap `resamples` for intervals",
		"compare": "number of bootstrap `resamples`",
	},
	"seed": {
		"":        "random `seed` of the bootstrap",
		"compare": "`seed` of every bootstrap and randomization test",
	},
	"min-slice-n": {
		"":        "slices with fewer `rows` are reported but not gated",
		"compare": "slices with fewer `rows` (ranking: queries) are reported but not gated",
		"monitor": "slices with fewer labeled `rows` raise no alert",
	},
}

// Register defines on fs the table flags named in names (separated by
// spaces), each with its field's value as its default and, as its usage,
// its text for the command fs is named for (fs.Name()).
func (t *Table) Register(fs *flag.FlagSet, names string) {
	vars := map[string]any{"task": &t.Task, "label": &t.Label, "score": &t.Scores, "weight": &t.Weight, "id": &t.ID,
		"cluster": &t.Cluster, "slice": &t.Slices, "classes": &t.Classes, "input-format": &t.InputFormat,
		"string-numbers": &t.StringNumbers, "threshold": &t.Threshold, "k": &t.TopK, "metrics": &t.Metrics, "ci": &t.CI,
		"bootstrap": &t.Bootstrap, "seed": &t.Seed, "min-slice-n": &t.MinSliceN}
	for _, name := range strings.Fields(names) {
		text, ok := tableUsage[name][fs.Name()]
		if !ok {
			text, ok = tableUsage[name][""]
		}
		if !ok {
			panic("cliflag: no usage text for --" + name)
		}
		switch p := vars[name].(type) {
		case *string:
			fs.StringVar(p, name, *p, text)
		case *int:
			fs.IntVar(p, name, *p, text)
		case *uint64:
			fs.Uint64Var(p, name, *p, text)
		case *float64:
			fs.Float64Var(p, name, *p, text)
		case *bool:
			fs.BoolVar(p, name, *p, text)
		case flag.Value:
			fs.Var(p, name, text)
		default:
			panic("cliflag: no table flag --" + name)
		}
	}
}

// Build checks the flags together and turns them into the columns to read
// and the engine's options (evaluate.DefaultOptions of the task with the
// flags' values; Intervals only with --ci). The messages name the flags.
func (t *Table) Build() (table.Columns, evaluate.Options, error) {
	cols := table.Columns{Task: evaluate.Task(t.Task), Label: t.Label, Scores: t.Scores, Weight: t.Weight, ID: t.ID,
		Cluster: t.Cluster, Slices: t.Slices, Format: t.InputFormat}
	opt := evaluate.DefaultOptions(cols.Task)
	opt.SliceBy = t.Slices
	opt.MinSliceN = t.MinSliceN
	opt.Binary.Threshold = t.Threshold
	opt.TopK = t.TopK
	fail := func(format string, args ...any) (table.Columns, evaluate.Options, error) {
		return cols, opt, fmt.Errorf(format, args...)
	}
	switch {
	case t.Label == "":
		return fail("--label is required")
	case len(t.Scores) == 0:
		return fail("--score is required")
	case t.Task == "":
		return fail("--task is required: binary, multiclass or regression")
	}
	switch cols.Task {
	case evaluate.Binary, evaluate.Regression:
		if len(t.Scores) != 1 {
			return fail("%s: give --score once", cols.Task)
		}
		if cols.Task == evaluate.Binary && t.Threshold != t.Threshold {
			return fail("--threshold is NaN")
		}
	case evaluate.Multiclass:
		if t.Classes != "" {
			for _, name := range strings.Split(t.Classes, ",") {
				cols.Classes = append(cols.Classes, strings.TrimSpace(name))
			}
			if len(t.Scores) > 1 && len(cols.Classes) != len(t.Scores) {
				return fail("--classes names %d classes, --score %d columns", len(cols.Classes), len(t.Scores))
			}
		}
		if t.TopK < 1 {
			return fail("--k %d: want at least 1", t.TopK)
		}
		opt.Classes = len(cols.Classes)
		if cols.Classes == nil && len(t.Scores) > 1 {
			opt.Classes = len(t.Scores)
		}
	default:
		return fail("--task %q: want binary, multiclass or regression", t.Task)
	}
	if t.Metrics != "" {
		for _, n := range strings.Split(t.Metrics, ",") {
			opt.Metrics = append(opt.Metrics, strings.TrimSpace(n))
		}
	}
	if t.CI != 0 {
		if t.CI <= 0 || t.CI >= 1 {
			return fail("--ci %v: want a level between 0 and 1, e.g. 0.95", t.CI)
		}
		if t.Bootstrap < 1 {
			return fail("--bootstrap %d: want at least 1 resample", t.Bootstrap)
		}
		opt.Intervals = evaluate.IntervalOptions{Level: t.CI, Resamples: t.Bootstrap, Seed: t.Seed}
	} else if t.Cluster != "" {
		return fail("--cluster applies to the bootstrap: give --ci too")
	}
	if _, err := evaluate.New(opt); err != nil {
		return fail("--metrics: %v", err)
	}
	return cols, opt, nil
}
