package serving

import (
	"context"
	"slices"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/mltest/mltest/harness/serving/internal/inferencepb"
)

// RegisterV2GRPC serves models on s over the Open Inference Protocol v2
// gRPC API, the service inference.GRPCInferenceService: ServerLive,
// ServerReady, ServerMetadata, ModelReady, ModelMetadata, ModelInfer, and
// Triton's RepositoryIndex. s is created by the caller, with TLS
// credentials or interceptors as it needs:
//
//	s := grpc.NewServer()
//	serving.RegisterV2GRPC(s, model)
//	go s.Serve(listener)
//
// A ModelInfer request is one batch along the first dimension of its
// inputs, read from raw_input_contents or typed contents and checked as
// NewV2Handler checks a REST request; one that does not fit is
// INVALID_ARGUMENT, an unknown model NOT_FOUND, an error or panic of
// Predict INTERNAL. Outputs are written in the datatype of the model's
// Outputs (FP32 rounded to float32), as raw_output_contents when the
// request used raw contents or an output is FP16 or BF16, otherwise as
// typed contents.
//
// It panics if a model has no Predict function.
func RegisterV2GRPC(s grpc.ServiceRegistrar, models ...Model) {
	pb.RegisterGRPCInferenceServiceServer(s, &v2GRPCServer{models: newRegistry(models)})
}

type v2GRPCServer struct {
	pb.UnimplementedGRPCInferenceServiceServer
	models registry
}

func (s *v2GRPCServer) ServerLive(context.Context, *pb.ServerLiveRequest) (*pb.ServerLiveResponse, error) {
	return &pb.ServerLiveResponse{Live: true}, nil
}

func (s *v2GRPCServer) ServerReady(context.Context, *pb.ServerReadyRequest) (*pb.ServerReadyResponse, error) {
	return &pb.ServerReadyResponse{Ready: true}, nil
}

func (s *v2GRPCServer) ServerMetadata(context.Context, *pb.ServerMetadataRequest) (*pb.ServerMetadataResponse, error) {
	return &pb.ServerMetadataResponse{Name: "mltest", Extensions: []string{"model_repository"}}, nil
}

func (s *v2GRPCServer) model(name, version string) (*Model, error) {
	m, err := s.models.find(name, version)
	if err != nil {
		return nil, status.Error(codes.NotFound, err.Error())
	}
	return m, nil
}

func (s *v2GRPCServer) ModelReady(_ context.Context, req *pb.ModelReadyRequest) (*pb.ModelReadyResponse, error) {
	if _, err := s.model(req.Name, req.Version); err != nil {
		return nil, err
	}
	return &pb.ModelReadyResponse{Ready: true}, nil
}

func (s *v2GRPCServer) ModelMetadata(_ context.Context, req *pb.ModelMetadataRequest) (*pb.ModelMetadataResponse, error) {
	m, err := s.model(req.Name, req.Version)
	if err != nil {
		return nil, err
	}
	md := v2Metadata(s.models, m)
	resp := &pb.ModelMetadataResponse{Name: md.Name, Versions: md.Versions, Platform: md.Platform}
	for _, side := range []struct {
		from []V2MetadataTensor
		to   *[]*pb.ModelMetadataResponse_TensorMetadata
	}{{md.Inputs, &resp.Inputs}, {md.Outputs, &resp.Outputs}} {
		for _, t := range side.from {
			*side.to = append(*side.to, &pb.ModelMetadataResponse_TensorMetadata{Name: t.Name, Datatype: string(t.Datatype), Shape: int64Shape(t.Shape)})
		}
	}
	return resp, nil
}

func (s *v2GRPCServer) RepositoryIndex(context.Context, *pb.RepositoryIndexRequest) (*pb.RepositoryIndexResponse, error) {
	resp := &pb.RepositoryIndexResponse{}
	for _, e := range s.models.index() {
		resp.Models = append(resp.Models, &pb.RepositoryIndexResponse_ModelIndex{Name: e.Name, Version: e.Version, State: e.State})
	}
	return resp, nil
}

func (s *v2GRPCServer) ModelInfer(ctx context.Context, req *pb.ModelInferRequest) (*pb.ModelInferResponse, error) {
	m, err := s.model(req.ModelName, req.ModelVersion)
	if err != nil {
		return nil, err
	}
	raw := req.RawInputContents
	if len(raw) > 0 && len(raw) != len(req.Inputs) {
		return nil, status.Errorf(codes.InvalidArgument, "%d raw_input_contents for %d inputs", len(raw), len(req.Inputs))
	}
	headers := make([]tensorHeader, len(req.Inputs))
	for k, in := range req.Inputs {
		shape, err := v2ShapeOf(in.Shape)
		if err != nil {
			return nil, status.Errorf(codes.InvalidArgument, "input %q: %v", in.Name, err)
		}
		headers[k] = tensorHeader{Name: in.Name, Datatype: Datatype(in.Datatype), Shape: shape}
	}
	rows, err := v2Rows(m, headers, func(k int, h tensorHeader, size int) ([]float64, []string, error) {
		return grpcTensorData(req.Inputs[k].Contents, raw, k, h, size)
	})
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	var names []string
	for _, o := range req.Outputs {
		if _, ok := m.output(o.Name); len(m.Outputs) > 0 && !ok {
			return nil, status.Errorf(codes.InvalidArgument, "model %q has no output %q", m.Name, o.Name)
		}
		names = append(names, o.Name)
	}
	outs, err := m.predict(ctx, rows)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	if names == nil {
		names = outputNames(m, outs)
	}
	cols := make([]outputColumn, len(names))
	for i, name := range names {
		if cols[i], err = gatherOutput(m, name, outs); err != nil {
			return nil, status.Error(codes.Internal, err.Error())
		}
	}
	rawOut := len(raw) > 0 || slices.ContainsFunc(cols, func(c outputColumn) bool { return c.datatype == FP16 || c.datatype == BF16 })
	resp := &pb.ModelInferResponse{ModelName: m.Name, ModelVersion: m.Version, Id: req.Id}
	for i, c := range cols {
		t := &pb.ModelInferResponse_InferOutputTensor{Name: names[i], Datatype: string(c.datatype), Shape: int64Shape(append([]int{len(outs)}, c.rowShape...))}
		if rawOut {
			resp.RawOutputContents = append(resp.RawOutputContents, appendRaw(nil, c.numbers, c.strings, c.datatype))
		} else {
			t.Contents = typedContents(c.numbers, c.strings, c.datatype)
		}
		resp.Outputs = append(resp.Outputs, t)
	}
	return resp, nil
}

// v2Metadata is a model's metadata as both v2 servers report it: shapes
// with a leading -1 for the batch.
func v2Metadata(models registry, m *Model) V2ModelMetadata {
	md := V2ModelMetadata{Name: m.Name, Platform: m.Platform,
		Inputs: metadataTensors(m.Inputs), Outputs: metadataTensors(m.Outputs)}
	if md.Platform == "" {
		md.Platform = "go"
	}
	for _, v := range models[m.Name] {
		if v.Version != "" {
			md.Versions = append(md.Versions, v.Version)
		}
	}
	return md
}
