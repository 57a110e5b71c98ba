package serving

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	tfs "github.com/mltest/mltest/harness/serving/internal/tfservingpb"
)

func TestGRPCHeaderMetadata(t *testing.T) {
	var seen []string
	auth := grpc.UnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		md, _ := metadata.FromIncomingContext(ctx)
		seen = append(seen, strings.Join(md.Get("authorization"), ","))
		if got := md.Get("authorization"); len(got) != 1 || got[0] != "Bearer s3cret" {
			return nil, status.Error(codes.Unauthenticated, "no token")
		}
		return h(ctx, req)
	})
	addr := startGRPC(t, func(s *grpc.Server) { RegisterV2GRPC(s, sumModel()) }, auth)
	rows := sumRows(3)

	c := NewClient(closeAfter(t, NewV2GRPC(addr, "m", GRPCConfig{Header: map[string]string{"Authorization": "Bearer s3cret"}})))
	if ok, _ := checkAccounted(t, rows, c.Predict(context.Background(), rows)); ok != 3 {
		t.Errorf("with the token: %d ok, want 3 (server saw %q)", ok, seen)
	}
	seen = nil
	c = NewClient(closeAfter(t, NewV2GRPC(addr, "m", GRPCConfig{})))
	outcomes := c.Predict(context.Background(), rows)
	want := `serving: v2-grpc metadata model "m": gRPC UNAUTHENTICATED: no token`
	if _, failed := checkAccounted(t, rows, outcomes); failed != 3 || outcomes[0].Err.Error() != want || len(seen) != 1 {
		t.Errorf("without the token: %+v after %d calls, want %s at once", outcomes[0], len(seen), want)
	}
}

// selfSigned returns a TLS certificate for 127.0.0.1 and a pool trusting it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mltest test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

func TestGRPCTLS(t *testing.T) {
	cert, pool := selfSigned(t)
	creds := grpc.Creds(credentials.NewTLS(&tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}))
	addr := startGRPC(t, func(s *grpc.Server) { RegisterV2GRPC(s, sumModel()); RegisterTFServingGRPC(s, sumModel()) }, creds)
	rows := sumRows(4)
	for _, p := range []Protocol{
		closeAfter(t, NewV2GRPC(addr, "m", GRPCConfig{TLS: &tls.Config{RootCAs: pool}})),
		closeAfter(t, NewTFServingGRPC(addr, "m", GRPCConfig{TLS: &tls.Config{RootCAs: pool}})),
	} {
		if ok, _ := checkAccounted(t, rows, NewClient(p).Predict(context.Background(), rows)); ok != 4 {
			t.Errorf("%T over TLS: %d ok, want 4", p, ok)
		}
	}
	// Without the server's certificate in the roots the handshake fails:
	// UNAVAILABLE, retried, then every row failed.
	c := NewClient(closeAfter(t, NewV2GRPC("grpcs://"+addr, "m", GRPCConfig{})))
	c.Retries, c.Backoff = 1, time.Millisecond
	outcomes := c.Predict(context.Background(), rows)
	if _, failed := checkAccounted(t, rows, outcomes); failed != 4 || !strings.Contains(outcomes[0].Err.Error(), "certificate") {
		t.Errorf("untrusted certificate: %v, want a certificate error", outcomes[0].Err)
	}
}

func TestParseGRPCTarget(t *testing.T) {
	for _, c := range []struct {
		in, addr string
		tls      bool
		err      bool
	}{
		{"localhost:8001", "localhost:8001", false, false},
		{"grpc://10.0.0.1:8001", "10.0.0.1:8001", false, false},
		{"grpcs://models.example.com:443/", "models.example.com:443", true, false},
		{"http://localhost:8000", "", false, true},
		{"grpc://", "", false, true},
		{"grpc://host:1/v2/models", "", false, true},
	} {
		addr, tlsScheme, err := ParseGRPCTarget(c.in)
		if addr != c.addr || tlsScheme != c.tls || (err != nil) != c.err {
			t.Errorf("ParseGRPCTarget(%q) = %q, %v, %v", c.in, addr, tlsScheme, err)
		}
	}
}

func TestListModels(t *testing.T) {
	a, b := sumModel(), affineModel()
	b.Version = "3"
	want := []ModelIndexEntry{{Name: b.Name, Version: "3", State: "READY"}, {Name: "m", State: "READY"}}
	addr := startGRPC(t, func(s *grpc.Server) { RegisterV2GRPC(s, a, b) })
	got, err := closeAfter(t, NewV2GRPC(addr, "", GRPCConfig{})).ListModels(context.Background())
	if diff := cmp.Diff(want, got); err != nil || diff != "" {
		t.Errorf("gRPC ListModels (-want +got):\n%s%v", diff, err)
	}
	srv := httptest.NewServer(NewV2Handler(a, b))
	defer srv.Close()
	got, err = NewV2(srv.URL, "", nil).ListModels(context.Background())
	if diff := cmp.Diff(want, got); err != nil || diff != "" {
		t.Errorf("REST ListModels (-want +got):\n%s%v", diff, err)
	}
	if s := want[0].String(); s != b.Name+" version 3 READY" {
		t.Errorf("String() = %q", s)
	}
}

// fp32Model takes x FP32 [2] and returns y = x0 + x1 (FP32) under a named
// TF Serving signature.
func fp32Model() Model {
	m := sumModel()
	m.Signature = "score_v2"
	m.Inputs = []TensorSpec{{Name: "x", Datatype: FP32, Shape: []int{2}}}
	m.Outputs = []TensorSpec{{Name: "y", Datatype: FP32, Shape: []int{}}}
	return m
}

func TestTFServingGRPCSignature(t *testing.T) {
	addr := startGRPC(t, func(s *grpc.Server) { RegisterTFServingGRPC(s, fp32Model()) })
	rows := []Row{{ID: "a", Values: map[string]Value{"x": Vector(0.1, 0.2)}}}
	p := closeAfter(t, NewTFServingGRPC(addr, "m", GRPCConfig{}))
	p.Signature = "score_v2"
	out := NewClient(p).Predict(context.Background(), rows)
	// The signature says FP32: the client sent DT_FLOAT, the server summed
	// float32(0.1) + float32(0.2) and answered in float32.
	want := float64(float32(float64(float32(0.1)) + float64(float32(0.2))))
	if out[0].Err != nil || out[0].Outputs["y"].Numbers[0] != want {
		t.Fatalf("named signature: %+v, want y = %v", out[0], want)
	}
	// The default signature is not served: the metadata says so before
	// any row is sent, and Predict would answer INVALID_ARGUMENT.
	p = closeAfter(t, NewTFServingGRPC(addr, "m", GRPCConfig{}))
	out = NewClient(p).Predict(context.Background(), rows)
	if want := `serving: tfserving-grpc metadata model "m": no signature "serving_default" (the model has [score_v2])`; out[0].Err == nil || out[0].Err.Error() != want {
		t.Errorf("default signature: %+v, want %s", out[0], want)
	}
	conn, err := p.conn.get()
	if err != nil {
		t.Fatal(err)
	}
	_, err = tfs.NewPredictionServiceClient(conn).Predict(context.Background(), &tfs.PredictRequest{ModelSpec: &tfs.ModelSpec{Name: "m", SignatureName: DefaultSignature}})
	if status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), `Serving signature name: "serving_default" not found in signature def`) {
		t.Errorf("default signature, the server's answer: %v, want INVALID_ARGUMENT", err)
	}
}

func TestTFServingGRPCWithoutMetadata(t *testing.T) {
	noMeta := grpc.UnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		if strings.HasSuffix(info.FullMethod, "/GetModelMetadata") {
			return nil, status.Error(codes.Unimplemented, "not here")
		}
		return h(ctx, req)
	})
	rows := []Row{{ID: "a", Values: map[string]Value{"x": Vector(0.1, 0.2)}}}
	// Without the signature the client sends DT_DOUBLE: an FP64 model
	// takes it, an FP32 model refuses it as TF Serving does.
	addr := startGRPC(t, func(s *grpc.Server) { RegisterTFServingGRPC(s, sumModel()) }, noMeta)
	out := NewClient(closeAfter(t, NewTFServingGRPC(addr, "m", GRPCConfig{}))).Predict(context.Background(), rows)
	x0, x1 := 0.1, 0.2
	if out[0].Err != nil || out[0].Outputs["y"].Numbers[0] != x0+x1 {
		t.Errorf("FP64 model without metadata: %+v", out[0])
	}
	m := fp32Model()
	m.Signature = ""
	addr = startGRPC(t, func(s *grpc.Server) { RegisterTFServingGRPC(s, m) }, noMeta)
	out = NewClient(closeAfter(t, NewTFServingGRPC(addr, "m", GRPCConfig{}))).Predict(context.Background(), rows)
	if out[0].Err == nil || !strings.Contains(out[0].Err.Error(), `INVALID_ARGUMENT: input "x": datatype FP64, model expects FP32`) {
		t.Errorf("FP32 model without metadata: %+v", out[0])
	}
}

// TestV2GRPCMetadataShapes: rows that do not fit the metadata are rejected
// before sending (Attempts 0); the others are sent in the metadata's
// datatype.
func TestV2GRPCMetadataShapes(t *testing.T) {
	m := fp32Model()
	addr := startGRPC(t, func(s *grpc.Server) { RegisterV2GRPC(s, m) })
	rows := []Row{
		{ID: "ok", Values: map[string]Value{"x": Vector(0.1, 0.2)}},
		{ID: "long", Values: map[string]Value{"x": Vector(1, 2, 3)}},
		{ID: "extra", Values: map[string]Value{"x": Vector(1, 2), "z": Scalar(1)}},
		{ID: "strings", Values: map[string]Value{"x": StringVector("a", "b")}},
	}
	out := NewClient(closeAfter(t, NewV2GRPC(addr, "m", GRPCConfig{}))).Predict(context.Background(), rows)
	checkAccounted(t, rows, out)
	if out[0].Err != nil || out[0].Outputs["y"].Numbers[0] != float64(float32(float64(float32(0.1))+float64(float32(0.2)))) {
		t.Errorf("row ok: %+v", out[0])
	}
	for i, want := range []string{"", `input "x" has row shape [3], the metadata says [-1 2]`, `model "m" has no input "z"`, `input "x" is FP32 in the metadata, the row holds strings`} {
		if i > 0 && (out[i].Attempts != 0 || out[i].Err == nil || !strings.Contains(out[i].Err.Error(), want)) {
			t.Errorf("row %s: %+v, want %q before sending", rows[i].ID, out[i], want)
		}
	}
}

// TestV2BinaryHandlerBadBodies: the REST binary extension's framing errors
// are 400s naming the problem; a well-framed request gets framed outputs.
func TestV2BinaryHandlerBadBodies(t *testing.T) {
	srv := httptest.NewServer(NewV2Handler(sumModel()))
	defer srv.Close()
	head := `{"inputs":[{"name":"x","datatype":"FP64","shape":[1,2],"parameters":{"binary_data_size":16}}]}`
	data := string(appendRaw(nil, []float64{1, 2}, nil, FP64))
	for _, c := range []struct {
		header     string // "auto": the length of head
		head, rest string
		want       string
	}{
		{"abc", head, "", `Inference-Header-Content-Length \"abc\" is not a length`},
		{"9999", head, "", `Inference-Header-Content-Length 9999 exceeds the body's`},
		{"-1", head, "", `is not a length`},
		{"", head, data, `bad inference request`},
		{"auto", head, "", `binary_data_size 16, but 0 bytes of binary data are left`},
		{"auto", strings.Replace(head, "16", "1.5", 1), data, `binary_data_size 1.5 is not a byte count`},
		{"auto", head, data + "x", `1 bytes of binary data follow the last binary input`},
		{"auto", strings.Replace(head, "16", "8", 1), data[:8], `8 bytes for 2 FP64 elements of 8 bytes`},
	} {
		hdr := c.header
		if hdr == "auto" {
			hdr = strconv.Itoa(len(c.head))
		}
		code, _, body := postBinary(t, srv.URL+"/v2/models/m/infer", hdr, c.head+c.rest)
		if code != 400 || !strings.Contains(body, c.want) {
			t.Errorf("header %q body %q: %d %s, want 400 %q", hdr, c.head+c.rest, code, body, c.want)
		}
	}
	good := strings.TrimSuffix(head, "}") + `,"parameters":{"binary_data_output":true}}`
	code, jsonLen, body := postBinary(t, srv.URL+"/v2/models/m/infer", strconv.Itoa(len(good)), good+data)
	want := `{"model_name":"m","outputs":[{"name":"y","datatype":"FP64","shape":[1],"parameters":{"binary_data_size":8}}]}` +
		string(appendRaw(nil, []float64{3}, nil, FP64))
	if code != 200 || body != want || jsonLen != strconv.Itoa(len(want)-8) {
		t.Errorf("good binary request: %d, header %s, body %q\nwant %q", code, jsonLen, body, want)
	}
}

// postBinary posts body with an Inference-Header-Content-Length header
// (none when header is "") and returns the status, that header of the
// response and its body.
func postBinary(t *testing.T, url, header, body string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if header != "" {
		req.Header.Set(HeaderContentLength, header)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get(HeaderContentLength), string(b)
}
