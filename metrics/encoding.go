package metrics

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// The accumulator encoding lets the state of an evaluation travel between
// processes: Apache Beam shuffles accumulators between workers (the
// github.com/mltest/mltest/beam module), a sharded job writes them to disk
// and merges them later. It is owned here, next to the accumulators, so that
// the state and its encoding change together.
//
// Layout (version 2), little-endian, every count an unsigned varint:
//
//	"MLTA" | version byte (2) | kind byte | body
//
// kind 1 binary, 2 multiclass, 3 regression, 4 score histogram, 5 trec_eval
// summary. The body names the metric and carries its options and its
// sufficient statistics (sums as float64 bits, kept rows as 16-byte rows),
// and the row guard: the number of rows seen and the message of the first
// invalid row, if any. Decoding rebuilds the accumulator with its constructor
// and then fills the state, so a decoded accumulator obeys every rule of a
// built one: it merges with accumulators of the same metric and options and
// reports the same Result, bit for bit, as the accumulator that was encoded.
// The error of an invalid row survives as an error with the same message
// (its Go type is not kept).
//
// A decoder never trusts its input: a wrong magic, an unknown version, kind
// or metric, a truncated or overlong body, a count larger than the bytes that
// could hold it, a NaN or infinite sum, a negative weight, a class outside
// [0, K) are errors wrapping ErrBadEncoding, never a panic or a huge
// allocation. Version 1 (sums unscaled, no requirement state) still
// decodes, as scale 2^0; a later version will keep decoding both.
//
// This file holds the envelope and the encoder and decoder of the parts
// every body shares; each kind's body has its own file: encoding_binary.go,
// encoding_multiclass.go, encoding_regression.go, encoding_histogram.go and
// encoding_trec.go.

// ErrBadEncoding is matched (errors.Is) by every error of the accumulator
// decoders.
var ErrBadEncoding = errors.New("metrics: bad accumulator encoding")

const (
	encodingMagic   = "MLTA"
	encodingVersion = 2

	kindBinary     = 1
	kindMulticlass = 2
	kindRegression = 3
	kindHistogram  = 4
	kindTrec       = 5
)

// errForeign is the error of encoding an accumulator some other package made.
func errForeign(a any) error {
	return fmt.Errorf("metrics: cannot encode %T: not an accumulator of this package", a)
}

// encoder appends the encoding to b.
type encoder struct{ b []byte }

func newEncoder(kind byte) *encoder {
	e := &encoder{b: make([]byte, 0, 64)}
	e.b = append(e.b, encodingMagic...)
	e.b = append(e.b, encodingVersion, kind)
	return e
}

func (e *encoder) byte(v byte)   { e.b = append(e.b, v) }
func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) str(s string)  { e.uint(uint64(len(s))); e.b = append(e.b, s...) }

func (e *encoder) bool(v bool) {
	if v {
		e.byte(1)
	} else {
		e.byte(0)
	}
}

func (e *encoder) floats(vs ...float64) {
	for _, v := range vs {
		e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(v))
	}
}

func (e *encoder) guard(g rowGuard) {
	e.uint(uint64(g.n))
	if g.err == nil {
		e.byte(0)
		return
	}
	e.byte(1)
	e.str(g.err.Error())
}

// scale writes a powerScale: 0 when unset, else 1 and its exponent.
func (e *encoder) scale(p powerScale) {
	if p.f == 0 {
		e.byte(0)
		return
	}
	e.byte(1)
	e.b = binary.AppendVarint(e.b, int64(p.k))
}

// scaledSum writes a scaledSum: its value in units and the units' exponent.
func (e *encoder) scaledSum(s scaledSum) {
	e.floats(s.v)
	e.b = binary.AppendVarint(e.b, int64(s.e))
}

// unfit writes the first row a score requirement rejected: 0 for none, else
// 1 and the reason of its *UndefinedError.
func (e *encoder) unfit(u firstUnfit) {
	var ue *UndefinedError
	if !errors.As(u.err, &ue) {
		e.byte(0)
		return
	}
	e.byte(1)
	e.str(ue.Reason)
}

func (e *encoder) multiclassGuard(g *multiclassGuard) {
	e.guard(g.rowGuard)
	e.uint(uint64(g.classes))
}

// decoder reads an encoding; the first problem sticks in err and every later
// read returns zero values.
type decoder struct {
	b       []byte
	version byte
	err     error
}

// newDecoder checks the header of data, magic, version and kind; a bad
// header is the decoder's first error, so every read returns zero values.
func newDecoder(data []byte, kind byte) *decoder {
	d := &decoder{b: data}
	switch {
	case len(data) < len(encodingMagic)+2 || string(data[:len(encodingMagic)]) != encodingMagic:
		d.fail("not an mltest accumulator (no %q header)", encodingMagic)
	case data[4] != 1 && data[4] != encodingVersion:
		d.fail("version %d, this build reads versions 1 to %d", data[4], encodingVersion)
	case data[5] != kind:
		d.fail("kind %d, want %d", data[5], kind)
	default:
		d.version = data[4]
		d.b = data[6:]
	}
	return d
}

func (d *decoder) fail(format string, args ...any) error {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s", ErrBadEncoding, fmt.Sprintf(format, args...))
	}
	return d.err
}

func (d *decoder) byte() byte {
	if d.err != nil {
		return 0
	}
	if len(d.b) < 1 {
		d.fail("truncated")
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *decoder) bool() bool {
	switch v := d.byte(); v {
	case 0, 1:
		return v == 1
	default:
		d.fail("boolean byte %d", v)
		return false
	}
}

func (d *decoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("truncated or overlong varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a count of items that take at least size bytes each (0: no
// bound but the int32 range), failing when the rest of the input could not
// hold them.
func (d *decoder) count(size int) int {
	v := d.uint()
	limit := uint64(math.MaxInt32)
	if size > 0 {
		limit = min(limit, uint64(len(d.b)/size))
	}
	if v > limit {
		d.fail("count %d larger than the input can hold", v)
		return 0
	}
	return int(v)
}

func (d *decoder) u64() uint64 {
	if d.err != nil {
		return 0
	}
	if len(d.b) < 8 {
		d.fail("truncated")
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

func (d *decoder) f64() float64 { return math.Float64frombits(d.u64()) }

// finite reads a float64 that must be finite.
func (d *decoder) finite() float64 {
	v := d.f64()
	if math.IsNaN(v) || math.IsInf(v, 0) {
		d.fail("value %v, want a finite number", v)
		return 0
	}
	return v
}

// weight reads a float64 that must be a finite number >= 0.
func (d *decoder) weight() float64 {
	v := d.f64()
	if !validWeight(v) {
		d.fail("weight %v, want a finite number >= 0", v)
		return 0
	}
	return v
}

func validWeight(w float64) bool { return w >= 0 && !math.IsInf(w, 1) }

func (d *decoder) str() string {
	n := d.count(1)
	if d.err != nil {
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) presence() classPresence {
	v := d.byte()
	if v > byte(bothClasses) {
		d.fail("class presence %d", v)
		return 0
	}
	return classPresence(v)
}

func (d *decoder) guard() rowGuard {
	g := rowGuard{n: d.count(0)}
	if d.bool() {
		msg := d.str()
		if d.err == nil && msg == "" {
			d.fail("empty row error")
		}
		g.err = errors.New(msg)
	}
	return g
}

// scale reads a powerScale. Version 1 sums are unscaled: scale 2^0.
func (d *decoder) scale() powerScale {
	if d.version < 2 {
		return powerScale{f: 1}
	}
	if !d.bool() || d.err != nil {
		return powerScale{}
	}
	k, n := binary.Varint(d.b)
	if n <= 0 || k < -1022 || k > 1023 {
		d.fail("bad scale exponent")
		return powerScale{}
	}
	d.b = d.b[n:]
	return powerScale{f: math.Ldexp(1, int(k)), k: int(k)}
}

// exponent reads a signed varint exponent, within what sums of float64
// products can reach.
func (d *decoder) exponent() int {
	if d.err != nil {
		return 0
	}
	k, n := binary.Varint(d.b)
	if n <= 0 || k < -1<<16 || k > 1<<16 {
		d.fail("bad exponent")
		return 0
	}
	d.b = d.b[n:]
	return int(k)
}

// scaledSum reads what encoder.scaledSum wrote.
func (d *decoder) scaledSum() scaledSum {
	v := d.weight()
	e := d.exponent()
	s := scaledSum{v: v}
	if v != 0 {
		s.setExp(e)
	}
	return s
}

// unfit reads what encoder.unfit wrote, for the named metric; version 1
// has none.
func (d *decoder) unfit(metric string) firstUnfit {
	if d.version < 2 || !d.bool() {
		return firstUnfit{}
	}
	reason := d.str()
	if d.err == nil && reason == "" {
		d.fail("empty requirement reason")
	}
	return firstUnfit{err: &UndefinedError{Metric: metric, Reason: reason}}
}

// atLeast checks that the rows counted are at least the rows kept.
func (d *decoder) atLeast(counted, kept int) {
	if d.err == nil && counted < kept {
		d.fail("%d rows kept but %d counted", kept, counted)
	}
}

// end reports the first error, or trailing bytes.
func (d *decoder) end() error {
	if d.err == nil && len(d.b) != 0 {
		d.fail("%d bytes after the end", len(d.b))
	}
	return d.err
}
