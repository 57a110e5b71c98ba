package serving

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The direct path of keepAliveTransport: a REST call through the default
// HTTP client to a plain http:// URL without a proxy is written straight
// into the connection's buffer (request line, Host, User-Agent,
// Content-Length, the call's headers, Accept, Content-Type, the body: the
// header fields net/http's Request.Write sends for it) and a plain answer
// (HTTP/1.1 200 with one Content-Length, no Transfer-Encoding, no folded or
// bare-LF header lines, the head within the read buffer) is read by
// parseHead without net/http's header maps. Any other answer is read by
// http.ReadResponse from the same unread bytes and handled as before; a
// redirect is sent again through http.Client.Do, which follows it.

// directTarget is what the direct path needs of a URL, parsed once.
type directTarget struct {
	url        string
	ok         bool   // false: the URL goes through http.Client.Do
	dial       string // host:port
	host       string // the Host header
	requestURI string
}

// target returns the direct target of rawURL, caching the answer.
func (t *keepAliveTransport) target(rawURL string) *directTarget {
	if d := t.lastTarget.Load(); d != nil && d.url == rawURL {
		return d // the URL of the previous call: almost every call's
	}
	if d, ok := t.targets.Load(rawURL); ok {
		t.lastTarget.Store(d.(*directTarget))
		return d.(*directTarget)
	}
	d := &directTarget{url: rawURL}
	u, err := url.Parse(rawURL)
	if err == nil && u.Scheme == "http" && u.User == nil && u.Host != "" && u.Opaque == "" && plainHost(u.Host) {
		if p, err := t.proxy(&http.Request{Method: http.MethodPost, URL: u, Header: http.Header{}}); err == nil && p == nil {
			d.ok = true
			d.host = u.Host
			d.dial = u.Host
			if u.Port() == "" {
				d.dial = u.Hostname() + ":80"
				if strings.HasPrefix(u.Host, "[") {
					d.dial = u.Host + ":80"
				}
			}
			d.requestURI = u.RequestURI()
		}
	}
	t.targets.Store(rawURL, d)
	return d
}

// plainHost reports a host[:port] that net/http would send unchanged as
// the Host header: letters, digits, '.', '-', ':' and IPv6 brackets.
func plainHost(h string) bool {
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == ':' || c == '[' || c == ']') {
			return false
		}
	}
	return true
}

// directExcluded are the header fields the direct path writes itself (or
// Request.Write leaves out of req.Header); a call's header holding one goes
// through http.Client.Do.
var directExcluded = map[string]bool{"Host": true, "User-Agent": true, "Content-Length": true,
	"Transfer-Encoding": true, "Trailer": true, "Content-Type": true, "Accept": true}

// directCall makes call c on the direct path. handled is false, with
// nothing sent, when c is not for the direct path or the server answered
// with a redirect: then the caller sends c through http.Client.Do.
func (t *keepAliveTransport) directCall(ctx context.Context, c httpCall) (body []byte, binHeader string, handled bool, err error) {
	d := t.target(c.url)
	if !d.ok || (c.body != nil && len(c.body) == 0) {
		return nil, "", false, nil
	}
	for k := range c.header {
		if directExcluded[http.CanonicalHeaderKey(k)] {
			return nil, "", false, nil
		}
	}
	kc, reused, err := t.get(ctx, d.dial)
	if err != nil {
		return nil, "", true, transportError(c, err)
	}
	body, binHeader, handled, err = t.directExchange(ctx, kc, c, d)
	if errors.Is(err, errStaleConn) && reused {
		// The server closed a kept-alive connection before answering (its
		// idle timeout): send once more on a new connection.
		if kc, _, err = t.get(ctx, d.dial); err != nil {
			return nil, "", true, transportError(c, err)
		}
		body, binHeader, handled, err = t.directExchange(ctx, kc, c, d)
	}
	if errors.Is(err, errStaleConn) {
		err = transportError(c, err)
	}
	if handled {
		putBody(c.reqBuf) // written and answered: no one refers to it now
	}
	return body, binHeader, handled, err
}

// transportError is the error of a call that got no response, worded as
// http.Client.Do's.
func transportError(c httpCall, err error) error {
	return &Error{Op: c.op, Err: &url.Error{Op: c.method[:1] + strings.ToLower(c.method[1:]), URL: c.url, Err: err}, kind: kindTransport}
}

// directExchange writes c on kc and reads the response. Its error is an
// *Error, or wraps errStaleConn when a connection gave no response at all.
func (t *keepAliveTransport) directExchange(ctx context.Context, kc *keptConn, c httpCall, d *directTarget) ([]byte, string, bool, error) {
	// The context ends the exchange: its deadline or cancellation unblocks
	// the connection, and the error is then the context's.
	stop := watchContext(ctx, kc)
	fail := func(err error) ([]byte, string, bool, error) {
		stop()
		kc.conn.Close()
		if connTimedOut(ctx, err) != nil {
			return nil, "", true, transportError(c, ctx.Err())
		}
		if errors.Is(err, errStaleConn) {
			return nil, "", true, err
		}
		return nil, "", true, transportError(c, err)
	}
	writeDirectRequest(kc.bw, c, d)
	if err := kc.bw.Flush(); err != nil {
		return fail(errors.Join(errStaleConn, err))
	}
	if _, err := kc.br.Peek(1); err != nil {
		return fail(errors.Join(errStaleConn, err))
	}
	h, n := parseHead(kc.br)
	if n == 0 {
		return t.readSlow(ctx, kc, c, d, stop)
	}
	kc.br.Discard(n)
	var b []byte
	if p := c.respBuf; p != nil && h.contentLength <= maxPooledBody {
		if cap(*p) < h.contentLength {
			*p = make([]byte, h.contentLength)
		}
		b = (*p)[:h.contentLength]
	} else {
		b = make([]byte, h.contentLength)
	}
	if _, err := io.ReadFull(kc.br, b); err != nil {
		connTimedOut(ctx, err)
		stop()
		kc.conn.Close()
		return nil, "", true, &Error{Op: c.op, StatusCode: h.status, Err: errors.New("reading response: " + err.Error()), kind: kindTransport}
	}
	if stop() && !h.close && kc.br.Buffered() == 0 {
		t.put(d.dial, kc)
	} else {
		kc.conn.Close()
	}
	return b, h.binHeader, true, nil
}

// readSlow reads a response parseHead left alone with http.ReadResponse,
// as keepAliveTransport.exchange does.
func (t *keepAliveTransport) readSlow(ctx context.Context, kc *keptConn, c httpCall, d *directTarget, stop func() bool) ([]byte, string, bool, error) {
	req := &http.Request{Method: c.method, URL: &url.URL{Scheme: "http", Host: d.host}, Header: http.Header{}}
	resp, err := http.ReadResponse(kc.br, req)
	if err != nil {
		stop()
		kc.conn.Close()
		if connTimedOut(ctx, err) != nil {
			err = ctx.Err()
		}
		return nil, "", true, transportError(c, err)
	}
	resp.Body = &keptBody{ReadCloser: resp.Body, t: t, c: kc, host: d.dial, reuse: !resp.Close, stop: stop}
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 && resp.Header.Get("Location") != "" {
		// http.Client.Do follows redirects: let it.
		io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
		resp.Body.Close()
		return nil, "", false, nil
	}
	b, hdr, err := finishResponse(c, resp)
	return b, hdr.Get(HeaderContentLength), true, err
}

// writeDirectRequest writes the request head and body of c.
func writeDirectRequest(w *bufio.Writer, c httpCall, d *directTarget) {
	w.WriteString(c.method)
	w.WriteByte(' ')
	w.WriteString(d.requestURI)
	w.WriteString(" HTTP/1.1\r\nHost: ")
	w.WriteString(d.host)
	w.WriteString("\r\nUser-Agent: Go-http-client/1.1\r\n")
	if c.body != nil {
		w.WriteString("Content-Length: ")
		w.Write(strconv.AppendInt(w.AvailableBuffer(), int64(len(c.body)), 10))
		w.WriteString("\r\n")
	}
	if len(c.header) > 0 {
		c.header.Write(w)
	}
	w.WriteString("Accept: application/json\r\n")
	if c.body != nil {
		ct := c.contentType
		if ct == "" {
			ct = "application/json"
		}
		w.WriteString("Content-Type: ")
		w.WriteString(ct)
		w.WriteString("\r\n")
	}
	w.WriteString("\r\n")
	w.Write(c.body)
}

// watchContext makes ctx's end unblock kc: its end sets the connection's
// deadline in the past. An attempt's context (attemptCtx) sets the
// connection's deadline to its timeout and is otherwise watched through
// its parent, which is not watched at all when it cannot be canceled. The stop function reports whether the
// watch was stopped before it fired, as context.AfterFunc's does.
func watchContext(ctx context.Context, kc *keptConn) func() bool {
	if a, ok := ctx.(*attemptCtx); ok {
		kc.conn.SetDeadline(a.own)
		ctx = a.parent
	} else {
		kc.conn.SetDeadline(time.Time{})
	}
	if ctx.Done() == nil {
		return neverFired
	}
	return context.AfterFunc(ctx, func() { kc.conn.SetDeadline(time.Unix(1, 0)) })
}

func neverFired() bool { return true }

// connTimedOut returns ctx.Err() after a connection error err, ending an
// attempt's context first when err is the timeout watchContext set: the
// connection's deadline can pass a little before the clock does.
func connTimedOut(ctx context.Context, err error) error {
	var ne net.Error
	if a, ok := ctx.(*attemptCtx); ok && errors.As(err, &ne) && ne.Timeout() {
		a.expire()
	}
	return ctx.Err()
}
