// Package exactref is the high-precision side of mltest's extreme-value fuzz
// targets (issue 14): a statistic evaluated on the float64 inputs in exact
// rational arithmetic (math/big.Rat), or in 300-bit floats where a square
// root or a logarithm appears, rounded once to float64, and the check that
// holds a float64 result to it. Decoders turn fuzz bytes into weights and
// values spanning 2^-1024 to 2^1016, as metrics' own targets do.
//
// It is for tests only: nothing outside _test.go files imports it.
package exactref
