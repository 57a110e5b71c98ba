package harness

import (
	"fmt"
	"strconv"

	"pgregory.net/rapid"

	"github.com/mltest/mltest/metrics"
)

// QueryCase is one generated TREC query as files hold it: qrels (docno ->
// relevance; a negative relevance is a pooled but unjudged document) and a
// run (the retrieved docnos with their scores, in file order, which need not
// be rank order).
type QueryCase struct {
	Qrels map[string]int
	Run   []metrics.ScoredDoc
}

func (c QueryCase) String() string {
	return fmt.Sprintf("qrels=%v run=%v", c.Qrels, c.Run)
}

// QueryCaseOptions sizes the queries QueryCases generates.
type QueryCaseOptions struct {
	// MaxDocs bounds the number of distinct documents of the query (judged,
	// retrieved or both).
	MaxDocs int
	// MaxGrade is the highest relevance grade.
	MaxGrade int
	// TieRate is the probability that a retrieved document copies the score
	// of one retrieved before it, so ties (broken by docno, as trec_eval
	// does) are common.
	TieRate float64
	// Unjudged lets the run retrieve documents absent from the qrels and the
	// qrels hold negative (unjudged-in-pool) relevance values.
	Unjudged bool
}

// DefaultQueryCaseOptions returns up to 20 documents graded 0 to 3, tie
// rate 0.3, unjudged documents allowed.
func DefaultQueryCaseOptions() QueryCaseOptions {
	return QueryCaseOptions{MaxDocs: 20, MaxGrade: 3, TieRate: 0.3, Unjudged: true}
}

// QueryCases returns a generator of qrels/run pairs. Each document is judged
// or not, retrieved or not; retrieved documents get scores on a grid of 1/16
// with ties at TieRate, in a random file order. Docnos are d00, d01, ... so
// docno tie-breaking is visible in a shrunk case.
func QueryCases(opt QueryCaseOptions) *rapid.Generator[QueryCase] {
	tiePercent := int(opt.TieRate * 100)
	return rapid.Custom(func(t *rapid.T) QueryCase {
		n := rapid.IntRange(0, opt.MaxDocs).Draw(t, "docs")
		c := QueryCase{Qrels: map[string]int{}}
		for i := range n {
			doc := "d" + pad2(i)
			judged := !opt.Unjudged || rapid.IntRange(0, 3).Draw(t, "unjudged") != 3
			if judged {
				lo := 0
				if opt.Unjudged {
					lo = -1
				}
				c.Qrels[doc] = rapid.IntRange(lo, opt.MaxGrade).Draw(t, "relevance")
			}
			if !judged || !rapid.Bool().Draw(t, "not retrieved") {
				s := float64(rapid.IntRange(0, 16).Draw(t, "score")) / 16
				if len(c.Run) > 0 && rapid.IntRange(0, 99).Draw(t, "tie") >= 100-tiePercent {
					s = c.Run[rapid.IntRange(0, len(c.Run)-1).Draw(t, "tie with")].Score
				}
				c.Run = append(c.Run, metrics.ScoredDoc{DocNo: doc, Score: s})
			}
		}
		if len(c.Run) > 0 {
			c.Run = rapid.Permutation(c.Run).Draw(t, "file order")
		}
		return c
	})
}

func pad2(i int) string {
	if i < 10 {
		return "0" + strconv.Itoa(i)
	}
	return strconv.Itoa(i)
}
