package harness_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mltest/mltest/assert"
	"github.com/mltest/mltest/harness"
)

// modelRecordingTB records failures instead of failing the test, so a test
// can assert that a property check catches a broken model.
type modelRecordingTB struct {
	testing.TB
	errors []string
}

func (r *modelRecordingTB) Helper()           {}
func (r *modelRecordingTB) Error(args ...any) { r.errors = append(r.errors, fmt.Sprint(args...)) }
func (r *modelRecordingTB) Errorf(f string, a ...any) {
	r.errors = append(r.errors, fmt.Sprintf(f, a...))
}
func (r *modelRecordingTB) Fatal(args ...any)         { r.Error(args...) }
func (r *modelRecordingTB) Fatalf(f string, a ...any) { r.Errorf(f, a...) }

const perturbationSeed = 20261124

// --- logistic regression -------------------------------------------------

func trainedLogisticRegression(t *testing.T) logisticRegression {
	t.Helper()
	xs, ys := syntheticClassification(7, 2000)
	m := fitLogisticRegression(xs, ys, 300, 0.5)
	// The fit is real: it recovers the signs of the generating model and
	// beats chance on fresh data.
	assert.MetricAtLeast(t, "w[0]", m.w[0], 1.0)
	assert.MetricAtMost(t, "w[1]", m.w[1], -0.6)
	assert.MetricWithin(t, "w[2]", m.w[2], 0, 0.15)
	tx, ty := syntheticClassification(8, 1000)
	correct := 0
	for i, x := range tx {
		if (m.score(x) >= 0.5) == ty[i] {
			correct++
		}
	}
	assert.MetricAtLeast(t, "held-out accuracy", float64(correct)/float64(len(tx)), 0.7)
	return m
}

func bump(feature int, lo, hi float64) harness.Perturbation[[]float64] {
	return func(x []float64, rng *rand.Rand) []float64 {
		p := slices.Clone(x)
		p[feature] += lo + (hi-lo)*rng.Float64()
		return p
	}
}

func jitterIrrelevant(x []float64, rng *rand.Rand) []float64 {
	p := slices.Clone(x)
	p[2] += 0.1 * rng.NormFloat64()
	return p
}

func TestLogisticRegressionProperties(t *testing.T) {
	m := trainedLogisticRegression(t)
	inputs, _ := syntheticClassification(9, 200)
	harness.CheckDirectional(t, "more of feature 0 raises the score", m.score, inputs, bump(0, 0.1, 1), harness.Rises(0), perturbationSeed)
	harness.CheckDirectional(t, "more of feature 1 lowers the score", m.score, inputs, bump(1, 0.1, 1), harness.Falls(0), perturbationSeed)
	harness.CheckInvariance(t, "noise in irrelevant feature 2", m.score, inputs, jitterIrrelevant,
		harness.OutputsWithin(assert.Tolerance{Abs: 0.02}), perturbationSeed)
}

// A train/serve skew: the serving path negates feature 0 (say, an encoder
// that stores "days since" where training saw "days until"). Directional
// expectation catches it on every input.
func TestLogisticRegressionSkewIsCaught(t *testing.T) {
	m := trainedLogisticRegression(t)
	skewed := func(x []float64) float64 {
		p := slices.Clone(x)
		p[0] = -p[0]
		return m.score(p)
	}
	inputs, _ := syntheticClassification(9, 200)
	rep := harness.Directional("more of feature 0 raises the score", skewed, inputs, bump(0, 0.1, 1), harness.Rises(0), perturbationSeed)
	if len(rep.Failures) != len(inputs) {
		t.Errorf("skewed model: %d of %d cases failed, want all", len(rep.Failures), len(inputs))
	}
	rec := &modelRecordingTB{TB: t}
	harness.CheckDirectional(rec, "more of feature 0 raises the score", skewed, inputs, bump(0, 0.1, 1), harness.Rises(0), perturbationSeed)
	if len(rec.errors) != 1 {
		t.Fatalf("wrapper reported %d errors, want 1", len(rec.errors))
	}
	msg := rec.errors[0]
	for _, want := range []string{
		`directional expectation "more of feature 0 raises the score" failed on 200 of 200 cases (seed 20261124 reproduces them)`,
		"want a rise of more than 0", "perturbed input:", "... 195 more",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	// The correct model passes the same wrapper.
	rec = &modelRecordingTB{TB: t}
	harness.CheckDirectional(rec, "more of feature 0 raises the score", m.score, inputs, bump(0, 0.1, 1), harness.Rises(0), perturbationSeed)
	if len(rec.errors) != 0 {
		t.Errorf("correct model failed: %v", rec.errors)
	}
}

// --- item-kNN recommender ------------------------------------------------

func trainedItemKNN() (itemKNN, [][]int) {
	hist := syntheticInteractions(11, 80, 8)
	return fitItemKNN(hist), hist
}

func allItems() []int {
	items := make([]int, knnItems)
	for i := range items {
		items[i] = i
	}
	return items
}

func recRequests(hist [][]int) []recRequest {
	reqs := make([]recRequest, len(hist))
	for u, h := range hist {
		reqs[u] = recRequest{History: h, Candidates: allItems(), K: 5}
	}
	return reqs
}

func shuffleCandidates(r recRequest, rng *rand.Rand) recRequest {
	r.Candidates = slices.Clone(r.Candidates)
	rng.Shuffle(len(r.Candidates), func(i, j int) { r.Candidates[i], r.Candidates[j] = r.Candidates[j], r.Candidates[i] })
	return r
}

func sameList(a, b []int) string { return cmp.Diff(a, b) }

func neverConsumed(in recRequest, out []int) error {
	for _, it := range out {
		if slices.Contains(in.History, it) {
			return fmt.Errorf("recommended item %d, which the user already consumed", it)
		}
	}
	return nil
}

func kItems(in recRequest, out []int) error {
	if len(out) != in.K {
		return fmt.Errorf("%d items, want %d", len(out), in.K)
	}
	return nil
}

func both(checks ...func(recRequest, []int) error) func(recRequest, []int) error {
	return func(in recRequest, out []int) error {
		var errs []error
		for _, c := range checks {
			errs = append(errs, c(in, out))
		}
		return errors.Join(errs...)
	}
}

func recommenderTable(hist [][]int) []harness.Requirement[recRequest, []int] {
	var table []harness.Requirement[recRequest, []int]
	for u, req := range recRequests(hist[:30]) {
		table = append(table, harness.Requirement[recRequest, []int]{
			Name: fmt.Sprintf("user %d", u), Input: req, Check: both(neverConsumed, kItems),
		})
	}
	// A user who consumed only genre-1 items is first recommended a genre-1 item.
	table = append(table, harness.Requirement[recRequest, []int]{
		Name:  "genre-1 fan",
		Input: recRequest{History: []int{1, 5, 9}, Candidates: allItems(), K: 3},
		Check: func(_ recRequest, out []int) error {
			if len(out) == 0 || out[0]%knnGenres != 1 {
				return fmt.Errorf("top item %v, want one of genre 1", out)
			}
			return nil
		},
	})
	return table
}

func TestItemKNNProperties(t *testing.T) {
	m, hist := trainedItemKNN()
	harness.CheckInvariance(t, "shuffle candidates", m.recommend, recRequests(hist), shuffleCandidates, sameList, perturbationSeed)
	harness.CheckMinimumFunctionality(t, "recommendations", m.recommend, recommenderTable(hist))
}

func TestItemKNNLeakIsCaught(t *testing.T) {
	m, hist := trainedItemKNN()
	rep := harness.MinimumFunctionality("recommendations", m.recommendLeaky, recommenderTable(hist))
	if len(rep.Failures) == 0 {
		t.Fatal("a recommender returning consumed items passed minimum functionality")
	}
	for _, f := range rep.Failures {
		if !strings.Contains(f.Problem, "which the user already consumed") {
			t.Errorf("case %d: unexpected problem %q", f.Case, f.Problem)
		}
	}
	rec := &modelRecordingTB{TB: t}
	harness.CheckMinimumFunctionality(rec, "recommendations", m.recommendLeaky, recommenderTable(hist))
	if len(rec.errors) != 1 || !strings.HasPrefix(rec.errors[0], `minimum functionality "recommendations" failed on `) {
		t.Errorf("wrapper errors: %q", rec.errors)
	}
	t.Logf("leaky recommender: %d of %d rows failed", len(rep.Failures), rep.Cases)
}

func TestItemKNNOrderDependenceIsCaught(t *testing.T) {
	m, hist := trainedItemKNN()
	reqs := recRequests(hist)
	rep := harness.Invariance("shuffle candidates", m.recommendBudgeted, reqs, shuffleCandidates, sameList, perturbationSeed)
	if len(rep.Failures) < len(reqs)/2 {
		t.Errorf("order-dependent recommender: %d of %d cases failed, want most", len(rep.Failures), len(reqs))
	}
	// The seed reproduces the same failures.
	again := harness.Invariance("shuffle candidates", m.recommendBudgeted, reqs, shuffleCandidates, sameList, perturbationSeed)
	if !cmp.Equal(rep, again) {
		t.Errorf("same seed, different report:\n%s", cmp.Diff(rep, again))
	}
	rec := &modelRecordingTB{TB: t}
	harness.CheckInvariance(rec, "shuffle candidates", m.recommendBudgeted, reqs, shuffleCandidates, sameList, perturbationSeed)
	if len(rec.errors) != 1 || !strings.Contains(rec.errors[0], "seed 20261124 reproduces them") ||
		!strings.Contains(rec.errors[0], "output changed:") {
		t.Errorf("wrapper errors: %q", rec.errors)
	}
	t.Logf("budgeted recommender: %d of %d cases failed", len(rep.Failures), rep.Cases)
}

func TestModelReportMessageExact(t *testing.T) {
	double := func(x int) int {
		if x == 3 {
			panic("three")
		}
		return 2 * x
	}
	table := []harness.Requirement[int, int]{
		{Name: "even", Input: 1, Check: func(_, out int) error { return nil }},
		{Name: "small", Input: 4, Check: func(_, out int) error {
			if out > 5 {
				return fmt.Errorf("output %d, want <= 5", out)
			}
			return nil
		}},
		{Name: "no panic", Input: 3, Check: func(_, out int) error { return nil }},
	}
	err := harness.MinimumFunctionality("doubling", double, table).Err()
	want := `minimum functionality "doubling" failed on 2 of 3 cases
case 1: small: output 8, want <= 5
	input:            4
	output:           8
case 2: no panic: model panicked: three
	input:            3
	output:           0`
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
	if err := harness.MinimumFunctionality("doubling", double, table[:1]).Err(); err != nil {
		t.Errorf("passing table: %v", err)
	}
}
