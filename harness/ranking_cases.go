package harness

import (
	"fmt"

	"pgregory.net/rapid"
)

// RankingCase is one generated query: Rels holds the graded relevance (>= 0)
// of the retrieved documents in rank order, Judged the relevance of every
// judged document of the query, retrieved or not, in no particular order.
// Every value of Rels is one of Judged (a multiset inclusion): the ranking
// retrieves judged documents, some of them.
type RankingCase struct {
	Rels   []int
	Judged []int
}

func (c RankingCase) String() string {
	return fmt.Sprintf("rels=%v judged=%v", c.Rels, c.Judged)
}

// eval calls fn on the query; a RankingMetric is always defined.
func (c RankingCase) eval(fn RankingMetric) outcome {
	return outcome{v: fn(c.Rels, c.Judged)}
}

// RankingCaseOptions sizes the queries RankingCases generates.
type RankingCaseOptions struct {
	// MinJudged and MaxJudged bound the number of judged documents.
	MinJudged, MaxJudged int
	// MaxGrade is the highest relevance grade; grades lie in [0, MaxGrade].
	MaxGrade int
}

// DefaultRankingCaseOptions returns 0 to 20 judged documents graded 0 to 3.
func DefaultRankingCaseOptions() RankingCaseOptions {
	return RankingCaseOptions{MinJudged: 0, MaxJudged: 20, MaxGrade: 3}
}

// RankingCases returns a generator of queries: grades for the judged
// documents, a random order of them, and a prefix of that order as the
// retrieved list. It shrinks toward fewer documents, grade 0, the judged
// order and short lists.
func RankingCases(opt RankingCaseOptions) *rapid.Generator[RankingCase] {
	if opt.MaxJudged < opt.MinJudged {
		opt.MaxJudged = opt.MinJudged
	}
	return rapid.Custom(func(t *rapid.T) RankingCase {
		n := rapid.IntRange(opt.MinJudged, opt.MaxJudged).Draw(t, "judged")
		grades := make([]int, n)
		for i := range grades {
			grades[i] = rapid.IntRange(0, opt.MaxGrade).Draw(t, "grade")
		}
		order := rapid.Permutation(seq(n)).Draw(t, "ranking order")
		m := rapid.IntRange(0, n).Draw(t, "retrieved")
		c := RankingCase{Rels: make([]int, m), Judged: grades}
		for i := range m {
			c.Rels[i] = grades[order[i]]
		}
		return c
	})
}
