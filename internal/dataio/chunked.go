package dataio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"sync"
)

// ChunkRows is how many rows ReadChunks hands to one call of process. Chunk
// boundaries depend only on the input, never on the number of workers, so a
// caller that merges per-chunk results in chunk order gets the same result on
// any machine.
const ChunkRows = 1 << 16

// ReadChunks reads a CSV or JSONL table in chunks of ChunkRows rows and calls
// process for each chunk on up to workers goroutines at once. Each call gets
// the chunk's index (0, 1, 2, ... in input order) and a *TableReader over the
// chunk's rows with their true line numbers. The reading itself is one
// sequential pass; only the parsing and process run in parallel.
//
// The error returned is the one from the earliest chunk, so a file with
// several bad lines always reports the first, whatever the scheduling. A
// chunk's process call may start before an earlier chunk's has ended.
func ReadChunks(r io.Reader, name string, format Format, columns []string, workers int,
	process func(chunk int, tr *TableReader) error) error {
	return readChunks(r, name, format, columns, workers, ChunkRows, process)
}

func readChunks(r io.Reader, name string, format Format, columns []string, workers, chunkRows int,
	process func(chunk int, tr *TableReader) error) error {
	if workers < 1 {
		workers = 1
	}
	br := bufio.NewReaderSize(r, 1<<20)
	line := 0
	var index []int
	var nfields int
	switch format {
	case CSV:
		header, n, err := readRecordBytes(br, '"')
		if len(header) == 0 && err == io.EOF {
			return Errorf(name, 0, "", "empty file: expected a header row naming the columns")
		}
		if err != nil && err != io.EOF {
			return Errorf(name, 1, "", "read error: %v", err)
		}
		line = n
		tr, herr := NewTableReader(bytes.NewReader(header), name, CSV, columns)
		if herr != nil {
			return herr
		}
		index = tr.index
		hr := csv.NewReader(bytes.NewReader(header))
		rec, _ := hr.Read()
		nfields = len(rec)
	case JSONL:
	default:
		return fmt.Errorf("dataio: table format %q: want csv or jsonl", format)
	}

	type job struct {
		chunk, firstLine int
		data             []byte
	}
	jobs := make(chan job, workers)
	errs := map[int]error{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	rows := 0
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				tr := chunkReader(j.data, name, format, columns, index, nfields, j.firstLine)
				err := process(j.chunk, tr)
				if err == nil {
					err = tr.Err()
				}
				if err != nil {
					mu.Lock()
					errs[j.chunk] = err
					mu.Unlock()
				}
			}
		}()
	}

	var readErr error
	chunk := 0
	quote := byte('"')
	if format == JSONL {
		quote = 0 // a JSON string cannot hold a raw newline
	}
	for {
		data, nlines, nrows, err := readChunk(br, quote, chunkRows)
		if len(data) > 0 {
			jobs <- job{chunk: chunk, firstLine: line + 1, data: data}
			chunk++
			line += nlines
			rows += nrows
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			readErr = Errorf(name, line+1, "", "read error: %v", err)
			break
		}
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
	if rows == 0 {
		return Errorf(name, 0, "", "no data rows")
	}
	return nil
}

// readChunk reads up to maxRows records (lines outside quotes; blank lines
// count as lines but not rows) and returns their bytes, the number of lines
// and rows read.
func readChunk(br *bufio.Reader, quote byte, maxRows int) (data []byte, lines, rows int, err error) {
	for rows < maxRows {
		var rec []byte
		var n int
		rec, n, err = readRecordBytes(br, quote)
		data = append(data, rec...)
		lines += n
		if len(bytes.TrimSpace(rec)) > 0 {
			rows++
		}
		if err != nil {
			return data, lines, rows, err
		}
	}
	return data, lines, rows, nil
}

// readRecordBytes reads one record: a line, or several when a quoted field
// holds newlines. It returns the bytes (newlines kept) and the number of lines.
func readRecordBytes(br *bufio.Reader, quote byte) ([]byte, int, error) {
	var rec []byte
	lines := 0
	inQuotes := false
	for {
		part, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			rec = append(rec, part...)
			inQuotes = toggleQuotes(part, quote, inQuotes)
			continue
		}
		rec = append(rec, part...)
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

// chunkReader returns a TableReader over one chunk of data rows, whose first
// row is on line firstLine of the file.
func chunkReader(data []byte, name string, format Format, columns []string, index []int, nfields, firstLine int) *TableReader {
	t := &TableReader{name: name, format: format, columns: columns, values: make([]string, len(columns)), chunked: true}
	switch format {
	case CSV:
		t.csv = csv.NewReader(bytes.NewReader(data))
		t.csv.ReuseRecord = true
		t.csv.FieldsPerRecord = nfields // as the header, like the sequential reader
		t.index = index
		t.lineOffset = firstLine - 1
	case JSONL:
		t.lines = bufio.NewReaderSize(bytes.NewReader(data), 1<<16)
		t.line = firstLine - 1
	}
	return t
}
