package serving

import (
	"flag"
	"math"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// TestCheckV2RowShortcut: checkV2Row, which accepts a row without
// iterating its map when the metadata names exactly its inputs, decides as
// checkV2RowLong does on any row and metadata, and its error is the long
// way's word for word; the names it takes from the metadata (as
// appendV2BatchInputs does) are the row's keys, sorted.
func TestCheckV2RowShortcut(t *testing.T) {
	taken := 0
	for range 5 { // until the shortcut was taken (most often the first time)
		rapid.Check(t, shortcutProperty(checkV2Row, &taken))
		if taken > 0 {
			break
		}
	}
	if taken == 0 {
		t.Fatal("the shortcut was never taken: the test compares nothing")
	}
}

// TestCheckV2RowShortcutMutant: the property catches a shortcut that
// forgets to conform the numbers to the datatype (an INT8 input of 0.5
// would be sent, and refused only by the server).
func TestCheckV2RowShortcutMutant(t *testing.T) {
	old := flag.Lookup("rapid.nofailfile").Value.String()
	if err := flag.Set("rapid.nofailfile", "true"); err != nil {
		t.Fatal(err)
	}
	defer flag.Set("rapid.nofailfile", old)
	noConform := func(op string, md *V2ModelMetadata, r Row) error {
		var buf [8]string
		if names, ok := mdInputNames(buf[:0], md, r.Values); ok {
			fits := true
			for _, name := range names {
				v := r.Values[name]
				_, err := inputDatatype(md, name, v)
				fits = fits && checkValue(v) == nil && err == nil
			}
			if fits {
				return nil
			}
		}
		return checkV2RowLong(op, md, r)
	}
	rec := &recordingTB{TB: t}
	var taken int
	for range 20 { // a run of 100 rows finds it two times in three
		if rapid.Check(rec, shortcutProperty(noConform, &taken)); rec.failed {
			break
		}
	}
	if !rec.failed {
		t.Fatal("a shortcut that does not conform numbers was not caught")
	}
}

// recordingTB records a failure instead of failing the test.
type recordingTB struct {
	testing.TB
	failed bool
}

func (r *recordingTB) Helper()               {}
func (r *recordingTB) Logf(string, ...any)   {}
func (r *recordingTB) Log(...any)            {}
func (r *recordingTB) Errorf(string, ...any) { r.failed = true }
func (r *recordingTB) Error(...any)          { r.failed = true }
func (r *recordingTB) Fatalf(string, ...any) { r.failed = true }
func (r *recordingTB) Fatal(...any)          { r.failed = true }
func (r *recordingTB) Fail()                 { r.failed = true }
func (r *recordingTB) FailNow()              { r.failed = true }
func (r *recordingTB) Failed() bool          { return r.failed }
func (r *recordingTB) Skip(...any)           {}
func (r *recordingTB) Skipf(string, ...any)  {}
func (r *recordingTB) SkipNow()              {}
func (r *recordingTB) Skipped() bool         { return false }

// shortcutProperty compares check with checkV2RowLong, counting in taken
// the rows the shortcut accepted.
func shortcutProperty(check func(string, *V2ModelMetadata, Row) error, taken *int) func(*rapid.T) {
	return func(t *rapid.T) {
		names := []string{"a", "b", "x"}
		dts := []Datatype{FP32, Int8, Bool, Bytes, FP64}
		var md *V2ModelMetadata
		if rapid.Bool().Draw(t, "metadata") {
			md = &V2ModelMetadata{Name: "m"}
			for range rapid.IntRange(0, 3).Draw(t, "inputs") {
				md.Inputs = append(md.Inputs, V2MetadataTensor{
					Name:     rapid.SampledFrom(names).Draw(t, "name"),
					Datatype: rapid.SampledFrom(dts).Draw(t, "datatype"),
					Shape:    rapid.SampledFrom([][]int{{-1}, {-1, 2}, {-1, 1}, nil}).Draw(t, "shape"),
				})
			}
		}
		r := Row{ID: "r", Values: map[string]Value{}}
		fromMetadata := md != nil && rapid.Bool().Draw(t, "row of the metadata's inputs")
		valid := rapid.Bool().Draw(t, "values that fit the metadata")
		for _, name := range names {
			if fromMetadata {
				if !slices.ContainsFunc(md.Inputs, func(in V2MetadataTensor) bool { return in.Name == name }) {
					continue
				}
			} else if !rapid.Bool().Draw(t, "has "+name) {
				continue
			}
			if fromMetadata && valid {
				r.Values[name] = validValue(md, name, rapid.SampledFrom([]float64{0, 1, 0.5, 300}).Draw(t, "element"))
				continue
			}
			n := rapid.IntRange(0, 3).Draw(t, "elements")
			v := Value{Shape: rapid.SampledFrom([][]int{{2}, {1}, nil, {n}}).Draw(t, "row shape")}
			if rapid.Bool().Draw(t, "strings") {
				v.Strings = make([]string, n)
			} else {
				v.Numbers = make([]float64, n)
				for i := range v.Numbers {
					v.Numbers[i] = rapid.SampledFrom([]float64{0, 1, 0.5, -200, 300, math.NaN(), math.Inf(1)}).Draw(t, "x")
				}
			}
			r.Values[name] = v
		}
		short, long := check("op", md, r), checkV2RowLong("op", md, r)
		if (short == nil) != (long == nil) || short != nil && short.Error() != long.Error() {
			t.Fatalf("row %v metadata %+v: checkV2Row %v, checkV2RowLong %v", r, md, short, long)
		}
		var buf [8]string
		if names, ok := mdInputNames(buf[:0], md, r.Values); ok {
			if keys := sortedKeys(r.Values); !slices.Equal(names, keys) {
				t.Fatalf("metadata %+v row %v: names %v, the row's keys %v", md, r, names, keys)
			}
			if short == nil {
				*taken++
			}
		}
	}
}

// validValue is a value of md's first input called name: its kind, its
// row shape (2 for a variable dimension), elements x (which fits INT8 and
// BOOL only as 0 or 1).
func validValue(md *V2ModelMetadata, name string, x float64) Value {
	i := slices.IndexFunc(md.Inputs, func(in V2MetadataTensor) bool { return in.Name == name })
	in := md.Inputs[i]
	v := Value{Shape: []int{2}}
	if len(in.Shape) > 1 {
		v.Shape = slices.Clone(in.Shape[1:])
		for k, d := range v.Shape {
			if d < 0 {
				v.Shape[k] = 2
			}
		}
	}
	n, _ := shapeSize(v.Shape)
	if in.Datatype == Bytes {
		v.Strings = make([]string, n)
		return v
	}
	v.Numbers = make([]float64, n)
	for k := range v.Numbers {
		v.Numbers[k] = x
	}
	return v
}
