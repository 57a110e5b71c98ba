package serving

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	pb "github.com/mltest/mltest/harness/serving/internal/inferencepb"
)

// failInfer is an interceptor that answers the n-th ModelInfer or Predict
// call (1-based) with fail(n)'s error when it returns one.
func failInfer(fail func(n int64) error) (grpc.ServerOption, *atomic.Int64) {
	var calls atomic.Int64
	return grpc.UnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		if strings.HasSuffix(info.FullMethod, "/ModelInfer") || strings.HasSuffix(info.FullMethod, "/Predict") {
			if err := fail(calls.Add(1)); err != nil {
				return nil, err
			}
		}
		return h(ctx, req)
	}), &calls
}

func TestV2GRPCRetriesTemporaryStatuses(t *testing.T) {
	// Two of every three calls fail with a status the client retries.
	opt, calls := failInfer(func(n int64) error {
		switch n % 3 {
		case 1:
			return status.Error(codes.Unavailable, "warming up")
		case 2:
			return status.Error(codes.ResourceExhausted, "queue full")
		}
		return nil
	})
	addr := startGRPC(t, func(s *grpc.Server) { RegisterV2GRPC(s, sumModel()) }, opt)
	rows := sumRows(40)
	c := NewClient(closeAfter(t, NewV2GRPC(addr, "m", GRPCConfig{})))
	c.BatchSize, c.Concurrency, c.Retries, c.Backoff = 4, 1, 2, time.Millisecond
	outcomes := c.Predict(context.Background(), rows)
	ok, failed := checkAccounted(t, rows, outcomes)
	if ok != len(rows) || failed != 0 {
		t.Fatalf("ok %d failed %d, want %d ok", ok, failed, len(rows))
	}
	attempts := 0
	for i, o := range outcomes {
		if got := o.Outputs["y"].Numbers[0]; got != float64(i)+1 {
			t.Errorf("row %d: y = %v, want %v", i, got, i+1)
		}
		if o.Attempts != 3 {
			t.Errorf("row %d: %d attempts, want 3 (UNAVAILABLE, RESOURCE_EXHAUSTED, OK)", i, o.Attempts)
		}
		if i%4 == 0 {
			attempts += o.Attempts
		}
	}
	if int64(attempts) != calls.Load() {
		t.Errorf("outcomes count %d attempts, the server saw %d calls", attempts, calls.Load())
	}
}

func TestV2GRPCPermanentStatusesFailAtOnce(t *testing.T) {
	for _, c := range []struct {
		code codes.Code
		want string
	}{
		{codes.InvalidArgument, `serving: v2-grpc infer model "m": gRPC INVALID_ARGUMENT: bad tensor`},
		{codes.Internal, `serving: v2-grpc infer model "m": gRPC INTERNAL: bad tensor`},
		{codes.Unauthenticated, `serving: v2-grpc infer model "m": gRPC UNAUTHENTICATED: bad tensor`},
	} {
		opt, calls := failInfer(func(int64) error { return status.Error(c.code, "bad tensor") })
		addr := startGRPC(t, func(s *grpc.Server) { RegisterV2GRPC(s, sumModel()) }, opt)
		cl := NewClient(closeAfter(t, NewV2GRPC(addr, "m", GRPCConfig{})))
		cl.BatchSize, cl.Retries, cl.Backoff = 2, 3, time.Millisecond
		rows := sumRows(6)
		outcomes := cl.Predict(context.Background(), rows)
		if _, failed := checkAccounted(t, rows, outcomes); failed != 6 {
			t.Fatalf("%v: %d failed, want 6", c.code, failed)
		}
		for _, o := range outcomes {
			var e *Error
			if o.Attempts != 1 || o.Err.Error() != c.want || !errors.As(o.Err, &e) || e.GRPCCode != c.code || e.Temporary() {
				t.Errorf("%v: outcome %+v, want %q after 1 attempt", c.code, o, c.want)
			}
		}
		if calls.Load() != 3 {
			t.Errorf("%v: server saw %d calls, want 3", c.code, calls.Load())
		}
	}
}

func TestV2GRPCDeadline(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	opt, calls := failInfer(func(int64) error { <-release; return nil })
	addr := startGRPC(t, func(s *grpc.Server) { RegisterV2GRPC(s, sumModel()) }, opt)
	c := NewClient(closeAfter(t, NewV2GRPC(addr, "m", GRPCConfig{})))
	c.Timeout, c.Retries, c.Backoff, c.BatchSize = 50*time.Millisecond, 1, time.Millisecond, 2
	rows := sumRows(4)
	start := time.Now()
	outcomes := c.Predict(context.Background(), rows)
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %v for 2 batches of 2 attempts of 50ms", took)
	}
	if _, failed := checkAccounted(t, rows, outcomes); failed != 4 {
		t.Fatalf("%d failed, want 4", failed)
	}
	for _, o := range outcomes {
		// The server's deadline (the grpc-timeout the client sent) may end
		// the call a moment before the client's own timer.
		if o.Attempts != 2 || !strings.Contains(o.Err.Error(), "gRPC DEADLINE_EXCEEDED") {
			t.Errorf("outcome %+v, want DEADLINE_EXCEEDED after 2 attempts", o)
		}
	}
	if calls.Load() != 4 {
		t.Errorf("server saw %d calls, want 4", calls.Load())
	}
}

func TestV2GRPCUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := NewClient(closeAfter(t, NewV2GRPC(addr, "m", GRPCConfig{})))
	c.Retries, c.Backoff = 2, time.Millisecond
	rows := sumRows(5)
	outcomes := c.Predict(context.Background(), rows)
	if _, failed := checkAccounted(t, rows, outcomes); failed != 5 {
		t.Fatalf("%d failed, want 5", failed)
	}
	for _, o := range outcomes {
		if err := o.Err.Error(); !strings.HasPrefix(err, `serving: v2-grpc metadata model "m": gRPC UNAVAILABLE: `) {
			t.Errorf("error %s, want UNAVAILABLE from the metadata call", err)
		}
	}
}

// resetProxy forwards TCP connections to addr, except that it resets
// (closes with SO_LINGER 0) the first `resets` connections once their
// first bytes arrive.
type resetProxy struct {
	ln     net.Listener
	addr   string
	resets atomic.Int64
	wg     sync.WaitGroup
}

func startResetProxy(t *testing.T, addr string, resets int64) *resetProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &resetProxy{ln: ln, addr: addr}
	p.resets.Store(resets)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.wg.Add(1)
			go p.serve(c.(*net.TCPConn))
		}
	}()
	t.Cleanup(func() { ln.Close(); p.wg.Wait() })
	return p
}

func (p *resetProxy) serve(c *net.TCPConn) {
	defer p.wg.Done()
	if p.resets.Add(-1) >= 0 {
		c.Read(make([]byte, 64))
		c.SetLinger(0)
		c.Close()
		return
	}
	up, err := net.Dial("tcp", p.addr)
	if err != nil {
		c.Close()
		return
	}
	done := make(chan struct{}, 2)
	cp := func(dst, src net.Conn) {
		io.Copy(dst, src)
		dst.Close()
		src.Close()
		done <- struct{}{}
	}
	go cp(up, c)
	go cp(c, up)
	<-done
	<-done
}

func TestV2GRPCConnectionReset(t *testing.T) {
	addr := startGRPC(t, func(s *grpc.Server) { RegisterV2GRPC(s, sumModel()) })
	proxy := startResetProxy(t, addr, 2)
	p := closeAfter(t, NewV2GRPC(proxy.ln.Addr().String(), "m", GRPCConfig{}))
	c := NewClient(p)
	c.Retries, c.Backoff, c.BatchSize = 5, 20*time.Millisecond, 3
	rows := sumRows(9)
	outcomes := c.Predict(context.Background(), rows)
	ok, failed := checkAccounted(t, rows, outcomes)
	if ok != 9 || failed != 0 {
		for _, o := range outcomes {
			t.Log(o.Err)
		}
		t.Fatalf("ok %d failed %d: the resets were not retried", ok, failed)
	}
	if proxy.resets.Load() >= 0 {
		t.Errorf("the proxy reset %d connections, want 2", 2-proxy.resets.Load())
	}
}

// rawServerCodec lets a test server receive and send message bytes as they
// are, to answer with bytes a real server would not.
type rawServerCodec struct{}

func (rawServerCodec) Marshal(v any) (mem.BufferSlice, error) {
	return mem.BufferSlice{mem.SliceBuffer(*v.(*rawMessage))}, nil
}
func (rawServerCodec) Unmarshal(data mem.BufferSlice, v any) error {
	*v.(*rawMessage) = data.Materialize()
	return nil
}
func (rawServerCodec) Name() string { return "proto" }

// startScriptedV2GRPC serves v2 metadata for model m (x FP64 [-1,2] ->
// y FP32 [-1]) and answers every ModelInfer with infer's bytes.
func startScriptedV2GRPC(t *testing.T, infer []byte) string {
	md, _ := proto.Marshal(&pb.ModelMetadataResponse{Name: "m",
		Inputs:  []*pb.ModelMetadataResponse_TensorMetadata{{Name: "x", Datatype: "FP64", Shape: []int64{-1, 2}}},
		Outputs: []*pb.ModelMetadataResponse_TensorMetadata{{Name: "y", Datatype: "FP32", Shape: []int64{-1}}}})
	return startGRPC(t, func(*grpc.Server) {}, grpc.ForceServerCodecV2(rawServerCodec{}),
		grpc.UnknownServiceHandler(func(_ any, stream grpc.ServerStream) error {
			var req rawMessage
			if err := stream.RecvMsg(&req); err != nil {
				return err
			}
			method, _ := grpc.MethodFromServerStream(stream)
			resp := rawMessage(infer)
			if strings.HasSuffix(method, "/ModelMetadata") {
				resp = md
			}
			return stream.SendMsg(&resp)
		}))
}

func TestV2GRPCMalformedResponses(t *testing.T) {
	marshal := func(r *pb.ModelInferResponse) []byte {
		b, err := proto.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	y := func(dt string, shape ...int64) *pb.ModelInferResponse_InferOutputTensor {
		return &pb.ModelInferResponse_InferOutputTensor{Name: "y", Datatype: dt, Shape: shape}
	}
	fp32 := func(xs ...float32) *pb.InferTensorContents { return &pb.InferTensorContents{Fp32Contents: xs} }
	for _, c := range []struct {
		name string
		body []byte
		want string
	}{
		{"not protobuf", []byte{0xff, 0xff, 0xff}, "malformed response: proto:"},
		{"no outputs", marshal(&pb.ModelInferResponse{}), "malformed response: no outputs"},
		{"wrong batch", marshal(&pb.ModelInferResponse{Outputs: []*pb.ModelInferResponse_InferOutputTensor{{Name: "y", Datatype: "FP32", Shape: []int64{3}, Contents: fp32(1, 2, 3)}}}),
			`output "y" has shape [3] for a batch of 2`},
		{"too few elements", marshal(&pb.ModelInferResponse{Outputs: []*pb.ModelInferResponse_InferOutputTensor{{Name: "y", Datatype: "FP32", Shape: []int64{2}, Contents: fp32(1)}}}),
			`output "y": 1 elements in fp32_contents for 2 in the shape`},
		{"wrong field", marshal(&pb.ModelInferResponse{Outputs: []*pb.ModelInferResponse_InferOutputTensor{{Name: "y", Datatype: "FP32", Shape: []int64{2}, Contents: &pb.InferTensorContents{Fp64Contents: []float64{1, 2}}}}}),
			`output "y": a FP32 tensor holds 2 elements outside fp32_contents`},
		{"raw too short", marshal(&pb.ModelInferResponse{Outputs: []*pb.ModelInferResponse_InferOutputTensor{y("FP32", 2)}, RawOutputContents: [][]byte{{0, 0, 128, 63}}}),
			`output "y": 4 bytes for 2 FP32 elements of 4 bytes`},
		{"raw and typed", marshal(&pb.ModelInferResponse{Outputs: []*pb.ModelInferResponse_InferOutputTensor{{Name: "y", Datatype: "FP32", Shape: []int64{2}, Contents: fp32(1, 2)}}, RawOutputContents: [][]byte{make([]byte, 8)}}),
			`output "y": raw contents are given, so no tensor may have typed contents`},
		{"raw count", marshal(&pb.ModelInferResponse{Outputs: []*pb.ModelInferResponse_InferOutputTensor{y("FP32", 2)}, RawOutputContents: [][]byte{make([]byte, 8), nil}}),
			`2 raw_output_contents for 1 outputs`},
		{"unknown datatype", marshal(&pb.ModelInferResponse{Outputs: []*pb.ModelInferResponse_InferOutputTensor{y("FP8", 2)}, RawOutputContents: [][]byte{make([]byte, 2)}}),
			`output "y" has unknown datatype "FP8"`},
		{"missing output", marshal(&pb.ModelInferResponse{Outputs: []*pb.ModelInferResponse_InferOutputTensor{{Name: "z", Datatype: "FP32", Shape: []int64{2}, Contents: fp32(1, 2)}}}),
			`output "y" is missing`},
		{"negative dimension", marshal(&pb.ModelInferResponse{Outputs: []*pb.ModelInferResponse_InferOutputTensor{y("FP32", 2, -1)}, RawOutputContents: [][]byte{nil}}),
			`output "y": dimension 1 of shape [2 -1] is out of range`},
		{"FP16 typed", marshal(&pb.ModelInferResponse{Outputs: []*pb.ModelInferResponse_InferOutputTensor{{Name: "y", Datatype: "FP16", Shape: []int64{2}, Contents: fp32(1, 2)}}}),
			`output "y": FP16 data must travel as raw contents`},
	} {
		t.Run(c.name, func(t *testing.T) {
			addr := startScriptedV2GRPC(t, c.body)
			cl := NewClient(closeAfter(t, NewV2GRPC(addr, "m", GRPCConfig{})))
			cl.BatchSize, cl.Retries = 2, 3
			rows := []Row{{ID: "a", Values: map[string]Value{"x": Vector(1, 2)}}, {ID: "b", Values: map[string]Value{"x": Vector(3, 4)}}}
			outcomes := cl.Predict(context.Background(), rows)
			if _, failed := checkAccounted(t, rows, outcomes); failed != 2 {
				t.Fatalf("%d failed, want 2", failed)
			}
			for _, o := range outcomes {
				var e *Error
				if o.Attempts != 1 || !strings.Contains(o.Err.Error(), c.want) || !errors.As(o.Err, &e) || e.Temporary() ||
					!strings.HasPrefix(o.Err.Error(), `serving: v2-grpc infer model "m": malformed response: `) {
					t.Errorf("outcome %+v, want a malformed response %q after 1 attempt", o, c.want)
				}
			}
		})
	}
}
