package serving

import (
	"net"
	"testing"

	"google.golang.org/grpc"
)

// startGRPC serves register's services on a loopback port until the test
// ends and returns the address.
func startGRPC(t testing.TB, register func(*grpc.Server), opts ...grpc.ServerOption) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer(opts...)
	register(s)
	go s.Serve(ln)
	t.Cleanup(s.Stop)
	return ln.Addr().String()
}

// closeAfter closes p (a gRPC protocol) when the test ends.
func closeAfter[P interface{ Close() error }](t testing.TB, p P) P {
	t.Cleanup(func() { p.Close() })
	return p
}
