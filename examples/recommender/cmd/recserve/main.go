// Command recserve is the online path of the recommender example: it loads a
// model file written by rectrain and serves it with harness/serving over the
// Open Inference Protocol v2 and a plain JSON route, running the same
// rec.Model.PredictRow as the batch job.
//
//	recserve --model model.json --addr 127.0.0.1:8080 [--grpc-addr 127.0.0.1:8081]
//
//	GET  /v2/health/ready, /v2/models/rec          (metadata)
//	POST /v2/models/rec/infer                      inputs "user" (BYTES), optional "candidates" (BYTES)
//	POST /predict                                  {"user": "u3", "candidates": ["i1", "i7"]}
//	gRPC inference.GRPCInferenceService            the v2 API over gRPC, with --grpc-addr
//
// The first line on stdout is the base URL it listens on (with --addr
// 127.0.0.1:0 the port is chosen by the system), so a test can start it and
// read where to connect; with --grpc-addr the second line is the gRPC
// endpoint, grpc://HOST:PORT. SIGINT or SIGTERM stops it gracefully.
//
// With --prediction-log FILE and --click-log FILE it also serves the lists
// the application shows and writes what nearline monitoring reads
// (examples/recommender/reclog): POST /recommend {"request_id": "q1",
// "user": "u3"} logs one row per listed item to the prediction log, POST
// /click {"id": "q1:i7"} a click to the click log; mltest monitor joins the
// two by id.
//
// --bug-unbucketed-popularity (off by default) switches on the deliberate
// bug of the example: the server forgets the popularity bucketing in Encode.
// The parity test shows mltest catching it.
//
// --interleave serves the example's online experiment instead: the
// team-draft interleaving of the model (ranker A) and its popularity
// baseline (B), through harness/interleave's middleware. Requests then also
// carry "request" (the request id, which seeds the interleaving); responses
// hold "items" and "teams"; every served impression is appended to
// --interleave-log as the JSONL `mltest interleave` reads once clicks are
// added.
//
// Exit status 0 after a clean shutdown, 2 when it could not start.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/reclog"
	"github.com/mltest/mltest/harness/interleave"
	"github.com/mltest/mltest/harness/serving"
	"google.golang.org/grpc"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("recserve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	modelPath := fs.String("model", "", "model file written by rectrain (required)")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address; port 0 picks a free port")
	grpcAddr := fs.String("grpc-addr", "", "also serve the v2 API over gRPC at this address (port 0 picks a free port)")
	name := fs.String("name", "rec", "model name in the v2 routes")
	bug := fs.Bool("bug-unbucketed-popularity", false, "DELIBERATE BUG: forget the popularity bucketing in Encode")
	interleaved := fs.Bool("interleave", false, "serve the team-draft interleaving of the model (A) and the popularity baseline (B)")
	seed := fs.Uint64("interleave-seed", 1, "seed of the interleaving (with the request id)")
	logPath := fs.String("interleave-log", "", "append every served impression to this JSONL file (with --interleave)")
	predLog := fs.String("prediction-log", "", "append every served list to this JSONL file (with --click-log)")
	clickLog := fs.String("click-log", "", "append every reported click to this JSONL file (with --prediction-log)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *modelPath == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "mltest: recserve: --model is required, and no arguments")
		return 2
	}
	if *logPath != "" && !*interleaved {
		fmt.Fprintln(stderr, "mltest: recserve: --interleave-log needs --interleave")
		return 2
	}
	m, err := rec.Load(*modelPath)
	if err != nil {
		fmt.Fprintf(stderr, "mltest: %v\n", err)
		return 2
	}
	if *bug {
		m = m.WithUnbucketedPopularity(true)
		fmt.Fprintln(stderr, "recserve: WARNING: --bug-unbucketed-popularity is on: serving with the deliberate encode bug")
	}
	sm := m.Serving(*name)
	if *interleaved {
		var logf func(interleave.Impression)
		if *logPath != "" {
			f, err := os.OpenFile(*logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
			if err != nil {
				fmt.Fprintf(stderr, "mltest: recserve: %v\n", err)
				return 2
			}
			defer f.Close()
			logf = interleave.NewLogWriter(f).Log
		}
		sm = m.Interleaved(*seed, logf).Model(*name)
	}
	mux := http.NewServeMux()
	mux.Handle("/v2/", serving.NewV2Handler(sm))
	mux.Handle("/predict", serving.NewJSONHandler(sm))
	if (*predLog == "") != (*clickLog == "") {
		fmt.Fprintln(stderr, "mltest: recserve: --prediction-log and --click-log go together")
		return 2
	}
	if *predLog != "" {
		var files []*os.File
		for _, name := range []string{*predLog, *clickLog} {
			f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
			if err != nil {
				fmt.Fprintf(stderr, "mltest: recserve: %v\n", err)
				return 2
			}
			defer f.Close()
			files = append(files, f)
		}
		h := reclog.Handler(m, reclog.NewLogger(files[0], files[1]))
		mux.Handle("/recommend", h)
		mux.Handle("/click", h)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "mltest: recserve: %v\n", err)
		return 2
	}
	fmt.Fprintf(stdout, "http://%s\n", ln.Addr())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(ln) }()
	if *grpcAddr != "" {
		gln, err := net.Listen("tcp", *grpcAddr)
		if err != nil {
			fmt.Fprintf(stderr, "mltest: recserve: %v\n", err)
			ln.Close()
			return 2
		}
		fmt.Fprintf(stdout, "grpc://%s\n", gln.Addr())
		gsrv := grpc.NewServer()
		serving.RegisterV2GRPC(gsrv, sm)
		go func() { errc <- gsrv.Serve(gln) }()
		defer gsrv.GracefulStop()
	}
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "mltest: recserve: %v\n", err)
		return 2
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		// Connections a client opened but never used keep Shutdown waiting;
		// after the grace period they are closed.
		fmt.Fprintf(stderr, "recserve: closing connections still open after 5s: %v\n", err)
		srv.Close()
	}
	return 0
}
