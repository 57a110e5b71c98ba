package serving

import (
	"context"
	"fmt"
	"net"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"google.golang.org/grpc"
)

// trivialModel is y = x, the same model internal/trivialserver serves.
func trivialModel() Model {
	return Model{
		Name:    "trivial",
		Inputs:  []TensorSpec{{Name: "x", Datatype: FP32, Shape: []int{-1}}},
		Outputs: []TensorSpec{{Name: "y", Datatype: FP32, Shape: []int{-1}}},
		Predict: func(ctx context.Context, rows []Row) ([]map[string]Value, error) {
			outs := make([]map[string]Value, len(rows))
			for i, r := range rows {
				outs[i] = map[string]Value{"y": r.Values["x"]}
			}
			return outs, nil
		},
	}
}

// benchServerURL is the server the benchmarks call: MLTEST_SERVING_URL (so
// bench.sh can point the client and wrk at one server), else a loopback
// server in the test process.
func benchServerURL(b *testing.B) string {
	if u := os.Getenv("MLTEST_SERVING_URL"); u != "" {
		return u
	}
	srv := httptest.NewServer(NewV2Handler(trivialModel()))
	b.Cleanup(srv.Close)
	return srv.URL
}

func benchRows(n int) []Row {
	rows := make([]Row, n)
	for i := range rows {
		rows[i] = Row{ID: fmt.Sprint(i), Values: map[string]Value{"x": Vector(float64(i), 0.5, -1, 2)}}
	}
	return rows
}

// BenchmarkClientV2Trivial measures requests per second through the Client
// (one row per request, concurrency 8) against a trivial v2 server.
func BenchmarkClientV2Trivial(b *testing.B) {
	url := benchServerURL(b)
	for _, batch := range []int{1, 32} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			c := NewClient(NewV2(url, "trivial", nil))
			c.BatchSize = batch
			rows := benchRows(b.N * batch)
			c.Predict(context.Background(), rows[:1]) // metadata, connections
			benchPredict(b, c, rows)
		})
	}
}

// benchPredict times c.Predict(rows), b.N requests, and reports requests
// and rows per second and the process's CPU time per request, user and
// system (cpu-us/req, usr-us/req): with the server in another process
// (bench.sh) that is the client's own cost, which on a shared machine is
// what the server loses.
func benchPredict(b *testing.B, c *Client, rows []Row) {
	b.ReportAllocs()
	u0, s0 := processCPU()
	b.ResetTimer()
	start := time.Now()
	outcomes := c.Predict(context.Background(), rows)
	secs := time.Since(start).Seconds()
	b.StopTimer()
	u1, s1 := processCPU()
	for _, o := range outcomes {
		if o.Err != nil {
			b.Fatal(o.Err)
		}
	}
	b.ReportMetric(float64(b.N)/secs, "req/s")
	b.ReportMetric(float64(len(rows))/secs, "rows/s")
	if u1 > 0 {
		b.ReportMetric(float64(u1-u0+s1-s0)/1e3/float64(b.N), "cpu-us/req")
		b.ReportMetric(float64(u1-u0)/1e3/float64(b.N), "usr-us/req")
	}
}

// benchGRPCTarget is the gRPC server the gRPC benchmark calls:
// MLTEST_SERVING_GRPC (bench.sh: the same trivialserver process as the
// REST figures), else a loopback server in the test process.
func benchGRPCTarget(b *testing.B) string {
	if a := os.Getenv("MLTEST_SERVING_GRPC"); a != "" {
		return a
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	s := grpc.NewServer()
	RegisterV2GRPC(s, trivialModel())
	go s.Serve(ln)
	b.Cleanup(s.Stop)
	return ln.Addr().String()
}

// BenchmarkClientV2GRPCTrivial is BenchmarkClientV2Trivial over v2 gRPC
// (raw contents): the same rows, client settings and model.
func BenchmarkClientV2GRPCTrivial(b *testing.B) {
	target := benchGRPCTarget(b)
	for _, batch := range []int{1, 32} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			p := NewV2GRPC(target, "trivial", GRPCConfig{})
			defer p.Close()
			c := NewClient(p)
			c.BatchSize = batch
			rows := benchRows(b.N * batch)
			c.Predict(context.Background(), rows[:1])
			benchPredict(b, c, rows)
		})
	}
}
