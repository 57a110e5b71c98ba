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

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/harness/serving"
)

// TestRecserveServesAndStops runs the server in-process on a free port:
// the first stdout line is its URL, the JSON route answers with the model's
// own prediction, and cancelling the context stops it with exit 0.
func TestRecserveServesAndStops(t *testing.T) {
	d, _ := recdata.Generate(recdata.Options{Users: 60, Items: 40, Seed: 2})
	m, err := rec.Train(d, rec.DefaultHyperparameters(), rec.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "model.json")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"--model", path, "--addr", "127.0.0.1:0", "--grpc-addr", "127.0.0.1:0"}, pw, &errb)
	}()
	lines := bufio.NewReader(pr)
	url, err := lines.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	grpcURL, err := lines.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, lines)
	url, grpcURL = strings.TrimSpace(url), strings.TrimSpace(grpcURL)
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
	out := serving.NewClient(p).Predict(ctx, []serving.Row{requestRow("u1", "i1", "i2", "i3")})
	if out[0].Err != nil || !slices.Equal(out[0].Outputs[rec.OutputItems].Strings, o[rec.OutputItems].Strings) {
		t.Fatalf("gRPC %s: %+v, want items %v", grpcURL, out[0], o[rec.OutputItems].Strings)
	}
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

// TestRecserveStartErrors: no model, an unreadable model and a busy or bad
// address exit 2.
func TestRecserveStartErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "--model is required"},
		{[]string{"--model", "testdata/none.json"}, "none.json"},
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
