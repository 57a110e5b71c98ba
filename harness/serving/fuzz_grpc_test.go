package serving

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	pb "github.com/mltest/mltest/harness/serving/internal/inferencepb"
	tf "github.com/mltest/mltest/harness/serving/internal/tfpb"
	tfs "github.com/mltest/mltest/harness/serving/internal/tfservingpb"
)

func mustMarshal(f *testing.F, m proto.Message) []byte {
	b, err := proto.Marshal(m)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// FuzzDecodeV2GRPCResponse: any bytes as a ModelInferResponse decode to
// exactly n rows of outputs that fit their shapes, or to a permanent error.
func FuzzDecodeV2GRPCResponse(f *testing.F) {
	out := func(name, dt string, shape ...int64) *pb.ModelInferResponse_InferOutputTensor {
		return &pb.ModelInferResponse_InferOutputTensor{Name: name, Datatype: dt, Shape: shape}
	}
	for _, r := range []*pb.ModelInferResponse{
		{Outputs: []*pb.ModelInferResponse_InferOutputTensor{out("y", "FP32", 2)}, RawOutputContents: [][]byte{appendRaw(nil, []float64{0.5, 2}, nil, FP32)}},
		{Outputs: []*pb.ModelInferResponse_InferOutputTensor{out("y", "FP16", 2, 2)}, RawOutputContents: [][]byte{appendRaw(nil, []float64{1, 2, 3, 65504}, nil, FP16)}},
		{Outputs: []*pb.ModelInferResponse_InferOutputTensor{out("y", "BYTES", 2), out("b", "BF16", 2)},
			RawOutputContents: [][]byte{appendRaw(nil, nil, []string{"a", "ü"}, Bytes), appendRaw(nil, []float64{1, -2}, nil, BF16)}},
		{Outputs: []*pb.ModelInferResponse_InferOutputTensor{{Name: "y", Datatype: "INT8", Shape: []int64{2}, Contents: &pb.InferTensorContents{IntContents: []int32{-128, 300}}}}},
		{Outputs: []*pb.ModelInferResponse_InferOutputTensor{{Name: "y", Datatype: "BOOL", Shape: []int64{2, 0}, Contents: &pb.InferTensorContents{}}}},
		{Outputs: []*pb.ModelInferResponse_InferOutputTensor{{Name: "y", Datatype: "FP64", Shape: []int64{2, 1}, Contents: &pb.InferTensorContents{Fp64Contents: []float64{1, 2}, Fp32Contents: []float32{1}}}}},
		{Outputs: []*pb.ModelInferResponse_InferOutputTensor{out("y", "UINT64", 2)}, RawOutputContents: [][]byte{appendRaw(nil, []float64{0, 0x1p64}, nil, Uint64), nil}},
		{Outputs: []*pb.ModelInferResponse_InferOutputTensor{out("y", "FP32", 9223372036854775807, 2)}},
	} {
		b := mustMarshal(f, r)
		f.Add(b, 2, false)
		f.Add(b, 2, true)
	}
	f.Add([]byte{0x2a, 0xff, 0xff}, 1, false)
	f.Fuzz(func(t *testing.T, body []byte, n int, expectY bool) {
		if n < 1 || n > 64 {
			return
		}
		var expect []string
		if expectY {
			expect = []string{"y"}
		}
		outs, err := decodeV2GRPCResponse(`v2-grpc infer model "m"`, body, n, expect)
		checkDecoded(t, body, n, outs, err)
		if err == nil && expectY {
			for i, o := range outs {
				if _, ok := o["y"]; !ok || len(o) != 1 {
					t.Fatalf("body %x: row %d outputs %v, want only y", body, i, o)
				}
			}
		}
	})
}

// FuzzDecodeTFGRPCResponse: the same for a PredictResponse.
func FuzzDecodeTFGRPCResponse(f *testing.F) {
	shape := func(dims ...int) *tf.TensorShapeProto { return tfShapeProto(dims) }
	for _, r := range []*tfs.PredictResponse{
		{Outputs: map[string]*tf.TensorProto{"y": tensorProto([]int{2}, []float64{0.5, 1}, nil, FP32)}},
		{Outputs: map[string]*tf.TensorProto{"y": {Dtype: tf.DataType_DT_FLOAT, TensorShape: shape(2, 3), FloatVal: []float32{7}}}},
		{Outputs: map[string]*tf.TensorProto{"y": {Dtype: tf.DataType_DT_DOUBLE, TensorShape: shape(2), TensorContent: appendRaw(nil, []float64{1, 2}, nil, FP64)}}},
		{Outputs: map[string]*tf.TensorProto{"y": tensorProto([]int{2, 1}, nil, []string{"a", "b"}, Bytes), "h": tensorProto([]int{2}, []float64{1, 0.5}, nil, FP16)}},
		{Outputs: map[string]*tf.TensorProto{"y": {Dtype: tf.DataType_DT_HALF, TensorShape: shape(2), HalfVal: []int32{0x3c00, 70000}}}},
		{Outputs: map[string]*tf.TensorProto{"y": {Dtype: tf.DataType_DT_STRING, TensorShape: shape(2), TensorContent: []byte("ab")}}},
		{Outputs: map[string]*tf.TensorProto{"y": {Dtype: tf.DataType_DT_INT8, TensorShape: &tf.TensorShapeProto{UnknownRank: true}}}},
	} {
		b := mustMarshal(f, r)
		f.Add(b, 2, false)
		f.Add(b, 2, true)
	}
	f.Fuzz(func(t *testing.T, body []byte, n int, expectY bool) {
		if n < 1 || n > 64 {
			return
		}
		var expect []string
		if expectY {
			expect = []string{"y"}
		}
		outs, err := decodeTFGRPCResponse(`tfserving-grpc predict model "m"`, body, n, expect)
		checkDecoded(t, body, n, outs, err)
	})
}

// FuzzDecodeV2BinaryResponse: the binary tensor extension's parser on any
// body and Inference-Header-Content-Length: n rows that fit their shapes,
// or a permanent error.
func FuzzDecodeV2BinaryResponse(f *testing.F) {
	head := `{"outputs":[{"name":"y","datatype":"FP32","shape":[2],"parameters":{"binary_data_size":8}},` +
		`{"name":"s","datatype":"BYTES","shape":[2,1],"parameters":{"binary_data_size":10}}]}`
	bin := string(appendRaw(nil, []float64{0.5, -1}, nil, FP32)) + string(appendRaw(nil, nil, []string{"a", "b"}, Bytes))
	for _, c := range []struct{ body, header string }{
		{head + bin, strconv.Itoa(len(head))},
		{head + bin, ""},
		{head + bin[:7], strconv.Itoa(len(head))},
		{`{"outputs":[{"name":"y","datatype":"FP16","shape":[2],"parameters":{"binary_data_size":4}}]}` + "\x00\x3c\xff\x7b", "90"},
		{`{"outputs":[{"name":"y","datatype":"FP64","shape":[2],"data":[1,2]}]}`, "0"},
		{`{"outputs":[{"name":"y","datatype":"BYTES","shape":[2],"parameters":{"binary_data_size":-3}}]}`, "88"},
		{head + bin, "-5"},
		{head + bin, "99999"},
	} {
		f.Add([]byte(c.body), c.header, 2)
	}
	f.Fuzz(func(t *testing.T, body []byte, header string, n int) {
		if n < 1 || n > 64 {
			return
		}
		outs, err := decodeV2Response(`v2 infer model "m"`, body, header, n, nil)
		checkDecoded(t, body, n, outs, err)
	})
}

// FuzzV2HandlerBinaryRequest: the handler's reading of a binary request
// answers any body and header with 200 (for a request that fits the
// model) or 400, never 500 or a panic.
func FuzzV2HandlerBinaryRequest(f *testing.F) {
	h := NewV2Handler(sumModel())
	head := `{"inputs":[{"name":"x","datatype":"FP64","shape":[2,2],"parameters":{"binary_data_size":32}}],"parameters":{"binary_data_output":true}}`
	data := string(appendRaw(nil, []float64{1, 2, 3, 4}, nil, FP64))
	f.Add(head+data, strconv.Itoa(len(head)))
	f.Add(head+data+"x", strconv.Itoa(len(head)))
	f.Add(head, strconv.Itoa(len(head)))
	f.Add(`{"inputs":[{"name":"x","datatype":"FP64","shape":[1,2],"data":[1,2]}],"outputs":[{"name":"y","parameters":{"binary_data":"yes"}}]}`, "")
	f.Fuzz(func(t *testing.T, body, header string) {
		req := httptest.NewRequest(http.MethodPost, "/v2/models/m/infer", strings.NewReader(body))
		if header != "" {
			req.Header.Set(HeaderContentLength, header)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK && w.Code != http.StatusBadRequest {
			t.Fatalf("body %q header %q: status %d %s", body, header, w.Code, w.Body)
		}
		if w.Code == http.StatusOK && w.Header().Get(HeaderContentLength) != "" {
			_, _, err := splitBinaryBody(w.Body.Bytes(), w.Header().Get(HeaderContentLength))
			if err != nil {
				t.Fatalf("the handler's own framing does not parse: %v", err)
			}
		}
	})
}
