package serving

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http/httptest"
	neturl "net/url"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
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

// BenchmarkClientV2TrivialSteady is BenchmarkClientV2Trivial at batch 1
// in the steady state of a long-running caller: Predict over chunks of
// 4,096 distinct rows, each chunk's outcomes checked and then dropped, as
// an evaluator of a stream does. BenchmarkClientV2Trivial keeps all b.N
// outcomes (and rows) alive, so its heap only grows and every output row's
// memory is touched for the first time (flt/req); here the heap stays
// small, the collector hands the memory of a dropped chunk to the next one,
// and what is measured is the client's work a request, as wrk's is (wrk
// keeps nothing either). The rows are the same in each chunk, as wrk's
// request is the same each time.
func BenchmarkClientV2TrivialSteady(b *testing.B) {
	url := benchServerURL(b)
	c := NewClient(NewV2(url, "trivial", nil))
	c.BatchSize = 1
	rows := benchRows(min(b.N, 4096))
	c.Predict(context.Background(), rows[:1]) // metadata, connections
	var failed error
	benchTimed(b, b.N, func() {
		for done := 0; done < b.N; {
			n := min(len(rows), b.N-done)
			for _, o := range c.Predict(context.Background(), rows[:n]) {
				switch {
				case failed != nil:
				case o.Err != nil:
					failed = o.Err
				case len(o.Outputs["y"].Numbers) != 4:
					failed = fmt.Errorf("row %s: outputs %v", o.ID, o.Outputs)
				}
			}
			done += n
		}
	})
	if failed != nil {
		b.Fatal(failed)
	}
}

// benchPredict times c.Predict(rows), b.N requests, and reports requests
// and rows per second and the process's CPU time per request, user and
// system (cpu-us/req, usr-us/req): with the server in another process
// (bench.sh) that is the client's own cost, which on a shared machine is
// what the server loses.
func benchPredict(b *testing.B, c *Client, rows []Row) {
	var outcomes []Outcome
	benchTimed(b, len(rows), func() { outcomes = c.Predict(context.Background(), rows) })
	for _, o := range outcomes {
		if o.Err != nil {
			b.Fatal(o.Err)
		}
	}
}

// benchTimed times run, which makes b.N requests carrying rows rows, and
// reports req/s, rows/s, cpu-us/req, usr-us/req and flt/req, the minor
// page faults a request: the first touch of memory the heap grew into,
// which on a virtual machine can cost more than the request's own work.
func benchTimed(b *testing.B, rows int, run func()) {
	b.ReportAllocs()
	u0, s0, f0 := processCPU()
	b.ResetTimer()
	start := time.Now()
	run()
	secs := time.Since(start).Seconds()
	b.StopTimer()
	u1, s1, f1 := processCPU()
	b.ReportMetric(float64(b.N)/secs, "req/s")
	b.ReportMetric(float64(rows)/secs, "rows/s")
	if u1 > 0 {
		b.ReportMetric(float64(u1-u0+s1-s0)/1e3/float64(b.N), "cpu-us/req")
		b.ReportMetric(float64(u1-u0)/1e3/float64(b.N), "usr-us/req")
		b.ReportMetric(float64(f1-f0)/float64(b.N), "flt/req")
	}
}

// BenchmarkFloorV2Trivial is the floor the Client is measured against in
// Go: 8 goroutines, each on its own kept-alive connection, writing wrk's
// request (testdata/bench/wrk_post.lua) and reading the answer's head and
// Content-Length body, with no JSON, no rows and no outcomes, in the same
// goroutine-per-request shape as the Client's. Its requests per second
// against wrk's are what the Go runtime and the kernel allow on the
// machine; the Client's against the floor's are what its own work costs.
func BenchmarkFloorV2Trivial(b *testing.B) {
	benchFloor(b, func(conn net.Conn, req []byte) func() error {
		br := bufio.NewReader(conn)
		return func() error { return floorExchange(conn, br, req) }
	})
}

// benchFloor times b.N exchanges of wrk's request over 8 kept-alive
// connections, one goroutine each; exchanger returns a connection's
// exchange.
func benchFloor(b *testing.B, exchanger func(conn net.Conn, req []byte) func() error) {
	u, err := neturl.Parse(benchServerURL(b))
	if err != nil {
		b.Fatal(err)
	}
	body := `{"inputs":[{"name":"x","datatype":"FP32","shape":[1,4],"data":[7,0.5,-1,2]}]}`
	req := []byte("POST /v2/models/trivial/infer HTTP/1.1\r\nHost: " + u.Host +
		"\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body)
	conns := make([]net.Conn, 8)
	for i := range conns {
		if conns[i], err = net.Dial("tcp", u.Host); err != nil {
			b.Fatal(err)
		}
		defer conns[i].Close()
	}
	var next atomic.Int64
	errs := make([]error, len(conns))
	benchTimed(b, b.N, func() {
		var wg sync.WaitGroup
		for i, conn := range conns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				exchange := exchanger(conn, req)
				for next.Add(1) <= int64(b.N) {
					if errs[i] = exchange(); errs[i] != nil {
						return
					}
				}
			}()
		}
		wg.Wait()
	})
	for _, err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
}

// floorExchange writes req on conn and reads one 200 answer with a
// Content-Length body from br.
func floorExchange(conn net.Conn, br *bufio.Reader, req []byte) error {
	if _, err := conn.Write(req); err != nil {
		return err
	}
	n := -1
	for first := true; ; first = false {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return err
		}
		if first && !bytes.HasPrefix(line, []byte("HTTP/1.1 200 ")) {
			return fmt.Errorf("answer %q", line)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			break
		}
		if k := bytes.IndexByte(line, ':'); k > 0 && bytes.EqualFold(line[:k], []byte("Content-Length")) {
			if n, err = strconv.Atoi(string(bytes.TrimSpace(line[k+1:]))); err != nil {
				return err
			}
		}
	}
	if n < 0 {
		return fmt.Errorf("answer without Content-Length")
	}
	_, err := br.Discard(n)
	return err
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
