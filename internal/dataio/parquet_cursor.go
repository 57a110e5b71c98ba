package dataio

import (
	"io"
	"slices"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

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
