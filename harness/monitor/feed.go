package monitor

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mltest/mltest/fixtures/table"
)

// feed is the bytes of one input, read in a goroutine of its own and handed
// to the table decoder by Read. Three things happen here and nowhere else:
//
//   - following: a file's end is not the end of the input; the file is
//     polled until the context is done, then the input ends (tail -f);
//   - resuming: the lines a checkpoint says were consumed are skipped as
//     bytes, before any parsing (a CSV file's header line is kept);
//   - idling: when Read would have to wait for bytes, idle is called first,
//     so that the events decoded so far are delivered rather than held.
type feed struct {
	chunks chan []byte
	errc   chan error
	buf    []byte
	idle   func()
	done   <-chan struct{}
	err    error
}

// pollInterval is how often a followed file is checked for new bytes.
var pollInterval = 100 * time.Millisecond

// openFeed opens name ("-": stdin) and skips to line skipTo (1-based; 0 or
// 1: nothing to skip). With header, line 1 is kept and lines 2..skipTo-1
// are skipped.
func openFeed(ctx context.Context, name string, stdin io.Reader, follow, header bool, skipTo int) (*feed, error) {
	var base io.Reader
	var closer io.Closer
	if name == "-" {
		base = stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				return nil, &table.InputError{File: name, Msg: fmt.Sprintf("cannot open: %v", pe.Err)}
			}
			return nil, err
		}
		closer = f
		base = f
		if follow {
			base = &tail{ctx: ctx, f: f, name: name}
		}
	}
	f := &feed{chunks: make(chan []byte, 4), errc: make(chan error, 1), done: ctx.Done()}
	go func() {
		if closer != nil {
			defer closer.Close()
		}
		f.errc <- f.pump(name, base, header, skipTo)
		close(f.chunks)
	}()
	return f, nil
}

// pump reads the input into chunks.
func (f *feed) pump(name string, base io.Reader, header bool, skipTo int) error {
	br := bufio.NewReaderSize(base, 1<<20)
	var in io.Reader = br
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return &table.InputError{File: name, Msg: fmt.Sprintf("bad gzip header: %v", err)}
		}
		in = bufio.NewReaderSize(zr, 1<<20)
	}
	lr := in.(*bufio.Reader)
	if header || skipTo > 1 {
		line := 0
		for line < skipTo-1 || (header && line < 1) {
			b, err := lr.ReadSlice('\n')
			if header && line == 0 {
				if !f.send(append([]byte(nil), b...)) {
					return nil
				}
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			if err != nil {
				if err == io.EOF && line+1 < skipTo-1 {
					return &table.InputError{File: name, Msg: fmt.Sprintf("the checkpoint says %d lines were read, the input has %d: was it truncated or replaced?", skipTo-1, line)}
				}
				if err != io.EOF {
					return err
				}
			}
			line++
			if err == io.EOF {
				break
			}
		}
	}
	for {
		b := make([]byte, 64<<10)
		n, err := lr.Read(b)
		if n > 0 && !f.send(b[:n]) {
			return nil
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func (f *feed) send(b []byte) bool {
	select {
	case f.chunks <- b:
		return true
	case <-f.done:
		return false
	}
}

// Read implements io.Reader for the table decoder.
func (f *feed) Read(p []byte) (int, error) {
	for len(f.buf) == 0 {
		if f.err != nil {
			return 0, f.err
		}
		var b []byte
		var ok bool
		select {
		case b, ok = <-f.chunks:
		default:
			if f.idle != nil {
				f.idle()
			}
			select {
			case b, ok = <-f.chunks:
			case <-f.done:
				f.err = io.EOF
				continue
			}
		}
		if !ok {
			f.err = <-f.errc
			if f.err == nil {
				f.err = io.EOF
			}
			continue
		}
		f.buf = b
	}
	n := copy(p, f.buf)
	f.buf = f.buf[n:]
	return n, nil
}

// tail reads a file that keeps growing: at its end it waits for more until
// the context is done. A file that shrinks was truncated or replaced, which
// is an error rather than a silent restart.
type tail struct {
	ctx  context.Context
	f    *os.File
	name string
	off  int64
}

func (t *tail) Read(p []byte) (int, error) {
	for {
		n, err := t.f.Read(p)
		t.off += int64(n)
		if n > 0 || (err != nil && err != io.EOF) {
			return n, err
		}
		if st, serr := t.f.Stat(); serr == nil && st.Size() < t.off {
			return 0, &table.InputError{File: t.name, Msg: fmt.Sprintf("the file shrank from %d to %d bytes while followed: truncated or replaced", t.off, st.Size())}
		}
		select {
		case <-t.ctx.Done():
			return 0, io.EOF
		case <-time.After(pollInterval):
		}
	}
}
