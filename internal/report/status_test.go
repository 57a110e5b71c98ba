package report

import (
	"slices"
	"testing"
)

func TestWorst(t *testing.T) {
	cases := []struct {
		in   []Status
		want Status
	}{
		{nil, Pass},
		{[]Status{Pass, Pass}, Pass},
		{[]Status{Pass, Warn}, Warn},
		{[]Status{Warn, Fail, Pass}, Fail},
		{[]Status{Fail, Error, Warn}, Error},
		{[]Status{Pass, "bogus"}, "bogus"}, // unknown ranks as error
	}
	for _, c := range cases {
		var checks []Check
		for _, s := range c.in {
			checks = append(checks, Check{Status: s})
		}
		if got := Worst(checks); got != c.want {
			t.Errorf("Worst(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWorstFirstKeepsSuiteOrderWithinAStatus(t *testing.T) {
	checks := []Check{{Status: Pass}, {Status: Fail}, {Status: Warn}, {Status: Fail}, {Status: Error}, {Status: Pass}}
	if got, want := worstFirst(checks), []int{4, 1, 3, 2, 0, 5}; !slices.Equal(got, want) {
		t.Errorf("worstFirst = %v, want %v", got, want)
	}
}
