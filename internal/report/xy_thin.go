package report

// Thin returns xy with at most maxPoints points, evenly spaced by index,
// the first and last always kept; xy itself when it has no more. A check
// can store a ROC curve of a million thresholds, and report.json keeps
// what the check stored (as indented JSON, about 30 bytes a number), so the
// suite runner thins the curves it stores, to a thousand points say: far
// finer than a plot resolves. report.html thins again to what it draws.
// maxPoints below 2 counts as 2.
func (xy XY) Thin(maxPoints int) XY {
	n := min(len(xy.X), len(xy.Y))
	maxPoints = max(maxPoints, 2)
	if n <= maxPoints {
		return xy
	}
	idx := thin(n, maxPoints)
	out := XY{X: make([]float64, len(idx)), Y: make([]float64, len(idx))}
	for k, i := range idx {
		out.X[k], out.Y[k] = xy.X[i], xy.Y[i]
	}
	return out
}
