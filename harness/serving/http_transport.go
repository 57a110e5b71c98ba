package serving

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// keepAliveTransport is the default transport of the REST protocols for
// plain http:// URLs when no proxy is configured: HTTP/1.1 over a pool of
// kept-alive connections, each request written and its response read by
// the calling goroutine. net/http's Transport hands every request to a
// write goroutine and the response back from a read goroutine; at one row
// a request that costs the client as much CPU as the model server spends
// answering, and on a shared machine the client's CPU is the server's
// loss. Requests through http.Client.Do are written and parsed by net/http
// itself (Request.Write, http.ReadResponse), so the wire format is the
// same; roundTrip's calls through the default client skip http.Client.Do
// (directCall, http_fast.go) and read plain responses with parseHead.
// Everything else (https, a proxy from the environment) goes to next.
type keepAliveTransport struct {
	next  http.RoundTripper
	proxy func(*http.Request) (*url.URL, error)

	mu   sync.Mutex
	idle map[string][]*keptConn // by host:port

	targets    sync.Map // URL -> *directTarget
	lastTarget atomic.Pointer[directTarget]
}

// keptConn is one pooled connection.
type keptConn struct {
	conn net.Conn
	br   *bufio.Reader
	bw   *bufio.Writer
}

// maxIdlePerHost bounds the pooled connections of one host, as
// MaxIdleConnsPerHost does for the default transport.
const maxIdlePerHost = 64

func (t *keepAliveTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != "http" {
		return t.next.RoundTrip(req)
	}
	if p, err := t.proxy(req); err != nil || p != nil {
		return t.next.RoundTrip(req)
	}
	host := req.URL.Host
	if req.URL.Port() == "" {
		host = net.JoinHostPort(req.URL.Hostname(), "80")
	}
	c, reused, err := t.get(req.Context(), host)
	if err != nil {
		return nil, err
	}
	resp, err := t.exchange(c, req, host)
	if err != nil && reused && errors.Is(err, errStaleConn) && req.GetBody != nil {
		// The server closed a kept-alive connection before answering (its
		// idle timeout): send once more on a new connection.
		if req.Body, err = req.GetBody(); err != nil {
			return nil, err
		}
		if c, _, err = t.get(req.Context(), host); err != nil {
			return nil, err
		}
		resp, err = t.exchange(c, req, host)
	}
	return resp, err
}

// errStaleConn marks a reused connection that gave no response at all.
var errStaleConn = errors.New("kept-alive connection closed before the response")

// exchange writes req on c and reads the response head; the body is read
// through the returned response, which puts c back in the pool once read
// to the end and closed.
func (t *keepAliveTransport) exchange(c *keptConn, req *http.Request, host string) (*http.Response, error) {
	// The request's context ends the exchange: its deadline or cancellation
	// (and only that, so the error is always the context's) unblocks the
	// connection.
	ctx := req.Context()
	c.conn.SetDeadline(time.Time{}) // the direct path's, if any
	stop := context.AfterFunc(ctx, func() { c.conn.SetDeadline(time.Unix(1, 0)) })
	fail := func(err error) (*http.Response, error) {
		stop()
		c.conn.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	if err := req.Write(c.bw); err != nil {
		return fail(err)
	}
	if err := c.bw.Flush(); err != nil {
		return fail(errors.Join(errStaleConn, err))
	}
	if _, err := c.br.Peek(1); err != nil {
		return fail(errors.Join(errStaleConn, err))
	}
	resp, err := http.ReadResponse(c.br, req)
	if err != nil {
		return fail(err)
	}
	resp.Body = &keptBody{ReadCloser: resp.Body, t: t, c: c, host: host, reuse: !resp.Close && !req.Close, stop: stop}
	return resp, nil
}

// get returns a pooled connection to host, or dials a new one.
func (t *keepAliveTransport) get(ctx context.Context, host string) (*keptConn, bool, error) {
	t.mu.Lock()
	if cs := t.idle[host]; len(cs) > 0 {
		c := cs[len(cs)-1]
		t.idle[host] = cs[:len(cs)-1]
		t.mu.Unlock()
		return c, true, nil
	}
	t.mu.Unlock()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", host)
	if err != nil {
		return nil, false, err
	}
	return &keptConn{conn: conn, br: bufio.NewReader(conn), bw: bufio.NewWriter(conn)}, false, nil
}

func (t *keepAliveTransport) put(host string, c *keptConn) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.idle == nil {
		t.idle = map[string][]*keptConn{}
	}
	if len(t.idle[host]) >= maxIdlePerHost {
		c.conn.Close()
		return
	}
	t.idle[host] = append(t.idle[host], c)
}

// keptBody returns its connection to the pool when it is closed, once the
// body was read to its end (Close drains what is left, under the request's
// deadline) and the server did not ask to close; otherwise it closes the
// connection.
type keptBody struct {
	io.ReadCloser
	t     *keepAliveTransport
	c     *keptConn
	host  string
	reuse bool
	stop  func() bool
	once  sync.Once
}

func (b *keptBody) Close() error {
	b.once.Do(func() {
		err := b.ReadCloser.Close()
		if b.stop() && b.reuse && err == nil && b.c.br.Buffered() == 0 {
			b.t.put(b.host, b.c)
			return
		}
		b.c.conn.Close()
	})
	return nil
}
