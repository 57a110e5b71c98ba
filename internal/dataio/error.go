package dataio

import "fmt"

// InputError is bad input: a malformed line, a missing column, a value that
// is not what the field needs. It prints as "FILE:LINE: field: message", the
// shape the mltest CLI prefixes with "mltest: ". Formats without lines
// (Parquet) name the row instead: "FILE: row ROW: field: message".
type InputError struct {
	File  string // the file's name as the user gave it ("-" for standard input)
	Line  int    // 1-based line number; 0 when the error concerns the whole file
	Row   int    // 1-based row number where the format has no lines (Parquet); else 0
	Field string // the column or field, "" when the error concerns the whole line
	Msg   string // what is wrong and what was expected
}

func (e *InputError) Error() string {
	s := e.File
	if e.Line > 0 {
		s += fmt.Sprintf(":%d", e.Line)
	}
	s += ": "
	if e.Row > 0 {
		s += fmt.Sprintf("row %d: ", e.Row)
	}
	if e.Field != "" {
		s += fmt.Sprintf("%s: ", e.Field)
	}
	return s + e.Msg
}

// Errorf returns an *InputError.
func Errorf(file string, line int, field, format string, args ...any) *InputError {
	return &InputError{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
}
