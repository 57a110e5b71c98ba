package harness

import (
	"fmt"
	"strings"
)

// ModelFailure is one case on which a model property did not hold: the
// input and the model's output, and for perturbation checks the perturbed
// input and the output on it.
type ModelFailure[In, Out any] struct {
	Case            int // index into the inputs (or the requirement table)
	Input           In
	Output          Out
	Perturbed       In  // zero for minimum-functionality checks
	PerturbedOutput Out // zero for minimum-functionality checks
	Problem         string
}

// ModelReport is what a model property check returns: how many cases it
// ran and every case that failed. It never touches a testing.TB; Err turns
// it into an error, and the CheckXxx wrappers into a test failure.
type ModelReport[In, Out any] struct {
	Property string // e.g. `invariance "shuffle candidates"`
	Seed     uint64 // the seed of the perturbations; meaningful when Seeded
	Seeded   bool
	Cases    int
	Failures []ModelFailure[In, Out]
}

// maxReportedFailures caps the cases an error message prints; the count in
// its first line includes all of them.
const maxReportedFailures = 5

// maxValueWidth caps how much of one input or output a message prints.
const maxValueWidth = 200

// Err returns nil when no case failed, and otherwise an error listing the
// first failing cases and, for seeded checks, the seed that reproduces them.
func (r ModelReport[In, Out]) Err() error {
	if len(r.Failures) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s failed on %d of %d cases", r.Property, len(r.Failures), r.Cases)
	if r.Seeded {
		fmt.Fprintf(&b, " (seed %d reproduces them)", r.Seed)
	}
	for i, f := range r.Failures {
		if i == maxReportedFailures {
			fmt.Fprintf(&b, "\n... %d more", len(r.Failures)-i)
			break
		}
		fmt.Fprintf(&b, "\ncase %d: %s\n\tinput:            %s\n\toutput:           %s", f.Case, f.Problem, short(f.Input), short(f.Output))
		if r.Seeded {
			fmt.Fprintf(&b, "\n\tperturbed input:  %s\n\tperturbed output: %s", short(f.Perturbed), short(f.PerturbedOutput))
		}
	}
	return fmt.Errorf("%s", b.String())
}

func short(v any) string {
	s := fmt.Sprintf("%v", v)
	if len(s) > maxValueWidth {
		s = s[:maxValueWidth] + "..."
	}
	return s
}

// runModel calls model, turning a panic into a problem to report, so one
// bad input does not hide the other cases.
func runModel[In, Out any](model func(In) Out, in In) (out Out, problem string) {
	defer func() {
		if p := recover(); p != nil {
			problem = fmt.Sprintf("model panicked: %v", p)
		}
	}()
	return model(in), ""
}
