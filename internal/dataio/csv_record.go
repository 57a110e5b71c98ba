package dataio

import (
	"bytes"
	"errors"
)

// The CSV dialect is RFC 4180's as Go's encoding/csv reads it with its
// defaults, which is also what pandas.read_csv writes: fields separated by
// commas, records by "\n" or "\r\n"; a field that starts with a double quote
// is quoted, may hold commas, newlines and doubled quotes ("" for one), and
// ends at a quote followed by a comma or the end of the record; a quote
// anywhere else is an error; empty lines are skipped; a "\r" before the end
// of the input is dropped. Every record has as many fields as the header.

// The errors of a malformed record, worded as encoding/csv words them.
var (
	errBareQuote = errors.New(`bare " in non-quoted-field`)
	errQuote     = errors.New(`extraneous or missing " in quoted-field`)
)

// csvClass classifies the bytes the field scanner stops at.
var csvClass = func() (t [256]bool) {
	for _, c := range []byte{',', '\n', '\r', '"'} {
		t[c] = true
	}
	return t
}()

// csvRecord splits CSV records into fields in place: a field is a slice of
// the input unless it is quoted with doubled quotes or "\r\n" inside, then a
// slice of scratch. Both are valid until the next call of next.
type csvRecord struct {
	fields  [][]byte
	scratch []byte
}

// next parses the record that starts at data[pos], skipping empty lines
// before it. data holds whole records: it ends after a record's "\n" or at
// the end of the input. It returns the index after the record, the number
// of lines consumed (empty lines and the record's own), the number of those
// lines before the record's first line, and an error for a malformed
// record. At the end of data it returns ok false.
func (r *csvRecord) next(data []byte, pos int) (end, lines, skipped int, ok bool, err error) {
	// Empty lines: "\n", "\r\n", and a "\r" that ends the input.
	for pos < len(data) {
		switch {
		case data[pos] == '\n':
			pos++
		case data[pos] == '\r' && (pos+1 == len(data) || data[pos+1] == '\n'):
			pos += 2
		default:
			goto record
		}
		skipped++
	}
	return min(pos, len(data)), skipped, skipped, false, nil
record:
	r.fields = r.fields[:0]
	r.scratch = r.scratch[:0]
	lines = skipped
	i := pos
	for {
		start := i
		if i < len(data) && data[i] == '"' {
			var field []byte
			var nl int
			field, i, nl, err = r.quoted(data, i+1)
			lines += nl
			if err != nil {
				return i, lines, skipped, true, err
			}
			r.fields = append(r.fields, field)
			// i is after the closing quote: a comma, the end of the record, or an error.
			switch {
			case i == len(data):
				return i, lines + 1, skipped, true, nil
			case data[i] == ',':
				i++
				continue
			case data[i] == '\n':
				return i + 1, lines + 1, skipped, true, nil
			case data[i] == '\r' && (i+1 == len(data) || data[i+1] == '\n'):
				return min(i+2, len(data)), lines + 1, skipped, true, nil
			}
			return i, lines, skipped, true, errQuote
		}
		for i < len(data) && !csvClass[data[i]] {
			i++
		}
		for i < len(data) && data[i] == '\r' && i+1 < len(data) && data[i+1] != '\n' {
			// A "\r" inside a field is data: go on to the next stop.
			for i++; i < len(data) && !csvClass[data[i]]; i++ {
			}
		}
		if i == len(data) {
			r.fields = append(r.fields, data[start:i])
			return i, lines + 1, skipped, true, nil
		}
		switch data[i] {
		case ',':
			r.fields = append(r.fields, data[start:i])
			i++
		case '\n':
			r.fields = append(r.fields, data[start:i])
			return i + 1, lines + 1, skipped, true, nil
		case '\r': // "\r\n", or a "\r" that ends the input
			r.fields = append(r.fields, data[start:i])
			return min(i+2, len(data)), lines + 1, skipped, true, nil
		default: // '"'
			return i, lines, skipped, true, errBareQuote
		}
	}
}

// quoted reads a quoted field whose content starts at data[i] and returns
// the content, the index after the closing quote and the number of newlines
// inside. Doubled quotes become one and "\r\n" becomes "\n"; when there are
// none, the content is a slice of data, else of r.scratch.
func (r *csvRecord) quoted(data []byte, i int) (field []byte, next, newlines int, err error) {
	start := i
	plain := true // no doubled quote
	for {
		q := bytes.IndexByte(data[i:], '"')
		if q < 0 {
			return nil, len(data), newlines + bytes.Count(data[i:], newline), errQuote
		}
		newlines += bytes.Count(data[i:i+q], newline)
		i += q + 1
		if i < len(data) && data[i] == '"' {
			plain = false
			i++
			continue
		}
		break
	}
	content := data[start : i-1]
	if plain && (newlines == 0 || !bytes.Contains(content, crlf)) {
		return content, i, newlines, nil
	}
	from := len(r.scratch)
	for k := 0; k < len(content); k++ {
		switch c := content[k]; {
		case c == '"': // the first of a doubled quote
			k++
		case c == '\r' && k+1 < len(content) && content[k+1] == '\n':
			continue
		}
		r.scratch = append(r.scratch, content[k])
	}
	return r.scratch[from:], i, newlines, nil
}

var (
	newline = []byte{'\n'}
	crlf    = []byte("\r\n")
)
