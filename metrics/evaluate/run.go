package evaluate

import "fmt"

// Run evaluates n rows held in memory: row(i) is the i-th prediction and
// slice(i) the values of its slicing columns (Options.SliceBy), or slice is
// nil for no slices.
//
//	rep, err := evaluate.Run(opt, len(labels), func(i int) evaluate.Row {
//		return evaluate.Row{Label: labels[i], Scores: scores[i : i+1], Weight: 1}
//	}, func(i int) []string { return []string{devices[i]} })
func Run(opt Options, n int, row func(i int) Row, slice func(i int) []string) (*Report, error) {
	e, err := New(opt)
	if err != nil {
		return nil, err
	}
	for i := 0; i < n; i++ {
		var key []string
		if slice != nil {
			key = slice(i)
		}
		if err := e.Add(key, row(i)); err != nil {
			return nil, fmt.Errorf("row %d: %w", i, err)
		}
	}
	return e.Report()
}

// Value returns the named metric's value in g, and false when the report has
// no such metric or it is undefined on g.
func (r *Report) Value(g Group, metric string) (float64, bool) {
	for i, name := range r.Metrics {
		if name == metric && g.Values[i].Defined {
			return g.Values[i].Value, true
		}
	}
	return 0, false
}
