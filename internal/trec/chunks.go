package trec

import (
	"bytes"
	"io"
	"runtime"
	"sync"
	"unsafe"
)

// chunkSize is the size of the blocks a TREC file is read and parsed in. Big
// enough that per-chunk overhead is nothing, small enough that the first
// chunk is being parsed while the rest is still read.
var chunkSize = 4 << 20

// lineError is a parse error at a line counted from the start of its chunk.
type lineError struct {
	line  int // 1-based, within the chunk
	field string
	msg   string
}

// parseChunks reads r in chunks that end on line boundaries and runs parse
// on each, on up to GOMAXPROCS goroutines. It returns the results in file
// order. Chunk buffers are recycled once parse returns, so parse must copy
// whatever it keeps (see arena).
func parseChunks[T any](r io.Reader, parse func(data []byte) T) ([]T, error) {
	type job struct {
		idx  int
		data []byte
		buf  []byte
	}
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan job, workers)
	free := make(chan []byte, 2*workers+1)
	var (
		mu      sync.Mutex
		results []T
		wg      sync.WaitGroup
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				res := parse(j.data)
				select {
				case free <- j.buf[:0]:
				default:
				}
				mu.Lock()
				for len(results) <= j.idx {
					var zero T
					results = append(results, zero)
				}
				results[j.idx] = res
				mu.Unlock()
			}
		}()
	}
	readErr := func() error {
		defer close(jobs)
		var carry []byte
		// Chunks start small, so that a small file costs little, and double
		// up to chunkSize.
		step := min(chunkSize, 64<<10)
		for idx := 0; ; {
			size := step
			step = min(2*step, chunkSize)
			if len(carry) >= size/2 {
				size = 2 * len(carry)
			}
			var buf []byte
			select {
			case buf = <-free:
			default:
			}
			if cap(buf) < size {
				buf = make([]byte, size)
			}
			buf = buf[:cap(buf)]
			n := copy(buf, carry)
			m, err := io.ReadFull(r, buf[n:])
			n += m
			data := buf[:n]
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				if len(data) > 0 {
					jobs <- job{idx, data, buf}
				}
				return nil
			}
			if err != nil {
				return err
			}
			last := bytes.LastIndexByte(data, '\n')
			if last < 0 {
				// One line longer than the buffer: read more of it.
				carry = append([]byte(nil), data...)
				continue
			}
			carry = append(carry[:0:0], data[last+1:]...)
			jobs <- job{idx, data[: last+1 : last+1], buf}
			idx++
		}
	}()
	wg.Wait()
	return results, readErr
}

// arena copies the byte strings a parser keeps out of the recycled chunk
// buffers into large blocks, so that millions of docnos cost a few
// allocations and nothing for the garbage collector to scan.
type arena struct {
	block []byte
	size  int
}

// arenaBlock is the size of an arena's blocks: small enough that the unused
// tail of each chunk's last block wastes little, big enough to allocate
// rarely.
const arenaBlock = 256 << 10

func newArena(size int) *arena { return &arena{size: size} }

// str returns a string holding a copy of b. The block it lives in is never
// appended to beyond its capacity, so earlier strings stay valid.
func (a *arena) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(a.block)+len(b) > cap(a.block) {
		a.block = make([]byte, 0, max(a.size, len(b)))
	}
	start := len(a.block)
	a.block = append(a.block, b...)
	return unsafe.String(&a.block[start], len(b))
}

// Byte classes of the line scanner: C's isspace separates fields, '\n'
// also ends the line.
const (
	classField   = 0
	classSpace   = 1
	classNewline = 2
)

var byteClass = func() (t [256]uint8) {
	for _, c := range []byte{' ', '\t', '\r', '\v', '\f'} {
		t[c] = classSpace
	}
	t['\n'] = classNewline
	return t
}()

// isSpace reports whether c separates fields, as C's isspace does.
func isSpace(c byte) bool { return byteClass[c] != classField }

// scanLine splits the line starting at data[i] into whitespace-separated
// fields, storing up to len(dst) of them, in one pass. It returns the number
// of fields (counting those beyond len(dst)) and the index after the line's
// '\n' (or len(data)).
func scanLine(data []byte, i int, dst [][]byte) (n, next int) {
	for {
		for i < len(data) && byteClass[data[i]] == classSpace {
			i++
		}
		if i >= len(data) {
			return n, i
		}
		if data[i] == '\n' {
			return n, i + 1
		}
		start := i
		for i < len(data) && byteClass[data[i]] == classField {
			i++
		}
		if n < len(dst) {
			dst[n] = data[start:i]
		}
		n++
	}
}

// str views b as a string without copying, for transient use (parsing a
// number, a map lookup): the string must not outlive b's contents.
func str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// isComment reports whether line's first non-blank byte is '#'.
func isComment(line []byte) bool {
	for _, c := range line {
		if !isSpace(c) {
			return c == '#'
		}
	}
	return false
}

// truncate shortens s for an error message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
