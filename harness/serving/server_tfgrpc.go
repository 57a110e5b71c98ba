package serving

import (
	"context"
	"maps"
	"slices"
	"strconv"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	tf "github.com/mltest/mltest/harness/serving/internal/tfpb"
	tfs "github.com/mltest/mltest/harness/serving/internal/tfservingpb"
)

// RegisterTFServingGRPC serves models on s over TensorFlow Serving's gRPC
// API, the service tensorflow.serving.PredictionService: Predict and
// GetModelMetadata (the "signature_def" field, listing the model's
// signature whatever the request names). Each model answers to one
// signature, Model.Signature or serving_default; a Predict request naming
// another is INVALID_ARGUMENT, as TF Serving answers it.
//
// A Predict request is one batch along the first dimension of its inputs,
// each a TensorProto (tensor_content or the dtype's repeated field) checked
// against the model's Inputs as NewV2Handler checks a v2 request, dtype
// included: a DT_DOUBLE input for an FP32 model input is INVALID_ARGUMENT,
// as it is for TF Serving. Outputs (all, or the output_filter) are written
// in their declared datatype, in the dtype's repeated field.
//
// It panics if a model has no Predict function.
func RegisterTFServingGRPC(s grpc.ServiceRegistrar, models ...Model) {
	tfs.RegisterPredictionServiceServer(s, &tfGRPCServer{models: newRegistry(models)})
}

type tfGRPCServer struct {
	tfs.UnimplementedPredictionServiceServer
	models registry
}

// model finds the model of a spec and, with checkSignature, checks the
// spec's signature.
func (s *tfGRPCServer) model(spec *tfs.ModelSpec, checkSignature bool) (*Model, string, error) {
	version := ""
	if v := spec.GetVersion(); v != nil {
		version = strconv.FormatInt(v.Value, 10)
	}
	m, err := s.models.find(spec.GetName(), version)
	if err != nil {
		return nil, "", status.Error(codes.NotFound, err.Error())
	}
	sig := m.Signature
	if sig == "" {
		sig = DefaultSignature
	}
	if name := spec.GetSignatureName(); checkSignature && name != "" && name != sig {
		return nil, "", status.Errorf(codes.InvalidArgument, "Serving signature name: %q not found in signature def", name)
	}
	return m, sig, nil
}

func (s *tfGRPCServer) echoSpec(m *Model, sig string) *tfs.ModelSpec {
	spec := &tfs.ModelSpec{Name: m.Name, SignatureName: sig}
	if v, err := strconv.ParseInt(m.Version, 10, 64); err == nil {
		spec.VersionChoice = &tfs.ModelSpec_Version{Version: wrapperspb.Int64(v)}
	}
	return spec
}

func (s *tfGRPCServer) GetModelMetadata(_ context.Context, req *tfs.GetModelMetadataRequest) (*tfs.GetModelMetadataResponse, error) {
	m, sig, err := s.model(req.GetModelSpec(), false) // metadata lists every signature
	if err != nil {
		return nil, err
	}
	if !slices.Equal(req.MetadataField, []string{"signature_def"}) {
		return nil, status.Errorf(codes.InvalidArgument, "metadata_field %v: only signature_def is supported", req.MetadataField)
	}
	def := &tf.SignatureDef{Inputs: map[string]*tf.TensorInfo{}, Outputs: map[string]*tf.TensorInfo{}, MethodName: "tensorflow/serving/predict"}
	for _, side := range []struct {
		specs []TensorSpec
		to    map[string]*tf.TensorInfo
	}{{m.Inputs, def.Inputs}, {m.Outputs, def.Outputs}} {
		for _, t := range side.specs {
			shape := &tf.TensorShapeProto{UnknownRank: true}
			if t.Shape != nil {
				shape = tfShapeProto(append([]int{-1}, t.Shape...))
			}
			side.to[t.Name] = &tf.TensorInfo{Encoding: &tf.TensorInfo_Name{Name: t.Name + ":0"}, Dtype: tfDType(t.datatype()), TensorShape: shape}
		}
	}
	a, err := anypb.New(&tfs.SignatureDefMap{SignatureDef: map[string]*tf.SignatureDef{sig: def}})
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &tfs.GetModelMetadataResponse{ModelSpec: s.echoSpec(m, sig), Metadata: map[string]*anypb.Any{"signature_def": a}}, nil
}

func (s *tfGRPCServer) Predict(ctx context.Context, req *tfs.PredictRequest) (*tfs.PredictResponse, error) {
	m, sig, err := s.model(req.GetModelSpec(), true)
	if err != nil {
		return nil, err
	}
	names := slices.Sorted(maps.Keys(req.Inputs))
	headers := make([]tensorHeader, len(names))
	for k, name := range names {
		if headers[k], err = tfHeader(name, req.Inputs[name]); err != nil {
			return nil, status.Error(codes.InvalidArgument, "input "+err.Error())
		}
	}
	rows, err := v2Rows(m, headers, func(k int, h tensorHeader, size int) ([]float64, []string, error) {
		return fromTensorProto(req.Inputs[h.Name], h.Datatype, size)
	})
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	for _, o := range req.OutputFilter {
		if _, ok := m.output(o); len(m.Outputs) > 0 && !ok {
			return nil, status.Errorf(codes.InvalidArgument, "output tensor alias not found in signature: %s", o)
		}
	}
	outs, err := m.predict(ctx, rows)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	outNames := req.OutputFilter
	if len(outNames) == 0 {
		outNames = outputNames(m, outs)
	}
	resp := &tfs.PredictResponse{ModelSpec: s.echoSpec(m, sig), Outputs: make(map[string]*tf.TensorProto, len(outNames))}
	for _, name := range outNames {
		c, err := gatherOutput(m, name, outs)
		if err != nil {
			return nil, status.Error(codes.Internal, err.Error())
		}
		resp.Outputs[name] = tensorProto(append([]int{len(outs)}, c.rowShape...), c.numbers, c.strings, c.datatype)
	}
	return resp, nil
}
