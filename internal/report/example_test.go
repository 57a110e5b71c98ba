package report_test

import (
	"fmt"
	"os"
	"time"

	"github.com/mltest/mltest/internal/report"
)

func exampleReport() report.Report {
	auc, mism := 0.8012, 3.0
	return report.Report{
		Suite:    "ctr-model",
		Duration: 1500 * time.Millisecond,
		Checks: []report.Check{
			{Name: "auc-tablet", Kind: "metric", Severity: "fail", Status: report.Fail,
				Message: "roc_auc [device=tablet] = 0.8012, want >= 0.85",
				Values: []report.Value{{Metric: "roc_auc", Slice: "device=tablet", N: 386, Value: &auc,
					Threshold: &report.Threshold{Op: ">=", Bound: 0.85, Rule: "min: 0.85"}}}},
			{Name: "serving-parity", Kind: "parity", Severity: "warn", Status: report.Warn,
				Message: "3 of 569 rows mismatched (abs_tol 1e-06)",
				Values:  []report.Value{{Metric: "mismatched", Value: &mism, Threshold: &report.Threshold{Op: "<=", Bound: 0}}}},
			{Name: "encode-golden", Kind: "golden", Severity: "fail", Status: report.Pass, Message: "matches testdata/ctr.encode.json"},
		},
	}
}

// The summary a terminal shows at the end of `mltest run`.
func ExampleWriteTable() {
	r := exampleReport()
	r.Status = report.Worst(r.Checks)
	report.WriteTable(os.Stdout, r)
	// Output:
	// CHECK           KIND    STATUS  MESSAGE
	// auc-tablet      metric  fail    roc_auc [device=tablet] = 0.8012, want >= 0.85
	// serving-parity  parity  warn    3 of 569 rows mismatched (abs_tol 1e-06)
	// encode-golden   golden  pass    matches testdata/ctr.encode.json
	//
	// ctr-model: 3 checks: 1 passed, 1 warned, 1 failed, 0 could not run in 1.5s: failed
}

// summary.md, for a pull-request comment.
func ExampleWriteMarkdown() {
	report.WriteMarkdown(os.Stdout, exampleReport())
	// Output:
	// ## ❌ mltest: ctr-model failed
	//
	// 3 checks: 1 passed, 1 warned, 1 failed, 0 could not run in 1.5s.
	//
	// | status | check | kind | message |
	// |---|---|---|---|
	// | ❌ fail | auc-tablet | metric | roc\_auc \[device=tablet\] = 0.8012, want &gt;= 0.85 |
	// | ⚠️ warn | serving-parity | parity | 3 of 569 rows mismatched (abs\_tol 1e-06) |
	// | ✅ pass | encode-golden | golden | matches testdata/ctr.encode.json |
	//
	// ### Details
	//
	// #### ❌ fail: auc-tablet (metric)
	//
	// roc\_auc \[device=tablet\] = 0.8012, want &gt;= 0.85
	//
	// - roc\_auc \[device=tablet\] = 0.8012, want &gt;= 0.85 (min: 0.85), n=386
	//
	// #### ⚠️ warn: serving-parity (parity)
	//
	// 3 of 569 rows mismatched (abs\_tol 1e-06)
	//
	// - mismatched = 3, want &lt;= 0
}

// WriteDir writes report.html, junit.xml, report.json and summary.md.
func ExampleWriteDir() {
	dir, _ := os.MkdirTemp("", "mltest-report")
	defer os.RemoveAll(dir)
	if err := report.WriteDir(dir, exampleReport()); err != nil {
		panic(err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	// Output:
	// junit.xml
	// report.html
	// report.json
	// summary.md
}
