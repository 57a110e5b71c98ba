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
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			outcomes := c.Predict(context.Background(), rows)
			secs := time.Since(start).Seconds()
			b.StopTimer()
			for _, o := range outcomes {
				if o.Err != nil {
					b.Fatal(o.Err)
				}
			}
			b.ReportMetric(float64(b.N)/secs, "req/s")
			b.ReportMetric(float64(len(rows))/secs, "rows/s")
		})
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
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			outcomes := c.Predict(context.Background(), rows)
			secs := time.Since(start).Seconds()
			b.StopTimer()
			for _, o := range outcomes {
				if o.Err != nil {
					b.Fatal(o.Err)
				}
			}
			b.ReportMetric(float64(b.N)/secs, "req/s")
			b.ReportMetric(float64(len(rows))/secs, "rows/s")
		})
	}
}
