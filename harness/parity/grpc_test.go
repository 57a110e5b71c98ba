package parity

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/mltest/mltest/harness/serving"
)

// labelModel takes x (FP64 [2]) and name (BYTES []) and returns
// p = sigmoid(x0 - x1) as FP32, h = x0/7 as FP16, b = x1/3 as BF16 and
// label = upper-cased name as BYTES; the rows whose name starts with
// "skew" get p + 0.01.
func labelModel() serving.Model {
	return serving.Model{Name: "m",
		Inputs: []serving.TensorSpec{{Name: "x", Datatype: serving.FP64, Shape: []int{2}}, {Name: "name", Datatype: serving.Bytes, Shape: []int{}}},
		Outputs: []serving.TensorSpec{{Name: "p", Datatype: serving.FP32, Shape: []int{}}, {Name: "h", Datatype: serving.FP16, Shape: []int{}},
			{Name: "b", Datatype: serving.BF16, Shape: []int{}}, {Name: "label", Datatype: serving.Bytes, Shape: []int{}}},
		Predict: func(ctx context.Context, rows []serving.Row) ([]map[string]serving.Value, error) {
			outs := make([]map[string]serving.Value, len(rows))
			for i, r := range rows {
				outs[i] = labelOutputs(r.Values["x"].Numbers, r.Values["name"].Strings[0], true)
			}
			return outs, nil
		}}
}

func labelOutputs(x []float64, name string, skew bool) map[string]serving.Value {
	p := 1 / (1 + math.Exp(x[1]-x[0]))
	if skew && strings.HasPrefix(name, "skew") {
		p += 0.01
	}
	return map[string]serving.Value{"p": serving.Scalar(p), "h": serving.Scalar(x[0] / 7), "b": serving.Scalar(x[1] / 3),
		"label": {Strings: []string{strings.ToUpper(name)}}}
}

// labelRows are n requests, the rows in skewed named skew-*, every fifth
// other row with a non-ASCII name (zoë-user-*), and the offline outputs
// computed in float64.
func labelRows(n int, skewed []int) ([]serving.Row, *Table) {
	var rows, offline []serving.Row
	for i := range n {
		name := fmt.Sprintf("user-%d", i)
		switch {
		case slices.Contains(skewed, i):
			name = fmt.Sprintf("skew-%d", i)
		case i%5 == 0:
			name = fmt.Sprintf("zoë-user-%d", i)
		}
		x := []float64{float64(i)/10 - 2, math.Sin(float64(i)) * 3}
		id := fmt.Sprint("r", i)
		rows = append(rows, serving.Row{ID: id, Values: map[string]serving.Value{"x": serving.Vector(x...), "name": {Strings: []string{name}}}})
		offline = append(offline, serving.Row{ID: id, Values: labelOutputs(x, name, false)})
	}
	table, err := NewTable(offline)
	if err != nil {
		panic(err)
	}
	return rows, table
}

func startGRPC(t *testing.T, register func(*grpc.Server), opts ...grpc.ServerOption) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := grpc.NewServer(opts...)
	register(s)
	go s.Serve(ln)
	t.Cleanup(s.Stop)
	return ln.Addr().String()
}

func mismatchIDs(res Result) []string {
	var ids []string
	for _, m := range res.Mismatches {
		if !slices.Contains(ids, m.ID) {
			ids = append(ids, m.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

// TestEveryTypedProtocolFindsExactlyTheSkewedRows: over REST (JSON and
// binary) and gRPC (raw, typed, TF Serving), the FP32, FP16 and BF16
// outputs, which the server rounds, match the float64 offline values under
// the default tolerance, and the skew is found on exactly the skewed rows.
func TestEveryTypedProtocolFindsExactlyTheSkewedRows(t *testing.T) {
	m := labelModel()
	rest := httptest.NewServer(serving.NewV2Handler(m))
	defer rest.Close()
	addr := startGRPC(t, func(s *grpc.Server) { serving.RegisterV2GRPC(s, m); serving.RegisterTFServingGRPC(s, m) })
	rows, table := labelRows(60, []int{5, 6, 33})
	for _, e := range []Endpoint{
		{Protocol: "v2", URL: rest.URL, Model: "m"},
		{Protocol: "v2", URL: rest.URL, Model: "m", BinaryData: true},
		{Protocol: "v2-grpc", URL: addr, Model: "m", Batch: 7},
		{Protocol: "v2-grpc", URL: addr, Model: "m", TypedContents: true},
		{Protocol: "tfserving-grpc", URL: addr, Model: "m", Batch: 9},
	} {
		t.Run(fmt.Sprintf("%s binary=%v typed=%v", e.Protocol, e.BinaryData, e.TypedContents), func(t *testing.T) {
			c, err := e.Client(nil)
			require.NoError(t, err)
			defer Close(c)
			res := Compare(context.Background(), rows, table, c, Options{Tolerance: DefaultTolerance})
			assert.Equal(t, 0, res.Failed, "%v", res.Failures)
			assert.Equal(t, 57, res.Matched)
			assert.Equal(t, []string{"r33", "r5", "r6"}, mismatchIDs(res))
			for _, mm := range res.Mismatches {
				assert.Equal(t, "p", mm.Output)
			}
		})
	}
	// An exact comparison does not excuse the rounding.
	c, err := Endpoint{Protocol: "v2-grpc", URL: addr, Model: "m"}.Client(nil)
	require.NoError(t, err)
	defer Close(c)
	res := Compare(context.Background(), rows, table, c, Options{})
	assert.Equal(t, 0, res.Matched, "FP16 outputs are not exactly the float64 values")
}

// bytesBug is a server interceptor that corrupts BYTES outputs as a server
// that writes strings in Latin-1 does: every non-ASCII byte becomes '?'.
// (The response is reached through protobuf reflection: its Go type is
// internal to harness/serving.)
func bytesBug() grpc.ServerOption {
	return grpc.UnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		resp, err := h(ctx, req)
		if err != nil || !strings.HasSuffix(info.FullMethod, "/ModelInfer") {
			return resp, err
		}
		msg := resp.(proto.Message).ProtoReflect()
		fields := msg.Descriptor().Fields()
		outs, raw := msg.Get(fields.ByName("outputs")).List(), msg.Get(fields.ByName("raw_output_contents")).List()
		for i := range outs.Len() {
			o := outs.Get(i).Message()
			if o.Get(o.Descriptor().Fields().ByName("datatype")).String() != "BYTES" {
				continue
			}
			b := raw.Get(i).Bytes()
			for k := range b {
				if b[k] >= 0x80 {
					b[k] = '?'
				}
			}
		}
		return resp, nil
	})
}

// TestRESTAgainstGRPC compares the REST and gRPC endpoints of one server
// with CompareEndpoints: identical on typed data; and when the gRPC side
// has a BYTES bug, the difference is reported on the BYTES output of
// exactly the rows whose label is not ASCII (every fifth).
func TestRESTAgainstGRPC(t *testing.T) {
	m := labelModel()
	rest := httptest.NewServer(serving.NewV2Handler(m))
	defer rest.Close()
	good := startGRPC(t, func(s *grpc.Server) { serving.RegisterV2GRPC(s, m) })
	buggy := startGRPC(t, func(s *grpc.Server) { serving.RegisterV2GRPC(s, m) }, bytesBug())
	rows, _ := labelRows(30, []int{2, 9})
	requests := writeRequests(t, rows)
	against := Endpoint{Protocol: "v2", URL: rest.URL, Model: "m"}

	res, err := CompareEndpoints(context.Background(), requests, nil, Endpoint{Protocol: "v2-grpc", URL: good, Model: "m"}, against, Options{})
	require.NoError(t, err)
	assert.Equal(t, 30, res.Matched, "REST and gRPC of one server agree bit for bit: %v", res.Mismatches)
	assert.Equal(t, 0.0, res.MaxAbsDiff)

	res, err = CompareEndpoints(context.Background(), requests, nil, Endpoint{Protocol: "v2-grpc", URL: buggy, Model: "m"}, against, Options{Tolerance: DefaultTolerance})
	require.NoError(t, err)
	assert.Equal(t, []string{"r0", "r10", "r15", "r20", "r25", "r5"}, mismatchIDs(res))
	assert.Equal(t, 24, res.Matched)
	for _, mm := range res.Mismatches {
		assert.Equal(t, "label", mm.Output)
		assert.True(t, strings.Contains(mm.Offline.(string), "Ë") && strings.Contains(mm.Online.(string), "??"), "%+v", mm)
	}
}

// TestCompareEndpointsAccountsForFaults: permanent failures on the
// candidate are exactly the failed rows, temporary ones are retried, and
// matched + mismatched + failed is every row.
func TestCompareEndpointsAccountsForFaults(t *testing.T) {
	m := labelModel()
	var calls atomic.Int64
	faulty := grpc.UnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		if !strings.HasSuffix(info.FullMethod, "/ModelInfer") {
			return h(ctx, req)
		}
		if calls.Add(1)%3 == 0 {
			return nil, status.Error(codes.Unavailable, "restarting")
		}
		if r, ok := req.(interface{ GetRawInputContents() [][]byte }); ok && slices.ContainsFunc(r.GetRawInputContents(), func(b []byte) bool { return strings.Contains(string(b), "user-1") }) {
			return nil, status.Error(codes.InvalidArgument, "unknown user prefix")
		}
		return h(ctx, req)
	})
	rest := httptest.NewServer(serving.NewV2Handler(m))
	defer rest.Close()
	addr := startGRPC(t, func(s *grpc.Server) { serving.RegisterV2GRPC(s, m) }, faulty)
	rows, _ := labelRows(25, []int{3})
	res, err := CompareEndpoints(context.Background(), writeRequests(t, rows), nil,
		Endpoint{Protocol: "v2-grpc", URL: addr, Model: "m", Batch: 1, Retries: 3}, Endpoint{Protocol: "v2", URL: rest.URL, Model: "m"}, Options{Tolerance: DefaultTolerance})
	require.NoError(t, err)
	var failed []string
	for _, f := range res.Failures {
		failed = append(failed, f.ID)
		assert.Contains(t, f.Error, "gRPC INVALID_ARGUMENT: unknown user prefix")
	}
	slices.Sort(failed)
	// user-1, user-10 ... user-19, zoë-user-10 and -15: rows 1 and 10-19.
	assert.Equal(t, []string{"r1", "r10", "r11", "r12", "r13", "r14", "r15", "r16", "r17", "r18", "r19"}, failed)
	assert.Equal(t, 14, res.Matched, "one model behind both: the rest match, the skewed row 3 included")
	assert.Equal(t, 25, res.Matched+res.Mismatched+res.Failed)
}

func TestCompareEndpointsUnreachableSide(t *testing.T) {
	m := labelModel()
	rest := httptest.NewServer(serving.NewV2Handler(m))
	defer rest.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	down := ln.Addr().String()
	ln.Close()
	rows, _ := labelRows(3, nil)
	_, err = CompareEndpoints(context.Background(), writeRequests(t, rows), nil,
		Endpoint{Protocol: "v2", URL: rest.URL, Model: "m"}, Endpoint{Protocol: "v2-grpc", URL: down, Model: "m", NoRetries: true}, Options{})
	require.True(t, errors.Is(err, ErrUnreachable), "%v", err)
	assert.Contains(t, err.Error(), "is the server at "+down+" up and speaking v2-grpc?")
	assert.Contains(t, err.Error(), "gRPC UNAVAILABLE")
}

// writeRequests writes rows as a JSONL requests file and returns its path.
func writeRequests(t *testing.T, rows []serving.Row) string {
	var b strings.Builder
	for _, r := range rows {
		inputs := map[string]any{}
		for name, v := range r.Values {
			if v.Strings != nil {
				inputs[name] = v.Strings[0]
			} else {
				inputs[name] = v.Numbers
			}
		}
		line, err := json.Marshal(map[string]any{"id": r.ID, "inputs": inputs})
		require.NoError(t, err)
		b.Write(append(line, '\n'))
	}
	path := filepath.Join(t.TempDir(), "requests.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	return path
}
