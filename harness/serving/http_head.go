package serving

import (
	"bufio"
	"bytes"
)

// directHead is what the direct path keeps of a response head.
type directHead struct {
	status        int
	contentLength int
	close         bool   // Connection: close
	binHeader     string // Inference-Header-Content-Length, first value
}

// parseHead reads the head of a plain response from br without consuming
// it: "HTTP/1.1 200" with exactly one Content-Length (at most
// maxResponseBody), no Transfer-Encoding or Trailer, every line ending in
// CRLF, header names of token characters followed by a colon, no control
// characters but tab, no folded lines, the whole head within br's buffer.
// It returns the head and its length in bytes, or a length of 0 for any
// other response (nothing consumed: http.ReadResponse reads it instead).
func parseHead(br *bufio.Reader) (directHead, int) {
	for {
		buf, _ := br.Peek(br.Buffered())
		h, n, more := scanHead(buf)
		if !more {
			return h, n
		}
		if br.Buffered() >= br.Size() {
			return directHead{}, 0
		}
		if _, err := br.Peek(br.Buffered() + 1); err != nil {
			return directHead{}, 0
		}
	}
}

// scanHead parses a head at the start of buf: the head and its length, or
// more when buf ends before the head does and is a plain head so far.
func scanHead(buf []byte) (h directHead, n int, more bool) {
	const statusLine = "HTTP/1.1 200"
	line, ok := headLine(buf)
	if !ok {
		return directHead{}, 0, bytes.IndexByte(buf, '\n') < 0
	}
	if !bytes.HasPrefix(line, []byte(statusLine)) || len(line) > len(statusLine) && line[len(statusLine)] != ' ' || !plainText(line) {
		return directHead{}, 0, false
	}
	h.status = 200
	h.contentLength = -1
	n = len(line) + 2
	for {
		line, ok := headLine(buf[n:])
		if !ok {
			return directHead{}, 0, bytes.IndexByte(buf[n:], '\n') < 0
		}
		n += len(line) + 2
		if len(line) == 0 {
			if h.contentLength < 0 {
				return directHead{}, 0, false
			}
			return h, n, false
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 || !tokenBytes(line[:colon]) || !plainText(line[colon+1:]) {
			return directHead{}, 0, false
		}
		name := line[:colon]
		switch len(name) { // most fields are none of these: no trim, no fold
		case len("Content-Length"), len("Transfer-Encoding"), len("Trailer"), len("Connection"), len(HeaderContentLength):
		default:
			continue
		}
		value := bytes.Trim(line[colon+1:], " \t")
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if h.contentLength >= 0 {
				return directHead{}, 0, false
			}
			if h.contentLength = decimal(value); h.contentLength < 0 || h.contentLength > maxResponseBody {
				return directHead{}, 0, false
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")), bytes.EqualFold(name, []byte("Trailer")):
			return directHead{}, 0, false
		case bytes.EqualFold(name, []byte("Connection")):
			for tok := range bytes.SplitSeq(value, []byte(",")) {
				if bytes.EqualFold(bytes.Trim(tok, " \t"), []byte("close")) {
					h.close = true
				}
			}
		case bytes.EqualFold(name, []byte(HeaderContentLength)):
			if h.binHeader == "" {
				h.binHeader = string(value)
			}
		}
	}
}

// headLine returns the line at the start of buf without its CRLF; ok is
// false when buf holds no LF, or a line ending in a bare LF (then the
// caller gives up on the head).
func headLine(buf []byte) ([]byte, bool) {
	i := bytes.IndexByte(buf, '\n')
	if i < 1 || buf[i-1] != '\r' {
		return nil, false
	}
	return buf[:i-1], true
}

// plainText reports text without control characters other than tab.
func plainText(b []byte) bool {
	for _, c := range b {
		if c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// tokenBytes reports an HTTP token (RFC 9110 tchar).
func tokenBytes(b []byte) bool {
	for _, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || bytes.IndexByte([]byte("!#$%&'*+-.^_`|~"), c) >= 0) {
			return false
		}
	}
	return true
}

// decimal is b's value as a decimal of at most 15 digits, or -1.
func decimal(b []byte) int {
	if len(b) == 0 || len(b) > 15 {
		return -1
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}
