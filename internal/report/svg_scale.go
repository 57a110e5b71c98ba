package report

import (
	"math"
	"strconv"
)

// linear maps a data interval [d0, d1] onto a pixel interval [p0, p1].
type linear struct{ d0, d1, p0, p1 float64 }

func (s linear) at(v float64) float64 {
	if s.d1 == s.d0 {
		return (s.p0 + s.p1) / 2
	}
	return s.p0 + (v-s.d0)/(s.d1-s.d0)*(s.p1-s.p0)
}

// niceTicks widens [lo, hi] to multiples of a round step (1, 2 or 5 times a
// power of ten) giving about n intervals, and returns the widened range
// and its ticks. A degenerate range is widened around its value.
func niceTicks(lo, hi float64, n int) (float64, float64, []float64) {
	if !(lo <= hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		lo, hi = 0, 1
	}
	if lo == hi {
		pad := math.Abs(lo) * 0.1
		if pad == 0 {
			pad = 1
		}
		lo, hi = lo-pad, hi+pad
	}
	step := niceStep((hi - lo) / float64(n))
	lo = math.Floor(lo/step) * step
	hi = math.Ceil(hi/step) * step
	var ticks []float64
	for i := 0; ; i++ {
		t := lo + float64(i)*step
		if t > hi+step/2 || i > 100 {
			break
		}
		ticks = append(ticks, t)
	}
	return lo, hi, ticks
}

func niceStep(raw float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	switch f := raw / p; {
	case f < 1.5:
		return p
	case f < 3:
		return 2 * p
	case f < 7:
		return 5 * p
	default:
		return 10 * p
	}
}

// tickLabel prints a tick with as many decimals as its step needs, so that
// 0.1+0.2 prints as 0.3.
func tickLabel(v float64, ticks []float64) string {
	dec := 0
	if len(ticks) > 1 {
		step := ticks[1] - ticks[0]
		dec = max(0, int(-math.Floor(math.Log10(step)+1e-9)))
	}
	if dec > 6 || math.Abs(v) >= 1e6 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if s == "-0" {
		s = "0"
	}
	return s
}

// px prints a pixel coordinate with one decimal, enough for a screen and
// stable in golden files.
func px(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
