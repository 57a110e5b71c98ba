package serving

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/wrapperspb"

	tf "github.com/mltest/mltest/harness/serving/internal/tfpb"
	tfs "github.com/mltest/mltest/harness/serving/internal/tfservingpb"
)

// DefaultSignature is the signature TF Serving evaluates when a request
// names none.
const DefaultSignature = "serving_default"

// TFServingGRPC is a client of TensorFlow Serving's gRPC API: the Predict
// call of tensorflow.serving.PredictionService. It sends a batch as one
// PredictRequest for the model, version and signature, each input a
// TensorProto of shape [batch, row shape...] keyed by its name. The input
// dtypes come from the signature, which GetModelMetadata returns (read once
// and kept); an input it does not list, or every input when the server does
// not implement GetModelMetadata, is sent as DT_DOUBLE, or DT_STRING for
// strings.
//
// The response's outputs are checked as V2 checks them: every expected
// output present (Outputs, else the signature's outputs), first dimension
// the batch size, as many elements as the shape holds (from tensor_content
// or the dtype's repeated field, where one element fills the shape), values
// the dtype can hold. Errors are as V2GRPC's.
//
// Close releases the connection.
type TFServingGRPC struct {
	Target    string // HOST:PORT, grpc://HOST:PORT or grpcs://HOST:PORT
	Model     string
	Version   string // a version number; "" for the latest
	Signature string // "" for serving_default
	// Outputs, if set, are the output_filter: the outputs asked for and
	// checked.
	Outputs []string

	conn *grpcConn
	mu   sync.Mutex
	sig  *V2ModelMetadata // the signature, in v2 metadata form
}

// NewTFServingGRPC returns the TF Serving gRPC protocol for model at target.
func NewTFServingGRPC(target, model string, cfg GRPCConfig) *TFServingGRPC {
	return &TFServingGRPC{Target: target, Model: model, conn: newGRPCConn(target, cfg)}
}

// Close closes the connection.
func (t *TFServingGRPC) Close() error { return t.conn.close() }

func (t *TFServingGRPC) op() string { return fmt.Sprintf("tfserving-grpc predict model %q", t.Model) }

func (t *TFServingGRPC) signature() string {
	if t.Signature == "" {
		return DefaultSignature
	}
	return t.Signature
}

func (t *TFServingGRPC) spec() (*tfs.ModelSpec, error) {
	s := &tfs.ModelSpec{Name: t.Model, SignatureName: t.Signature}
	if t.Version != "" {
		v, err := strconv.ParseInt(t.Version, 10, 64)
		if err != nil {
			return nil, inputError(t.op(), "version %q is not a number", t.Version)
		}
		s.VersionChoice = &tfs.ModelSpec_Version{Version: wrapperspb.Int64(v)}
	}
	return s, nil
}

// Prepare reads the signature's inputs and outputs with GetModelMetadata.
// A server that does not implement it (UNIMPLEMENTED) leaves them unknown.
func (t *TFServingGRPC) Prepare(ctx context.Context) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.sig != nil {
		return nil
	}
	spec, err := t.spec()
	if err != nil {
		return err
	}
	op := fmt.Sprintf("tfserving-grpc metadata model %q", t.Model)
	var resp tfs.GetModelMetadataResponse
	err = t.conn.invoke(ctx, op, tfs.PredictionService_GetModelMetadata_FullMethodName,
		&tfs.GetModelMetadataRequest{ModelSpec: spec, MetadataField: []string{"signature_def"}}, &resp)
	var e *Error
	if errors.As(err, &e) && e.kind == kindGRPC && e.GRPCCode == codes.Unimplemented {
		t.sig = &V2ModelMetadata{Name: t.Model}
		return nil
	}
	if err != nil {
		return err
	}
	sig, err := tfSignature(&resp, t.signature())
	if errors.Is(err, errNoSignature) {
		return inputError(op, "%v", err)
	}
	if err != nil {
		return malformedGRPC(op, &resp, "%v", err)
	}
	sig.Name = t.Model
	t.sig = sig
	return nil
}

// errNoSignature is the error of a signature the model does not have: the
// request names the wrong one, and no retry can help.
var errNoSignature = errors.New("no signature")

// tfSignature finds signature name in a GetModelMetadataResponse and
// describes it as v2 metadata: inputs and outputs sorted by name, shapes
// with -1 for unknown dimensions, nil for an unknown rank.
func tfSignature(resp *tfs.GetModelMetadataResponse, name string) (*V2ModelMetadata, error) {
	anyDefs, ok := resp.Metadata["signature_def"]
	if !ok {
		return nil, errors.New(`no "signature_def" metadata`)
	}
	var defs tfs.SignatureDefMap
	if err := anyDefs.UnmarshalTo(&defs); err != nil {
		return nil, fmt.Errorf("signature_def: %v", err)
	}
	def, ok := defs.SignatureDef[name]
	if !ok {
		return nil, fmt.Errorf("%w %q (the model has %v)", errNoSignature, name, slices.Sorted(maps.Keys(defs.SignatureDef)))
	}
	md := &V2ModelMetadata{}
	for _, side := range []struct {
		from map[string]*tf.TensorInfo
		to   *[]V2MetadataTensor
	}{{def.Inputs, &md.Inputs}, {def.Outputs, &md.Outputs}} {
		for _, n := range slices.Sorted(maps.Keys(side.from)) {
			info := side.from[n]
			dt, ok := tfDatatypes[info.Dtype]
			if !ok {
				return nil, fmt.Errorf("tensor %q: dtype %v is not supported", n, info.Dtype)
			}
			shape, err := tfShape(info.TensorShape)
			if err != nil {
				return nil, fmt.Errorf("tensor %q: %v", n, err)
			}
			*side.to = append(*side.to, V2MetadataTensor{Name: n, Datatype: dt, Shape: shape})
		}
	}
	return md, nil
}

func (t *TFServingGRPC) cachedSignature() *V2ModelMetadata {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.sig
}

// CheckRow reports a row that cannot be sent: values that do not fit their
// shapes and, once the signature is known, inputs it does not list,
// missing inputs, a shape or dtype it does not allow.
func (t *TFServingGRPC) CheckRow(r Row) error {
	return checkV2Row(t.op(), t.cachedSignature(), r)
}

// Infer sends batch as one Predict call.
func (t *TFServingGRPC) Infer(ctx context.Context, batch []Row) ([]map[string]Value, error) {
	if err := t.Prepare(ctx); err != nil {
		return nil, err
	}
	sig := t.cachedSignature()
	op := t.op()
	inputs, err := v2BatchInputs(op, sig, batch)
	if err != nil || len(batch) == 0 {
		return nil, err
	}
	spec, err := t.spec()
	if err != nil {
		return nil, err
	}
	req := &tfs.PredictRequest{ModelSpec: spec, Inputs: make(map[string]*tf.TensorProto, len(inputs)), OutputFilter: t.Outputs}
	for _, in := range inputs {
		req.Inputs[in.Name] = tensorProto(in.Shape, in.numbers, in.strings, in.Datatype)
	}
	body, err := t.conn.invokeRaw(ctx, op, tfs.PredictionService_Predict_FullMethodName, req)
	if err != nil {
		return nil, err
	}
	expect := t.Outputs
	if len(expect) == 0 {
		for _, o := range sig.Outputs {
			expect = append(expect, o.Name)
		}
	}
	return decodeTFGRPCResponse(op, body, len(batch), expect)
}

// decodeTFGRPCResponse reads and checks the outputs of a batch of n rows
// from the bytes of a PredictResponse.
func decodeTFGRPCResponse(op string, body []byte, n int, expect []string) ([]map[string]Value, error) {
	var resp tfs.PredictResponse
	if err := proto.Unmarshal(body, &resp); err != nil {
		return nil, malformed(op, body, "%v", err)
	}
	names := slices.Sorted(maps.Keys(resp.Outputs))
	headers := make([]tensorHeader, len(names))
	for k, name := range names {
		h, err := tfHeader(name, resp.Outputs[name])
		if err != nil {
			return nil, malformedGRPC(op, &resp, "output %v", err)
		}
		headers[k] = h
	}
	outs, err := v2Outputs(n, headers, expect, func(k int, h tensorHeader, size int) ([]float64, []string, error) {
		return fromTensorProto(resp.Outputs[h.Name], h.Datatype, size)
	})
	if err != nil {
		return nil, malformedGRPC(op, &resp, "%v", err)
	}
	return outs, nil
}
