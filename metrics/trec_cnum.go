package metrics

import (
	"math"
	"strconv"
	"strings"
)

// cAtol reads a number as C's atol does: leading white space, an optional
// sign and decimal digits; anything after the digits is ignored ("23.4" is
// 23) and a string without digits is 0. A value beyond the int64 range
// saturates, as glibc's strtol does. trec_eval reads -m cutoffs this way.
func cAtol(s string) int64 {
	i := cSkipSpace(s, 0)
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	var v uint64
	over := false
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if v > (math.MaxUint64-9)/10 {
			over = true
			continue
		}
		v = v*10 + uint64(s[i]-'0')
	}
	switch {
	case neg && (over || v > 1<<63):
		return math.MinInt64
	case neg:
		return -int64(v)
	case over || v > math.MaxInt64:
		return math.MaxInt64
	}
	return int64(v)
}

// cAtof reads a number as C's atof does: the longest prefix (after white
// space) that strtod accepts, 0 when there is none. ".25" is 0.25, "4.5x"
// is 4.5, "" is 0. trec_eval reads -m parameters and preference levels
// this way.
func cAtof(s string) float64 {
	i := cSkipSpace(s, 0)
	s = s[i:]
	n := cFloatPrefix(s)
	if n == 0 {
		return 0
	}
	num := s[:n]
	lower := strings.ToLower(num)
	if strings.HasSuffix(lower, "nan") {
		// strtod's NaN keeps its sign; strconv has no "-nan".
		if num[0] == '-' {
			return math.Copysign(math.NaN(), -1)
		}
		return math.NaN()
	}
	if strings.Contains(lower, "0x") && !strings.Contains(lower, "p") {
		num += "p0" // strconv needs the binary exponent strtod makes optional
	}
	// A range error leaves ±Inf or 0, which is what strtod returns too.
	v, _ := strconv.ParseFloat(num, 64)
	return v
}

// cFloatPrefix returns the length of the longest prefix of s that is a
// strtod number: [sign] (digits [. digits] | . digits) [(e|E) [sign]
// digits], "inf", "infinity", "nan" or a hexadecimal float.
func cFloatPrefix(s string) int {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	rest := strings.ToLower(s[i:])
	switch {
	case strings.HasPrefix(rest, "infinity"):
		return i + 8
	case strings.HasPrefix(rest, "inf"):
		return i + 3
	case strings.HasPrefix(rest, "nan"):
		return i + 3
	case strings.HasPrefix(rest, "0x"):
		isHex := func(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
		if n := cMantissaPrefix(s[i+2:], isHex, 'p'); n > 0 {
			return i + 2 + n
		}
		return i + 1 // the "0" alone
	}
	if n := cMantissaPrefix(s[i:], func(c byte) bool { return c >= '0' && c <= '9' }, 'e'); n > 0 {
		return i + n
	}
	return 0
}

// cMantissaPrefix is the length of digits [. digits] (at least one digit)
// and an optional exponent (exp or its upper case, an optional sign,
// decimal digits) at the start of s, 0 when there is no digit.
func cMantissaPrefix(s string, digit func(byte) bool, exp byte) int {
	i, digits := 0, 0
	for i < len(s) && digit(s[i]) {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && digit(s[i]) {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0
	}
	if i < len(s) && (s[i] == exp || s[i] == exp-'a'+'A') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			return k
		}
	}
	return i
}

func cSkipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] >= '\t' && s[i] <= '\r') {
		i++
	}
	return i
}

// cLog and cLog2 are glibc's log and log2 where Go's differ in what a
// trec_eval port prints: the logarithm of a negative number is a NaN with
// its sign bit set, which printf shows as "-nan" (Go's math.Log returns a
// positive NaN). Other values are Go's, which may differ from glibc's in
// the last binary digit.
func cLog(x float64) float64 {
	if x < 0 {
		return math.Copysign(math.NaN(), -1)
	}
	return math.Log(x)
}

func cLog2(x float64) float64 {
	if x < 0 {
		return math.Copysign(math.NaN(), -1)
	}
	return math.Log2(x)
}

// cMax is C's MAX(A,B) macro, ((A) > (B) ? (A) : (B)): with a NaN it
// returns B, where Go's max returns the NaN.
func cMax(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}
