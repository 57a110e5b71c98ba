package dataio

import (
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The grammar of ParseNumber, written independently as a regular expression,
// and the words it refuses as not finite.
var (
	numberGrammar = regexp.MustCompile(`^[ \t\n\v\f\r]*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?[ \t\n\v\f\r]*$`)
	notFinite     = regexp.MustCompile(`^[ \t\n\v\f\r]*[+-]?(?i:nan|inf|infinity)[ \t\n\v\f\r]*$`)
)

// checkNumber compares ParseNumber with the grammar and strconv.ParseFloat:
// a text of the grammar reads as ParseFloat reads it, bit for bit, or is out
// of range where ParseFloat says so; any other text is refused.
func checkNumber(t *testing.T, s string) {
	t.Helper()
	got, st := ParseNumber([]byte(s))
	switch {
	case numberGrammar.MatchString(s):
		want, err := strconv.ParseFloat(strings.Trim(s, " \t\n\v\f\r"), 64)
		switch {
		case err != nil && math.IsInf(want, 0):
			if st != NumberRange {
				t.Fatalf("ParseNumber(%q) = %v, %v; ParseFloat: %v", s, got, st, err)
			}
		case err != nil:
			t.Fatalf("ParseFloat(%q): %v, though the text is of the grammar", s, err)
		case st != NumberOK || math.Float64bits(got) != math.Float64bits(want):
			t.Fatalf("ParseNumber(%q) = %v (%#x), %v; ParseFloat: %v (%#x)", s, got, math.Float64bits(got), st, want, math.Float64bits(want))
		}
	case notFinite.MatchString(s):
		if st != NumberNotFinite {
			t.Fatalf("ParseNumber(%q) = %v, %v; want NumberNotFinite", s, got, st)
		}
	default:
		if st != NumberSyntax {
			t.Fatalf("ParseNumber(%q) = %v, %v; want NumberSyntax", s, got, st)
		}
	}
}

func TestParseNumberGrammar(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		st   NumberStatus
	}{
		{"1", 1, NumberOK},
		{"-0.25", -0.25, NumberOK},
		{"+.5", 0.5, NumberOK},
		{"5.", 5, NumberOK},
		{"1e-3", 0.001, NumberOK},
		{"6.02E+23", 6.02e23, NumberOK},
		{" 0.125\t", 0.125, NumberOK},
		{"00012", 12, NumberOK},
		{"1e-400", 0, NumberOK},
		{"4.9e-324", 5e-324, NumberOK},
		{"1.7976931348623157e308", math.MaxFloat64, NumberOK},
		{"1e400", 0, NumberRange},
		{"-1e400", 0, NumberRange},
		{"0x1p-1", 0, NumberSyntax}, // Go's hexadecimal floats are not data
		{"1_0", 0, NumberSyntax},    // nor its digit separators
		{"0x10", 0, NumberSyntax},
		{"1,5", 0, NumberSyntax},
		{"1e", 0, NumberSyntax},
		{"e5", 0, NumberSyntax},
		{".", 0, NumberSyntax},
		{"-", 0, NumberSyntax},
		{"", 0, NumberSyntax},
		{"  ", 0, NumberSyntax},
		{"1 2", 0, NumberSyntax},
		{"١", 0, NumberSyntax}, // Arabic-Indic one
		{"NaN", 0, NumberNotFinite},
		{"-inf", 0, NumberNotFinite},
		{"+Infinity", 0, NumberNotFinite},
		{"nano", 0, NumberSyntax},
	} {
		got, st := ParseNumber([]byte(c.in))
		if st != c.st || (st == NumberOK && got != c.want) {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", c.in, got, st, c.want, c.st)
		}
		checkNumber(t, c.in)
	}
	if v, _ := ParseNumber([]byte("-0")); !math.Signbit(v) {
		t.Error(`ParseNumber("-0") is not -0`)
	}
}

func TestParseNumberMessages(t *testing.T) {
	for in, want := range map[string]string{
		"":       "empty value, expected a number",
		"x":      `expected a number, got "x"`,
		"1e999":  `number out of range: "1e999"`,
		"-Inf":   `expected a finite number, got "-Inf"`,
		"0x1p-1": `expected a number, got "0x1p-1"`,
	} {
		_, st := ParseNumber([]byte(in))
		if got := st.Message(in); got != want {
			t.Errorf("message for %q = %q, want %q", in, got, want)
		}
	}
}

// TestParseNumberAgreesWithParseFloat draws decimals of every shape: few and
// many digits, long runs of zeros and nines, exponents near the limits of
// the fast path and of float64, and halfway cases.
func TestParseNumberAgreesWithParseFloat(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for range 300000 {
		checkNumber(t, randomDecimal(rng))
	}
	for range 20000 {
		// Exactly the decimal of a float64, and one digit off it.
		f := math.Float64frombits(rng.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		s := strconv.FormatFloat(f, 'e', -1, 64)
		checkNumber(t, s)
		checkNumber(t, strconv.FormatFloat(f, 'e', 25, 64))
		checkNumber(t, strconv.FormatFloat(f, 'f', -1, 64))
	}
}

func randomDecimal(rng *rand.Rand) string {
	var b strings.Builder
	switch rng.IntN(4) {
	case 0:
		b.WriteByte('-')
	case 1:
		b.WriteByte('+')
	}
	digit := func() byte {
		switch rng.IntN(6) {
		case 0:
			return '0'
		case 1:
			return '9'
		}
		return byte('0' + rng.IntN(10))
	}
	intDigits, fracDigits := rng.IntN(22), rng.IntN(22)
	for range intDigits {
		b.WriteByte(digit())
	}
	if fracDigits > 0 || rng.IntN(3) == 0 {
		b.WriteByte('.')
		for range fracDigits {
			b.WriteByte(digit())
		}
	}
	if rng.IntN(2) == 0 {
		b.WriteByte("eE"[rng.IntN(2)])
		switch rng.IntN(3) {
		case 0:
			b.WriteByte('-')
		case 1:
			b.WriteByte('+')
		}
		exp := []int{rng.IntN(25), rng.IntN(330), 300 + rng.IntN(30), rng.IntN(100000)}[rng.IntN(4)]
		fmt.Fprint(&b, exp)
	}
	return b.String()
}

// FuzzParseNumber: on any text, ParseNumber is the grammar's verdict and,
// on the grammar, strconv.ParseFloat's value bit for bit.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"0.5", "-12.345678", "999999999999999", "1e3", ".1", "1.", "+0", "0x1p-1",
		"1_0", "9007199254740993", "1e23", "2.2250738585072011e-308", "inf", " 7 ", "1e-400", "1e400",
		"123456789012345678901234567890", "0.000000000000000000001e21"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkNumber(t, s)
	})
}

func BenchmarkParseNumber(b *testing.B) {
	for _, s := range []string{"0.776490", "1", "0.7764901234567891", "6.02e+23"} {
		in := []byte(s)
		b.Run(s, func(b *testing.B) {
			for b.Loop() {
				ParseNumber(in)
			}
		})
		b.Run(s+"/strconv", func(b *testing.B) {
			for b.Loop() {
				strconv.ParseFloat(s, 64)
			}
		})
	}
}
