package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mltest/mltest/harness/serving"
)

// The served model of these tests: y = 0.1*x + 0.05 (a probability-like
// output) and a top-3 list of items, per row.
func parityModel(skew func(x float64) bool) serving.Model {
	return serving.Model{
		Name:    "ctr",
		Inputs:  []serving.TensorSpec{{Name: "x", Datatype: serving.FP64, Shape: []int{}}},
		Outputs: []serving.TensorSpec{{Name: "y", Datatype: serving.FP64, Shape: []int{}}},
		Predict: func(_ context.Context, rows []serving.Row) ([]map[string]serving.Value, error) {
			out := make([]map[string]serving.Value, len(rows))
			for i, r := range rows {
				x := r.Values["x"].Numbers[0]
				y := 0.1*x + 0.05
				if skew != nil && skew(x) {
					y += 0.25
				}
				out[i] = map[string]serving.Value{"y": serving.Scalar(y)}
			}
			return out, nil
		},
	}
}

// writeParityFiles writes n requests (x = i/n*9) and the offline outputs
// of the unskewed model.
func writeParityFiles(t *testing.T, n int) (requests, offline string) {
	t.Helper()
	dir := t.TempDir()
	var req, off strings.Builder
	for i := range n {
		x := float64(i) / float64(n) * 9
		fmt.Fprintf(&req, `{"id": "r%03d", "inputs": {"x": %v}}`+"\n", i, x)
		fmt.Fprintf(&off, `{"id": "r%03d", "outputs": {"y": %v}}`+"\n", i, 0.1*x+0.05)
	}
	requests, offline = filepath.Join(dir, "requests.jsonl"), filepath.Join(dir, "offline.jsonl")
	require.NoError(t, os.WriteFile(requests, []byte(req.String()), 0o644))
	require.NoError(t, os.WriteFile(offline, []byte(off.String()), 0o644))
	return requests, offline
}

type parityJSON struct {
	N              int      `json:"n"`
	Matched        int      `json:"matched"`
	Mismatched     int      `json:"mismatched"`
	Failed         int      `json:"failed"`
	MissingOnline  []string `json:"missing_online"`
	MissingOffline []string `json:"missing_offline"`
	MaxAbsDiff     any      `json:"max_abs_diff"`
	Mismatches     []struct {
		ID      string `json:"id"`
		Output  string `json:"output"`
		Offline any    `json:"offline"`
		Online  any    `json:"online"`
		AbsDiff any    `json:"abs_diff"` // a number, or "+Inf"
	} `json:"mismatches"`
	Failures []struct {
		ID    string `json:"id"`
		Error string `json:"error"`
	} `json:"failures"`
	Latency map[string]float64 `json:"latency_ms"`
}

func decodeParity(t *testing.T, out string) parityJSON {
	t.Helper()
	var p parityJSON
	require.NoError(t, json.Unmarshal([]byte(out), &p), out)
	require.Equal(t, p.N, p.Matched+p.Mismatched+p.Failed, "every request counted once")
	return p
}

func TestParityCLIV2FindsAllAndOnlySkewedRows(t *testing.T) {
	skewed := func(x float64) bool { return x >= 3 && x < 4 }
	srv := httptest.NewServer(serving.NewV2Handler(parityModel(skewed)))
	defer srv.Close()
	req, off := writeParityFiles(t, 90) // x in [3, 4): rows 30..39
	outDir := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runCLI(t, "", "parity", "--requests", req, "--offline", off, "--online", srv.URL,
		"--protocol", "v2", "--model", "ctr", "--format", "json", "--batch", "7", "--out", outDir, "--quiet")
	require.Equal(t, exitFail, code, stderr)
	p := decodeParity(t, stdout)
	assert.Equal(t, 90, p.N)
	assert.Equal(t, 10, p.Mismatched)
	assert.Equal(t, 80, p.Matched)
	assert.Zero(t, p.Failed)
	var ids []string
	for _, m := range p.Mismatches {
		ids = append(ids, m.ID)
		assert.Equal(t, "y", m.Output)
		assert.InDelta(t, 0.25, m.AbsDiff.(float64), 1e-9)
	}
	assert.ElementsMatch(t, []string{"r030", "r031", "r032", "r033", "r034", "r035", "r036", "r037", "r038", "r039"}, ids)
	assert.Empty(t, p.MissingOffline)
	assert.Empty(t, p.MissingOnline)
	assert.Positive(t, p.Latency["p50"])
	assert.GreaterOrEqual(t, p.Latency["p99"], p.Latency["p50"])

	// --out holds every mismatch, one a line.
	b, err := os.ReadFile(filepath.Join(outDir, "mismatches.jsonl"))
	require.NoError(t, err)
	assert.Equal(t, 10, strings.Count(string(b), "\n"))
	_, err = os.Stat(filepath.Join(outDir, "result.json"))
	assert.NoError(t, err)

	// The table names the worst rows.
	code, stdout, _ = runCLI(t, "", "parity", "--requests", req, "--offline", off, "--online", srv.URL, "--protocol", "v2", "--model", "ctr", "--quiet")
	assert.Equal(t, exitFail, code)
	assert.Contains(t, stdout, "mismatched  10")
	assert.Contains(t, stdout, "r030")
}

func TestParityCLIFloat32ServerIsWithinTolerance(t *testing.T) {
	m := parityModel(nil)
	m.Outputs[0].Datatype = serving.FP32 // the server rounds y to float32
	srv := httptest.NewServer(serving.NewV2Handler(m))
	defer srv.Close()
	req, off := writeParityFiles(t, 50)
	code, stdout, stderr := runCLI(t, "", "parity", "--requests", req, "--offline", off, "--online", srv.URL, "--protocol", "v2", "--model", "ctr", "--format", "json", "--quiet")
	require.Equal(t, exitOK, code, stderr+stdout)
	p := decodeParity(t, stdout)
	assert.Equal(t, 50, p.Matched)
	assert.Positive(t, p.MaxAbsDiff.(float64), "float32 rounding is visible in max_abs_diff")
	// Demanding exact equality turns the rounding into mismatches.
	code, stdout, _ = runCLI(t, "", "parity", "--requests", req, "--offline", off, "--online", srv.URL, "--protocol", "v2", "--model", "ctr", "--format", "json", "--quiet", "--abs-tol", "0")
	assert.Equal(t, exitFail, code)
	assert.Positive(t, decodeParity(t, stdout).Mismatched)
}

func TestParityCLIFlakyServerLosesNothing(t *testing.T) {
	var calls atomic.Int64
	v2 := serving.NewV2Handler(parityModel(nil))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && calls.Add(1)%3 == 0 {
			http.Error(w, `{"error": "overloaded"}`, http.StatusServiceUnavailable)
			return
		}
		v2.ServeHTTP(w, r)
	}))
	defer srv.Close()
	req, off := writeParityFiles(t, 60)
	code, stdout, stderr := runCLI(t, "", "parity", "--requests", req, "--offline", off, "--online", srv.URL, "--protocol", "v2", "--model", "ctr",
		"--format", "json", "--quiet", "--batch", "4", "--retries", "3", "--concurrency", "2")
	require.Equal(t, exitOK, code, stderr+stdout)
	p := decodeParity(t, stdout)
	assert.Equal(t, 60, p.Matched, "every 503 was retried")
	assert.Greater(t, calls.Load(), int64(15), "15 batches plus retries")
}

func TestParityCLISlowServerTimesOutAsFailures(t *testing.T) {
	v2 := serving.NewV2Handler(parityModel(nil))
	release := make(chan struct{})
	defer close(release)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			var body struct {
				Inputs []struct {
					Data []float64 `json:"data"`
				} `json:"inputs"`
			}
			raw, _ := readAllLimit(r, 1<<20)
			_ = json.Unmarshal(raw, &body)
			if len(body.Inputs) > 0 && len(body.Inputs[0].Data) > 0 && body.Inputs[0].Data[0] >= 8 {
				select { // rows with x >= 8 hang until the test ends
				case <-release:
				case <-r.Context().Done():
				}
				return
			}
			r.Body = nopBody(raw)
		}
		v2.ServeHTTP(w, r)
	}))
	defer srv.Close()
	req, off := writeParityFiles(t, 20) // rows 18, 19 have x >= 8
	start := time.Now()
	code, stdout, stderr := runCLI(t, "", "parity", "--requests", req, "--offline", off, "--online", srv.URL, "--protocol", "v2", "--model", "ctr",
		"--format", "json", "--quiet", "--batch", "1", "--timeout", "200ms", "--retries", "1")
	require.Equal(t, exitFail, code, stderr)
	assert.Less(t, time.Since(start), 20*time.Second, "timeouts, not hangs")
	p := decodeParity(t, stdout)
	assert.Equal(t, 18, p.Matched)
	assert.Equal(t, 2, p.Failed)
	var failed []string
	for _, f := range p.Failures {
		failed = append(failed, f.ID)
	}
	assert.ElementsMatch(t, []string{"r018", "r019"}, failed)
}

func TestParityCLIMalformedResponses(t *testing.T) {
	cases := map[string]http.HandlerFunc{
		"not JSON": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"outputs": [`) },
		"wrong shape": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"model_name": "ctr", "outputs": [{"name": "y", "shape": [1], "datatype": "FP64", "data": [0.5, 0.6, 0.7]}]}`)
		},
		"missing output": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"model_name": "ctr", "outputs": []}`)
		},
	}
	meta := serving.NewV2Handler(parityModel(nil))
	for name, infer := range cases {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodPost {
					infer(w, r)
					return
				}
				meta.ServeHTTP(w, r)
			}))
			defer srv.Close()
			req, off := writeParityFiles(t, 5)
			code, stdout, stderr := runCLI(t, "", "parity", "--requests", req, "--offline", off, "--online", srv.URL, "--protocol", "v2", "--model", "ctr", "--format", "json", "--quiet", "--batch", "1")
			// Every request failed: the server is up but unusable, a run
			// that cannot go as asked (exit 2) with the reason; never a panic.
			assert.Equal(t, exitUsage, code, stdout)
			assert.Contains(t, stderr, "every request failed")
		})
	}
}

func TestParityCLITFServingAndJSON(t *testing.T) {
	req, off := writeParityFiles(t, 30)
	skewed := func(x float64) bool { return x < 0.5 } // rows 0, 1
	tf := httptest.NewServer(serving.NewTFServingHandler(parityModel(skewed)))
	defer tf.Close()
	code, stdout, stderr := runCLI(t, "", "parity", "--requests", req, "--offline", off, "--online", tf.URL, "--protocol", "tfserving", "--model", "ctr", "--format", "json", "--quiet")
	require.Equal(t, exitFail, code, stderr)
	p := decodeParity(t, stdout)
	assert.Equal(t, 2, p.Mismatched)
	assert.Equal(t, 28, p.Matched)

	js := httptest.NewServer(serving.NewJSONHandler(parityModel(nil)))
	defer js.Close()
	code, stdout, stderr = runCLI(t, "", "parity", "--requests", req, "--offline", off, "--online", js.URL, "--protocol", "json", "--format", "json", "--quiet")
	require.Equal(t, exitOK, code, stderr+stdout)
	assert.Equal(t, 30, decodeParity(t, stdout).Matched)
}

func TestParityCLIUnreachableServer(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	req, off := writeParityFiles(t, 3)
	code, _, stderr := runCLI(t, "", "parity", "--requests", req, "--offline", off, "--online", url, "--protocol", "json", "--quiet", "--retries", "0")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "mltest: parity:")
}

func TestParityCLIBadInput(t *testing.T) {
	req, off := writeParityFiles(t, 3)
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	require.NoError(t, os.WriteFile(bad, []byte(`{"id": "a", "outputs": {"y": 1}}`+"\n"+`{"id": "a", "outputs": {"y": 2}}`+"\n"), 0o644))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--offline", off, "--online", "http://127.0.0.1:1", "--protocol", "json"}, "--requests FILE is required"},
		{[]string{"--requests", req, "--offline", off, "--online", "http://127.0.0.1:1", "--protocol", "grpc"}, `--protocol "grpc"`},
		{[]string{"--requests", req, "--offline", off, "--online", "http://127.0.0.1:1", "--protocol", "v2"}, "--model NAME is required"},
		{[]string{"--requests", req, "--offline", bad, "--online", "http://127.0.0.1:1", "--protocol", "json"}, `bad.jsonl:2: id: duplicate id "a"`},
		{[]string{"--requests", req, "--offline", off, "--online", "http://127.0.0.1:1", "--protocol", "json", "--abs-tol", "NaN"}, "--abs-tol NaN"},
		{[]string{"--requests", req, "--offline", off, "--online", "http://127.0.0.1:1", "--protocol", "json", "--stage", "encode"}, "want NAME=OUTPUT"},
	} {
		code, _, stderr := runCLI(t, "", append([]string{"parity"}, c.args...)...)
		assert.Equal(t, exitUsage, code, c.args)
		assert.Contains(t, stderr, c.want, c.args)
	}
	code, stdout, _ := runCLI(t, "", "parity", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "Open Inference Protocol")
}

func readAllLimit(r *http.Request, n int64) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r.Body, n))
}

func nopBody(b []byte) io.ReadCloser { return io.NopCloser(bytes.NewReader(b)) }

// A server with a nondeterministic output and a ranked list: --noise keeps
// the nondeterminism apart from real skew, and the list is compared as a
// ranking.
func TestParityCLINoiseAndRankedLists(t *testing.T) {
	var calls atomic.Int64
	m := serving.Model{
		Name: "rec",
		Predict: func(_ context.Context, rows []serving.Row) ([]map[string]serving.Value, error) {
			out := make([]map[string]serving.Value, len(rows))
			for i, r := range rows {
				items := []string{"i1", "i2", "i3", "i4"}
				if r.Values["user"].Strings[0] == "u2" {
					items = []string{"i2", "i1", "i3", "i4"} // skew: the top two swapped
				}
				out[i] = map[string]serving.Value{
					"items":      serving.StringVector(items...),
					"request_no": serving.Scalar(float64(calls.Add(1))),
				}
			}
			return out, nil
		},
	}
	srv := httptest.NewServer(serving.NewV2Handler(m))
	defer srv.Close()
	dir := t.TempDir()
	var req, off strings.Builder
	for u := range 5 {
		fmt.Fprintf(&req, `{"id": "u%d", "inputs": {"user": "u%d"}}`+"\n", u, u)
		fmt.Fprintf(&off, `{"id": "u%d", "outputs": {"items": ["i1", "i2", "i3", "i4"], "request_no": 0}}`+"\n", u)
	}
	reqPath, offPath := filepath.Join(dir, "req.jsonl"), filepath.Join(dir, "off.jsonl")
	require.NoError(t, os.WriteFile(reqPath, []byte(req.String()), 0o644))
	require.NoError(t, os.WriteFile(offPath, []byte(off.String()), 0o644))

	code, stdout, stderr := runCLI(t, "", "parity", "--requests", reqPath, "--offline", offPath, "--online", srv.URL,
		"--protocol", "v2", "--model", "rec", "--format", "json", "--quiet", "--noise", "--rank-k", "2", "--batch", "2")
	require.Equal(t, exitFail, code, stderr)
	var res struct {
		parityJSON
		Noise []struct {
			ID, Output string
		} `json:"noise"`
		Lists map[string]struct {
			Rows        int     `json:"rows"`
			TopKOverlap float64 `json:"top_k_overlap"`
		} `json:"lists"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &res))
	assert.Equal(t, 1, res.Mismatched, "only u2's list is skew")
	require.Len(t, res.Mismatches, 1)
	assert.Equal(t, "u2", res.Mismatches[0].ID)
	assert.Equal(t, "items", res.Mismatches[0].Output)
	assert.Len(t, res.Noise, 5, "request_no differs between the two calls in every row")
	assert.Equal(t, 5, res.Lists["items"].Rows)
	assert.Equal(t, 1.0, res.Lists["items"].TopKOverlap, "the same top-2 set, swapped")

	// Without --noise the counter is a mismatch in every row.
	code, stdout, _ = runCLI(t, "", "parity", "--requests", reqPath, "--offline", offPath, "--online", srv.URL,
		"--protocol", "v2", "--model", "rec", "--format", "json", "--quiet")
	assert.Equal(t, exitFail, code)
	assert.Equal(t, 5, decodeParity(t, stdout).Mismatched)
}
