package serving

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestDirectRequestBytes: the direct path writes the request net/http's
// Request.Write writes for the same call (header fields in either order).
func TestDirectRequestBytes(t *testing.T) {
	for _, c := range []httpCall{
		{method: http.MethodPost, url: "http://127.0.0.1:8000/v2/models/m%20x/infer", body: []byte(`{"a":1}`)},
		{method: http.MethodGet, url: "http://example.com/v2/models/m?x=1", header: http.Header{"Authorization": {"Bearer t"}}},
		{method: http.MethodPost, url: "http://[::1]:9/p", body: []byte("xy"), contentType: "application/octet-stream",
			header: http.Header{"X-A": {"1", "2"}, "Inference-Header-Content-Length": {"1"}}},
	} {
		d := (&keepAliveTransport{proxy: func(*http.Request) (*url.URL, error) { return nil, nil }}).target(c.url)
		if !d.ok {
			t.Fatalf("%s: not direct", c.url)
		}
		var got bytes.Buffer
		w := bufio.NewWriter(&got)
		writeDirectRequest(w, c, d)
		w.Flush()

		req, err := c.request(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := req.Write(&want); err != nil {
			t.Fatal(err)
		}
		if a, b := sortedHead(got.String()), sortedHead(want.String()); a != b {
			t.Errorf("%s:\ndirect   %q\nnet/http %q", c.url, a, b)
		}
	}
}

// sortedHead is a request with its header lines sorted.
func sortedHead(s string) string {
	head, body, _ := strings.Cut(s, "\r\n\r\n")
	lines := strings.Split(head, "\r\n")
	first, rest := lines[0], lines[1:]
	for i := range rest {
		for j := i + 1; j < len(rest); j++ {
			if rest[j] < rest[i] {
				rest[i], rest[j] = rest[j], rest[i]
			}
		}
	}
	return first + "\n" + strings.Join(rest, "\n") + "\n\n" + body
}

// TestDirectResponses: a server's unusual answers (chunked, closing the
// connection, bare LF, a redirect, an error status, a huge head) read as
// through net/http.
func TestDirectResponses(t *testing.T) {
	for _, tc := range []struct {
		name, raw string
		want      string
		status    int
	}{
		{"plain", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc", "abc", 0},
		{"close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\n\r\nabc", "abc", 0},
		{"chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n1\r\nc\r\n0\r\n\r\n", "abc", 0},
		{"bare LF", "HTTP/1.1 200 OK\nContent-Length: 3\n\nabc", "abc", 0},
		{"no length", "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nabc", "abc", 0},
		{"HTTP/1.0", "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabc", "abc", 0},
		{"big head", "HTTP/1.1 200 OK\r\nX-Big: " + strings.Repeat("x", 9000) + "\r\nContent-Length: 3\r\n\r\nabc", "abc", 0},
		{"503", "HTTP/1.1 503 Busy\r\nRetry-After: 7\r\nContent-Length: 4\r\n\r\nbusy", "", 503},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			go func() {
				for {
					conn, err := ln.Accept()
					if err != nil {
						return
					}
					go func() {
						defer conn.Close()
						br := bufio.NewReader(conn)
						for {
							req, err := http.ReadRequest(br)
							if err != nil {
								return
							}
							io.Copy(io.Discard, req.Body)
							conn.Write([]byte(tc.raw))
							if strings.Contains(tc.raw, "close") || !strings.Contains(tc.raw, "Length") {
								return
							}
						}
					}()
				}
			}()
			for range 3 {
				b, _, err := roundTrip(context.Background(), defaultHTTPClient, httpCall{op: "op", method: http.MethodPost, url: "http://" + ln.Addr().String() + "/x", body: []byte("{}")})
				if tc.status != 0 {
					e, isErr := err.(*Error)
					if !isErr || e.StatusCode != tc.status || e.Body != "busy" || e.RetryAfter.Seconds() != 7 {
						t.Fatalf("got %v, want HTTP %d", err, tc.status)
					}
					continue
				}
				if err != nil || string(b) != tc.want {
					t.Fatalf("got %q, %v; want %q", b, err, tc.want)
				}
			}
		})
	}
}

// TestDirectRedirect: a redirect is followed, as http.Client.Do does.
func TestDirectRedirect(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusTemporaryRedirect)
			return
		}
		b, _ := io.ReadAll(r.Body)
		w.Write(append([]byte(r.URL.Path+":"), b...))
	}))
	defer srv.Close()
	b, _, err := roundTrip(context.Background(), defaultHTTPClient, httpCall{op: "op", method: http.MethodPost, url: srv.URL + "/old", body: []byte("{}")})
	if err != nil || string(b) != "/new:{}" {
		t.Fatalf("got %q, %v", b, err)
	}
}

// FuzzParseHead: a head parseHead reads is the one http.ReadResponse reads
// from the same bytes: status 200, the same Content-Length, body,
// Inference-Header-Content-Length and Connection: close.
func FuzzParseHead(f *testing.F) {
	for _, s := range []string{
		"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc",
		"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nDate: Sat, 05 Dec 2026 07:00:00 GMT\r\nContent-Length: 2\r\n\r\n{}",
		"HTTP/1.1 200\r\nconnection: keep-alive, Close\r\ncontent-length: 0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nInference-Header-Content-Length: 12\r\nContent-Length: 14\r\n\r\n{\"outputs\":[]}",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n",
		"HTTP/1.1 200 OK\nContent-Length: 1\n\na",
		"HTTP/1.1 200 OK\r\n X: folded\r\nContent-Length: 1\r\n\r\na",
		"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 1\r\n\r\na",
		"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\na",
		"HTTP/1.1 200 OK\r\nContent-Length: +1\r\n\r\na",
		"HTTP/1.1 200 OK\r\nX Y: 1\r\nContent-Length: 1\r\n\r\na",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		h, n := parseHead(bufio.NewReader(bytes.NewReader(raw)))
		if n == 0 {
			return
		}
		resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), &http.Request{Method: http.MethodPost})
		if err != nil {
			t.Fatalf("parseHead read %+v, net/http: %v", h, err)
		}
		body, berr := io.ReadAll(resp.Body)
		if resp.StatusCode != h.status || resp.ContentLength != int64(h.contentLength) ||
			resp.Header.Get(HeaderContentLength) != h.binHeader || resp.Close != h.close {
			t.Fatalf("parseHead read %+v, net/http status %d length %d %q close %v", h, resp.StatusCode, resp.ContentLength, resp.Header.Get(HeaderContentLength), resp.Close)
		}
		if rest := raw[n:]; len(rest) >= h.contentLength {
			if berr != nil || !bytes.Equal(body, rest[:h.contentLength]) {
				t.Fatalf("body %q, net/http %q (%v)", rest[:h.contentLength], body, berr)
			}
		} else if berr == nil {
			t.Fatalf("short body %q, net/http read %q", rest, body)
		}
	})
}
