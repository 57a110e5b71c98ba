package reclog_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/examples/recommender/reclog"
	"github.com/mltest/mltest/harness/monitor"
	"github.com/mltest/mltest/metrics/evaluate"
)

// The server's two logs, filled by simulated traffic, are what mltest
// monitor reads: every click joins a served row, some come after the label
// delay, and the windows' ROC AUC says the model ranks clicked items first.
// The same seed gives the same logs.
func TestSimulatedLogsMonitor(t *testing.T) {
	d, _ := recdata.Generate(recdata.Options{Users: 200, Items: 120, Seed: 3, TrainFrac: 0.8})
	m, err := rec.Train(d, rec.DefaultHyperparameters(), rec.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	simulate := func() (string, string, int, int) {
		var preds, clicks bytes.Buffer
		clock := &reclog.Clock{}
		l := reclog.NewLogger(&preds, &clicks)
		l.Now = clock.Now
		srv := httptest.NewServer(reclog.Handler(m, l))
		defer srv.Close()
		reqs, nclicks, err := reclog.Simulate(context.Background(), srv.URL, d, clock, reclog.SimOptions{Seed: 5, K: 30})
		if err != nil {
			t.Fatal(err)
		}
		return preds.String(), clicks.String(), reqs, nclicks
	}
	preds, clicks, reqs, nclicks := simulate()
	if p2, c2, _, _ := simulate(); p2 != preds || c2 != clicks {
		t.Fatal("the same seed gave other logs")
	}
	if reqs == 0 || nclicks == 0 || strings.Count(clicks, "\n") != nclicks {
		t.Fatalf("%d requests, %d clicks", reqs, nclicks)
	}
	dir := t.TempDir()
	pf, cf := filepath.Join(dir, "predictions.jsonl"), filepath.Join(dir, "clicks.jsonl")
	os.WriteFile(pf, []byte(preds), 0o644)
	os.WriteFile(cf, []byte(clicks), 0o644)
	zero := 0.0
	opt := evaluate.DefaultOptions(evaluate.Binary)
	opt.Metrics = []string{"roc_auc"}
	cfg := monitor.Config{Predictions: pf, Labels: cf,
		Columns: monitor.Columns{ID: "id", Time: "time", Label: "clicked", Scores: []string{"score"}},
		Options: monitor.Options{Evaluate: opt, Window: 7 * 24 * time.Hour, LabelDelay: time.Hour, UnlabeledAs: &zero}}
	var auc []float64
	res, err := monitor.Run(context.Background(), cfg, monitor.Observer{Window: func(w monitor.Window) error {
		if v, ok := w.Report.Value(w.Report.Overall, "roc_auc"); ok {
			auc = append(auc, v)
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Counts
	if c.UnmatchedLabels != 0 || c.Labels != int64(nclicks) || c.Joined+c.LateLabels != c.Labels || c.LateLabels == 0 {
		t.Errorf("counts %+v: every click joins a served row, some late", c)
	}
	for i, v := range auc {
		if v < 0.55 {
			t.Errorf("window %d: roc_auc %v: the model should rank clicked items first", i, v)
		}
	}
	if len(auc) == 0 {
		t.Error("no window with a value")
	}
}
