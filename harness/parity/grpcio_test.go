package parity

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mltest/mltest/harness/serving"
	"github.com/mltest/mltest/internal/testtool"
)

// startPythonGRPC builds Python message classes from mltest's .proto files
// with protoc and starts testdata/grpcio/server.py, a grpcio server mltest
// did not write, on a loopback port. It returns HOST:PORT.
func startPythonGRPC(t *testing.T) string {
	protoc := testtool.Need(t, "protoc", "protobuf-compiler")
	python := testtool.NeedPythonModules(t, "python3-grpcio python3-protobuf python3-numpy", "grpc", "google.protobuf", "numpy")
	protoDir := filepath.Join("..", "serving", "internal", "proto")
	gen := t.TempDir()
	var files []string
	for _, pattern := range []string{"inference/*.proto", "tensorflow/core/*/*.proto", "tensorflow_serving/apis/*.proto"} {
		m, err := filepath.Glob(filepath.Join(protoDir, pattern))
		require.NoError(t, err)
		for _, f := range m {
			rel, _ := filepath.Rel(protoDir, f)
			files = append(files, rel)
		}
	}
	out, err := exec.Command(protoc, append([]string{"-I", protoDir, "--python_out", gen}, files...)...).CombinedOutput()
	require.NoError(t, err, "protoc: %s", out)

	cmd := exec.Command(python, filepath.Join("testdata", "grpcio", "server.py"), gen)
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr testtool.Buffer // os/exec writes it from a goroutine while the test may read it
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		stdin.Close() // the server stops when its stdin closes
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	port, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err, "the Python server did not start: %s", stderr.String())
	return "127.0.0.1:" + strings.TrimSpace(port)
}

// pythonScorerRows are requests for the Python model and its outputs
// computed in float64 by Go, as a batch job would write them. The rows
// named skew-* are the ones the server skews (score + 1).
func pythonScorerRows(n int, skewed []int) (rows []serving.Row, table *Table) {
	rng := rand.New(rand.NewPCG(16, 2026))
	var offline []serving.Row
	for i := range n {
		name := fmt.Sprintf("user-%02d-ü", i)
		if slices.Contains(skewed, i) {
			name = fmt.Sprintf("skew-%02d", i)
		}
		x := []float64{rng.NormFloat64(), rng.NormFloat64() * 10, rng.Float64()}
		id := fmt.Sprint("r", i)
		rows = append(rows, serving.Row{ID: id, Values: map[string]serving.Value{"x": serving.Vector(x...), "name": {Strings: []string{name}}}})
		x32 := make([]float64, 3) // the model's input is FP32: it sees x rounded
		for k, v := range x {
			x32[k] = float64(float32(v))
		}
		offline = append(offline, serving.Row{ID: id, Values: map[string]serving.Value{
			"score":    serving.Scalar(0.5*x32[0] - 0.25*x32[1] + 2*x32[2]),
			"half":     serving.Scalar(x32[0] / 3),
			"greeting": {Strings: []string{"hi " + name}},
		}})
	}
	table, err := NewTable(offline)
	if err != nil {
		panic(err)
	}
	return rows, table
}

// TestPythonGRPCServer: against a grpcio server mltest did not write, over
// both gRPC protocols, the parity check finds the skew on exactly the
// skewed rows, and the FP32 and FP16 outputs (numpy's casts of float64
// results) match the float64 offline values under the default tolerance.
func TestPythonGRPCServer(t *testing.T) {
	addr := startPythonGRPC(t)
	skewed := []int{3, 17, 18, 40}
	rows, table := pythonScorerRows(50, skewed)
	for _, e := range []Endpoint{
		{Protocol: "v2-grpc", URL: addr, Model: "scorer", Batch: 8},
		{Protocol: "v2-grpc", URL: "grpc://" + addr, Model: "scorer", Batch: 5, TypedContents: true},
		{Protocol: "tfserving-grpc", URL: addr, Model: "scorer", Batch: 7, Signature: "scores"},
	} {
		name := e.Protocol
		if e.TypedContents {
			name += " typed"
		}
		t.Run(name, func(t *testing.T) {
			client, err := e.Client(nil)
			require.NoError(t, err)
			defer Close(client)
			res := Compare(context.Background(), rows, table, client, Options{Tolerance: DefaultTolerance})
			assert.Equal(t, 0, res.Failed, "failures: %v", res.Failures)
			assert.Equal(t, len(rows)-len(skewed), res.Matched)
			var got []string
			for _, m := range res.Mismatches {
				assert.Equal(t, "score", m.Output, "only the skewed output differs: %+v", m)
				assert.InDelta(t, 1, m.AbsDiff, 1e-5)
				got = append(got, m.ID)
			}
			slices.Sort(got)
			assert.Equal(t, []string{"r17", "r18", "r3", "r40"}, got, "the mismatching rows are exactly the skewed ones")
		})
	}

	// The server has no serving_default signature: the metadata says so
	// before any row is sent, and every row is accounted for as failed.
	client, err := Endpoint{Protocol: "tfserving-grpc", URL: addr, Model: "scorer"}.Client(nil)
	require.NoError(t, err)
	defer Close(client)
	res := Compare(context.Background(), rows, table, client, Options{Tolerance: DefaultTolerance})
	assert.Equal(t, len(rows), res.Failed)
	assert.Contains(t, res.Failures[0].Error, `no signature "serving_default" (the model has [scores])`)
}
