package parity

import (
	"context"
	"fmt"
	"reflect"
	"sort"

	"github.com/mltest/mltest/harness/model"
	"github.com/mltest/mltest/harness/serving"
)

// ModelStages are the stages of the outputs ModelPredictor gives: "encode",
// "score" and "decode", in pipeline order.
var ModelStages = []Stage{
	{Name: "encode", Outputs: []string{"encode"}},
	{Name: "score", Outputs: []string{"score"}},
	{Name: "decode", Outputs: []string{"decode"}},
}

// ModelPredictor runs an in-process model on each row, parsed into the
// model's input by parse, and gives the output of every stage (model.Trace)
// as outputs named by Flatten under the prefixes "encode", "score" and
// "decode". Compared with Options.Stages = ModelStages, a mismatch names the
// first stage where two models part. A row whose parse or stage fails is an
// Outcome with the error (a *model.StageError names the stage).
func ModelPredictor[In, Feat, Raw, Out any](m model.Model[In, Feat, Raw, Out], parse func(serving.Row) (In, error)) serving.Predictor {
	return modelPredictor[In, Feat, Raw, Out]{m: m, parse: parse}
}

type modelPredictor[In, Feat, Raw, Out any] struct {
	m     model.Model[In, Feat, Raw, Out]
	parse func(serving.Row) (In, error)
}

func (p modelPredictor[In, Feat, Raw, Out]) Predict(ctx context.Context, rows []serving.Row) []serving.Outcome {
	out := make([]serving.Outcome, len(rows))
	for i, r := range rows {
		out[i].ID, out[i].Attempts = r.ID, 1
		if err := ctx.Err(); err != nil {
			out[i].Err = err
			continue
		}
		in, err := p.parse(r)
		if err != nil {
			out[i].Err = fmt.Errorf("parse inputs: %w", err)
			continue
		}
		st, err := model.Trace(p.m, in)
		if err != nil {
			out[i].Err = err
			continue
		}
		values := map[string]serving.Value{}
		for _, s := range []struct {
			prefix string
			v      any
		}{{"encode", st.Features}, {"score", st.Raw}, {"decode", st.Output}} {
			if err := flattenInto(values, s.prefix, reflect.ValueOf(s.v), 0); err != nil {
				out[i].Err = err
				break
			}
		}
		if out[i].Err == nil {
			out[i].Outputs = values
		}
	}
	return out
}

// Flatten turns a Go value into named outputs: a number or bool into a
// scalar named prefix, a string into a BYTES scalar, a slice or array of
// numbers or strings into a vector (nested slices: a rectangular tensor), a
// struct's exported fields and a map's entries into outputs named
// prefix.Field and prefix.key (sorted), pointers followed. A nil pointer,
// map or interface gives no output. Channels, functions and ragged nested
// slices are errors.
func Flatten(prefix string, v any) (map[string]serving.Value, error) {
	out := map[string]serving.Value{}
	return out, flattenInto(out, prefix, reflect.ValueOf(v), 0)
}

func flattenInto(out map[string]serving.Value, name string, v reflect.Value, depth int) error {
	if depth > 16 {
		return fmt.Errorf("parity: Flatten %s: nested more than 16 deep", name)
	}
	if !v.IsValid() {
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return flattenInto(out, name, v.Elem(), depth+1)
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() {
				if err := flattenInto(out, name+"."+f.Name, v.Field(i), depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	case reflect.Map:
		keys := v.MapKeys()
		names := make([]string, len(keys))
		for i, k := range keys {
			names[i] = fmt.Sprint(k.Interface())
		}
		idx := make([]int, len(keys))
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(a, b int) bool { return names[idx[a]] < names[idx[b]] })
		for _, i := range idx {
			if err := flattenInto(out, name+"."+names[i], v.MapIndex(keys[i]), depth+1); err != nil {
				return err
			}
		}
		return nil
	case reflect.Slice, reflect.Array:
		var val serving.Value
		shape, err := flattenTensor(v, &val, name, depth)
		if err != nil {
			return err
		}
		val.Shape = shape
		out[name] = val
		return nil
	}
	var val serving.Value
	if _, err := flattenTensor(v, &val, name, depth); err != nil {
		return err
	}
	out[name] = val
	return nil
}

// flattenTensor appends the elements of v to val and returns v's shape.
func flattenTensor(v reflect.Value, val *serving.Value, name string, depth int) ([]int, error) {
	if depth > 16 {
		return nil, fmt.Errorf("parity: Flatten %s: nested more than 16 deep", name)
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		val.Numbers = append(val.Numbers, v.Float())
		return nil, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		val.Numbers = append(val.Numbers, float64(v.Int()))
		return nil, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		val.Numbers = append(val.Numbers, float64(v.Uint()))
		return nil, nil
	case reflect.Bool:
		f := 0.0
		if v.Bool() {
			f = 1
		}
		val.Numbers = append(val.Numbers, f)
		return nil, nil
	case reflect.String:
		val.Strings = append(val.Strings, v.String())
		return nil, nil
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil, fmt.Errorf("parity: Flatten %s: nil inside a tensor", name)
		}
		return flattenTensor(v.Elem(), val, name, depth+1)
	case reflect.Slice, reflect.Array:
		var inner []int
		for i := range v.Len() {
			s, err := flattenTensor(v.Index(i), val, name, depth+1)
			if err != nil {
				return nil, err
			}
			if i == 0 {
				inner = s
			} else if !equalInts(s, inner) {
				return nil, fmt.Errorf("parity: Flatten %s: ragged: element %d has shape %v, element 0 %v", name, i, s, inner)
			}
		}
		if len(val.Numbers) > 0 && len(val.Strings) > 0 {
			return nil, fmt.Errorf("parity: Flatten %s: mixes numbers and strings", name)
		}
		return append([]int{v.Len()}, inner...), nil
	}
	return nil, fmt.Errorf("parity: Flatten %s: cannot compare a %s", name, v.Type())
}
