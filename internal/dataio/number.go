package dataio

import (
	"math"
	"strconv"
	"unsafe"
)

// NumberStatus says whether a text is a number of the grammar, and if not why.
type NumberStatus uint8

// The outcomes of ParseNumber.
const (
	NumberOK        NumberStatus = iota // a finite number
	NumberSyntax                        // not a number of the grammar
	NumberRange                         // a number whose magnitude is beyond math.MaxFloat64
	NumberNotFinite                     // "nan", "inf" or "infinity" (any case, signed)
)

// Message describes the problem with text for an *InputError, or "" for
// NumberOK.
func (s NumberStatus) Message(text string) string {
	switch s {
	case NumberSyntax:
		if text == "" {
			return "empty value, expected a number"
		}
		return "expected a number, got " + strconv.Quote(truncate(text, 40))
	case NumberRange:
		return "number out of range: " + strconv.Quote(truncate(text, 40))
	case NumberNotFinite:
		return "expected a finite number, got " + strconv.Quote(truncate(text, 40))
	}
	return ""
}

// numberSpace is the white space allowed around a number: C's isspace.
var numberSpace = [256]bool{' ': true, '\t': true, '\n': true, '\v': true, '\f': true, '\r': true}

// exactPow10 holds the powers of ten a float64 represents exactly.
var exactPow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// ParseNumber parses b as a number of mltest's one grammar of numbers in
// input files, without allocating. Every number mltest reads from a text
// field (a CSV field, a JSON number, a TREC score or relevance) follows it:
// the decimal and exponent forms that pandas.read_csv and scikit-learn's
// readers accept, with surrounding ASCII white space allowed:
//
//	number   = [sign] mantissa [exponent]
//	sign     = "+" | "-"
//	mantissa = digits ["." [digits]] | "." digits
//	exponent = ("e" | "E") [sign] digits
//	digits   = "0"..."9" {"0"..."9"}
//
// So "1", "-0.25", "+.5", "5.", "1e-3" and "6.02E+23" are numbers, and Go's
// extras are not: no hexadecimal ("0x1p-1"), no digit separators ("1_0"), no
// "Inf" or "NaN" (which are refused as not finite, with their own message).
// The value is the float64 nearest the decimal, ties to even, bit for bit
// what strconv.ParseFloat returns for the same text; a magnitude beyond
// math.MaxFloat64 is out of range; one below the smallest subnormal is 0.
//
// Most numbers in data files have at most 19 digits and a small exponent:
// when the digits form an integer m <= 2^53 and the value is
// m * 10^e with |e| <= 22, both are exact float64s and one IEEE multiply or
// divide rounds correctly (Clinger 1990, also strconv's first path), so the
// result is strconv.ParseFloat's bit for bit. Anything else goes to
// strconv.ParseFloat on the same bytes, after this grammar has accepted them.
func ParseNumber(b []byte) (float64, NumberStatus) {
	s := b
	if len(s) > 0 && (numberSpace[s[0]] || numberSpace[s[len(s)-1]]) {
		i, j := 0, len(s)
		for i < j && numberSpace[s[i]] {
			i++
		}
		for j > i && numberSpace[s[j-1]] {
			j--
		}
		s = s[i:j]
	}
	k := 0
	neg := false
	if k < len(s) && (s[k] == '+' || s[k] == '-') {
		neg = s[k] == '-'
		k++
	}
	// The digits, as one integer: exact while there are at most 19 of them.
	var mant uint64
	from := k
	for ; k < len(s); k++ {
		d := s[k] - '0'
		if d >= 10 {
			break
		}
		mant = mant*10 + uint64(d)
	}
	digits, frac := k-from, 0
	if k < len(s) && s[k] == '.' {
		k++
		from = k
		for ; k < len(s); k++ {
			d := s[k] - '0'
			if d >= 10 {
				break
			}
			mant = mant*10 + uint64(d)
		}
		frac = k - from
		digits += frac
	}
	if digits == 0 {
		return 0, notANumber(s)
	}
	exp := -frac
	if k < len(s) && (s[k] == 'e' || s[k] == 'E') {
		k++
		eneg := false
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			eneg = s[k] == '-'
			k++
		}
		if k == len(s) || s[k]-'0' >= 10 {
			return 0, NumberSyntax
		}
		e := 0
		for ; k < len(s) && s[k]-'0' < 10; k++ {
			if e < 1e6 { // far beyond any float64; saturate
				e = e*10 + int(s[k]-'0')
			}
		}
		if eneg {
			e = -e
		}
		exp += e
	}
	if k != len(s) {
		return 0, NumberSyntax
	}
	if digits <= 19 {
		if mant == 0 {
			if neg {
				return math.Copysign(0, -1), NumberOK
			}
			return 0, NumberOK
		}
		if mant <= 1<<53 && exp >= -22 && exp <= 22 {
			f := float64(mant)
			if exp < 0 {
				f /= exactPow10[-exp]
			} else {
				f *= exactPow10[exp]
			}
			if neg {
				f = -f
			}
			return f, NumberOK
		}
	}
	v, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(s), len(s)), 64)
	if err != nil {
		if math.IsInf(v, 0) {
			return 0, NumberRange
		}
		return 0, NumberSyntax // not reached: the grammar is a subset of ParseFloat's
	}
	return v, NumberOK
}

// ParseNumberString is ParseNumber of the bytes of s, without copying them.
func ParseNumberString(s string) (float64, NumberStatus) {
	return ParseNumber(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// notANumber tells "nan", "inf" and "infinity" (any case, with a sign) from
// other text that is not a number.
func notANumber(s []byte) NumberStatus {
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if len(s) != 3 && len(s) != 8 {
		return NumberSyntax
	}
	var low [8]byte
	for i, c := range s {
		low[i] = c | 0x20 // ASCII lower case; digits and symbols never match below
	}
	switch string(low[:len(s)]) {
	case "nan", "inf", "infinity":
		return NumberNotFinite
	}
	return NumberSyntax
}
