package interleave_test

import (
	"fmt"
	"strings"

	"github.com/mltest/mltest/harness/interleave"
)

func ExampleTeamDraft() {
	a := []string{"i1", "i2", "i3", "i4"}
	b := []string{"i3", "i1", "i5", "i6"}
	l := interleave.TeamDraft(a, b, 4, interleave.RequestRand(1, "imp1"))
	fmt.Println(l.Items, l.TeamNames())
	// A click on i5 counts for B only: B picked it.
	fmt.Println(l.Credit([]string{"i5"}, 2))
	// Output:
	// [i3 i1 i2 i5] [B A A B]
	// [0 1]
}

func ExampleAnalyze() {
	log := `{"id": "imp1", "user": "u1", "items": ["i1", "i3"], "teams": ["A", "B"], "clicks": ["i1"]}
{"id": "imp2", "user": "u2", "items": ["i3", "i1"], "teams": ["B", "A"], "clicks": ["i1"]}
{"id": "imp3", "user": "u1", "items": ["i1", "i3"], "teams": ["A", "B"], "clicks": []}
{"id": "imp4", "user": "u3", "items": ["i2", "i4"], "teams": ["B", "A"], "clicks": ["i2", "i4"]}
`
	imps, err := interleave.DecodeLog(strings.NewReader(log), "log.jsonl", "user")
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := interleave.Analyze(imps, interleave.Options{ByUser: true, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("n=%d no_click=%d wins_a=%d wins_b=%d ties=%d delta_ab=%.3f p=%.2f preferred=%s\n",
		r.N, r.NoClick, r.WinsA, r.WinsB, r.Ties, r.DeltaAB, r.P, r.Preferred)
	// Output:
	// n=3 no_click=1 wins_a=2 wins_b=0 ties=1 delta_ab=0.333 p=0.50 preferred=none
}
