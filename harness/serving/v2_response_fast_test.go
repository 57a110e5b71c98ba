package serving

import (
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// fastV2Seeds are responses as servers send them, and near misses.
var fastV2Seeds = []string{
	`{"model_name":"trivial","outputs":[{"name":"y","datatype":"FP32","shape":[1,4],"data":[7,0.5,-1,2]}]}`,
	`{"model_name":"m","model_version":"1","id":"r7","outputs":[{"name":"y","datatype":"FP64","shape":[2],"data":[0.25,-1e-300]},{"name":"z","datatype":"INT64","shape":[2,1],"data":[3,-4]}]}`,
	" {\n \"outputs\" : [ { \"data\" : [ 1 , 2 ] , \"shape\" : [ 2 ] , \"datatype\" : \"FP16\" , \"name\" : \"y\" } ] } \n",
	`{"outputs":[{"name":"y","datatype":"BF16","shape":[2,0],"data":[]}]}`,
	`{"outputs":[{"name":"y","datatype":"FP32","shape":[2],"data":[1e39,-1E-50]}]}`,
	`{"outputs":[{"name":"y","datatype":"UINT8","shape":[2],"data":[255,0]}]}`,
	`{"outputs":[{"name":"y","datatype":"BOOL","shape":[2],"data":[1,0]}]}`,
	`{"outputs":[{"name":"y","datatype":"INT8","shape":[2],"data":[300,0]}]}`,
	`{"outputs":[{"name":"y","datatype":"FP32","shape":[2],"data":[1,NaN]}]}`,
	`{"outputs":[{"name":"y","datatype":"FP32","shape":[2],"data":[[1],[2]]}]}`,
	`{"outputs":[{"name":"y","datatype":"FP32","shape":[2],"data":[1,2],"parameters":{}}]}`,
	`{"outputs":[{"name":"y","datatype":"FP32","shape":[2],"data":[1,2]},{"name":"y","datatype":"FP32","shape":[2],"data":[1,2]}]}`,
	`{"outputs":[{"name":"yé","datatype":"FP32","shape":[2],"data":[1,2]}]}`,
	`{"outputs":[{"name":"y\u00e9","datatype":"FP32","shape":[2],"data":[1,2]}]}`,
	`{"outputs":[{"name":"y","datatype":"FP32","shape":[3],"data":[1,2,3]}]}`,
	`{"outputs":[{"name":"y","datatype":"FP32","shape":[2],"data":[01,2]}]}`,
	`{"outputs":[],"model_name":"m"}`,
	`{"outputs":[{"name":"s","datatype":"BYTES","shape":[2],"data":["a","b"]}]}`,
	`{"outputs":[{"name":"y","datatype":"FP32","shape":[2],"data":[1,2]}]}x`,
}

// FuzzFastV2Response: whatever fastV2Outputs decodes, the long way
// (json.Valid, the response struct, the tensor walker) decodes the same.
func FuzzFastV2Response(f *testing.F) {
	for _, s := range fastV2Seeds {
		f.Add([]byte(s), 2, false)
		f.Add([]byte(s), 2, true)
		f.Add([]byte(s), 1, true)
	}
	f.Fuzz(func(t *testing.T, body []byte, n int, expectY bool) {
		if n < 1 || n > 64 {
			return
		}
		var expect []string
		if expectY {
			expect = []string{"y"}
		}
		fast, ok := fastV2Outputs(body, n, expect)
		long, err := decodeV2ResponseLong("op", body, "", n, expect)
		if !ok {
			if fast != nil {
				t.Fatalf("body %q: not taken, yet %v", body, fast)
			}
			return
		}
		if err != nil {
			t.Fatalf("body %q: fast path decoded %v, the long way fails: %v", body, fast, err)
		}
		if !reflect.DeepEqual(fast, long) {
			t.Fatalf("body %q:\nfast %v\nlong %v", body, fast, long)
		}
		for i := range fast { // capacities as tight as the long way's
			for name, v := range fast[i] {
				if cap(v.Numbers) != len(v.Numbers) || cap(v.Strings) != len(v.Strings) {
					t.Fatalf("body %q row %d output %q: capacity beyond length", body, i, name)
				}
			}
		}
	})
}

// TestFastV2ResponseTaken: the fast path takes what servers send (else it
// would be correct and useless), and leaves the rest to the long way.
func TestFastV2ResponseTaken(t *testing.T) {
	for i, want := range []bool{true, true, true, true, true, true, true,
		false, false, false, false, false, true, false, false, false, false, false, false} {
		n := 2
		if i == 0 {
			n = 1
		}
		_, ok := fastV2Outputs([]byte(fastV2Seeds[i]), n, nil)
		if ok != want {
			t.Errorf("seed %d %s: taken %v, want %v", i, fastV2Seeds[i], ok, want)
		}
	}
	// A response of this package's v2 server, over loopback, goes the fast way.
	srv := httptest.NewServer(NewV2Handler(trivialModel()))
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/v2/models/trivial/infer", "application/json",
		strings.NewReader(`{"inputs":[{"name":"x","datatype":"FP32","shape":[2,2],"data":[7,0.5,-1,2]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	outs, ok := fastV2Outputs(body, 2, []string{"y"})
	want := []map[string]Value{
		{"y": {Numbers: []float64{7, 0.5}, Shape: []int{2}, Datatype: FP32}},
		{"y": {Numbers: []float64{-1, 2}, Shape: []int{2}, Datatype: FP32}},
	}
	if !ok || !reflect.DeepEqual(outs, want) {
		t.Fatalf("body %s: taken %v, %v; want %v", body, ok, outs, want)
	}
}
