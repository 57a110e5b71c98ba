// Command recserve is the online path of the recommender example: it loads a
// model file written by rectrain and serves it with harness/serving over the
// Open Inference Protocol v2 and a plain JSON route, running the same
// rec.Model.PredictRow as the batch job.
//
//	recserve --model model.json --addr 127.0.0.1:8080
//
//	GET  /v2/health/ready, /v2/models/rec          (metadata)
//	POST /v2/models/rec/infer                      inputs "user" (BYTES), optional "candidates" (BYTES)
//	POST /predict                                  {"user": "u3", "candidates": ["i1", "i7"]}
//
// The first line on stdout is the base URL it listens on (with --addr
// 127.0.0.1:0 the port is chosen by the system), so a test can start it and
// read where to connect. SIGINT or SIGTERM stops it gracefully.
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
	"github.com/mltest/mltest/harness/serving"
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
	name := fs.String("name", "rec", "model name in the v2 routes")
	bug := fs.Bool("bug-unbucketed-popularity", false, "DELIBERATE BUG: forget the popularity bucketing in Encode")
	predLog := fs.String("prediction-log", "", "append every served list to this JSONL file (with --click-log)")
	clickLog := fs.String("click-log", "", "append every reported click to this JSONL file (with --prediction-log)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *modelPath == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "mltest: recserve: --model is required, and no arguments")
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
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
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
