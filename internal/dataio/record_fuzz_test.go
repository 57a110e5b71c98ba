package dataio

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"testing"
)

// csvReference reads data with encoding/csv (FieldsPerRecord -1: any
// width), the dialect csvRecord implements: the records, each record's start
// line, and the first error's kind and line.
func csvReference(data []byte) (records [][]string, lines []int, errLine int, errKind error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return records, lines, 0, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return records, lines, pe.StartLine, pe.Err
		}
		if err != nil {
			panic(err)
		}
		line, _ := r.FieldPos(0)
		records = append(records, slices.Clone(rec))
		lines = append(lines, line)
	}
}

// csvFast reads data with csvRecord, as TableReader does.
func csvFast(data []byte) (records [][]string, lines []int, errLine int, errKind error) {
	var r csvRecord
	pos, next := 0, 1
	for {
		end, n, skipped, ok, err := r.next(data, pos)
		line := next + skipped
		if err != nil {
			return records, lines, line, err
		}
		if !ok {
			return records, lines, 0, nil
		}
		rec := make([]string, len(r.fields))
		for i, f := range r.fields {
			rec[i] = string(f)
		}
		records = append(records, rec)
		lines = append(lines, line)
		pos, next = end, next+n
	}
}

func csvErrName(err error) string {
	switch {
	case err == nil:
		return "none"
	case errors.Is(err, csv.ErrBareQuote) || err == errBareQuote:
		return "bare quote"
	case errors.Is(err, csv.ErrQuote) || err == errQuote:
		return "quote"
	}
	return err.Error()
}

// FuzzCSVRecord: csvRecord splits any input into the records, fields, lines
// and first error encoding/csv finds, with the same messages.
func FuzzCSVRecord(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n", "a,\"b,c\"\n", "\"x\"\"y\",z\r\n", "\n\n a,b \r\n", "\"multi\nline\",2\n",
		"a\"b,c\n", "\"a\"b\n", "\"open\n", "x\ry,z\r", "\r\r\n", "\"\r\n\"\n", ",,\n", "\"\",\"\"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		wantRecs, wantLines, wantErrLine, wantErr := csvReference(data)
		gotRecs, gotLines, gotErrLine, gotErr := csvFast(data)
		if csvErrName(wantErr) != csvErrName(gotErr) || wantErrLine != gotErrLine {
			t.Fatalf("input %q: error %s at line %d, encoding/csv: %s at line %d", data, csvErrName(gotErr), gotErrLine, csvErrName(wantErr), wantErrLine)
		}
		if fmt.Sprint(wantRecs) != fmt.Sprint(gotRecs) || !slices.Equal(wantLines, gotLines) {
			t.Fatalf("input %q:\n got %q at lines %v\nwant %q at lines %v", data, gotRecs, gotLines, wantRecs, wantLines)
		}
		if wantErr != nil && wantErr.Error() != gotErr.Error() {
			t.Fatalf("message %q, encoding/csv %q", gotErr, wantErr)
		}
	})
}

// FuzzJSONObject: the fast scanner accepts a line only when encoding/json
// reads it as an object, and then finds the same values (a string decoded,
// anything else as its raw JSON).
func FuzzJSONObject(f *testing.F) {
	for _, s := range []string{
		`{"a": 1, "b": "x"}`, `{"a": [1, {"c": null}], "b": "\u00e9"}`, `{"a": 1, "a": 2}`, `{}`,
		`{"a": "caf\xc3\xa9"}`, `{"a": "bad \xff utf8"}`, `{"a\u0062": true, "b": -0.5e+3}`, `{"b": {}}`,
		`{"a": 01}`, `{"a": 1.}`, `{"a": tru}`, `{"a": [1,]}`, `[1]`, `null`, `{"a": 1} x`, `{"b": "\t"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		cols := []string{"a", "b"}
		o := newJSONObject(cols)
		if !o.fast(line) {
			return // encoding/json reads the line: nothing of the fast path to check
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(line, &m); err != nil || m == nil {
			t.Fatalf("fast scanner accepts %q; encoding/json: %v (map %v)", line, err, m)
		}
		for i, c := range cols {
			raw, ok := m[c]
			if ok != o.found[i] {
				t.Fatalf("%q: key %s found %v, encoding/json %v", line, c, o.found[i], ok)
			}
			if !ok {
				continue
			}
			want := string(raw)
			if raw[0] == '"' {
				var s string
				if err := json.Unmarshal(raw, &s); err != nil {
					t.Fatal(err)
				}
				want = s
			}
			if string(o.values[i]) != want || (o.kinds[i] == jsonString) != (raw[0] == '"') {
				t.Fatalf("%q: %s = %q (kind %d), encoding/json %q", line, c, o.values[i], o.kinds[i], want)
			}
		}
	})
}
