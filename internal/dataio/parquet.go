package dataio

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// Parquet is the Apache Parquet columnar format. It is read column by
// column: only the requested columns are decoded. Unlike the text formats it
// needs random access, so it is read from a file, never from standard input,
// and never gzip-wrapped (Parquet compresses its pages itself).
const Parquet Format = "parquet"

// ColumnKind is what a Parquet column holds, as mltest reads it.
type ColumnKind int

// The kinds of column ReadParquet delivers.
const (
	// NumberColumn: boolean (true = 1), int32, int64 (|v| <= 2^53, exact in
	// a float64), float or double; every value finite and non-null.
	NumberColumn ColumnKind = iota + 1
	// TextColumn: a byte array (string, enum, JSON, bytes); non-null.
	TextColumn
	// NumberListColumn: a list of numbers (the standard three-level LIST,
	// or a legacy repeated number field), e.g. the class scores of a
	// multiclass row; no null list, no null element.
	NumberListColumn
)

func (k ColumnKind) String() string {
	switch k {
	case NumberColumn:
		return "number"
	case TextColumn:
		return "text"
	case NumberListColumn:
		return "list of numbers"
	}
	return fmt.Sprintf("ColumnKind(%d)", int(k))
}

// ParquetBatch is a run of consecutive rows of a Parquet file, one typed
// slice per requested column. Its slices are reused by the next batch: a
// callback that keeps values must copy them.
type ParquetBatch struct {
	File     string          // the file's name, for error messages
	FirstRow int             // 1-based number of the batch's first row in the file
	Rows     int             // number of rows in the batch
	Columns  []ParquetColumn // parallel to the requested column names
}

// ParquetColumn holds one requested column of a batch. Exactly one of
// Numbers, Texts, or Lists with Offsets is set, according to Kind.
type ParquetColumn struct {
	Name    string
	Kind    ColumnKind
	Numbers []float64 // NumberColumn: one value a row
	Texts   []string  // TextColumn: one value a row
	// NumberListColumn: row r's list is Lists[Offsets[r]:Offsets[r+1]];
	// len(Offsets) = Rows+1, Offsets[0] = 0, Offsets[Rows] = len(Lists).
	Lists   []float64
	Offsets []int
}

// ParquetBatchRows is the largest number of rows a ParquetBatch holds. The
// memory ReadParquet uses is bounded by it (plus one page per column), not
// by the size of the file or of its row groups.
const ParquetBatchRows = 1 << 16

// ReadParquetColumns reads the named columns of the Parquet file at path and
// calls fn with consecutive batches of rows, in file order, until the end of
// the file or the first error, which it returns (fn's own errors unchanged).
//
// Bad input is an *InputError naming the file, the 1-based row (in its Row
// field, Line being 0: Parquet has no lines) and the column: a missing
// column, a column of a type listed nowhere in ColumnKind (decimal, int96,
// fixed-length byte array, nested groups), a null, a NaN or infinite number,
// a file that is not Parquet or is corrupt. parquet-go may panic on corrupt
// input; such panics are recovered and reported as an *InputError.
//
// A file without rows is an error, as an empty CSV file is.
func ReadParquetColumns(path string, columns []string, fn func(*ParquetBatch) error) error {
	f, size, err := openSized(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return ReadParquet(f, size, path, columns, fn)
}

// ReadParquet is ReadParquetColumns over any io.ReaderAt of the given size;
// name is used in error messages.
func ReadParquet(r io.ReaderAt, size int64, name string, columns []string, fn func(*ParquetBatch) error) error {
	s, err := newParquetScanner(r, size, name, columns)
	if err != nil {
		return err
	}
	defer s.close()
	for {
		b, err := s.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(b); err != nil {
			return err
		}
	}
}

func openSized(path string) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, 0, Errorf(path, 0, "", "cannot open: %v", pe.Err)
		}
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, Errorf(path, 0, "", "cannot stat: %v", err)
	}
	return f, st.Size(), nil
}

// rowError is an *InputError about one row of a Parquet file.
func rowError(file string, row int, field, format string, args ...any) *InputError {
	e := Errorf(file, 0, field, format, args...)
	e.Row = row
	return e
}

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

// columnCursor decodes one column chunk page by page into the rows not yet
// delivered.
type columnCursor struct {
	file     string
	name     string
	kind     ColumnKind
	leaf     int          // index of the leaf column in the file
	physical parquet.Kind // the leaf's physical type
	maxDef   int          // definition level of a present value
	listDef  int          // lists: definition level of an empty list (repeated node's - 1)
	pages    parquet.Pages
	done     bool // the current chunk has no more pages
	base     int  // rows of the file before the first buffered row
	head     int  // buffered rows before head were delivered (nums, texts, offs)

	nums      []float64
	texts     []string
	lists     []float64
	offs      []int // lists: offs[0] = 0, len = complete rows + 1
	open      bool  // lists: a row started after offs[len(offs)-1] and may continue on the next page
	batchOffs []int // lists: the offsets of the batch delivered, from 0

	values    []parquet.Value // scratch for the generic path
	dict      parquet.Dictionary
	dictTexts []string // the strings of dict, converted once
}

func newColumnCursor(pf *parquet.File, file, name string) (*columnCursor, error) {
	top := pf.Root().Column(name)
	if top == nil {
		var have []string
		for _, c := range pf.Root().Columns() {
			have = append(have, c.Name())
		}
		return nil, Errorf(file, 0, name, "no such column; the file has %s", strings.Join(have, ", "))
	}
	c := &columnCursor{file: file, name: name}
	leaf := top
	repeated := 0
	repDef := 0
	for {
		if leaf.Repeated() {
			repeated++
			repDef = leaf.MaxDefinitionLevel()
		}
		if leaf.Leaf() {
			break
		}
		if len(leaf.Columns()) != 1 {
			return nil, Errorf(file, 0, name, "a group of %d fields: want a number, a string or a list of numbers", len(leaf.Columns()))
		}
		leaf = leaf.Columns()[0]
	}
	c.leaf = leaf.Index()
	c.maxDef = leaf.MaxDefinitionLevel()
	typ := leaf.Type()
	c.physical = typ.Kind()
	if lt := typ.LogicalType(); lt != nil {
		if _, ok := lt.Value.(*format.DecimalType); ok {
			return nil, Errorf(file, 0, name, "decimal columns are not supported: store the scores as double")
		}
	}
	number := false
	switch c.physical {
	case parquet.Boolean, parquet.Int32, parquet.Int64, parquet.Float, parquet.Double:
		number = true
	case parquet.ByteArray:
	default:
		return nil, Errorf(file, 0, name, "column of type %v: want boolean, int32, int64, float, double, string or a list of numbers", typ)
	}
	switch {
	case repeated == 0 && top == leaf && number:
		c.kind = NumberColumn
	case repeated == 0 && top == leaf:
		c.kind = TextColumn
	case repeated == 1 && number:
		c.kind = NumberListColumn
		c.listDef = repDef - 1
		c.offs = []int{0}
	case repeated == 1:
		return nil, Errorf(file, 0, name, "a list of %s values: want a number, a string or a list of numbers", typ)
	case repeated > 1:
		return nil, Errorf(file, 0, name, "nested lists (%d levels): want a number, a string or a list of numbers", repeated)
	default:
		return nil, Errorf(file, 0, name, "a group: want a number, a string or a list of numbers")
	}
	return c, nil
}

// rows returns the number of complete rows buffered.
func (c *columnCursor) rows() int {
	switch c.kind {
	case NumberColumn:
		return len(c.nums) - c.head
	case TextColumn:
		return len(c.texts) - c.head
	}
	return len(c.offs) - 1 - c.head
}

// drop removes the first n buffered rows, which were delivered. The rows
// stay in place until the delivered ones are at least half of the buffer, so
// a page larger than a batch is not copied once per batch.
func (c *columnCursor) drop(n int) {
	if n == 0 {
		return
	}
	c.base += n
	c.head += n
	rest := c.rows()
	if c.head < rest {
		return
	}
	switch c.kind {
	case NumberColumn:
		c.nums = c.nums[:copy(c.nums, c.nums[c.head:])]
	case TextColumn:
		k := copy(c.texts, c.texts[c.head:])
		clear(c.texts[k:])
		c.texts = c.texts[:k]
	case NumberListColumn:
		start := c.offs[c.head]
		c.lists = c.lists[:copy(c.lists, c.lists[start:])]
		for i := c.head; i < len(c.offs); i++ {
			c.offs[i-c.head] = c.offs[i] - start
		}
		c.offs = c.offs[:len(c.offs)-c.head]
	}
	c.head = 0
}

func (c *columnCursor) openPages(chunk parquet.ColumnChunk, base int) {
	c.pages = chunk.Pages()
	c.done = false
	c.base = base
	c.dict, c.dictTexts = nil, nil
}

func (c *columnCursor) closePages() {
	if c.pages != nil {
		c.pages.Close()
		c.pages = nil
	}
}

// readPage decodes the next page of the chunk into the buffers.
func (c *columnCursor) readPage() error {
	page, err := c.pages.ReadPage()
	if err == io.EOF {
		c.done = true
		if c.open {
			c.offs = append(c.offs, len(c.lists)) // the chunk's last list is complete
			c.open = false
		}
		return nil
	}
	if err != nil {
		return rowError(c.file, c.base+c.rows()+1, c.name, "corrupt Parquet page: %v", err)
	}
	defer parquet.Release(page)
	if c.kind == NumberColumn {
		// One allocation for the page, not a doubling per append; the
		// count is the page's claim, so capped.
		c.nums = slices.Grow(c.nums, int(min(page.NumValues(), 1<<20)))
	}
	switch {
	case c.kind == NumberListColumn:
		return c.decodeLists(page)
	case c.physical == parquet.Boolean && c.maxDef == 0 && page.Dictionary() == nil:
		if br, ok := page.Values().(parquet.BooleanReader); ok {
			return c.decodeBooleans(br)
		}
		return c.decodeGeneric(page)
	case c.physical == parquet.Boolean:
		return c.decodeGeneric(page)
	default:
		return c.decodeScalars(page)
	}
}

// decodeScalars decodes a page of a non-repeated, non-boolean column from
// its typed buffers, looking values up in the dictionary when the page is
// dictionary-encoded. Only present values are stored in a page; a null is a
// definition level below maxDef.
func (c *columnCursor) decodeScalars(page parquet.Page) error {
	first := c.base + c.rows() + 1 // row of the page's first value
	data := page.Data()
	var indexes []int32
	if d := page.Dictionary(); d != nil {
		indexes = data.Int32()
		if d != c.dict {
			c.dict, c.dictTexts = d, nil
		}
		data = d.Page().Data()
		dictLen := int32(d.Len())
		for j, ix := range indexes {
			if ix < 0 || ix >= dictLen {
				return rowError(c.file, first+j, c.name, "corrupt Parquet page: dictionary index %d of %d", ix, dictLen)
			}
		}
	}
	present := -1 // values in the page (indexes, for a dictionary page)
	if indexes != nil {
		present = len(indexes)
	}
	if c.maxDef > 0 {
		defs := page.DefinitionLevels()
		for j, d := range defs {
			if int(d) != c.maxDef {
				return rowError(c.file, first+j, c.name, "null value, expected a %s", c.kind)
			}
		}
		if present >= 0 && present != len(defs) {
			return rowError(c.file, first, c.name, "corrupt Parquet page: %d values for %d levels", present, len(defs))
		}
		present = len(defs)
	}
	switch c.physical {
	case parquet.ByteArray:
		buf, offsets := data.ByteArray()
		if indexes != nil {
			if c.dictTexts == nil {
				c.dictTexts = make([]string, len(offsets)-1)
				for i := range c.dictTexts {
					c.dictTexts[i] = string(buf[offsets[i]:offsets[i+1]])
				}
			}
			for _, ix := range indexes {
				c.texts = append(c.texts, c.dictTexts[ix])
			}
			return nil
		}
		n := max(len(offsets)-1, 0)
		if present >= 0 && n < present {
			return rowError(c.file, first+n, c.name, "corrupt Parquet page: fewer values than levels")
		}
		if present >= 0 {
			n = present
		}
		for i := range n {
			c.texts = append(c.texts, string(buf[offsets[i]:offsets[i+1]]))
		}
		return nil
	case parquet.Int32:
		return appendNumbers(c, data.Int32(), indexes, present, first)
	case parquet.Int64:
		return appendNumbers(c, data.Int64(), indexes, present, first)
	case parquet.Float:
		return appendNumbers(c, data.Float(), indexes, present, first)
	default:
		return appendNumbers(c, data.Double(), indexes, present, first)
	}
}

// appendNumbers appends the page's values (looked up through indexes when
// not nil) to c.nums, checking each: present values are expected, -1 meaning
// all of vals.
func appendNumbers[T int32 | int64 | float32 | float64](c *columnCursor, vals []T, indexes []int32, present, first int) error {
	if indexes == nil {
		if present >= 0 && len(vals) < present {
			return rowError(c.file, first+len(vals), c.name, "corrupt Parquet page: fewer values than levels")
		}
		if present >= 0 {
			vals = vals[:present]
		}
	}
	start := len(c.nums)
	if indexes == nil {
		for _, v := range vals {
			c.nums = append(c.nums, float64(v))
		}
	} else {
		for _, ix := range indexes {
			c.nums = append(c.nums, float64(vals[ix]))
		}
	}
	var zero T
	switch any(zero).(type) {
	case int32:
		return nil // always finite and exact
	case int64:
		for j, v := range c.nums[start:] {
			if math.Abs(v) > 1<<53 {
				return rowError(c.file, first+j, c.name, "integer %.0f is too large to be exact as a float64", v)
			}
		}
	default:
		for j, v := range c.nums[start:] {
			if v-v != 0 { // NaN or infinite
				return rowError(c.file, first+j, c.name, "expected a finite number, got %v", v)
			}
		}
	}
	return nil
}

// checkNumber rejects what mltest never takes as a number: NaN, infinities,
// and integers too large to be exact in a float64.
func (c *columnCursor) checkNumber(row int, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return rowError(c.file, row, c.name, "expected a finite number, got %v", v)
	}
	if c.physical == parquet.Int64 && math.Abs(v) > 1<<53 {
		return rowError(c.file, row, c.name, "integer %.0f is too large to be exact as a float64", v)
	}
	return nil
}

// readValues reads every value of a page, with its levels, into c.values.
func (c *columnCursor) readValues(page parquet.Page) ([]parquet.Value, error) {
	r := page.Values()
	c.values = c.values[:0]
	var buf [256]parquet.Value
	for {
		n, err := r.ReadValues(buf[:])
		c.values = append(c.values, buf[:n]...)
		if err == io.EOF {
			return c.values, nil
		}
		if err != nil {
			return nil, rowError(c.file, c.base+c.rows()+1, c.name, "corrupt Parquet page: %v", err)
		}
		if n == 0 {
			return nil, rowError(c.file, c.base+c.rows()+1, c.name, "corrupt Parquet page: no progress reading values")
		}
	}
}

// valueNumber converts a non-null value of a number column.
func valueNumber(v parquet.Value) float64 {
	switch v.Kind() {
	case parquet.Boolean:
		if v.Boolean() {
			return 1
		}
		return 0
	case parquet.Int32:
		return float64(v.Int32())
	case parquet.Int64:
		return float64(v.Int64())
	case parquet.Float:
		return float64(v.Float())
	case parquet.Double:
		return v.Double()
	}
	return math.NaN() // not a number kind: reported as not finite
}

// decodeBooleans decodes a page of a required boolean column (true = 1).
func (c *columnCursor) decodeBooleans(r parquet.BooleanReader) error {
	var buf [1024]bool
	for {
		n, err := r.ReadBooleans(buf[:])
		for _, v := range buf[:n] {
			x := 0.0
			if v {
				x = 1
			}
			c.nums = append(c.nums, x)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return rowError(c.file, c.base+c.rows()+1, c.name, "corrupt Parquet page: %v", err)
		}
		if n == 0 {
			return rowError(c.file, c.base+c.rows()+1, c.name, "corrupt Parquet page: no progress reading values")
		}
	}
}

// decodeGeneric decodes a page of a non-repeated column through parquet-go's
// generic values (booleans are bit-packed; this is their simple path).
func (c *columnCursor) decodeGeneric(page parquet.Page) error {
	values, err := c.readValues(page)
	if err != nil {
		return err
	}
	for _, v := range values {
		row := c.base + c.rows() + 1
		if v.IsNull() || v.DefinitionLevel() != c.maxDef {
			return rowError(c.file, row, c.name, "null value, expected a %s", c.kind)
		}
		x := valueNumber(v)
		if err := c.checkNumber(row, x); err != nil {
			return err
		}
		c.nums = append(c.nums, x)
	}
	return nil
}

// decodeLists decodes a page of a list column: a repetition level of 0
// starts a row; a definition level of listDef is an empty list, lower a null
// list, maxDef a present element, between a null element.
func (c *columnCursor) decodeLists(page parquet.Page) error {
	values, err := c.readValues(page)
	if err != nil {
		return err
	}
	for _, v := range values {
		if v.RepetitionLevel() == 0 {
			if c.open {
				c.offs = append(c.offs, len(c.lists)) // close the open row
			}
			c.open = true
		} else if !c.open {
			return rowError(c.file, c.base+c.rows()+1, c.name, "corrupt Parquet page: a list continues a row that never started")
		}
		row := c.base + len(c.offs) - c.head
		d := v.DefinitionLevel()
		switch {
		case d == c.listDef && v.RepetitionLevel() == 0:
			continue // an empty list
		case d < c.listDef:
			return rowError(c.file, row, c.name, "null list, expected a list of numbers")
		case d != c.maxDef || v.IsNull():
			return rowError(c.file, row, c.name, "null element in the list, expected numbers")
		}
		x := valueNumber(v)
		if err := c.checkNumber(row, x); err != nil {
			return err
		}
		c.lists = append(c.lists, x)
	}
	// A row is complete once the next one starts or the chunk ends (which
	// readPage sees as io.EOF): a list may continue on the next page.
	return nil
}
