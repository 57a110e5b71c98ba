package report

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
)

// rank orders statuses from worst to best: error, fail, warn, pass; an
// unknown status ranks with error, since nothing vouches for it.
func (s Status) rank() int {
	switch s {
	case Pass:
		return 3
	case Warn:
		return 2
	case Fail:
		return 1
	default:
		return 0
	}
}

// Worst is the status of a whole run: the worst of its checks' statuses,
// error > fail > warn > pass; a run of no checks passes.
func Worst(checks []Check) Status {
	w := Pass
	for _, c := range checks {
		if c.Status.rank() < w.rank() {
			w = c.Status
		}
	}
	return w
}

// counts is how many checks ended in each status.
type counts struct{ Pass, Warn, Fail, Error int }

func countStatuses(checks []Check) counts {
	var n counts
	for _, c := range checks {
		switch c.Status {
		case Pass:
			n.Pass++
		case Warn:
			n.Warn++
		case Fail:
			n.Fail++
		default:
			n.Error++
		}
	}
	return n
}

// worstFirst returns the indices of checks ordered error, fail, warn,
// pass, keeping suite order within a status, so that what needs a reader's
// attention is what they see first.
func worstFirst(checks []Check) []int {
	idx := make([]int, len(checks))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return cmp.Compare(checks[a].Status.rank(), checks[b].Status.rank())
	})
	return idx
}

// overallStatus is r.Status, or the worst check status when the runner
// left it empty.
func overallStatus(r Report) Status {
	if r.Status != "" {
		return r.Status
	}
	return Worst(r.Checks)
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// checksCount is "1 check" or "N checks".
func checksCount(n int) string {
	if n == 1 {
		return "1 check"
	}
	return fmt.Sprintf("%d checks", n)
}
