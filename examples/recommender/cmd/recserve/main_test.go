package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/harness/interleave"
	"github.com/mltest/mltest/harness/serving"
)

// TestRecserveServesAndStops runs the server in-process on a free port:
// the first stdout line is its URL, the JSON route answers with the model's
// own prediction, and cancelling the context stops it with exit 0.
func TestRecserveServesAndStops(t *testing.T) {
	m, path := trainSmall(t, t.TempDir())
	urls, stop := startServer(t, 2, "--model", path, "--addr", "127.0.0.1:0", "--grpc-addr", "127.0.0.1:0")
	url, grpcURL := urls[0], urls[1]
	resp, err := http.Post(url+"/predict", "application/json", strings.NewReader(`{"user": "u1", "candidates": ["i1", "i2", "i3"]}`))
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	o, err := m.PredictRow(requestRow("u1", "i1", "i2", "i3"))
	if err != nil {
		t.Fatal(err)
	}
	items, _ := got["items"].([]any)
	if resp.StatusCode != 200 || len(items) != len(o[rec.OutputItems].Strings) || items[0] != o[rec.OutputItems].Strings[0] {
		t.Fatalf("POST /predict: %s %v, want items %v", resp.Status, got, o[rec.OutputItems].Strings)
	}
	// The gRPC endpoint answers the same prediction.
	p := serving.NewV2GRPC(grpcURL, "rec", serving.GRPCConfig{})
	defer p.Close()
	out := serving.NewClient(p).Predict(context.Background(), []serving.Row{requestRow("u1", "i1", "i2", "i3")})
	if out[0].Err != nil || !slices.Equal(out[0].Outputs[rec.OutputItems].Strings, o[rec.OutputItems].Strings) {
		t.Fatalf("gRPC %s: %+v, want items %v", grpcURL, out[0], o[rec.OutputItems].Strings)
	}
	stop()
}

// trainSmall trains the small model of these tests and saves it in dir.
func trainSmall(t *testing.T, dir string) (*rec.Model, string) {
	t.Helper()
	d, _ := recdata.Generate(recdata.Options{Users: 60, Items: 40, Seed: 2})
	m, err := rec.Train(d, rec.DefaultHyperparameters(), rec.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "model.json")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	return m, path
}

// startServer runs recserve in-process with args and returns the first
// n lines it printed (its URLs: REST, then gRPC when asked), and stop, which
// cancels it and fails the test unless it exits 0 within 10 s.
func startServer(t *testing.T, n int, args ...string) (urls []string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var errb bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, args, pw, &errb) }()
	lines := bufio.NewReader(pr)
	for range n {
		url, err := lines.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		urls = append(urls, strings.TrimSpace(url))
	}
	go io.Copy(io.Discard, lines)
	return urls, func() {
		t.Helper()
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
		case <-time.After(10 * time.Second):
			t.Fatal("recserve did not stop after its context ended")
		}
	}
}

// TestRecserveInterleaves runs the online experiment: with --interleave the
// JSON route serves the team-draft interleaving of the model and the
// popularity baseline, the list the middleware gives in-process for that
// request id, and logs each impression.
func TestRecserveInterleaves(t *testing.T) {
	dir := t.TempDir()
	m, path := trainSmall(t, dir)
	logPath := filepath.Join(dir, "impressions.jsonl")
	urls, stop := startServer(t, 1, "--model", path, "--addr", "127.0.0.1:0", "--interleave", "--interleave-seed", "7", "--interleave-log", logPath)
	url := urls[0]
	mw := m.Interleaved(7, nil)
	for _, req := range []struct{ id, user string }{{"r1", "u1"}, {"r2", "u2"}, {"r3", "u1"}} {
		resp, err := http.Post(url+"/predict", "application/json", strings.NewReader(`{"user": "`+req.user+`", "request": "`+req.id+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		var got map[string][]string
		json.NewDecoder(resp.Body).Decode(&got)
		resp.Body.Close()
		want := mw.Predict(context.Background(), []serving.Row{{ID: "x", Values: map[string]serving.Value{
			rec.InputUser: serving.StringVector(req.user), rec.InputRequest: serving.StringVector(req.id)}}})[0]
		if want.Err != nil {
			t.Fatal(want.Err)
		}
		if !cmp.Equal(got["items"], want.Outputs[rec.OutputItems].Strings) || !cmp.Equal(got["teams"], want.Outputs[interleave.TeamsOutput].Strings) {
			t.Errorf("request %s: served %v, want the middleware's %v %v", req.id, got, want.Outputs[rec.OutputItems].Strings, want.Outputs[interleave.TeamsOutput].Strings)
		}
	}
	stop()
	imps, err := interleave.ReadLog(logPath, nil, "user")
	if err != nil {
		t.Fatal(err)
	}
	if len(imps) != 3 || imps[0].ID != "r1" || imps[1].User != "u2" || len(imps[2].Items) == 0 {
		t.Errorf("logged %+v, want the three requests", imps)
	}
}

// TestRecserveStartErrors: no model, an unreadable model and a busy or bad
// address exit 2.
func TestRecserveStartErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "--model is required"},
		{[]string{"--model", "testdata/none.json"}, "none.json"},
		{[]string{"--model", "testdata/none.json", "--interleave-log", "x.jsonl"}, "--interleave-log needs --interleave"},
	} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), c.args, &out, &errb); code != 2 || !strings.Contains(errb.String(), c.want) {
			t.Errorf("run(%q) = %d, stderr %q; want 2 and %q", c.args, code, errb.String(), c.want)
		}
	}
}

func requestRow(user string, candidates ...string) serving.Row {
	return serving.Row{ID: "r", Values: map[string]serving.Value{
		rec.InputUser:       {Strings: []string{user}},
		rec.InputCandidates: serving.StringVector(candidates...),
	}}
}
