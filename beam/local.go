package mltestbeam

import (
	"sort"
)

// EvaluateLocal computes what Evaluate computes, in this process, without
// Beam: the same accumulators, slice keys and Poisson counts. It is the
// reference the Beam pipeline is tested against, and the way to run a spec on
// data that fits one machine. Results are sorted: overall first, then slices
// by key.
func EvaluateLocal(spec EvalSpec, rows []Example) ([]GroupResult, error) {
	names, err := spec.names()
	if err != nil {
		return nil, err
	}
	groups := map[string]*groupAcc{}
	get := func(k string) (*groupAcc, error) {
		if g, ok := groups[k]; ok {
			return g, nil
		}
		g, err := newGroupAcc(spec, names)
		groups[k] = g
		return g, err
	}
	for i := range rows {
		e := &rows[i]
		if err := checkExample(spec, e); err != nil {
			return nil, err
		}
		keys := []string{overallKey}
		if len(spec.SliceBy) > 0 {
			keys = append(keys, sliceKey(e.Slice))
		}
		for _, k := range keys {
			g, err := get(k)
			if err != nil {
				return nil, err
			}
			g.add(spec, e)
		}
	}
	var out []GroupResult
	for k, g := range groups {
		key, err := parseSliceKey(k)
		if err != nil {
			return nil, err
		}
		out = append(out, g.result(spec, names, key))
	}
	SortGroups(out)
	return out, nil
}

// SortGroups orders results as reports print them: overall first, then the
// slices by their values.
func SortGroups(gs []GroupResult) {
	sort.Slice(gs, func(i, j int) bool {
		a, b := gs[i].Key, gs[j].Key
		if (len(a) == 0) != (len(b) == 0) {
			return len(a) == 0
		}
		for k := 0; k < len(a) && k < len(b); k++ {
			if a[k] != b[k] {
				return a[k] < b[k]
			}
		}
		return len(a) < len(b)
	})
}
