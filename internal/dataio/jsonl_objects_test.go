package dataio

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestObjectReaderReadsTypedFields(t *testing.T) {
	in := `{"id": " e1 ", "n": 7, "items": ["i1", 2], "x": 0.25, "xs": [1, -2.5e-3], "m": {"a": 0.5}, "ms": [{"b": 1}, {}]}

{"id": 42, "opt": null}
`
	o := NewObjectReader(strings.NewReader(in), "log.jsonl")
	if !o.Next() {
		t.Fatalf("Next = false, err %v", o.Err())
	}
	id, err := o.ID("id")
	check(t, err)
	items, err := o.IDs("items")
	check(t, err)
	x, err := o.Number("x")
	check(t, err)
	xs, err := o.Numbers("xs")
	check(t, err)
	m, err := o.NumberMap("m")
	check(t, err)
	ms, err := o.NumberMaps("ms")
	check(t, err)
	got := []any{id, items, x, xs, m, ms, o.Line(), o.IsArray("items"), o.IsArray("m")}
	want := []any{"e1", []string{"i1", "2"}, 0.25, []float64{1, -0.0025}, map[string]float64{"a": 0.5},
		[]map[string]float64{{"b": 1}, {}}, 1, true, false}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("first object (-want +got):\n%s", d)
	}
	if !o.Next() {
		t.Fatalf("second Next = false, err %v", o.Err())
	}
	if id, _ := o.ID("id"); id != "42" || o.Line() != 3 || o.Has("opt") || o.Has("nope") {
		t.Errorf("second object: id %q line %d Has(opt) %v", id, o.Line(), o.Has("opt"))
	}
	if o.Next() || o.Err() != nil {
		t.Errorf("after the last object: Next true or err %v", o.Err())
	}
}

func TestObjectReaderErrorsNameLineAndField(t *testing.T) {
	for _, c := range []struct {
		line string
		read func(o *ObjectReader) error
		want string
	}{
		{`[1]`, nil, "f.jsonl:1: not a JSON object"},
		{`null`, nil, "f.jsonl:1: not a JSON object: null"},
		{`{"a": 1`, nil, "f.jsonl:1: not a JSON object"},
		{`{}`, func(o *ObjectReader) error { _, err := o.ID("id"); return err }, "f.jsonl:1: id: missing key"},
		{`{"id": null}`, func(o *ObjectReader) error { _, err := o.ID("id"); return err }, "f.jsonl:1: id: null, want a value"},
		{`{"id": "  "}`, func(o *ObjectReader) error { _, err := o.ID("id"); return err }, "f.jsonl:1: id: empty id"},
		{`{"id": 1.5}`, func(o *ObjectReader) error { _, err := o.ID("id"); return err }, "want a string or an integer id, got 1.5"},
		{`{"id": true}`, func(o *ObjectReader) error { _, err := o.ID("id"); return err }, "want a string or an integer id, got true"},
		{`{"items": ["a", null]}`, func(o *ObjectReader) error { _, err := o.IDs("items"); return err }, "f.jsonl:1: items[1]: want a string or an integer id, got null"},
		{`{"items": "a"}`, func(o *ObjectReader) error { _, err := o.IDs("items"); return err }, "items: want a JSON array"},
		{`{"p": "0.5"}`, func(o *ObjectReader) error { _, err := o.Number("p"); return err }, `f.jsonl:1: p: want a number, got "0.5"`},
		{`{"p": 1e999}`, func(o *ObjectReader) error { _, err := o.Number("p"); return err }, "p: want a finite number, got 1e999"},
		{`{"p": [1, null]}`, func(o *ObjectReader) error { _, err := o.Numbers("p"); return err }, "p[1]: want a number, got null"},
		{`{"q": {"a1": "x"}}`, func(o *ObjectReader) error { _, err := o.NumberMap("q"); return err }, `q[a1]: want a number, got "x"`},
		{`{"q": [1]}`, func(o *ObjectReader) error { _, err := o.NumberMap("q"); return err }, "q: want a JSON object of numbers"},
		{`{"q": [{"a": null}]}`, func(o *ObjectReader) error { _, err := o.NumberMaps("q"); return err }, "q[0][a]: want a number, got null"},
	} {
		o := NewObjectReader(strings.NewReader("\n"+c.line), "f.jsonl")
		var err error
		if o.Next() {
			err = c.read(o)
		} else {
			err = o.Err()
		}
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Errorf("%s: error %v, want an *InputError", c.line, err)
			continue
		}
		// The blank first line is counted: the object is on line 2.
		want := strings.Replace(c.want, "f.jsonl:1", "f.jsonl:2", 1)
		if !strings.Contains(err.Error(), want) || ie.Line != 2 {
			t.Errorf("%s: error %q (line %d), want it to contain %q", c.line, err, ie.Line, want)
		}
	}
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func FuzzObjectReader(f *testing.F) {
	f.Add([]byte(`{"id": "e1", "items": ["a", "b"], "p": 0.5, "m": {"a": 1}, "ms": [{"a": 1}]}` + "\n{}\n"))
	f.Add([]byte("\n\n{\"id\": 3}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		o := NewObjectReader(strings.NewReader(string(data)), "fuzz.jsonl")
		for o.Next() {
			for _, err := range []error{
				second(o.ID("id")), second(o.IDs("items")), second(o.Number("p")),
				second(o.Numbers("items")), second(o.NumberMap("m")), second(o.NumberMaps("ms")),
			} {
				var ie *InputError
				if err != nil && !errors.As(err, &ie) {
					t.Fatalf("error %v is not an *InputError", err)
				}
			}
		}
		var ie *InputError
		if err := o.Err(); err != nil && !errors.As(err, &ie) {
			t.Fatalf("Err %v is not an *InputError", err)
		}
	})
}

func second[T any](_ T, err error) error { return err }
