package skew

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/mltest/mltest/internal/dataio"
)

// Kind is how a feature's values are compared: as numbers or as categories.
type Kind int

const (
	// Auto decides by the data: numeric when every non-missing value of both
	// data sets parses as a number, categorical otherwise.
	Auto Kind = iota
	// Numeric compares values as numbers; text that is not a number is an
	// error.
	Numeric
	// Categorical compares values as categories, by their text.
	Categorical
)

func (k Kind) String() string {
	switch k {
	case Auto:
		return "auto"
	case Numeric:
		return "numeric"
	case Categorical:
		return "categorical"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// MarshalText writes the kind's name, so a Report's JSON says "numeric".
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind's name ("auto", "numeric", "categorical").
func (k *Kind) UnmarshalText(b []byte) error {
	switch string(b) {
	case "auto", "":
		*k = Auto
	case "numeric":
		*k = Numeric
	case "categorical":
		*k = Categorical
	default:
		return fmt.Errorf("skew: unknown kind %q (want auto, numeric or categorical)", b)
	}
	return nil
}

// IsMissing reports whether a text value is a missing value: empty (or only
// spaces), null or NaN, in any case and, for NaN, with or without a sign.
func IsMissing(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) > 4 {
		return false
	}
	if s == "" || strings.EqualFold(s, "null") {
		return true
	}
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	return strings.EqualFold(s, "nan")
}

// parseNumber parses a non-missing text value as a number of mltest's one
// grammar of numbers (dataio.ParseNumber), where a feature value may also be
// infinite: "inf" and "infinity" (any case, signed), and a number beyond the
// float64 range, are ±Inf. NaN never comes back: IsMissing has already
// taken it.
func parseNumber(s string) (float64, bool) {
	v, st := dataio.ParseNumberString(s)
	switch st {
	case dataio.NumberOK:
		return v, true
	case dataio.NumberRange, dataio.NumberNotFinite:
		t := strings.TrimSpace(s)
		switch {
		case strings.EqualFold(strings.TrimLeft(t, "+-"), "nan"):
			return 0, false
		case strings.HasPrefix(t, "-"):
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	}
	return 0, false
}

// numberCategory is the category a number falls into when its feature is
// categorical: the number in Go's shortest form that reads back exactly.
func numberCategory(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
