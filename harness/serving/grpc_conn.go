package serving

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"

	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
)

// GRPCConfig is how the gRPC protocols (V2GRPC, TFServingGRPC) reach a
// server. The zero value is a plaintext connection with no metadata.
type GRPCConfig struct {
	// TLS, if set, secures the connection (its RootCAs verify the server;
	// Certificates authenticate the client). A target written
	// grpcs://HOST:PORT uses TLS with the system's roots when TLS is nil.
	TLS *tls.Config
	// Header is metadata sent with every call, such as
	// {"authorization": "Bearer ..."}. Keys are lowercased, as gRPC sends them.
	Header map[string]string
	// DialOptions are passed to grpc.NewClient after mltest's own.
	DialOptions []grpc.DialOption
}

// grpcConn is the lazily opened connection of a gRPC protocol.
type grpcConn struct {
	target string
	cfg    GRPCConfig
	once   sync.Once
	conn   *grpc.ClientConn
	err    error
	md     metadata.MD
}

// ParseGRPCTarget splits a gRPC endpoint as the CLI takes it, HOST:PORT,
// grpc://HOST:PORT (plaintext) or grpcs://HOST:PORT (TLS), into the address
// to dial and whether the scheme asks for TLS.
func ParseGRPCTarget(s string) (addr string, tlsScheme bool, err error) {
	switch {
	case strings.HasPrefix(s, "grpcs://"):
		addr, tlsScheme = strings.TrimPrefix(s, "grpcs://"), true
	case strings.HasPrefix(s, "grpc://"):
		addr = strings.TrimPrefix(s, "grpc://")
	case strings.Contains(s, "://"):
		return "", false, fmt.Errorf("gRPC endpoint %q: want HOST:PORT, grpc://HOST:PORT or grpcs://HOST:PORT", s)
	default:
		addr = s
	}
	addr = strings.TrimSuffix(addr, "/")
	if addr == "" || strings.Contains(addr, "/") {
		return "", false, fmt.Errorf("gRPC endpoint %q: want HOST:PORT, grpc://HOST:PORT or grpcs://HOST:PORT", s)
	}
	return addr, tlsScheme, nil
}

func newGRPCConn(target string, cfg GRPCConfig) *grpcConn {
	c := &grpcConn{target: target, cfg: cfg}
	if len(cfg.Header) > 0 {
		c.md = metadata.MD{}
		for k, v := range cfg.Header {
			c.md.Set(k, v)
		}
	}
	return c
}

// get opens the connection on first use. grpc.NewClient does not dial:
// an unreachable server shows as UNAVAILABLE on the first call, which the
// Client retries.
func (c *grpcConn) get() (*grpc.ClientConn, error) {
	c.once.Do(func() {
		addr, tlsScheme, err := ParseGRPCTarget(c.target)
		if err != nil {
			c.err = &Error{Op: "grpc dial", Err: err, kind: kindInput}
			return
		}
		creds := insecure.NewCredentials()
		if c.cfg.TLS != nil {
			creds = credentials.NewTLS(c.cfg.TLS)
		} else if tlsScheme {
			creds = credentials.NewTLS(&tls.Config{MinVersion: tls.VersionTLS12})
		}
		// Reconnect quickly: Client's retries (after 50 ms, 100 ms, ...)
		// should find a restarted server, not gRPC's default 1 s backoff.
		bo := backoff.DefaultConfig
		bo.BaseDelay, bo.MaxDelay = 20*time.Millisecond, 2*time.Second
		opts := append([]grpc.DialOption{
			grpc.WithTransportCredentials(creds),
			grpc.WithConnectParams(grpc.ConnectParams{Backoff: bo, MinConnectTimeout: 5 * time.Second}),
			grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(maxResponseBody), grpc.MaxCallSendMsgSize(maxResponseBody)),
		}, c.cfg.DialOptions...)
		c.conn, err = grpc.NewClient(addr, opts...)
		if err != nil {
			c.err = &Error{Op: "grpc dial " + addr, Err: err, kind: kindInput}
		}
	})
	return c.conn, c.err
}

// ctx adds the configured metadata to a call's context.
func (c *grpcConn) ctx(ctx context.Context) context.Context {
	if c.md == nil {
		return ctx
	}
	return metadata.NewOutgoingContext(ctx, c.md)
}

// close closes the connection if it was opened.
func (c *grpcConn) close() error {
	c.once.Do(func() { c.err = errors.New("closed") })
	if c.conn == nil {
		return nil
	}
	return c.conn.Close()
}

// invokeRaw calls method with req and returns the response message's bytes
// undecoded, so that a response that does not parse is reported as a
// malformed response quoting it, like a REST body, rather than as gRPC's
// INTERNAL error.
func (c *grpcConn) invokeRaw(ctx context.Context, op, method string, req proto.Message) ([]byte, error) {
	conn, err := c.get()
	if err != nil {
		return nil, err
	}
	var resp rawMessage
	if err := conn.Invoke(c.ctx(ctx), method, req, &resp, grpc.ForceCodecV2(rawCodec{})); err != nil {
		return nil, grpcError(op, err)
	}
	return resp, nil
}

// invoke calls method and decodes its response into resp, for the calls
// whose responses are small (metadata, readiness, the model index).
func (c *grpcConn) invoke(ctx context.Context, op, method string, req, resp proto.Message) error {
	body, err := c.invokeRaw(ctx, op, method, req)
	if err != nil {
		return err
	}
	if err := proto.Unmarshal(body, resp); err != nil {
		return malformed(op, body, "%v", err)
	}
	return nil
}

// rawMessage receives a response's bytes.
type rawMessage []byte

// rawCodec marshals requests as protobuf and leaves responses undecoded.
// Its name is "proto", so servers see the usual application/grpc+proto.
type rawCodec struct{}

func (rawCodec) Marshal(v any) (mem.BufferSlice, error) {
	m, ok := v.(proto.Message)
	if !ok {
		return nil, fmt.Errorf("serving: cannot marshal %T", v)
	}
	b, err := proto.Marshal(m)
	if err != nil {
		return nil, err
	}
	return mem.BufferSlice{mem.SliceBuffer(b)}, nil
}

func (rawCodec) Unmarshal(data mem.BufferSlice, v any) error {
	r, ok := v.(*rawMessage)
	if !ok {
		return fmt.Errorf("serving: cannot unmarshal into %T", v)
	}
	*r = data.Materialize()
	return nil
}

func (rawCodec) Name() string { return "proto" }

// grpcError converts the error of a call to an *Error: its status code and
// message, temporary for UNAVAILABLE (no connection, reset),
// RESOURCE_EXHAUSTED (overloaded) and DEADLINE_EXCEEDED.
func grpcError(op string, err error) *Error {
	st, _ := status.FromError(err)
	return &Error{Op: op, GRPCCode: st.Code(), Body: truncateBody([]byte(st.Message())), Err: err, kind: kindGRPC}
}

// grpcCodeName is the canonical name of a status code, UNAVAILABLE for
// codes.Unavailable.
func grpcCodeName(c codes.Code) string {
	s := c.String()
	var b strings.Builder
	for i, r := range s {
		if i > 0 && unicode.IsUpper(r) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// quoteMessage is a message in protobuf text form, for an error to quote.
func quoteMessage(m proto.Message) []byte {
	return []byte(prototext.MarshalOptions{}.Format(m))
}
