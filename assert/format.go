package assert

import (
	"math"
	"strconv"
)

// formatPair prints a value and the bound it is compared with using the
// fewest digits (at least three decimals) that still tell them apart, so a
// message never reads "0.450, want >= 0.450".
func formatPair(got, bound float64) (string, string) {
	fixed := inFixedRange(got) && inFixedRange(bound)
	for prec := 3; prec <= 17; prec++ {
		g, b := formatPrec(got, fixed, prec), formatPrec(bound, fixed, prec)
		if g != b || got == bound || math.IsNaN(got) {
			return g, b
		}
	}
	return strconv.FormatFloat(got, 'g', -1, 64), strconv.FormatFloat(bound, 'g', -1, 64)
}

func inFixedRange(x float64) bool {
	a := math.Abs(x)
	return a == 0 || (a >= 1e-3 && a < 1e6) || math.IsNaN(x) || math.IsInf(x, 0)
}

func formatPrec(x float64, fixed bool, prec int) string {
	if math.IsNaN(x) {
		return "NaN"
	}
	if fixed {
		return strconv.FormatFloat(x, 'f', prec, 64)
	}
	return strconv.FormatFloat(x, 'g', prec+1, 64)
}

func format1(x float64) string {
	s, _ := formatPair(x, x)
	return s
}
