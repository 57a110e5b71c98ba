package rec_test

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/mltest/mltest/assert"
	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/fixtures"
	"github.com/mltest/mltest/harness/model"
	"github.com/mltest/mltest/harness/parity"
	"github.com/mltest/mltest/harness/serving"
)

// goldenRequests cover each path through the stages: a known user, a user
// with real-time events, a cold-start user, a list the diversity cap
// shortens, and the three input errors.
func goldenRequests(d *recdata.Dataset) []rec.Request {
	var oneCategory []string
	for i, c := range d.Category {
		if c == "k1" && len(oneCategory) < 8 {
			oneCategory = append(oneCategory, d.Items[i])
		}
	}
	some := []string{"i11", "i3", "i7", "i0", "i10", "i5", "i2", "i9", "i1", "i6", "i8", "i4"}
	return []rec.Request{
		{User: "u1", Candidates: some},
		{User: "u1", Candidates: some, Recent: []string{"i3", "i10"}},
		{User: "new-user", Candidates: some, K: 5},
		{User: "u2", Candidates: oneCategory, K: 4},
		{User: "u3", Candidates: []string{"i1", "i99999"}},
		{User: "u3", Candidates: []string{"i1", "i2", "i1"}},
		{User: "", Candidates: some},
	}
}

// TestStagesGolden pins every stage of the model on goldenRequests: a change
// in feature encoding fails at the encode file, a change in training at the
// score file, a change in the business rules at the decode file.
func TestStagesGolden(t *testing.T) {
	d, m := trained(t)
	fixtures.GoldenStages[rec.Request, rec.Features, rec.Raw, rec.Output](t, "rec", m, goldenRequests(d), fixtures.Tolerance(assert.Tolerance{Abs: 1e-12, Rel: 1e-9}))
}

// TestBucketEdgesAreTrainQuantiles checks the learned popularity buckets
// against their definition, computed independently here.
func TestBucketEdgesAreTrainQuantiles(t *testing.T) {
	d, m := trained(t)
	counts := make([]int, len(d.Items))
	for _, e := range d.Train {
		counts[e.Item]++
	}
	if !reflect.DeepEqual(counts, m.Counts) {
		t.Fatalf("Counts differ from the training counts")
	}
	// Every edge is the count of some item, and the edges are increasing.
	has := map[float64]bool{}
	for _, c := range counts {
		has[float64(c)] = true
	}
	for k, e := range m.BucketEdges {
		if !has[e] || (k > 0 && e <= m.BucketEdges[k-1]) {
			t.Errorf("edge %d = %v: not an increasing item count", k, e)
		}
	}
	if got := len(m.BucketEdges); got < 2 || got > m.Hyper.PopularityBuckets {
		t.Errorf("%d edges, want 2..%d", got, m.Hyper.PopularityBuckets)
	}
}

// TestSaveReadRoundTrip: a model read back from its file predicts bit for
// bit what the trained one does, on every wire output.
func TestSaveReadRoundTrip(t *testing.T) {
	d, m := trained(t)
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	var head struct {
		FormatVersion int    `json:"format_version"`
		Algorithm     string `json:"algorithm"`
	}
	if err := json.Unmarshal(buf.Bytes(), &head); err != nil || head.FormatVersion != rec.FormatVersion || head.Algorithm != "implicit-als" {
		t.Fatalf("file header %+v (%v), want format_version %d, algorithm implicit-als", head, err, rec.FormatVersion)
	}
	m2, err := rec.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	users := d.Users[:100]
	want, err := m.PredictBatch(rec.UserRequests(users))
	if err != nil {
		t.Fatal(err)
	}
	got, err := m2.PredictBatch(rec.UserRequests(users))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(want, got) {
		t.Fatal("the read model predicts differently from the written one")
	}
	if a, b := m.Describe().String(), m2.Describe().String(); a != b {
		t.Fatalf("Describe: %s, read back %s", a, b)
	}
}

// TestReadRejects: a damaged or foreign model file fails at load with a
// message naming what is wrong, never at the first request.
func TestReadRejects(t *testing.T) {
	_, m := trained(t)
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		change func(map[string]any)
		want   string
	}{
		{"newer format", func(d map[string]any) { d["format_version"] = 2 }, "format_version 2"},
		{"other algorithm", func(d map[string]any) { d["algorithm"] = "bpr" }, `algorithm "bpr"`},
		{"bad hyperparameter", func(d map[string]any) { d["hyperparameters"].(map[string]any)["factors"] = 0 }, "factors 0"},
		{"short factor row", func(d map[string]any) {
			f := d["item_factors"].([]any)
			f[3] = f[3].([]any)[:2]
		}, `item "i3" has 2 factors`},
		{"history out of order", func(d map[string]any) {
			h := d["histories"].([]any)
			h[0] = []any{5, 3}
			d["history_times"].([]any)[0] = []any{0, 0}
		}, "out of order"},
		{"missing counts", func(d map[string]any) { delete(d, "counts") }, "0 counts"},
		{"unsorted edges", func(d map[string]any) { d["bucket_edges"] = []any{3, 1} }, "bucket_edges"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var d map[string]any
			json.Unmarshal(buf.Bytes(), &d)
			c.change(d)
			b, _ := json.Marshal(d)
			_, err := rec.Read(bytes.NewReader(b))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Read: %v, want an error containing %q", err, c.want)
			}
		})
	}
	if _, err := rec.Read(strings.NewReader("{")); err == nil {
		t.Fatal("Read of truncated JSON: no error")
	}
}

// TestWireMatchesStages: the wire outputs are the stages' values, so a
// parity report on them speaks of the model's stages.
func TestWireMatchesStages(t *testing.T) {
	_, m := trained(t)
	req := rec.Request{User: "u5", Candidates: []string{"i4", "i1", "i2", "i30"}, Recent: []string{"i9"}}
	st, err := model.Trace[rec.Request, rec.Features, rec.Raw, rec.Output](m, req)
	if err != nil {
		t.Fatal(err)
	}
	out, err := m.PredictRow(serving.Row{ID: "r", Values: map[string]serving.Value{
		rec.InputUser:       {Strings: []string{"u5"}},
		rec.InputCandidates: serving.StringVector(req.Candidates...),
		rec.InputRecent:     serving.StringVector(req.Recent...),
	}})
	if err != nil {
		t.Fatal(err)
	}
	items := append(st.Output.Items, make([]string, m.Rules.K-len(st.Output.Items))...)
	want := map[string]serving.Value{
		rec.OutputFeatures: serving.Vector(st.Features.Popularity...),
		rec.OutputScores:   serving.Vector(st.Raw.Scores...),
		rec.OutputItems:    serving.StringVector(items...),
	}
	if !reflect.DeepEqual(out, want) {
		t.Fatalf("PredictRow = %v, want %v", out, want)
	}
	// The served model is the same function: compare it in-process with the
	// batch path through harness/parity, exactly.
	rows := []serving.Row{{ID: "r", Values: map[string]serving.Value{rec.InputUser: {Strings: []string{"u5"}}}}}
	sm := m.Serving("rec")
	served := parity.Func(func(ctx context.Context, r serving.Row) (map[string]serving.Value, error) {
		outs, err := sm.Predict(ctx, []serving.Row{r})
		if err != nil {
			return nil, err
		}
		return outs[0], nil
	})
	batch := parity.Func(func(_ context.Context, r serving.Row) (map[string]serving.Value, error) { return m.PredictRow(r) })
	parity.Equal(t, context.Background(), rows, batch, served, parity.Options{})
	for _, bad := range []serving.Row{
		{ID: "no-user", Values: map[string]serving.Value{}},
		{ID: "typo", Values: map[string]serving.Value{rec.InputUser: {Strings: []string{"u5"}}, "candidate": serving.StringVector("i1")}},
		{ID: "numbers", Values: map[string]serving.Value{rec.InputUser: {Strings: []string{"u5"}}, rec.InputCandidates: serving.Vector(1, 2)}},
	} {
		if _, err := m.PredictRow(bad); err == nil || !strings.Contains(err.Error(), bad.ID[:3]) && !strings.Contains(err.Error(), "input") {
			t.Errorf("PredictRow(%s): %v, want an error", bad.ID, err)
		}
	}
}

// TestUnbucketedPopularityInProcess: the deliberate bug, compared in-process
// with harness/parity, is caught at the encode stage on exactly the requests
// with a candidate whose count is off the bucket edges; the model it was
// copied from is unchanged.
func TestUnbucketedPopularityInProcess(t *testing.T) {
	_, m := trained(t)
	buggy := m.WithUnbucketedPopularity(true)
	var onEdge, offEdge []string
	for i, c := range m.Counts {
		if slices.Contains(m.BucketEdges, float64(c)) {
			onEdge = append(onEdge, m.Items[i])
		} else {
			offEdge = append(offEdge, m.Items[i])
		}
	}
	rows := []serving.Row{
		{ID: "on-edge", Values: map[string]serving.Value{rec.InputUser: {Strings: []string{"u1"}}, rec.InputCandidates: serving.StringVector(onEdge[:4]...)}},
		{ID: "off-edge", Values: map[string]serving.Value{rec.InputUser: {Strings: []string{"u1"}}, rec.InputCandidates: serving.StringVector(onEdge[0], offEdge[0])}},
	}
	pred := func(m *rec.Model) parity.Func {
		return func(_ context.Context, r serving.Row) (map[string]serving.Value, error) { return m.PredictRow(r) }
	}
	opt := parity.Options{}
	for _, s := range rec.Stages {
		opt.Stages = append(opt.Stages, parity.Stage{Name: s.Stage.String(), Outputs: s.Outputs})
	}
	res := parity.Compare(context.Background(), rows, pred(m), pred(buggy), opt)
	if res.Matched != 1 || res.Mismatched != 1 || res.FirstStage != "encode" || res.Mismatches[0].ID != "off-edge" {
		t.Fatalf("parity of the bug in-process:\n%s", res.Summary(5))
	}
	if d := m.Describe(); d.Params["bug_unbucketed_popularity"] != nil {
		t.Fatal("WithUnbucketedPopularity changed the original model")
	}
}
