package main

import (
	"context"
	"net"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/mltest/mltest/harness/serving"
)

// startParityGRPC serves the parity model over both gRPC protocols on a
// loopback port; with token set, every call must carry it as
// "authorization" metadata.
func startParityGRPC(t *testing.T, m serving.Model, token string) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	auth := grpc.UnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		md, _ := metadata.FromIncomingContext(ctx)
		if token != "" && strings.Join(md.Get("authorization"), "") != token {
			return nil, status.Error(codes.Unauthenticated, "token required")
		}
		return h(ctx, req)
	})
	s := grpc.NewServer(auth)
	serving.RegisterV2GRPC(s, m)
	serving.RegisterTFServingGRPC(s, m)
	go s.Serve(ln)
	t.Cleanup(s.Stop)
	return ln.Addr().String()
}

func TestParityCLIGRPCFindsAllAndOnlySkewedRows(t *testing.T) {
	skewed := func(x float64) bool { return x >= 3 && x < 4 }
	addr := startParityGRPC(t, parityModel(skewed), "Bearer t0k")
	req, off := writeParityFiles(t, 90) // rows 30..39 skewed
	for _, args := range [][]string{
		{"--protocol", "v2-grpc", "--online", addr},
		{"--protocol", "v2-grpc", "--online", "grpc://" + addr, "--grpc-contents", "typed"},
		{"--protocol", "tfserving-grpc", "--online", addr},
	} {
		code, stdout, stderr := runCLI(t, "", append([]string{"parity", "--requests", req, "--offline", off, "--model", "ctr",
			"--header", "authorization=Bearer t0k", "--format", "json", "--batch", "7", "--quiet"}, args...)...)
		require.Equal(t, exitFail, code, "%v: %s", args, stderr)
		p := decodeParity(t, stdout)
		assert.Equal(t, 80, p.Matched, args)
		var ids []string
		for _, m := range p.Mismatches {
			ids = append(ids, m.ID)
		}
		assert.ElementsMatch(t, []string{"r030", "r031", "r032", "r033", "r034", "r035", "r036", "r037", "r038", "r039"}, ids, args)
	}
	// Without the token every call is refused: nothing to compare, exit 2.
	code, _, stderr := runCLI(t, "", "parity", "--requests", req, "--offline", off, "--model", "ctr", "--protocol", "v2-grpc", "--online", addr, "--quiet")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "gRPC UNAUTHENTICATED: token required")
}

func TestParityCLIAgainst(t *testing.T) {
	m := parityModel(nil)
	rest := httptest.NewServer(serving.NewV2Handler(m))
	defer rest.Close()
	addr := startParityGRPC(t, m, "")
	req, _ := writeParityFiles(t, 40)
	code, stdout, stderr := runCLI(t, "", "parity", "--requests", req, "--online", addr, "--protocol", "v2-grpc", "--model", "ctr",
		"--against", rest.URL, "--against-protocol", "v2", "--abs-tol", "0", "--format", "json", "--quiet")
	require.Equal(t, exitOK, code, stderr)
	p := decodeParity(t, stdout)
	assert.Equal(t, 40, p.Matched, "REST and gRPC of one server agree exactly")

	skewed := httptest.NewServer(serving.NewV2Handler(parityModel(func(x float64) bool { return x > 8 })))
	defer skewed.Close()
	code, stdout, _ = runCLI(t, "", "parity", "--requests", req, "--online", skewed.URL, "--protocol", "v2", "--model", "ctr",
		"--against", addr, "--against-protocol", "v2-grpc", "--format", "json", "--quiet")
	assert.Equal(t, exitFail, code)
	p = decodeParity(t, stdout)
	assert.Equal(t, 4, p.Mismatched, "x > 8: rows 36..39")

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--offline", "x.jsonl"}, "--offline and --against are two ways to compare: give one"},
		{[]string{"--against-protocol", "grpc"}, `--against: protocol "grpc": want v2, v2-grpc, tfserving, tfserving-grpc or json`},
		{[]string{"--grpc-contents", "bytes"}, `--grpc-contents "bytes": want raw or typed`},
		{[]string{"--header", "novalue"}, `--header: header "novalue": want KEY=VALUE`},
	} {
		code, _, stderr := runCLI(t, "", append([]string{"parity", "--requests", req, "--online", addr, "--protocol", "v2-grpc", "--model", "ctr",
			"--against", rest.URL, "--quiet"}, c.args...)...)
		assert.Equal(t, exitUsage, code, c.args)
		assert.Contains(t, stderr, c.want, c.args)
	}
}

func TestParityCLIListModels(t *testing.T) {
	a, b := parityModel(nil), parityModel(nil)
	b.Name, b.Version = "ctr-candidate", "2"
	addr := startParityGRPC(t, a, "")
	rest := httptest.NewServer(serving.NewV2Handler(a, b))
	defer rest.Close()
	code, stdout, stderr := runCLI(t, "", "parity", "--list-models", "--online", addr, "--protocol", "v2-grpc")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, "ctr READY\n", stdout)
	code, stdout, _ = runCLI(t, "", "parity", "--list-models", "--online", rest.URL, "--protocol", "v2")
	assert.Equal(t, exitOK, code)
	assert.Equal(t, "ctr READY\nctr-candidate version 2 READY\n", stdout)
	code, _, stderr = runCLI(t, "", "parity", "--list-models", "--online", addr, "--protocol", "tfserving-grpc")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "protocol tfserving-grpc has no model index")
}
