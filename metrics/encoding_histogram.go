package metrics

import (
	"cmp"
	"encoding/binary"
	"math"
	"slices"
)

// MarshalBinary encodes the histogram (encoding.BinaryMarshaler); it never
// fails.
func (h *ScoreHistogram) MarshalBinary() ([]byte, error) {
	e := newEncoder(kindHistogram)
	e.histogram(h)
	return e.b, nil
}

// UnmarshalBinary replaces h with the histogram MarshalBinary encoded in
// data (encoding.BinaryUnmarshaler). On error, which wraps ErrBadEncoding, h
// is left unchanged.
func (h *ScoreHistogram) UnmarshalBinary(data []byte) error {
	d := newDecoder(data, kindHistogram)
	got := d.histogram()
	if err := d.end(); err != nil {
		return err
	}
	*h = *got
	return nil
}

// histogram writes the buckets in key order, so that equal histograms have
// equal encodings whatever the order their buckets were touched in.
func (e *encoder) histogram(h *ScoreHistogram) {
	e.guard(h.guard)
	e.uint(uint64(h.maxBits))
	e.uint(uint64(h.bits))
	e.byte(byte(h.classes))
	order := make([]int, len(h.cells))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return cmp.Compare(h.buckets[i], h.buckets[j]) })
	e.uint(uint64(len(order)))
	for _, i := range order {
		c := h.cells[i]
		e.uint(h.buckets[i])
		e.floats(c.pos, c.neg)
		e.b = binary.LittleEndian.AppendUint64(e.b, c.lo)
		e.b = binary.LittleEndian.AppendUint64(e.b, c.hi)
	}
}

func (d *decoder) histogram() *ScoreHistogram {
	g := d.guard()
	maxBits, bits := d.count(0), d.count(0)
	classes := d.presence()
	if d.err != nil {
		return nil
	}
	h, err := NewScoreHistogram(maxBits)
	if err != nil || maxBits == 0 || bits < MinHistogramBits || bits > maxBits {
		d.fail("histogram of %d bits at %d", maxBits, bits)
		return nil
	}
	h.guard, h.classes = g, classes
	h.bits, h.shift = bits, uint(64-bits)
	n := d.count(1 + 32)
	if d.err != nil {
		return nil
	}
	if n > h.limit && bits > MinHistogramBits {
		d.fail("%d buckets at %d bits, more than the %d a histogram keeps", n, bits, h.limit)
		return nil
	}
	h.cells = make([]histCell, 0, n)
	h.buckets = make([]uint64, 0, n)
	var last uint64
	for i := 0; i < n; i++ {
		b := d.uint()
		c := histCell{pos: d.weight(), neg: d.weight(), lo: d.u64(), hi: d.u64()}
		if d.err != nil {
			return nil
		}
		switch {
		case i > 0 && b <= last:
			d.fail("buckets out of order")
		case c.lo > c.hi || c.lo>>h.shift != b || c.hi>>h.shift != b:
			d.fail("bucket %d holds keys [%d, %d] outside it", b, c.lo, c.hi)
		case math.IsNaN(keyScore(c.lo)) || math.IsInf(keyScore(c.lo), 0) || math.IsNaN(keyScore(c.hi)) || math.IsInf(keyScore(c.hi), 0):
			d.fail("bucket %d holds a key of no finite score", b)
		}
		if d.err != nil {
			return nil
		}
		last = b
		h.index[b] = int32(len(h.cells))
		h.cells = append(h.cells, c)
		h.buckets = append(h.buckets, b)
	}
	return h
}
