package monitor

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// ParseTime reads an event time: RFC 3339 ("2026-12-01T10:00:00Z",
// "2026-12-01T10:00:00.25+01:00") or Unix seconds, an integer or a decimal
// ("1764583200", "1764583200.125", "1.7645832e9", a JSON number as written).
// It returns nanoseconds since the Unix epoch, exact to the nanosecond (a
// decimal with more digits is rounded to the nearest nanosecond, halves
// away from zero). Times outside the years 1678 to 2262, which nanoseconds
// in an int64 cannot hold, are errors, as is anything else (an empty value,
// NaN, a date without a time zone).
func ParseTime(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("empty time: want RFC 3339 or Unix seconds")
	}
	if c := s[0]; c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' {
		if ns, ok := unixDecimal(s); ok {
			return ns, nil
		}
		if ns, err, ok := unixExponent(s); ok {
			return ns, err
		}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return 0, fmt.Errorf("time %q: want RFC 3339 (2026-12-01T10:00:00Z) or Unix seconds", s)
	}
	if y := t.Year(); y < 1678 || y > 2261 {
		return 0, fmt.Errorf("time %q: out of range (years 1678 to 2261)", s)
	}
	return t.UnixNano(), nil
}

// unixDecimal reads [sign]digits[.digits] without a big number, the form
// almost every log writes; ok is false for anything else.
func unixDecimal(s string) (int64, bool) {
	neg := false
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || len(whole) > 10 || !digits(whole) || !digits(frac) {
		return 0, false
	}
	var sec int64
	if whole != "" {
		sec, _ = strconv.ParseInt(whole, 10, 64)
	}
	var ns int64
	for i := 0; i < 9; i++ {
		ns *= 10
		if i < len(frac) {
			ns += int64(frac[i] - '0')
		}
	}
	if len(frac) > 9 && frac[9] >= '5' {
		ns++ // half away from zero, on the magnitude
	}
	if sec > maxTime/1e9 {
		return 0, false // the exact path reports the range
	}
	total := sec*1e9 + ns
	if total > maxTime || -total < minTime {
		return 0, false // the exact path reports the range
	}
	if neg {
		total = -total
	}
	return total, true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// unixExponent reads Unix seconds in any form strconv.ParseFloat accepts,
// exactly (as a rational), rounding to the nearest nanosecond; ok is false
// when s is not a number at all.
func unixExponent(s string) (int64, error, bool) {
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		var ne *strconv.NumError
		if !errors.As(err, &ne) || ne.Err != strconv.ErrRange {
			return 0, nil, false
		}
	}
	lower := strings.ToLower(s)
	if strings.Contains(lower, "n") || strings.Contains(lower, "x") || strings.Contains(lower, "_") {
		return 0, fmt.Errorf("time %q: want a finite number of Unix seconds", s), true // NaN, Inf, hex, underscores
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0, nil, false
	}
	r.Mul(r, big.NewRat(1e9, 1))
	// Round half away from zero: floor(|r| + 1/2) with the sign put back.
	neg := r.Sign() < 0
	r.Abs(r)
	r.Add(r, big.NewRat(1, 2))
	q := new(big.Int).Quo(r.Num(), r.Denom())
	if neg {
		q.Neg(q)
	}
	if !q.IsInt64() || q.Int64() < minTime || q.Int64() > maxTime {
		return 0, fmt.Errorf("time %q: out of range (years 1678 to 2261)", s), true
	}
	return q.Int64(), nil, true
}

// The range of times, in nanoseconds: the years 1678 to 2261.
const (
	minTime = -9_200_000_000 * int64(time.Second)
	maxTime = 9_200_000_000 * int64(time.Second)
)

// FormatTime prints nanoseconds since the epoch in RFC 3339, UTC, with as
// many fractional digits as needed: the form of a window's start and end.
func FormatTime(ns int64) string {
	return time.Unix(0, ns).UTC().Format(time.RFC3339Nano)
}
