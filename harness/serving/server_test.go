package serving

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// affineModel returns, per row, score = 2*x[0] + x[1] (FP32), the vector
// x doubled (FP64), the user id echoed (BYTES) and x[0] > 0 (BOOL).
func affineModel() Model {
	return Model{
		Name: "affine", Version: "3",
		Inputs: []TensorSpec{
			{Name: "x", Datatype: FP64, Shape: []int{2}},
			{Name: "user", Datatype: Bytes, Shape: []int{}},
		},
		Outputs: []TensorSpec{
			{Name: "score", Datatype: FP32, Shape: []int{}},
			{Name: "double", Datatype: FP64, Shape: []int{2}},
			{Name: "user", Datatype: Bytes, Shape: []int{}},
			{Name: "positive", Datatype: Bool, Shape: []int{}},
		},
		Predict: func(ctx context.Context, rows []Row) ([]map[string]Value, error) {
			outs := make([]map[string]Value, len(rows))
			for i, r := range rows {
				x := r.Values["x"].Numbers
				pos := 0.0
				if x[0] > 0 {
					pos = 1
				}
				outs[i] = map[string]Value{
					"score":    Scalar(2*x[0] + x[1]),
					"double":   Vector(2*x[0], 2*x[1]),
					"user":     Value{Strings: r.Values["user"].Strings},
					"positive": Scalar(pos),
				}
			}
			return outs, nil
		},
	}
}

// call sends a request to h and returns the status and body.
func call(t *testing.T, h http.Handler, method, path, body string) (int, string) {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestV2HandlerInfer(t *testing.T) {
	h := NewV2Handler(affineModel())
	body := `{"id":"r1","inputs":[
		{"name":"x","shape":[2,2],"datatype":"FP64","data":[[0.1,0.2],[-1,3]]},
		{"name":"user","shape":[2],"datatype":"BYTES","data":["u1","u\"2"]}]}`
	status, got := call(t, h, "POST", "/v2/models/affine/infer", body)
	want := `{"model_name":"affine","model_version":"3","id":"r1","outputs":[` +
		`{"name":"score","datatype":"FP32","shape":[2],"data":[0.4,1]},` +
		`{"name":"double","datatype":"FP64","shape":[2,2],"data":[0.2,0.4,-2,6]},` +
		`{"name":"user","datatype":"BYTES","shape":[2],"data":["u1","u\"2"]},` +
		`{"name":"positive","datatype":"BOOL","shape":[2],"data":[true,false]}]}`
	if status != 200 || got != want {
		t.Fatalf("infer = %d %s\nwant 200 %s", status, got, want)
	}
	// The FP32 score is float32(0.4), not 0.4: read back it is 0.4000000059604645.
	var resp V2InferenceResponse
	if err := json.Unmarshal([]byte(got), &resp); err != nil {
		t.Fatal(err)
	}
	tt, err := parseTensor(resp.Outputs[0].Data, false)
	if err != nil || float32(tt.numbers[0]) != float32(0.4) {
		t.Errorf("score data %s: %v, %v", resp.Outputs[0].Data, tt.numbers, err)
	}

	status, got = call(t, h, "POST", "/v2/models/affine/versions/3/infer",
		`{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP64","data":[1,2]},{"name":"user","shape":[1],"datatype":"BYTES","data":["a"]}],"outputs":[{"name":"user"}]}`)
	if want := `{"model_name":"affine","model_version":"3","outputs":[{"name":"user","datatype":"BYTES","shape":[1],"data":["a"]}]}`; status != 200 || got != want {
		t.Errorf("infer with outputs = %d %s\nwant 200 %s", status, got, want)
	}
}

func TestV2HandlerMetadataHealth(t *testing.T) {
	h := NewV2Handler(affineModel())
	for _, c := range []struct{ path, want string }{
		{"/v2/health/live", `{"live":true}`},
		{"/v2/health/ready", `{"ready":true}`},
		{"/v2/models/affine/ready", `{"name":"affine","ready":true}`},
		{"/v2/models/affine", `{"name":"affine","versions":["3"],"platform":"go","inputs":[` +
			`{"name":"x","datatype":"FP64","shape":[-1,2]},{"name":"user","datatype":"BYTES","shape":[-1]}],"outputs":[` +
			`{"name":"score","datatype":"FP32","shape":[-1]},{"name":"double","datatype":"FP64","shape":[-1,2]},` +
			`{"name":"user","datatype":"BYTES","shape":[-1]},{"name":"positive","datatype":"BOOL","shape":[-1]}]}`},
	} {
		if status, got := call(t, h, "GET", c.path, ""); status != 200 || got != c.want {
			t.Errorf("GET %s = %d %s, want 200 %s", c.path, status, got, c.want)
		}
	}
	if status, got := call(t, h, "GET", "/v2/models/nope", ""); status != 404 || got != `{"error":"model \"nope\" not found"}` {
		t.Errorf("GET unknown model = %d %s", status, got)
	}
	if status, got := call(t, h, "GET", "/v2/models/affine/versions/4", ""); status != 404 || got != `{"error":"model \"affine\" version \"4\" not found"}` {
		t.Errorf("GET unknown version = %d %s", status, got)
	}
}

func TestV2HandlerBadRequests(t *testing.T) {
	h := NewV2Handler(affineModel())
	user := `{"name":"user","shape":[1],"datatype":"BYTES","data":["a"]}`
	for _, c := range []struct{ body, want string }{
		{`{"inputs":[`, `bad inference request: unexpected end of JSON input`},
		{`{"inputs":[]}`, `inference request has no inputs`},
		{`{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP32","data":[1,2]},` + user + `]}`, `input "x": datatype FP32, model expects FP64`},
		{`{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP128","data":[1,2]},` + user + `]}`, `input "x": unknown datatype "FP128"`},
		{`{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP64","data":[1,2]},` + user + `]}`, `input "x": 2 data elements for shape [1 3]`},
		{`{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP64","data":[1,2,3]},` + user + `]}`, `input "x": row shape [3], model expects [2]`},
		{`{"inputs":[{"name":"x","shape":[2,2],"datatype":"FP64","data":[1,2,3,4]},` + user + `]}`, `input "user": batch size 1, other inputs have 2`},
		{`{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP64","data":[1,"a"]},` + user + `]}`, `input "x": data: a tensor mixes number and string elements`},
		{`{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP64","data":[[1],[2,3]]},` + user + `]}`, `input "x": data: nested arrays are not rectangular: an array of 2 after one of 1 at depth 1`},
		{`{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP64","data":[1,2]}]}`, `input "user" is missing`},
		{`{"inputs":[{"name":"z","shape":[1],"datatype":"FP64","data":[1]}]}`, `model "affine" has no input "z"`},
		{`{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP64","data":[1,2]},` + user + `],"outputs":[{"name":"nope"}]}`, `model "affine" has no output "nope"`},
		{`{"inputs":[{"name":"x","shape":[-1,2],"datatype":"FP64","data":[1,2]},` + user + `]}`, `input "x": negative dimension in shape [-1 2]`},
	} {
		status, got := call(t, h, "POST", "/v2/models/affine/infer", c.body)
		want, _ := json.Marshal(V2ErrorResponse{Error: c.want})
		if status != 400 || got != string(want) {
			t.Errorf("POST %s\n= %d %s\nwant 400 %s", c.body, status, got, want)
		}
	}
}

func TestV2HandlerIntegerAndHalfInputs(t *testing.T) {
	var seen []float64
	m := Model{Name: "m",
		Inputs:  []TensorSpec{{Name: "i", Datatype: Int8}, {Name: "h", Datatype: FP16}},
		Outputs: []TensorSpec{{Name: "y", Datatype: Int64}},
		Predict: func(ctx context.Context, rows []Row) ([]map[string]Value, error) {
			outs := make([]map[string]Value, len(rows))
			for i, r := range rows {
				seen = append(seen, r.Values["h"].Numbers[0])
				outs[i] = map[string]Value{"y": Scalar(r.Values["i"].Numbers[0] * 1000)}
			}
			return outs, nil
		}}
	h := NewV2Handler(m)
	status, got := call(t, h, "POST", "/v2/models/m/infer",
		`{"inputs":[{"name":"i","shape":[2],"datatype":"INT8","data":[-128,127]},{"name":"h","shape":[2],"datatype":"FP16","data":[0.1,70000]}]}`)
	if want := `{"model_name":"m","outputs":[{"name":"y","datatype":"INT64","shape":[2],"data":[-128000,127000]}]}`; status != 200 || got != want {
		t.Errorf("= %d %s, want %s", status, got, want)
	}
	// float16(0.1) = 0.0999755859375; 70000 overflows to +Inf.
	if fmt.Sprint(seen) != "[0.0999755859375 +Inf]" {
		t.Errorf("FP16 inputs seen as %v", seen)
	}
	status, got = call(t, h, "POST", "/v2/models/m/infer",
		`{"inputs":[{"name":"i","shape":[1],"datatype":"INT8","data":[128]},{"name":"h","shape":[1],"datatype":"FP16","data":[0]}]}`)
	if want := `{"error":"input \"i\": element 0: 128 is not a INT8"}`; status != 400 || got != want {
		t.Errorf("= %d %s, want 400 %s", status, got, want)
	}
}

func TestTFServingHandler(t *testing.T) {
	h := NewTFServingHandler(affineModel())
	status, got := call(t, h, "POST", "/v1/models/affine:predict",
		`{"instances":[{"x":[0.1,0.2],"user":"u1"},{"x":[-1,3],"user":{"b64":"dTI="}}]}`)
	want := `{"predictions":[{"score":0.4,"double":[0.2,0.4],"user":"u1","positive":true},` +
		`{"score":1,"double":[-2,6],"user":"u2","positive":false}]}`
	if status != 200 || got != want {
		t.Errorf("row format = %d %s\nwant 200 %s", status, got, want)
	}
	status, got = call(t, h, "POST", "/v1/models/affine/versions/3:predict",
		`{"signature_name":"serving_default","inputs":{"x":[[0.1,0.2],[-1,3]],"user":["u1","u2"]}}`)
	want = `{"outputs":{"score":[0.4,1],"double":[[0.2,0.4],[-2,6]],"user":["u1","u2"],"positive":[true,false]}}`
	if status != 200 || got != want {
		t.Errorf("columnar = %d %s\nwant 200 %s", status, got, want)
	}
	status, got = call(t, h, "GET", "/v1/models/affine", "")
	if want := `{"model_version_status":[{"state":"AVAILABLE","status":{"error_code":"OK","error_message":""},"version":"3"}]}`; status != 200 || got != want {
		t.Errorf("status = %d %s", status, got)
	}
	status, got = call(t, h, "POST", "/v1/models/affine:predict", `{"instances":[[1,2]]}`)
	if want := `{"error":"instance 0: model \"affine\" declares 2 inputs: inputs must be named"}`; status != 400 || got != want {
		t.Errorf("unnamed instance = %d %s", status, got)
	}

	one := Model{Name: "one", Inputs: []TensorSpec{{Name: "x", Datatype: FP32, Shape: []int{2}}},
		Outputs: []TensorSpec{{Name: "y", Datatype: FP32}},
		Predict: func(ctx context.Context, rows []Row) ([]map[string]Value, error) {
			outs := make([]map[string]Value, len(rows))
			for i, r := range rows {
				x := r.Values["x"].Numbers
				outs[i] = map[string]Value{"y": Scalar(x[0] / x[1])}
			}
			return outs, nil
		}}
	h = NewTFServingHandler(one)
	status, got = call(t, h, "POST", "/v1/models/one:predict", `{"instances":[[1,3],[0,0]]}`)
	if want := `{"predictions":[0.33333334,NaN]}`; status != 200 || got != want {
		t.Errorf("single input and output = %d %s, want %s", status, got, want)
	}
	status, got = call(t, h, "POST", "/v1/models/one:predict", `{"inputs":[[1,3],[-1,0]]}`)
	if want := `{"outputs":[0.33333334,-Infinity]}`; status != 200 || got != want {
		t.Errorf("single input and output, columnar = %d %s, want %s", status, got, want)
	}
}

func TestJSONHandler(t *testing.T) {
	m := affineModel()
	h := NewJSONHandler(m)
	status, got := call(t, h, "POST", "/predict", `{"x":[0.1,0.2],"user":"u1"}`)
	if want := `{"score":0.4,"double":[0.2,0.4],"user":"u1","positive":true}`; status != 200 || got != want {
		t.Errorf("= %d %s, want %s", status, got, want)
	}
	status, got = call(t, h, "POST", "/", `{"x":[0.1,0.2]}`)
	if want := `{"error":"input \"user\" is missing"}`; status != 400 || got != want {
		t.Errorf("= %d %s, want %s", status, got, want)
	}
	m.Predict = func(ctx context.Context, rows []Row) ([]map[string]Value, error) { panic("boom") }
	status, got = call(t, NewJSONHandler(m), "POST", "/", `{"x":[0.1,0.2],"user":"u"}`)
	if want := `{"error":"model \"affine\" panicked: boom"}`; status != 500 || got != want {
		t.Errorf("= %d %s, want %s", status, got, want)
	}
}
