package serving

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http/httptest"
	"slices"
	"testing"

	"google.golang.org/grpc"
)

// echoModel declares one input and one output per spec, each output
// returning its input of the same name.
func echoModel(specs []TensorSpec) Model {
	outs := make([]TensorSpec, len(specs))
	for i, s := range specs {
		outs[i] = TensorSpec{Name: "out_" + s.Name, Datatype: s.Datatype, Shape: s.Shape}
	}
	return Model{Name: "echo", Version: "1", Inputs: specs, Outputs: outs,
		Predict: func(ctx context.Context, rows []Row) ([]map[string]Value, error) {
			res := make([]map[string]Value, len(rows))
			for i, r := range rows {
				res[i] = map[string]Value{}
				for name, v := range r.Values {
					res[i]["out_"+name] = v
				}
			}
			return res, nil
		}}
}

// allDatatypeSpecs covers every datatype, as scalar, vector and matrix.
func allDatatypeSpecs() []TensorSpec {
	var specs []TensorSpec
	for _, dt := range []Datatype{Bool, Uint8, Uint16, Uint32, Uint64, Int8, Int16, Int32, Int64, FP16, BF16, FP32, FP64, Bytes} {
		for _, shape := range [][]int{{}, {3}, {2, 2}} {
			specs = append(specs, TensorSpec{Name: fmt.Sprintf("%s_%d", dt, len(shape)), Datatype: dt, Shape: shape})
		}
	}
	return specs
}

// randomElement draws a value datatype dt can hold, including its extremes.
func randomElement(rng *rand.Rand, dt Datatype) (float64, string) {
	switch dt {
	case Bytes:
		return 0, []string{"", "item-42", `quote " and \ backslash`, "ünïcödé ✓", "tab\tnewline\n", "NaN"}[rng.IntN(6)]
	case Bool:
		return float64(rng.IntN(2)), ""
	case FP16, BF16, FP32, FP64:
		special := []float64{0, math.Copysign(0, -1), 1, -2.5, 1e-7, 65504, math.NaN(), math.Inf(1), math.Inf(-1)}
		if rng.IntN(3) == 0 {
			return special[rng.IntN(len(special))], ""
		}
		return rng.NormFloat64() * math.Pow(10, float64(rng.IntN(10)-5)), ""
	}
	lo, hi, _ := dt.integerRange()
	hi = min(hi, 1<<53) // integers beyond 2^53 are not exact in float64
	lo = max(lo, -(1 << 53))
	switch rng.IntN(4) {
	case 0:
		return lo, ""
	case 1:
		return hi, ""
	}
	return math.Round(lo + rng.Float64()*(hi-lo)), ""
}

func randomRow(rng *rand.Rand, id string, specs []TensorSpec) Row {
	r := Row{ID: id, Values: map[string]Value{}}
	for _, s := range specs {
		n, _ := shapeSize(s.Shape)
		v := Value{Shape: rowShapeOrNil(s.Shape)}
		for range n {
			x, str := randomElement(rng, s.Datatype)
			if s.Datatype == Bytes {
				v.Strings = append(v.Strings, str)
			} else {
				v.Numbers = append(v.Numbers, x)
			}
		}
		r.Values[s.Name] = v
	}
	return r
}

// sameValue compares values element-wise, NaN equal to NaN, -0 equal to 0.
func sameValue(a, b Value) bool {
	if !slices.Equal(a.Shape, b.Shape) || !slices.Equal(a.Strings, b.Strings) || len(a.Numbers) != len(b.Numbers) {
		return false
	}
	for i, x := range a.Numbers {
		if x != b.Numbers[i] && !(math.IsNaN(x) && math.IsNaN(b.Numbers[i])) {
			return false
		}
	}
	return true
}

// TestRoundTripEveryDatatype sends random rows of every datatype and shape
// through each protocol's server and client (REST JSON and binary, gRPC raw
// and typed contents) and checks that each output equals its input as the
// datatype holds it (FP32, FP16 and BF16 rounded).
func TestRoundTripEveryDatatype(t *testing.T) {
	const seed = 20261124
	specs := allDatatypeSpecs()
	m := echoModel(specs)
	v2srv := httptest.NewServer(NewV2Handler(m))
	defer v2srv.Close()
	tfsrv := httptest.NewServer(NewTFServingHandler(m))
	defer tfsrv.Close()
	jsonsrv := httptest.NewServer(NewJSONHandler(m))
	defer jsonsrv.Close()
	v2grpc := startGRPC(t, func(s *grpc.Server) { RegisterV2GRPC(s, m) })
	tfgrpc := startGRPC(t, func(s *grpc.Server) { RegisterTFServingGRPC(s, m) })
	binary := NewV2(v2srv.URL, "echo", nil)
	binary.BinaryData = true
	typed := closeAfter(t, NewV2GRPC(v2grpc, "echo", GRPCConfig{}))
	typed.Typed = true

	rng := rand.New(rand.NewPCG(seed, 1))
	rows := make([]Row, 50)
	for i := range rows {
		rows[i] = randomRow(rng, fmt.Sprint("r", i), specs)
	}
	for _, c := range []struct {
		name string
		p    Protocol
		// typed: the protocol carries the datatype, so the client rounds
		// FP32 and FP16; TF Serving and JSON carry decimal digits only.
		typed bool
	}{
		{"v2", NewV2(v2srv.URL, "echo", nil), true},
		{"tfserving", NewTFServing(tfsrv.URL, "echo", nil), false},
		{"json", NewJSON(jsonsrv.URL, nil), false},
		{"v2 binary", binary, true},
		{"v2-grpc raw", closeAfter(t, NewV2GRPC(v2grpc, "echo", GRPCConfig{})), true},
		{"v2-grpc typed", typed, true},
		{"tfserving-grpc", closeAfter(t, NewTFServingGRPC("grpc://"+tfgrpc, "echo", GRPCConfig{})), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			cl := NewClient(c.p)
			cl.BatchSize = 7
			outcomes := cl.Predict(context.Background(), rows)
			if len(outcomes) != len(rows) {
				t.Fatalf("%d outcomes for %d rows", len(outcomes), len(rows))
			}
			for i, o := range outcomes {
				if o.Err != nil || o.ID != rows[i].ID || o.Attempts != 1 {
					t.Fatalf("seed %d row %d: outcome %+v", seed, i, o)
				}
				for _, s := range specs {
					in := rows[i].Values[s.Name]
					want := Value{Shape: in.Shape, Strings: in.Strings}
					for _, x := range in.Numbers {
						y, err := s.Datatype.conform(x)
						if err != nil {
							t.Fatal(err)
						}
						want.Numbers = append(want.Numbers, y)
					}
					got := o.Outputs["out_"+s.Name]
					if !c.typed && (s.Datatype == FP32 || s.Datatype == FP16 || s.Datatype == BF16) {
						// Float32 digits (0.33333334) read as float64 are
						// the float32 value only after rounding to float32.
						got.Numbers = slices.Clone(got.Numbers)
						for k, x := range got.Numbers {
							got.Numbers[k] = float64(float32(x))
						}
					}
					if !sameValue(got, want) {
						t.Errorf("seed %d row %d output %s = %+v, want %+v", seed, i, s.Name, got, want)
					}
				}
			}
		})
	}
}
