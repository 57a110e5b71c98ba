//go:build unix

package serving

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"strconv"
	"syscall"
	"testing"
)

// BenchmarkRawFloorV2Trivial is BenchmarkFloorV2Trivial with one read
// system call a request instead of two: Go's netpoller reads once before
// the answer can have come (EAGAIN) and again when epoll reports the
// socket readable, as wrk does not. Here the request is written and the
// answer read inside one syscall.RawConn.Read, whose first call writes and
// asks to wait for readability. BENCHMARKS.md (sixth pass) compares the
// two: the read saved costs less than the runs' noise, so the Client keeps
// net.Conn.
func BenchmarkRawFloorV2Trivial(b *testing.B) {
	benchFloor(b, func(conn net.Conn, req []byte) func() error {
		rc, err := conn.(syscall.Conn).SyscallConn()
		if err != nil {
			return func() error { return err }
		}
		buf := make([]byte, 64<<10)
		return func() error { return rawExchange(rc, buf, req) }
	})
}

// rawExchange writes req and reads one 200 answer with a Content-Length
// body into buf, waiting for readability between the write and the first
// read.
func rawExchange(rc syscall.RawConn, buf, req []byte) error {
	written, n := false, 0
	var ioErr error
	err := rc.Read(func(fd uintptr) bool {
		if !written {
			w, err := syscall.Write(int(fd), req)
			if err == nil && w != len(req) {
				err = fmt.Errorf("wrote %d of %d bytes", w, len(req))
			}
			ioErr, written = err, true
			return err != nil // written: wait for the answer
		}
		for {
			k, err := syscall.Read(int(fd), buf[n:])
			switch {
			case err == syscall.EAGAIN:
				return false
			case err != nil:
				ioErr = err
				return true
			case k == 0:
				ioErr = errors.New("connection closed before the answer")
				return true
			}
			n += k
			if done, err := answerComplete(buf[:n]); done || err != nil {
				ioErr = err
				return true
			}
			if n == len(buf) {
				ioErr = errors.New("answer larger than the buffer")
				return true
			}
		}
	})
	if err != nil {
		return err
	}
	return ioErr
}

// answerComplete reports whether p holds a whole 200 answer: its head and
// Content-Length bytes of body.
func answerComplete(p []byte) (bool, error) {
	end := bytes.Index(p, []byte("\r\n\r\n"))
	if end < 0 {
		return false, nil
	}
	if !bytes.HasPrefix(p, []byte("HTTP/1.1 200 ")) {
		return false, fmt.Errorf("answer %q", p[:end])
	}
	for _, line := range bytes.Split(p[:end], []byte("\r\n"))[1:] {
		if k := bytes.IndexByte(line, ':'); k > 0 && bytes.EqualFold(line[:k], []byte("Content-Length")) {
			cl, err := strconv.Atoi(string(bytes.TrimSpace(line[k+1:])))
			if err != nil {
				return false, err
			}
			got := len(p) - end - 4
			if got > cl {
				return false, fmt.Errorf("%d bytes after a body of %d", got, cl)
			}
			return got == cl, nil
		}
	}
	return false, errors.New("answer without Content-Length")
}
