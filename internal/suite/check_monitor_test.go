package suite

import (
	"context"
	"strings"
	"testing"

	"github.com/mltest/mltest/internal/report"
)

// A monitor check on a log whose scores lose their signal in the second
// hour fails there only; on the first hour alone it passes.
func TestMonitorCheck(t *testing.T) {
	s := writeSuite(t, `name: monitor
checks:
  - name: served
    type: monitor
    predictions: served.jsonl
    labels: clicks.jsonl
    id: id
    time: time
    score: score
    label: clicked
    metrics: [roc_auc]
    window: 1h
    label_delay: 10m
    unlabeled_as: 0
    alerts: ["roc_auc < 0.65"]
  - name: estimated
    type: monitor
    predictions: served.jsonl
    id: id
    time: time
    score: score
    label: clicked
    window: 1h
    estimate: true
    alerts: ["estimated.accuracy < 0.1", "n < 10"]
`)
	rep := Run(context.Background(), s, Options{})
	c := rep.Checks[0]
	if c.Status != report.Fail || !strings.HasPrefix(c.Message, "1 alerts (") || !strings.Contains(c.Message, "2026-12-01T11:00:00Z: roc_auc 0.") {
		t.Errorf("%s: %s", c.Status, c.Message)
	}
	var failed []string
	for _, v := range c.Values {
		if !v.Pass {
			failed = append(failed, v.Slice)
		}
	}
	if len(c.Values) != 3 || len(failed) != 1 || failed[0] != "window=2026-12-01T11:00:00Z" {
		t.Errorf("values %+v: failed %v, want the second hour only", c.Values, failed)
	}
	if e := rep.Checks[1]; e.Status != report.Pass || !strings.HasPrefix(e.Message, "no alert in 3 windows of 400 predictions") {
		t.Errorf("%s: %s", e.Status, e.Message)
	}
	if err := report.Validate(*rep); err != nil {
		t.Error(err)
	}
}
