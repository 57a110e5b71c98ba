package harness

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/mltest/mltest/assert"
)

// Perturbation changes an input using only the random source it is given,
// so the same seed reproduces the same perturbed inputs. It must not modify
// in (copy slices before changing them).
type Perturbation[In any] func(in In, rng *rand.Rand) In

// newPerturbationRand returns the random source of a seeded check: one PCG
// stream per seed, drawn in input order.
func newPerturbationRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x6d6c74657374)) // "mltest"
}

// Invariance checks a CheckList invariance property: perturbing an input in
// a way that must not matter (reordering a recommender's candidate set,
// adding an irrelevant feature, changing a name in a sentence) leaves the
// model's output unchanged up to diff. For every input it computes
// model(in) and model(perturb(in)) and records a failure when
// diff(output, perturbedOutput) is not "" (diff returns a description of the
// difference, as cmp.Diff does; see OutputsWithin for scores). A model that
// panics fails the case. Perturbations draw from a PCG source seeded with
// seed, in input order; the report carries the seed.
func Invariance[In, Out any](name string, model func(In) Out, inputs []In, perturb Perturbation[In], diff func(output, perturbedOutput Out) string, seed uint64) ModelReport[In, Out] {
	return perturbationReport(fmt.Sprintf("invariance %q", name), model, inputs, perturb, func(out, pout Out) string {
		if d := diff(out, pout); d != "" {
			return "output changed: " + d
		}
		return ""
	}, seed)
}

// Directional checks a CheckList directional-expectation property: a
// perturbation with a known effect (a boost must raise an item's rank, more
// evidence must raise a score, a negative word must lower sentiment) moves
// the output the expected way. expect returns nil when the move from output
// to perturbedOutput is as expected, and otherwise an error that says what
// happened, e.g. "score 0.41 -> 0.38, want a rise". Seeding as in Invariance.
func Directional[In, Out any](name string, model func(In) Out, inputs []In, perturb Perturbation[In], expect func(output, perturbedOutput Out) error, seed uint64) ModelReport[In, Out] {
	return perturbationReport(fmt.Sprintf("directional expectation %q", name), model, inputs, perturb, func(out, pout Out) string {
		if err := expect(out, pout); err != nil {
			return err.Error()
		}
		return ""
	}, seed)
}

// perturbationReport runs model on every input and on its perturbation
// (drawn in input order from one PCG source seeded with seed) and records a
// failure where either run panics or judge describes a problem.
func perturbationReport[In, Out any](property string, model func(In) Out, inputs []In, perturb Perturbation[In], judge func(output, perturbedOutput Out) string, seed uint64) ModelReport[In, Out] {
	rng := newPerturbationRand(seed)
	r := ModelReport[In, Out]{Property: property, Seed: seed, Seeded: true, Cases: len(inputs)}
	for i, in := range inputs {
		p := perturb(in, rng)
		out, prob := runModel(model, in)
		pout, pprob := runModel(model, p)
		switch {
		case prob != "":
		case pprob != "":
			prob = "on the perturbed input: " + pprob
		default:
			prob = judge(out, pout)
		}
		if prob != "" {
			r.Failures = append(r.Failures, ModelFailure[In, Out]{i, in, out, p, pout, prob})
		}
	}
	return r
}

// OutputsWithin is a diff for Invariance on scalar outputs: "" when the
// perturbed output equals the output under tol, the output being want
// (assert.Tolerance's rule).
func OutputsWithin(tol assert.Tolerance) func(output, perturbedOutput float64) string {
	return func(a, b float64) string {
		if tol.Equal(b, a) {
			return ""
		}
		return fmt.Sprintf("%v -> %v, beyond %s", a, b, tol)
	}
}

// Rises is an expectation for Directional on scalar outputs: the perturbed
// output must exceed the output by more than margin (0: any strict rise).
func Rises(margin float64) func(output, perturbedOutput float64) error {
	return func(a, b float64) error {
		if b-a > margin {
			return nil
		}
		return fmt.Errorf("%v -> %v, want a rise of more than %v", a, b, margin)
	}
}

// Falls is Rises the other way: the perturbed output must be lower than
// the output by more than margin.
func Falls(margin float64) func(output, perturbedOutput float64) error {
	return func(a, b float64) error {
		if a-b > margin {
			return nil
		}
		return fmt.Errorf("%v -> %v, want a fall of more than %v", a, b, margin)
	}
}

// CheckInvariance runs Invariance and marks the test failed, printing the
// report, when any case fails.
func CheckInvariance[In, Out any](t testing.TB, name string, model func(In) Out, inputs []In, perturb Perturbation[In], diff func(output, perturbedOutput Out) string, seed uint64) {
	t.Helper()
	if err := Invariance(name, model, inputs, perturb, diff, seed).Err(); err != nil {
		t.Error(err)
	}
}

// CheckDirectional runs Directional and marks the test failed, printing the
// report, when any case fails.
func CheckDirectional[In, Out any](t testing.TB, name string, model func(In) Out, inputs []In, perturb Perturbation[In], expect func(output, perturbedOutput Out) error, seed uint64) {
	t.Helper()
	if err := Directional(name, model, inputs, perturb, expect, seed).Err(); err != nil {
		t.Error(err)
	}
}
