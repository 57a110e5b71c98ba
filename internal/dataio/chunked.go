package dataio

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
)

// ChunkBytes is the size ReadChunks' chunks grow to: a chunk is the whole
// records of the next ChunkBytes of input (the first chunks are smaller, so
// that a small file costs little). Chunk boundaries depend only on the
// input, never on the number of workers, so a caller that merges per-chunk
// results in chunk order gets the same result on any machine.
const ChunkBytes = 1 << 20

// firstChunkBytes is the size of the first chunk; each next one doubles, up
// to ChunkBytes.
const firstChunkBytes = 64 << 10

// ReadChunks reads a CSV or JSONL table in chunks of whole records and calls
// process for each chunk on up to workers goroutines at once. Each call gets
// the chunk's index (0, 1, 2, ... in input order) and a *TableReader over the
// chunk's rows with their true line numbers, which parses the rows in place
// in the chunk's buffer. The reading itself is one sequential pass that only
// looks for record boundaries; the parsing and process run in parallel. A
// chunk's buffer is reused once process returns: values a caller keeps must
// be copied (TableReader.Value does).
//
// The error returned is the one from the earliest chunk, so a file with
// several bad lines always reports the first, whatever the scheduling. A
// chunk's process call may start before an earlier chunk's has ended.
func ReadChunks(r io.Reader, name string, format Format, columns []string, workers int, opt ReadOptions,
	process func(chunk int, tr *TableReader) error) error {
	return readChunks(r, name, format, columns, workers, ChunkBytes, opt, process)
}

func readChunks(r io.Reader, name string, format Format, columns []string, workers, chunkBytes int, opt ReadOptions,
	process func(chunk int, tr *TableReader) error) error {
	if workers < 1 {
		workers = 1
	}
	if format != CSV && format != JSONL {
		return fmt.Errorf("dataio: table format %q: want csv or jsonl", format)
	}
	// The CSV header is read on its own; the chunks start after it.
	var header *TableReader
	br := bufio.NewReaderSize(r, 1<<16)
	line := 1
	if format == CSV {
		var err error
		if header, err = newStreamReader(br, name, CSV, columns); err != nil {
			return err
		}
		line = header.next
	}

	type job struct {
		chunk, firstLine int
		data, buf        []byte
	}
	jobs := make(chan job, workers)
	free := make(chan []byte, 2*workers+2)
	errs := map[int]error{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	var rows atomic.Int64
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				tr := newTableReader(name, format, columns, opt)
				tr.data, tr.next, tr.chunked = j.data, j.firstLine, true
				if header != nil {
					tr.index, tr.width = header.index, header.width
				}
				err := process(j.chunk, tr)
				if err == nil {
					err = tr.Err()
				}
				rows.Add(int64(tr.nrows))
				if err != nil {
					mu.Lock()
					errs[j.chunk] = err
					mu.Unlock()
				}
				select {
				case free <- j.buf[:0]:
				default:
				}
			}
		}()
	}

	quote := byte('"')
	if format == JSONL {
		quote = 0 // a JSON string cannot hold a raw newline
	}
	var readErr error
	chunk := 0
	var carry []byte
	for size := min(firstChunkBytes, chunkBytes); ; size = min(2*size, max(chunkBytes, size)) {
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
		m, err := io.ReadFull(br, buf[n:])
		data := buf[:n+m]
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			readErr = Errorf(name, line, "", "read error: %v", err)
			break
		}
		cut := len(data)
		if !eof {
			cut = lastRecordEnd(data, quote)
			if cut < 0 {
				// One record longer than the buffer: read on with a bigger one.
				carry = append(carry[:0], data...)
				size = max(size, 2*len(data))
				continue
			}
		}
		if cut > 0 {
			jobs <- job{chunk: chunk, firstLine: line, data: data[:cut:cut], buf: buf}
			chunk++
			line += bytes.Count(data[:cut], newline)
		}
		if eof {
			break
		}
		carry = append(carry[:0], data[cut:]...)
	}
	close(jobs)
	wg.Wait()
	if len(errs) > 0 {
		first := -1
		for c := range errs {
			if first < 0 || c < first {
				first = c
			}
		}
		return errs[first]
	}
	if readErr != nil {
		return readErr
	}
	if rows.Load() == 0 {
		return Errorf(name, 0, "", "no data rows")
	}
	return nil
}

// lastRecordEnd returns the index after the last record in data that ends
// with a newline outside quotes (quote 0: any newline), or -1 when there is
// none. Quotes are counted as readRecordBytes counts them.
func lastRecordEnd(data []byte, quote byte) int {
	if quote == 0 || bytes.IndexByte(data, quote) < 0 {
		if k := bytes.LastIndexByte(data, '\n'); k >= 0 {
			return k + 1
		}
		return -1
	}
	last := -1
	in := false
	for i, c := range data {
		switch {
		case c == quote:
			in = !in
		case c == '\n' && !in:
			last = i
		}
	}
	if last < 0 {
		return -1
	}
	return last + 1
}

// readRecordBytes reads one record into dst[:0]: a line, or several when a
// quoted field holds newlines (quote 0: one line). It returns the bytes
// (newlines kept) and the number of lines.
func readRecordBytes(br *bufio.Reader, quote byte, dst []byte) ([]byte, int, error) {
	rec := dst[:0]
	lines := 0
	inQuotes := false
	for {
		part, err := br.ReadSlice('\n')
		rec = append(rec, part...)
		if err == bufio.ErrBufferFull {
			inQuotes = toggleQuotes(part, quote, inQuotes)
			continue
		}
		if len(part) > 0 {
			inQuotes = toggleQuotes(part, quote, inQuotes)
			if part[len(part)-1] == '\n' {
				lines++
			} else if err == io.EOF {
				lines++ // a last line without newline
			}
		}
		if err != nil || !inQuotes {
			return rec, lines, err
		}
	}
}

// toggleQuotes returns whether the text after b is inside a quoted field. An
// escaped quote ("") toggles twice, so counting quote bytes is enough.
func toggleQuotes(b []byte, quote byte, in bool) bool {
	if quote == 0 {
		return false
	}
	if bytes.Count(b, []byte{quote})%2 == 1 {
		return !in
	}
	return in
}
