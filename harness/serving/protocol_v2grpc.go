package serving

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"google.golang.org/protobuf/proto"

	pb "github.com/mltest/mltest/harness/serving/internal/inferencepb"
)

// V2GRPC is a client of the Open Inference Protocol v2 over gRPC (the
// service inference.GRPCInferenceService of KServe, Triton and MLServer).
// It sends a batch as one ModelInfer call, each input a tensor of shape
// [batch, row shape...] in the datatype the model's metadata (ModelMetadata,
// read once and kept) names, as raw_input_contents by default or as typed
// contents with Typed set (FP16 and BF16 are raw either way, as the protocol
// requires). An input the metadata does not list is sent as FP64, or BYTES
// for strings.
//
// Outputs are read from raw_output_contents or typed contents, whichever
// the server sent, and checked as V2 checks them: every expected output
// present, shape starting with the batch size, as many elements as the
// shape holds, values the datatype can hold; FP32, FP16 and BF16 arrive
// exactly. A response that does not decode is a malformed-response *Error
// quoting it; a call that fails is an *Error with its gRPC status, retried
// by Client on UNAVAILABLE, RESOURCE_EXHAUSTED and DEADLINE_EXCEEDED.
//
// Close releases the connection.
type V2GRPC struct {
	Target  string // HOST:PORT, grpc://HOST:PORT or grpcs://HOST:PORT
	Model   string
	Version string // "" for the server's choice
	// Outputs, if set, are requested by name; otherwise the server returns
	// all outputs.
	Outputs []string
	// Typed sends inputs in typed contents instead of raw_input_contents.
	Typed bool

	conn *grpcConn
	mu   sync.Mutex
	meta *V2ModelMetadata
}

// NewV2GRPC returns the v2 gRPC protocol for model at target (HOST:PORT,
// grpc://HOST:PORT, or grpcs://HOST:PORT for TLS).
func NewV2GRPC(target, model string, cfg GRPCConfig) *V2GRPC {
	return &V2GRPC{Target: target, Model: model, conn: newGRPCConn(target, cfg)}
}

// Close closes the connection.
func (v *V2GRPC) Close() error { return v.conn.close() }

func (v *V2GRPC) op() string { return fmt.Sprintf("v2-grpc infer model %q", v.Model) }

// Metadata returns the model's metadata in the form V2 reads it, fetching
// it on the first call. A failed fetch is not kept.
func (v *V2GRPC) Metadata(ctx context.Context) (V2ModelMetadata, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.meta != nil {
		return *v.meta, nil
	}
	op := fmt.Sprintf("v2-grpc metadata model %q", v.Model)
	var resp pb.ModelMetadataResponse
	err := v.conn.invoke(ctx, op, pb.GRPCInferenceService_ModelMetadata_FullMethodName,
		&pb.ModelMetadataRequest{Name: v.Model, Version: v.Version}, &resp)
	if err != nil {
		return V2ModelMetadata{}, err
	}
	md := V2ModelMetadata{Name: resp.Name, Versions: resp.Versions, Platform: resp.Platform}
	for _, side := range []struct {
		from []*pb.ModelMetadataResponse_TensorMetadata
		to   *[]V2MetadataTensor
	}{{resp.Inputs, &md.Inputs}, {resp.Outputs, &md.Outputs}} {
		for _, t := range side.from {
			dt := Datatype(t.Datatype)
			if !dt.Known() {
				return V2ModelMetadata{}, malformedGRPC(op, &resp, "tensor %q has unknown datatype %q", t.Name, t.Datatype)
			}
			shape := make([]int, len(t.Shape))
			for i, d := range t.Shape {
				if d < -1 || d > 1<<31-1 {
					return V2ModelMetadata{}, malformedGRPC(op, &resp, "tensor %q has shape %v", t.Name, t.Shape)
				}
				shape[i] = int(d)
			}
			*side.to = append(*side.to, V2MetadataTensor{Name: t.Name, Datatype: dt, Shape: shape})
		}
	}
	v.meta = &md
	return md, nil
}

// Prepare fetches the metadata.
func (v *V2GRPC) Prepare(ctx context.Context) error {
	_, err := v.Metadata(ctx)
	return err
}

// CheckRow reports a row that cannot be sent, as V2.CheckRow does.
func (v *V2GRPC) CheckRow(r Row) error {
	v.mu.Lock()
	md := v.meta
	v.mu.Unlock()
	return checkV2Row(v.op(), md, r)
}

// Infer sends batch as one ModelInfer call.
func (v *V2GRPC) Infer(ctx context.Context, batch []Row) ([]map[string]Value, error) {
	md, err := v.Metadata(ctx)
	if err != nil {
		return nil, err
	}
	op := v.op()
	inputs, err := v2BatchInputs(op, &md, batch)
	if err != nil || len(batch) == 0 {
		return nil, err
	}
	req := &pb.ModelInferRequest{ModelName: v.Model, ModelVersion: v.Version, Inputs: make([]*pb.ModelInferRequest_InferInputTensor, len(inputs))}
	raw := !v.Typed || slices.ContainsFunc(inputs, func(in v2Input) bool { return typedContents(nil, nil, in.Datatype) == nil })
	for k, in := range inputs {
		t := &pb.ModelInferRequest_InferInputTensor{Name: in.Name, Datatype: string(in.Datatype), Shape: int64Shape(in.Shape)}
		if raw {
			req.RawInputContents = append(req.RawInputContents, appendRaw(make([]byte, 0, rawBytesLen(in.numbers, in.strings, in.Datatype)), in.numbers, in.strings, in.Datatype))
		} else {
			t.Contents = typedContents(in.numbers, in.strings, in.Datatype)
		}
		req.Inputs[k] = t
	}
	for _, name := range v.Outputs {
		req.Outputs = append(req.Outputs, &pb.ModelInferRequest_InferRequestedOutputTensor{Name: name})
	}
	body, err := v.conn.invokeRaw(ctx, op, pb.GRPCInferenceService_ModelInfer_FullMethodName, req)
	if err != nil {
		return nil, err
	}
	expect := v.Outputs
	if len(expect) == 0 {
		for _, o := range md.Outputs {
			expect = append(expect, o.Name)
		}
	}
	return decodeV2GRPCResponse(op, body, len(batch), expect)
}

// decodeV2GRPCResponse reads and checks the outputs of a batch of n rows
// from the bytes of a ModelInferResponse, as decodeV2Response does for REST.
func decodeV2GRPCResponse(op string, body []byte, n int, expect []string) ([]map[string]Value, error) {
	var resp pb.ModelInferResponse
	if err := proto.Unmarshal(body, &resp); err != nil {
		return nil, malformed(op, body, "%v", err)
	}
	outs, err := v2GRPCOutputs(&resp, n, expect)
	if err != nil {
		return nil, malformedGRPC(op, &resp, "%v", err)
	}
	return outs, nil
}

// v2GRPCOutputs checks the outputs of a response (raw or typed contents)
// and splits them into n rows.
func v2GRPCOutputs(resp *pb.ModelInferResponse, n int, expect []string) ([]map[string]Value, error) {
	raw := resp.RawOutputContents
	if len(raw) > 0 && len(raw) != len(resp.Outputs) {
		return nil, fmt.Errorf("%d raw_output_contents for %d outputs", len(raw), len(resp.Outputs))
	}
	headers := make([]tensorHeader, len(resp.Outputs))
	for k, o := range resp.Outputs {
		shape, err := v2ShapeOf(o.Shape)
		if err != nil {
			return nil, fmt.Errorf("output %q: %v", o.Name, err)
		}
		headers[k] = tensorHeader{Name: o.Name, Datatype: Datatype(o.Datatype), Shape: shape}
	}
	return v2Outputs(n, headers, expect, func(k int, h tensorHeader, size int) ([]float64, []string, error) {
		return grpcTensorData(resp.Outputs[k].Contents, raw, k, h, size)
	})
}

// grpcTensorData decodes tensor k of a message from raw contents (when the
// message has any) or from its typed contents.
func grpcTensorData(typed *pb.InferTensorContents, raw [][]byte, k int, h tensorHeader, size int) ([]float64, []string, error) {
	if len(raw) == 0 {
		return fromTypedContents(typed, h.Datatype, size)
	}
	if typed != nil {
		return nil, nil, errRawAndTyped
	}
	return decodeRaw(raw[k], h.Datatype, size)
}

func int64Shape(shape []int) []int64 {
	s := make([]int64, len(shape))
	for i, d := range shape {
		s[i] = int64(d)
	}
	return s
}

// malformedGRPC is the error of a gRPC response that decoded but does not
// fit the request, quoting it in protobuf text form.
func malformedGRPC(op string, m proto.Message, format string, args ...any) *Error {
	e := malformed(op, quoteMessage(m), format, args...)
	e.StatusCode = 0
	return e
}
