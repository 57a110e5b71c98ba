package dataio

import (
	"encoding/binary"
	"io"

	"github.com/parquet-go/parquet-go"
)

// parquetScanner pulls batches of the requested columns, row group by row
// group. Each requested column has its own cursor over its column chunk; a
// batch is the rows every cursor has decoded.
type parquetScanner struct {
	name      string
	r         io.ReaderAt
	size      int64
	file      *parquet.File
	cols      []*columnCursor
	rowGroups []parquet.RowGroup
	rg        int   // index of the current row group, -1 before the first
	rgLeft    int64 // rows of the current row group not yet delivered
	delivered int   // rows delivered so far
	taken     int   // rows of the last batch, to drop from the cursors
	batch     ParquetBatch
}

func newParquetScanner(r io.ReaderAt, size int64, name string, columns []string) (s *parquetScanner, err error) {
	defer recoverCorrupt(name, 0, &err)
	if err := checkFooter(r, size, name); err != nil {
		return nil, err
	}
	pf, err := parquet.OpenFile(r, size, &parquet.FileConfig{SkipPageIndex: true, SkipBloomFilters: true})
	if err != nil {
		return nil, Errorf(name, 0, "", "not a readable Parquet file: %v", err)
	}
	s = &parquetScanner{name: name, r: r, size: size, file: pf, rowGroups: pf.RowGroups(), rg: -1}
	s.batch = ParquetBatch{File: name, Columns: make([]ParquetColumn, len(columns))}
	for i, c := range columns {
		cur, err := newColumnCursor(pf, name, c)
		if err != nil {
			return nil, err
		}
		s.cols = append(s.cols, cur)
		s.batch.Columns[i] = ParquetColumn{Name: c, Kind: cur.kind}
	}
	return s, nil
}

// checkFooter rejects a file whose footer length points outside it, or
// whose footer declares byte strings or lists longer than itself, which
// parquet-go would otherwise trust and allocate (up to 4 GiB) before reading.
func checkFooter(r io.ReaderAt, size int64, name string) error {
	var tail [8]byte
	if size < 12 {
		return Errorf(name, 0, "", "not a readable Parquet file: %d bytes, too short", size)
	}
	if _, err := r.ReadAt(tail[:], size-8); err != nil {
		return Errorf(name, 0, "", "not a readable Parquet file: %v", err)
	}
	footer := int64(binary.LittleEndian.Uint32(tail[:4]))
	if footer > size-12 {
		return Errorf(name, 0, "", "not a readable Parquet file: footer of %d bytes in a file of %d", footer, size)
	}
	if string(tail[4:]) != "PAR1" {
		return nil // not Parquet, or encrypted: parquet-go says which
	}
	// The footer's own lengths are trusted by parquet-go's decoder too.
	meta := make([]byte, footer)
	if _, err := r.ReadAt(meta, size-8-footer); err != nil {
		return Errorf(name, 0, "", "not a readable Parquet file: %v", err)
	}
	if _, err := skimStruct(meta, 0, 0, new(pageHeaderFacts)); err != nil {
		return Errorf(name, 0, "", "not a readable Parquet file: corrupt footer: %v", err)
	}
	return nil
}

// recoverCorrupt turns a panic of the Parquet decoder into an *InputError.
func recoverCorrupt(name string, row int, err *error) {
	if p := recover(); p != nil {
		e := Errorf(name, 0, "", "corrupt Parquet file: %v", p)
		e.Row = row
		*err = e
	}
}

func (s *parquetScanner) close() {
	for _, c := range s.cols {
		c.closePages()
	}
}

// next returns the next batch, or io.EOF after the last one.
func (s *parquetScanner) next() (b *ParquetBatch, err error) {
	defer recoverCorrupt(s.name, s.delivered+1, &err)
	for _, c := range s.cols {
		c.drop(s.taken)
	}
	s.taken = 0
	for {
		if s.rg >= 0 && s.rgLeft > 0 {
			n, err := s.fill()
			if err != nil {
				return nil, err
			}
			if n > 0 {
				return s.emit(n), nil
			}
		}
		if s.rg >= 0 {
			// Every column must end with the row group.
			for _, c := range s.cols {
				for !c.done && c.rows() == 0 {
					if err := c.readPage(); err != nil {
						return nil, err
					}
				}
				if c.rows() > 0 {
					return nil, rowError(s.name, s.delivered+1, c.name,
						"corrupt Parquet file: column has more rows than its row group (%d)", s.rowGroups[s.rg].NumRows())
				}
				c.closePages()
			}
		}
		s.rg++
		if s.rg >= len(s.rowGroups) {
			if s.delivered == 0 {
				return nil, Errorf(s.name, 0, "", "no data rows")
			}
			return nil, io.EOF
		}
		rg := s.rowGroups[s.rg]
		s.rgLeft = rg.NumRows()
		if s.rgLeft < 0 {
			return nil, Errorf(s.name, 0, "", "corrupt Parquet file: row group %d has %d rows", s.rg, s.rgLeft)
		}
		chunks := rg.ColumnChunks()
		meta := s.file.Metadata().RowGroups[s.rg].Columns
		for _, c := range s.cols {
			if c.leaf >= len(chunks) || c.leaf >= len(meta) {
				return nil, Errorf(s.name, 0, "", "corrupt Parquet file: row group %d has %d columns", s.rg, len(chunks))
			}
			m := &meta[c.leaf].MetaData
			start := m.DataPageOffset
			if m.DictionaryPageOffset != 0 {
				start = m.DictionaryPageOffset
			}
			maxValues := int64(maxPageValues)
			if c.kind != NumberListColumn {
				maxValues = min(maxValues, s.rgLeft)
			}
			if err := checkChunkPages(s.r, s.size, start, m.TotalCompressedSize, maxValues); err != nil {
				return nil, rowError(s.name, s.delivered+1, c.name, "corrupt Parquet file: %v", err)
			}
			c.openPages(chunks[c.leaf], s.delivered)
		}
	}
}

// fill decodes pages until every cursor holds a batch of rows or its chunk
// ends, and returns how many rows every cursor holds.
func (s *parquetScanner) fill() (int, error) {
	want := int(min(s.rgLeft, ParquetBatchRows))
	n := want
	for _, c := range s.cols {
		for c.rows() < want && !c.done {
			if err := c.readPage(); err != nil {
				return 0, err
			}
		}
		if c.done && c.rows() < want {
			return 0, rowError(s.name, s.delivered+c.rows()+1, c.name,
				"column ends before the row group's %d rows", s.rgLeft+int64(s.delivered))
		}
		n = min(n, c.rows())
	}
	return n, nil
}

func (s *parquetScanner) emit(n int) *ParquetBatch {
	b := &s.batch
	b.FirstRow = s.delivered + 1
	b.Rows = n
	for i, c := range s.cols {
		col := &b.Columns[i]
		switch c.kind {
		case NumberColumn:
			col.Numbers = c.nums[c.head : c.head+n]
		case TextColumn:
			col.Texts = c.texts[c.head : c.head+n]
		case NumberListColumn:
			start := c.offs[c.head]
			c.batchOffs = c.batchOffs[:0]
			for _, o := range c.offs[c.head : c.head+n+1] {
				c.batchOffs = append(c.batchOffs, o-start)
			}
			col.Offsets = c.batchOffs
			col.Lists = c.lists[start:c.offs[c.head+n]]
		}
	}
	s.taken = n
	s.delivered += n
	s.rgLeft -= int64(n)
	return b
}
