package parity

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"

	"github.com/mltest/mltest/harness/serving"
)

// writeCert writes a self-signed certificate for 127.0.0.1 and its key as
// PEM files and returns their paths.
func writeCert(t *testing.T) (certFile, keyFile string) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	kder, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	require.NoError(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600))
	return certFile, keyFile
}

// TestEndpointTLS: a gRPC server that demands a client certificate (mutual
// TLS) is reached with the CA, certificate and key files of TLS.
func TestEndpointTLS(t *testing.T) {
	certFile, keyFile := writeCert(t)
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(must(x509.ParseCertificate(cert.Certificate[0])))
	creds := credentials.NewTLS(&tls.Config{Certificates: []tls.Certificate{cert}, ClientCAs: pool, ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12})
	addr := startGRPC(t, func(s *grpc.Server) { serving.RegisterV2GRPC(s, labelModel()) }, grpc.Creds(creds))
	rows, table := labelRows(5, nil)

	e := Endpoint{Protocol: "v2-grpc", URL: addr, Model: "m", NoRetries: true, TLS: TLS{CAFile: certFile, CertFile: certFile, KeyFile: keyFile}}
	c, err := e.Client(nil)
	require.NoError(t, err)
	defer Close(c)
	res := Compare(context.Background(), rows, table, c, Options{Tolerance: DefaultTolerance})
	assert.Equal(t, 5, res.Matched, "%v", res.Failures)

	e.TLS = TLS{CAFile: certFile} // no client certificate: the server refuses
	c, err = e.Client(nil)
	require.NoError(t, err)
	defer Close(c)
	res = Compare(context.Background(), rows, table, c, Options{Tolerance: DefaultTolerance})
	assert.Equal(t, 5, res.Failed)

	for _, bad := range []struct {
		tls  TLS
		want string
	}{
		{TLS{CAFile: filepath.Join(t.TempDir(), "none.pem")}, "TLS CA file: open"},
		{TLS{CAFile: keyFile}, "no PEM certificate in it"},
		{TLS{CertFile: certFile}, "give both the certificate and the key file"},
	} {
		_, err := Endpoint{Protocol: "v2-grpc", URL: addr, Model: "m", TLS: bad.tls}.Client(nil)
		assert.ErrorContains(t, err, bad.want)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
