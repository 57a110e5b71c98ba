package receval_test

import (
	"bufio"
	"bytes"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/examples/recommender/receval"
	"github.com/mltest/mltest/harness"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/compare"
)

var (
	once      sync.Once
	data      *recdata.Dataset
	model     *rec.Model
	modelRep  *receval.Report
	baseRep   *receval.Report
	fixtureEr error
)

// evaluated returns the example's data, model and both evaluations, built
// once per test binary.
func evaluated(t *testing.T) (*recdata.Dataset, *rec.Model, *receval.Report, *receval.Report) {
	t.Helper()
	once.Do(func() {
		data, _ = recdata.Generate(recdata.DefaultOptions())
		if model, fixtureEr = rec.Train(data, rec.DefaultHyperparameters(), rec.DefaultRules()); fixtureEr != nil {
			return
		}
		opt := receval.Options{Resamples: 1000, Seed: 1}
		if modelRep, fixtureEr = receval.Evaluate(model, data, opt); fixtureEr != nil {
			return
		}
		baseRep, fixtureEr = receval.Evaluate(model.Baseline(), data, opt)
	})
	if fixtureEr != nil {
		t.Fatal(fixtureEr)
	}
	return data, model, modelRep, baseRep
}

// TestTrecEvalReference: on the small configuration, the run and qrels the
// model produces now are the committed ones, and Evaluate's per-user and
// summary values equal what trec_eval 10 printed for them (4 decimals).
// testdata/make_trec_reference.sh regenerates the three files.
func TestTrecEvalReference(t *testing.T) {
	d, _ := recdata.Generate(recdata.Options{Users: 200, Items: 100, Seed: 3})
	m, err := rec.Train(d, rec.DefaultHyperparameters(), rec.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	lists, err := receval.Lists(m, d, receval.Depth)
	if err != nil {
		t.Fatal(err)
	}
	const regen = "regenerate with: TREC_EVAL=/path/to/trec_eval sh examples/recommender/receval/testdata/make_trec_reference.sh"
	var run, qrels bytes.Buffer
	if err := receval.WriteRun(&run, lists, "rec-als"); err != nil {
		t.Fatal(err)
	}
	if err := receval.WriteQrels(&qrels, receval.Qrels(d)); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][]byte{"small.run": run.Bytes(), "small.qrels": qrels.Bytes()} {
		want, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("testdata/%s differs from what the model produces now; %s", name, regen)
		}
	}
	rep, err := receval.Evaluate(m, d, receval.Options{Resamples: 10})
	if err != nil {
		t.Fatal(err)
	}
	ref := readTrecEval(t, "testdata/small.trec_eval")
	if len(ref["ndcg_cut_10"]) != rep.Users+1 {
		t.Fatalf("trec_eval has %d ndcg_cut_10 lines, want %d users + all", len(ref["ndcg_cut_10"]), rep.Users)
	}
	for _, name := range []string{"ndcg_cut_10", "map", "P_10", "recall_100"} {
		if got, want := round4(rep.Summary[name]), ref[name]["all"]; got != want {
			t.Errorf("%s all: %.4f, trec_eval %s", name, rep.Summary[name], want)
		}
	}
	for u, v := range rep.PerUser {
		if got, want := round4(v), ref["ndcg_cut_10"][u]; got != want {
			t.Errorf("ndcg_cut_10 %s: %.4f, trec_eval %s", u, v, want)
		}
	}
}

func round4(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }

// readTrecEval reads trec_eval -q output: measure -> qid -> printed value.
func readTrecEval(t *testing.T, path string) map[string]map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]map[string]string{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fs := strings.Fields(sc.Text())
		if len(fs) != 3 {
			t.Fatalf("%s:%d: %q, want measure qid value", path, line, sc.Text())
		}
		if out[fs[0]] == nil {
			out[fs[0]] = map[string]string{}
		}
		out[fs[0]][fs[1]] = fs[2]
	}
	return out
}

// TestModelBeatsPopularity is the regression gate of the example: on the
// test split the model's nDCG@10 is higher than the popularity baseline's,
// significantly (paired randomization test over users, p < 0.05, and the
// bootstrap interval of the difference above 0).
func TestModelBeatsPopularity(t *testing.T) {
	d, m, mr, br := evaluated(t)
	cr, err := receval.Compare(d, m.Baseline(), m, compare.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if err := receval.BeatsBaseline(cr, "ndcg_cut_10", 0.05); err != nil {
		t.Fatal(err)
	}
	for _, c := range cr.Comparisons {
		if c.Metric == "ndcg_cut_10" {
			t.Logf("model %s, baseline %s; diff %+.4f (95%% CI [%+.4f, %+.4f]), p=%.4g (%s, %d users)",
				mr.NDCG10, br.NDCG10, c.Diff, c.Interval.Lo, c.Interval.Hi, c.P, c.Method, cr.N)
			if math.Abs(c.Candidate-mr.Summary["ndcg_cut_10"]) > 1e-12 || math.Abs(c.Baseline-br.Summary["ndcg_cut_10"]) > 1e-12 {
				t.Errorf("comparison means %v and %v differ from the evaluations %v and %v", c.Candidate, c.Baseline, mr.Summary["ndcg_cut_10"], br.Summary["ndcg_cut_10"])
			}
		}
	}
	if len(cr.Slices) != 4 {
		t.Errorf("%d cohort slices, want 4", len(cr.Slices))
	}
}

// TestGateCanFail: the gate rejects a baseline compared with itself and the
// model and baseline swapped, so a passing gate means something.
func TestGateCanFail(t *testing.T) {
	d, m, _, _ := evaluated(t)
	opt := compare.DefaultOptions()
	opt.Trials, opt.Resamples = 2000, 200
	for name, pair := range map[string][2]receval.Recommender{
		"baseline vs itself": {m.Baseline(), m.Baseline()},
		"swapped":            {m, m.Baseline()},
	} {
		cr, err := receval.Compare(d, pair[0], pair[1], opt)
		if err != nil {
			t.Fatal(err)
		}
		if err := receval.BeatsBaseline(cr, "ndcg_cut_10", 0.05); err == nil || !strings.Contains(err.Error(), "not better") {
			t.Errorf("%s: gate %v, want a failure saying the model is not better", name, err)
		}
	}
}

// TestEvaluateConsistent checks the report's figures against each other and
// against their definitions: the bootstrap estimate is the mean of the
// per-user values and trec_eval's summary, cohorts partition the users and
// their sizes weight back to the whole, every interval holds its estimate,
// the beyond-accuracy figures equal metrics.BeyondAccuracyOf on the same
// lists and lie in their ranges.
func TestEvaluateConsistent(t *testing.T) {
	d, m, mr, _ := evaluated(t)
	sum := 0.0
	for _, v := range mr.PerUser {
		sum += v
	}
	mean := sum / float64(len(mr.PerUser))
	if len(mr.PerUser) != mr.Users || mr.Users != len(d.EvalUsers()) {
		t.Fatalf("%d per-user values, %d users, %d evaluated users", len(mr.PerUser), mr.Users, len(d.EvalUsers()))
	}
	if math.Abs(mean-mr.NDCG10.Estimate) > 1e-12 || math.Abs(mean-mr.Summary["ndcg_cut_10"]) > 1e-12 {
		t.Errorf("mean per-user nDCG@10 %v, estimate %v, summary %v", mean, mr.NDCG10.Estimate, mr.Summary["ndcg_cut_10"])
	}
	n, weighted := 0, 0.0
	for k, c := range mr.Cohorts {
		if k > 0 && c.Cohort <= mr.Cohorts[k-1].Cohort {
			t.Errorf("cohorts out of order: %s after %s", c.Cohort, mr.Cohorts[k-1].Cohort)
		}
		if !(c.NDCG10.Lo <= c.NDCG10.Estimate && c.NDCG10.Estimate <= c.NDCG10.Hi) || c.NDCG10.Lo == c.NDCG10.Hi {
			t.Errorf("cohort %s: interval %s does not hold its estimate", c.Cohort, c.NDCG10)
		}
		n += c.Users
		weighted += float64(c.Users) * c.NDCG10.Estimate
	}
	if n != mr.Users || math.Abs(weighted/float64(n)-mean) > 1e-12 {
		t.Errorf("cohorts hold %d users with weighted mean %v; want %d and %v", n, weighted/float64(n), mr.Users, mean)
	}
	shown, err := receval.Lists(m, d, 0)
	if err != nil {
		t.Fatal(err)
	}
	var train, reco []metrics.Interaction
	for _, e := range d.Train {
		train = append(train, metrics.Interaction{User: d.Users[e.User], Item: d.Items[e.Item]})
	}
	for u, items := range shown {
		for _, it := range items {
			reco = append(reco, metrics.Interaction{User: u, Item: it})
		}
	}
	want, err := metrics.BeyondAccuracyOf(train, reco)
	if err != nil {
		t.Fatal(err)
	}
	b := mr.Beyond
	if math.Abs(b.CatalogCoverage-want.CatalogCoverage) > 1e-12 || math.Abs(b.Novelty-want.Novelty) > 1e-9 ||
		math.Abs(b.Diversity-want.Diversity) > 1e-9 || math.Abs(b.DistributionalCoverage-want.DistributionalCoverage) > 1e-9 {
		t.Errorf("beyond-accuracy %+v, BeyondAccuracyOf %+v", b, want)
	}
	if !(b.CatalogCoverage > 0 && b.CatalogCoverage <= 1 && b.Diversity >= 0 && b.Diversity <= 1 && b.Novelty > 0) {
		t.Errorf("beyond-accuracy out of range: %+v", b)
	}
}

// TestReportedMeasuresObeyTheirLaws runs mltest's ranking-metric property
// checks on the per-query measures the evaluation reports: nDCG@10 and AP
// are normalized measures (bounds, ideal ranking is 1, monotone under
// improvement, independent of the judgments' order), P@10 and recall@100
// keep every law but the ideal value.
func TestReportedMeasuresObeyTheirLaws(t *testing.T) {
	harness.CheckRankingMetric(t, harness.TrecRankingMetric(func(r metrics.Ranking) float64 { return metrics.NDCGAtK(r, 10) }))
	harness.CheckRankingMetric(t, harness.TrecRankingMetric(func(r metrics.Ranking) float64 { return metrics.QueryAveragePrecision(r, 1) }))
	for _, fn := range []func(metrics.Ranking) float64{
		func(r metrics.Ranking) float64 { return metrics.PrecisionAtK(r, 1, 10) },
		func(r metrics.Ranking) float64 { return metrics.RecallAtK(r, 1, 100) },
	} {
		harness.CheckRankingMetric(t, harness.TrecRankingMetric(fn),
			harness.RankingDeterministic(), harness.RankingBounded(0, 1), harness.JudgedOrderInvariant(), harness.MonotoneUnderImprovement())
	}
}
