package metrics

import "fmt"

type irSpec struct {
	order           tieOrder
	hasLevel        bool
	level           int
	judgedOnly      bool
	relMap          map[int]int
	count           bool
	zeroWhenMissing bool
	subtopics       bool
	calc            func(c *queryCtx, s *measureSpec, out []float64) error
	doc             string
}

func (ir *irSpec) mapRelevance(judged map[string]int) map[string]int { return judged }

func isIRMeasureArg(arg string) bool { return false }

func parseIRMeasure(arg string) (*measureSpec, error) { return nil, fmt.Errorf("no") }

func (s *measureSpec) averages() bool { return false }

func (c *queryCtx) computeAverage(s *measureSpec, out []float64) error { return nil }
