package serving

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// checkDecoded is what every successful decode must satisfy: one map per
// row, every value's elements fitting its shape.
func checkDecoded(t *testing.T, body []byte, n int, outs []map[string]Value, err error) {
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || e.Temporary() {
			t.Fatalf("body %q: error %v is not a permanent *Error", body, err)
		}
		return
	}
	if len(outs) != n {
		t.Fatalf("body %q: %d rows for %d", body, len(outs), n)
	}
	for i, o := range outs {
		if len(o) == 0 {
			t.Fatalf("body %q: row %d has no outputs", body, i)
		}
		for name, v := range o {
			if err := checkValue(v); err != nil {
				t.Fatalf("body %q: row %d output %q: %v", body, i, name, err)
			}
		}
	}
}

func FuzzDecodeV2Response(f *testing.F) {
	for _, s := range []string{
		`{"model_name":"m","outputs":[{"name":"y","datatype":"FP32","shape":[2],"data":[0.5,NaN]}]}`,
		`{"outputs":[{"name":"y","datatype":"FP64","shape":[2,2],"data":[[1,2],[3,-Infinity]]}]}`,
		`{"outputs":[{"name":"s","datatype":"BYTES","shape":[2,1],"data":["a","\u00e9"]},{"name":"b","datatype":"BOOL","shape":[2],"data":[true,false]}]}`,
		`{"outputs":[{"name":"i","datatype":"INT8","shape":[2,0],"data":[]}]}`,
		`{"outputs":[{"name":"y","datatype":"FP16","shape":[2],"data":[1e9,1e-9]}]}`,
		`{"outputs":[{"name":"y","datatype":"UINT64","shape":[2],"data":[18446744073709551615,0]}]}`,
		`{"outputs":[{"name":"y","datatype":"FP32","shape":[2],"data":[[1],[2,3]]}]}`,
		`{"outputs":[{"name":"y","datatype":"FP32","shape":[9223372036854775807,2],"data":[1,2]}]}`,
		`{"outputs":[{"name":"y","datatype":"FP32","shape":[2],"data":"AAAA"}]}`,
	} {
		f.Add([]byte(s), 2, false)
		f.Add([]byte(s), 2, true)
	}
	f.Fuzz(func(t *testing.T, body []byte, n int, expectY bool) {
		if n < 1 || n > 64 {
			return
		}
		var expect []string
		if expectY {
			expect = []string{"y"}
		}
		outs, err := decodeV2Response("v2 infer model \"m\"", body, "", n, expect)
		checkDecoded(t, body, n, outs, err)
		if err == nil && expectY {
			for i, o := range outs {
				if _, ok := o["y"]; !ok || len(o) != 1 {
					t.Fatalf("body %q: row %d outputs %v, want only y", body, i, o)
				}
			}
		}
	})
}

func FuzzDecodeTFResponse(f *testing.F) {
	for _, s := range []string{
		`{"predictions":[0.5,NaN]}`,
		`{"predictions":[[1,2],[3,4]]}`,
		`{"predictions":[{"y":1,"s":"a"},{"y":2,"s":{"b64":"YQ=="}}]}`,
		`{"predictions":[[[1],[2]],[[3],[4]]]}`,
		`{"predictions":[true,false]}`,
		`{"predictions":[{"b64":"YQ=="},{"y":[]}]}`,
		`{"predictions":[[1,[2]],3]}`,
		`{"predictions":[1,"a"]}`,
	} {
		f.Add([]byte(s), 2, false)
		f.Add([]byte(s), 2, true)
	}
	f.Fuzz(func(t *testing.T, body []byte, n int, expectY bool) {
		if n < 1 || n > 64 {
			return
		}
		var expect []string
		if expectY {
			expect = []string{"y"}
		}
		outs, err := decodeTFResponse("tfserving predict model \"m\"", body, n, "predictions", expect)
		checkDecoded(t, body, n, outs, err)
	})
}

// FuzzParseTensor checks the tensor reader on any text: no panic, and a
// tensor it accepts has as many elements as its shape.
func FuzzParseTensor(f *testing.F) {
	for _, s := range []string{`1`, `[1,2]`, `[[1,2],[3,4]]`, `["a","b"]`, `[true]`, `[]`, `[[],[]]`,
		`[[1],[2,3]]`, `[1,[2]]`, `{"b64":"YQ=="}`, `"\u0000NaN"`, `[1e400,-1e400]`, `[[[]],[1]]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		tt, err := parseTensor(quoteNonFinite(raw), true)
		if err != nil {
			return
		}
		n, err := shapeSize(tt.shape)
		if err != nil || n != tt.len() {
			t.Fatalf("text %q: shape %v, %d elements (%v)", raw, tt.shape, tt.len(), err)
		}
	})
}

// FuzzUnmarshalV2Response: the reflection-free reader of v2 responses gives
// json.Unmarshal's result, value and error, on any document.
func FuzzUnmarshalV2Response(f *testing.F) {
	for _, s := range []string{
		`{"model_name":"m","model_version":"1","id":"x","outputs":[{"name":"y","datatype":"FP32","shape":[2],"data":[0.5,"\u0000NaN"]}]}`,
		`{"outputs":[{"name":"s","datatype":"BYTES","shape":[2, 1],"parameters":{"binary_data_size":8},"data":["a,]}","b\"c"]}],"parameters":{"k":[1,{"a":null}]}}`,
		`{ "outputs" : [ { "nAme" : "y" , "shape" : [ 1e1 ] , "data" : null } ] , "id" : null }`,
		`{"outputs":[{"name":"y\u00e9","shape":[-0,9223372036854775808],"data":true},{"data":{}}],"outputs":[]}`,
		`{"outputs":null,"model_name":7}`, `[]`, `{"outputs":[{"shape":[2],"data":[[1],[2]],"extra":1}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		var fast, slow V2InferenceResponse
		ferr := unmarshalV2Response(doc, &fast)
		serr := json.Unmarshal(doc, &slow)
		if (ferr == nil) != (serr == nil) || (ferr != nil && ferr.Error() != serr.Error()) {
			t.Fatalf("doc %q: error %v, json.Unmarshal's %v", doc, ferr, serr)
		}
		if ferr == nil && !reflect.DeepEqual(normalizeRaw(fast), normalizeRaw(slow)) {
			t.Fatalf("doc %q:\n got %+v\nwant %+v", doc, fast, slow)
		}
	})
}

// normalizeRaw makes nil and empty raw data and parameters compare equal
// by content.
func normalizeRaw(r V2InferenceResponse) V2InferenceResponse {
	for i := range r.Outputs {
		r.Outputs[i].Data = append(json.RawMessage{}, r.Outputs[i].Data...)
	}
	return r
}
