package flow_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/metrics/compare"
	"github.com/mltest/mltest/metrics/evaluate"
)

func writeExample(dir, name, content string) string {
	p := filepath.Join(dir, name)
	os.WriteFile(p, []byte(content), 0o644)
	return p
}

func ExampleEval() {
	dir, _ := os.MkdirTemp("", "flow")
	defer os.RemoveAll(dir)
	file := writeExample(dir, "preds.csv", "clicked,p_click,device\n1,0.9,web\n0,0.4,web\n1,0.6,ios\n0,0.2,ios\n1,0.3,ios\n")

	cols := table.Columns{Task: evaluate.Binary, Label: "clicked", Scores: []string{"p_click"}, Slices: []string{"device"}}
	opt := evaluate.DefaultOptions(evaluate.Binary)
	opt.Metrics = []string{"roc_auc", "accuracy"}
	rep, err := flow.Eval(file, cols, opt, table.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("all: roc_auc %.4f accuracy %.4f\n", rep.Overall.Values[0].Value, rep.Overall.Values[1].Value)
	for _, g := range rep.Slices {
		fmt.Printf("%s (n=%d): roc_auc %.4f\n", g.Key[0], g.N, g.Values[0].Value)
	}
	// Output:
	// all: roc_auc 0.8333 accuracy 0.8000
	// ios (n=3): roc_auc 1.0000
	// web (n=2): roc_auc 1.0000
}

func ExampleCompare() {
	dir, _ := os.MkdirTemp("", "flow")
	defer os.RemoveAll(dir)
	base := writeExample(dir, "base.csv", "id,y,p\na,1,0.6\nb,0,0.7\nc,1,0.8\nd,0,0.1\ne,1,0.4\nf,0,0.5\n")
	cand := writeExample(dir, "cand.csv", "id,y,p\na,1,0.9\nb,0,0.2\nc,1,0.8\nd,0,0.1\ne,1,0.7\nf,0,0.3\n")

	cols := table.Columns{Task: evaluate.Binary, Label: "y", Scores: []string{"p"}, ID: "id"}
	opt := compare.DefaultOptions()
	opt.Seed = 1
	rep, err := flow.Compare(flow.Predictions{File: base, Columns: cols}, flow.Predictions{File: cand, Columns: cols},
		[]string{"roc_auc"}, opt, table.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	c := rep.Comparisons[0]
	fmt.Printf("%s: baseline %.4f, candidate %.4f, diff %+.4f (%s)\n", c.Metric, c.Baseline, c.Candidate, c.Diff, c.Method)
	// Output:
	// roc_auc: baseline 0.6667, candidate 1.0000, diff +0.3333 (delong)
}
