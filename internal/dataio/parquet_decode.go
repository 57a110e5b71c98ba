package dataio

import (
	"io"
	"math"

	"github.com/parquet-go/parquet-go"
)

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
