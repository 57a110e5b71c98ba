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
const chunkSize = 4 << 20

// lineError is a parse error at a line counted from the start of its chunk.
type lineError struct {
	line  int // 1-based, within the chunk
	field string
	msg   string
}

// parseChunks reads r in chunks that end on line boundaries and runs parse
// on each, on up to GOMAXPROCS goroutines. It returns the results in file
// order. Each chunk is a fresh allocation that is never reused, so parse may
// keep strings that point into it.
func parseChunks[T any](r io.Reader, parse func(data []byte) T) ([]T, error) {
	type job struct {
		idx  int
		data []byte
	}
	jobs := make(chan job, 2)
	var (
		mu      sync.Mutex
		results []T
		wg      sync.WaitGroup
	)
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				res := parse(j.data)
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
		size := chunkSize
		for idx := 0; ; {
			buf := make([]byte, size)
			n := copy(buf, carry)
			m, err := io.ReadFull(r, buf[n:])
			n += m
			buf = buf[:n]
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				if len(buf) > 0 {
					jobs <- job{idx, buf}
				}
				return nil
			}
			if err != nil {
				return err
			}
			last := bytes.LastIndexByte(buf, '\n')
			if last < 0 {
				// One line longer than the buffer: read more of it.
				carry = buf
				size *= 2
				continue
			}
			carry = buf[last+1:]
			jobs <- job{idx, buf[: last+1 : last+1]}
			idx++
			size = chunkSize
			if len(carry) >= size {
				size = 2 * len(carry)
			}
		}
	}()
	wg.Wait()
	return results, readErr
}

// isSpace reports whether c separates fields, as C's isspace does.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// fields splits line into at most len(dst) whitespace-separated fields and
// returns how many it found, counting (but not storing) those beyond len(dst).
func fields(line []byte, dst [][]byte) int {
	n := 0
	i := 0
	for {
		for i < len(line) && isSpace(line[i]) {
			i++
		}
		if i >= len(line) {
			return n
		}
		start := i
		for i < len(line) && !isSpace(line[i]) {
			i++
		}
		if n < len(dst) {
			dst[n] = line[start:i]
		}
		n++
	}
}

// str views b as a string without copying. b must never change afterwards,
// which holds for the chunks of parseChunks.
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

// nextLine returns the line starting at data[i:] without its '\n' and the
// index after it.
func nextLine(data []byte, i int) ([]byte, int) {
	j := bytes.IndexByte(data[i:], '\n')
	if j < 0 {
		return data[i:], len(data)
	}
	return data[i : i+j], i + j + 1
}

// truncate shortens s for an error message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
