package dataio

import (
	"errors"
	"fmt"
	"io"
)

// parquet-go trusts the sizes written in a file: a corrupt length in a page
// header (a byte string of the page statistics, the page's uncompressed size,
// its count of values) makes it allocate up to 2 GiB before finding out that
// the bytes are not there. checkChunkPages walks the page headers of a column
// chunk first, with a small reader of Thrift's compact protocol that
// allocates nothing from the data, and rejects sizes that cannot be right.

// Limits on what one page may declare. A page's values come from at most
// the row group's rows (non-repeated columns), and decompress to at most
// maxPageExpansion times their compressed size (plus maxPageFloor).
const (
	maxPageExpansion = 4096
	maxPageFloor     = 16 << 20
	maxPageValues    = 1 << 28 // repeated columns, whose values exceed rows
	maxHeaderBytes   = 16 << 20
)

// pageHeaderFacts is what checkChunkPages reads from a page header.
type pageHeaderFacts struct {
	uncompressed, compressed int64
	numValues                int64 // data page (v1 or v2) or dictionary page
}

var errShortHeader = errors.New("a length or count runs past the end of the data")

// checkChunkPages checks the pages of the column chunk at [start,
// start+length) of a file of the given size. rows bounds the values of a
// page of a non-repeated column (maxValues).
func checkChunkPages(r io.ReaderAt, size, start, length, maxValues int64) error {
	if start < 4 || length < 0 || start > size || length > size-start {
		return fmt.Errorf("column chunk at [%d, %d+%d) lies outside the file of %d bytes", start, start, length, size)
	}
	end := start + length
	buf := make([]byte, 0, 512)
	for pos := start; pos < end; {
		var facts pageHeaderFacts
		var n int
		for want := int64(512); ; want *= 4 {
			want = min(want, end-pos, maxHeaderBytes)
			buf = buf[:want]
			if k, err := r.ReadAt(buf, pos); int64(k) != want {
				return fmt.Errorf("reading page header at %d: %v", pos, err)
			}
			var err error
			facts = pageHeaderFacts{}
			n, err = skimStruct(buf, 0, 0, &facts)
			if err == nil {
				break
			}
			if err != errShortHeader || want == end-pos || want == maxHeaderBytes {
				return fmt.Errorf("page header at %d: %v", pos, err)
			}
		}
		body := end - pos - int64(n)
		switch {
		case facts.compressed < 0 || facts.compressed > body:
			return fmt.Errorf("page at %d: compressed size %d, %d bytes left in the column chunk", pos, facts.compressed, body)
		case facts.uncompressed < 0 || facts.uncompressed > maxPageFloor+maxPageExpansion*facts.compressed:
			return fmt.Errorf("page at %d: uncompressed size %d from %d bytes", pos, facts.uncompressed, facts.compressed)
		case facts.numValues < 0 || facts.numValues > maxValues:
			return fmt.Errorf("page at %d: %d values, at most %d possible", pos, facts.numValues, maxValues)
		}
		pos += int64(n) + facts.compressed
	}
	return nil
}

// Thrift compact protocol types.
const (
	ctStop = iota
	ctTrue
	ctFalse
	ctByte
	ctI16
	ctI32
	ctI64
	ctDouble
	ctBinary
	ctList
	ctSet
	ctMap
	ctStruct
)

// skimStruct reads a compact-protocol struct from b and returns its length
// in bytes. depth is the nesting level and parent the field id of the
// struct in its parent (PageHeader's fields: 2 uncompressed_page_size, 3
// compressed_page_size; 5, 7 and 8 are the page-type headers, whose field 1
// is num_values).
func skimStruct(b []byte, depth, parent int, facts *pageHeaderFacts) (int, error) {
	if depth > 16 {
		return 0, errors.New("structs nested too deep")
	}
	pos, id := 0, 0
	for {
		if pos >= len(b) {
			return 0, errShortHeader
		}
		h := b[pos]
		pos++
		typ := int(h & 0x0f)
		if typ == ctStop {
			return pos, nil
		}
		if delta := int(h >> 4); delta != 0 {
			id += delta
		} else {
			v, n, err := uvarint(b[pos:])
			if err != nil {
				return 0, err
			}
			pos += n
			id = int(int16(zigzag(v)))
		}
		if typ == ctI32 || typ == ctI64 || typ == ctI16 {
			v, n, err := uvarint(b[pos:])
			if err != nil {
				return 0, err
			}
			pos += n
			x := zigzag(v)
			switch {
			case depth == 0 && id == 2:
				facts.uncompressed = x
			case depth == 0 && id == 3:
				facts.compressed = x
			case depth == 1 && id == 1 && (parent == 5 || parent == 7 || parent == 8):
				facts.numValues = x
			}
			continue
		}
		n, err := skimValue(b[pos:], typ, depth, id, facts)
		if err != nil {
			return 0, err
		}
		pos += n
	}
}

// skimValue returns the length of a value of the given type at the start of b.
func skimValue(b []byte, typ, depth, id int, facts *pageHeaderFacts) (int, error) {
	switch typ {
	case ctTrue, ctFalse:
		return 0, nil // in a field header; list elements are handled by the caller
	case ctByte:
		return need(b, 1)
	case ctI16, ctI32, ctI64:
		_, n, err := uvarint(b)
		return n, err
	case ctDouble:
		return need(b, 8)
	case ctBinary:
		v, n, err := uvarint(b)
		if err != nil {
			return 0, err
		}
		if v > uint64(len(b)-n) {
			if v > maxHeaderBytes {
				return 0, fmt.Errorf("byte string of %d bytes", v)
			}
			return 0, errShortHeader
		}
		return n + int(v), nil
	case ctList, ctSet:
		if len(b) < 1 {
			return 0, errShortHeader
		}
		pos := 1
		size := uint64(b[0] >> 4)
		elem := int(b[0] & 0x0f)
		if size == 15 {
			v, n, err := uvarint(b[1:])
			if err != nil {
				return 0, err
			}
			size, pos = v, 1+n
		}
		if size > uint64(len(b)-pos) { // every element takes a byte at least
			if size > maxHeaderBytes {
				return 0, fmt.Errorf("list of %d elements", size)
			}
			return 0, errShortHeader
		}
		for range size {
			var n int
			var err error
			switch elem {
			case ctTrue, ctFalse:
				n, err = need(b[pos:], 1)
			case ctStruct:
				n, err = skimStruct(b[pos:], depth+1, -1, facts)
			default:
				n, err = skimValue(b[pos:], elem, depth+1, -1, facts)
			}
			if err != nil {
				return 0, err
			}
			pos += n
		}
		return pos, nil
	case ctMap:
		size, pos, err := uvarint(b)
		if err != nil {
			return 0, err
		}
		if size == 0 {
			return pos, nil
		}
		if pos >= len(b) {
			return 0, errShortHeader
		}
		kt, vt := int(b[pos]>>4), int(b[pos]&0x0f)
		pos++
		if size > uint64(len(b)-pos) {
			if size > maxHeaderBytes {
				return 0, fmt.Errorf("map of %d entries", size)
			}
			return 0, errShortHeader
		}
		for range size {
			for _, t := range [2]int{kt, vt} {
				var n int
				var err error
				switch t {
				case ctTrue, ctFalse:
					n, err = need(b[pos:], 1)
				case ctStruct:
					n, err = skimStruct(b[pos:], depth+1, -1, facts)
				default:
					n, err = skimValue(b[pos:], t, depth+1, -1, facts)
				}
				if err != nil {
					return 0, err
				}
				pos += n
			}
		}
		return pos, nil
	case ctStruct:
		return skimStruct(b, depth+1, id, facts)
	}
	return 0, fmt.Errorf("unknown Thrift type %d", typ)
}

func need(b []byte, n int) (int, error) {
	if len(b) < n {
		return 0, errShortHeader
	}
	return n, nil
}

// uvarint decodes an unsigned LEB128 varint of at most 10 bytes.
func uvarint(b []byte) (uint64, int, error) {
	var v uint64
	for i := 0; i < 10; i++ {
		if i >= len(b) {
			return 0, 0, errShortHeader
		}
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			return v, i + 1, nil
		}
	}
	return 0, 0, errors.New("varint longer than 10 bytes")
}

func zigzag(v uint64) int64 { return int64(v>>1) ^ -int64(v&1) }
