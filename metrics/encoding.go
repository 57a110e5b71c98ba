package metrics

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

// The accumulator encoding lets the state of an evaluation travel between
// processes: Apache Beam shuffles accumulators between workers (the
// github.com/mltest/mltest/beam module), a sharded job writes them to disk
// and merges them later. It is owned here, next to the accumulators, so that
// the state and its encoding change together.
//
// Layout (version 1), little-endian, every count an unsigned varint:
//
//	"MLTA" | version byte (1) | kind byte | body
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
// allocation. A later version will keep decoding version 1.

// ErrBadEncoding is matched (errors.Is) by every error of the accumulator
// decoders.
var ErrBadEncoding = errors.New("metrics: bad accumulator encoding")

const (
	encodingMagic   = "MLTA"
	encodingVersion = 1

	kindBinary     = 1
	kindMulticlass = 2
	kindRegression = 3
	kindHistogram  = 4
	kindTrec       = 5
)

// Binary accumulator variants, the byte after the metric name.
const (
	variantRows      = 1 // roc_auc, average_precision: every row
	variantHistogram = 2 // roc_auc, average_precision: a ScoreHistogram
	variantLogLoss   = 3
	variantBrier     = 4
	variantConfusion = 5
	variantECE       = 6
)

// EncodeBinaryAccumulator returns the encoding of a, an accumulator made by
// NewBinaryAccumulator or NewBoundedBinaryAccumulator. Any other
// implementation is an error.
func EncodeBinaryAccumulator(a BinaryAccumulator) ([]byte, error) {
	e := newEncoder(kindBinary)
	e.str(a.Name())
	switch a := a.(type) {
	case *rankAccumulator:
		e.byte(variantRows)
		e.guard(a.guard)
		e.uint(uint64(a.rows.n))
		for _, ch := range a.rows.chunks {
			for _, r := range ch {
				e.b = binary.LittleEndian.AppendUint64(e.b, r.Key)
				e.b = binary.LittleEndian.AppendUint64(e.b, r.Payload)
			}
		}
	case *histAccumulator:
		e.byte(variantHistogram)
		e.histogram(a.h)
	case *logLossAccumulator:
		e.byte(variantLogLoss)
		e.guard(a.guard)
		e.byte(byte(a.classes))
		e.floats(a.sumLoss, a.sumW)
	case *brierAccumulator:
		e.byte(variantBrier)
		e.guard(a.guard)
		e.floats(a.sumSq, a.sumW)
	case *confusionAccumulator:
		e.byte(variantConfusion)
		e.guard(a.guard)
		e.floats(a.threshold, a.cm.TP, a.cm.FP, a.cm.TN, a.cm.FN)
	case *eceAccumulator:
		e.byte(variantECE)
		e.guard(a.guard)
		e.uint(uint64(len(a.sumW)))
		e.floats(a.sumW...)
		e.floats(a.sumWY...)
		e.floats(a.sumWS...)
	default:
		return nil, fmt.Errorf("metrics: cannot encode %T: not an accumulator of this package", a)
	}
	return e.b, nil
}

// DecodeBinaryAccumulator returns the accumulator that EncodeBinaryAccumulator
// encoded in data, or an error wrapping ErrBadEncoding.
func DecodeBinaryAccumulator(data []byte) (BinaryAccumulator, error) {
	d, err := newDecoder(data, kindBinary)
	if err != nil {
		return nil, err
	}
	name := d.str()
	variant := d.byte()
	if d.err != nil {
		return nil, d.err
	}
	var out BinaryAccumulator
	switch variant {
	case variantRows:
		if name != "roc_auc" && name != "average_precision" {
			return nil, d.fail("metric %q does not keep rows", name)
		}
		a := &rankAccumulator{name: name, guard: d.guard()}
		n := d.count(16)
		if d.err != nil {
			return nil, d.err
		}
		rows := make([]scoredRow, n)
		for i := range rows {
			r := scoredRow{Key: d.u64(), Payload: d.u64()}
			if s, w := keyScore(r.Key), rowWeight(r); math.IsNaN(s) || math.IsInf(s, 0) || !validWeight(w) {
				return nil, d.fail("row %d: score %v, weight %v", i, s, w)
			}
			a.classes |= presenceOf(rowLabel(r))
			rows[i] = r
		}
		if n > 0 {
			a.rows = rowChunks{chunks: [][]scoredRow{rows}, n: n}
		}
		d.atLeast(a.guard.n, n)
		out = a
	case variantHistogram:
		if name != "roc_auc" && name != "average_precision" {
			return nil, d.fail("metric %q has no histogram form", name)
		}
		h := d.histogram()
		if d.err != nil {
			return nil, d.err
		}
		h.metric = name
		out = &histAccumulator{name: name, h: h}
	case variantLogLoss:
		a := &logLossAccumulator{guard: d.guard()}
		a.classes = d.presence()
		a.sumLoss, a.sumW = d.finite(), d.weight()
		out = a
	case variantBrier:
		a := &brierAccumulator{guard: d.guard()}
		a.sumSq, a.sumW = d.finite(), d.weight()
		out = a
	case variantConfusion:
		g := d.guard()
		threshold := d.f64()
		acc, err := NewBinaryAccumulator(name, BinaryOptions{Threshold: threshold, Bins: 1})
		if d.err != nil {
			return nil, d.err
		}
		a, ok := acc.(*confusionAccumulator)
		if err != nil || !ok {
			return nil, d.fail("metric %q is not a confusion-matrix metric", name)
		}
		a.guard = g
		a.cm = ConfusionMatrix{TP: d.weight(), FP: d.weight(), TN: d.weight(), FN: d.weight()}
		out = a
	case variantECE:
		g := d.guard()
		bins := d.count(24)
		if d.err != nil {
			return nil, d.err
		}
		if bins < 1 {
			return nil, d.fail("ece with %d bins", bins)
		}
		a := newECEAccumulator(bins)
		a.guard = g
		for _, s := range [][]float64{a.sumW, a.sumWY, a.sumWS} {
			for i := range s {
				s[i] = d.weight()
			}
		}
		out = a
	default:
		return nil, d.fail("unknown binary accumulator variant %d", variant)
	}
	if d.err == nil && name != out.Name() {
		return nil, d.fail("metric %q does not match its state (%s)", name, out.Name())
	}
	return out, d.end()
}

// EncodeMulticlassAccumulator returns the encoding of a, an accumulator made
// by NewMulticlassAccumulator. Any other implementation is an error.
func EncodeMulticlassAccumulator(a MulticlassAccumulator) ([]byte, error) {
	e := newEncoder(kindMulticlass)
	e.str(a.Name())
	switch a := a.(type) {
	case *multiclassAccuracyAccumulator:
		e.multiclassGuard(&a.multiclassGuard)
		e.floats(a.hit, a.total)
	case *topKAccuracyAccumulator:
		e.multiclassGuard(&a.multiclassGuard)
		e.uint(uint64(a.k))
		e.uint(uint64(a.classes))
		e.floats(a.hit, a.total)
	case *multiclassLogLossAccumulator:
		e.multiclassGuard(&a.multiclassGuard)
		e.floats(a.sumLoss, a.sumW)
	case *f1Accumulator:
		e.multiclassGuard(&a.multiclassGuard)
		e.floats(a.tp...)
		e.floats(a.predSum...)
		e.floats(a.trueSum...)
		for _, p := range a.present {
			e.bool(p)
		}
	case *rocAUCOVRAccumulator:
		e.multiclassGuard(&a.multiclassGuard)
		e.uint(uint64(len(a.labels)))
		e.floats(a.probs...)
		for _, l := range a.labels {
			e.uint(uint64(l))
		}
		e.floats(a.weights...)
	default:
		return nil, fmt.Errorf("metrics: cannot encode %T: not an accumulator of this package", a)
	}
	return e.b, nil
}

// DecodeMulticlassAccumulator returns the accumulator that
// EncodeMulticlassAccumulator encoded in data, or an error wrapping
// ErrBadEncoding.
func DecodeMulticlassAccumulator(data []byte) (MulticlassAccumulator, error) {
	d, err := newDecoder(data, kindMulticlass)
	if err != nil {
		return nil, err
	}
	name := d.str()
	g := d.guard()
	classes := d.count(0)
	if d.err != nil {
		return nil, d.err
	}
	opt := MulticlassOptions{Classes: classes, K: 1}
	var k, seen int
	if name == "top_k_accuracy" {
		k, seen = d.count(0), d.count(0)
		opt.K = k
	}
	if name == "macro_f1" || name == "micro_f1" || name == "weighted_f1" {
		// f1 keeps 25 bytes a class: a forged K cannot allocate more than
		// the input could describe.
		if classes > len(d.b)/25 {
			return nil, d.fail("%d classes in %d bytes", classes, len(d.b))
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	acc, err := NewMulticlassAccumulator(name, opt)
	if err != nil || (name == "top_k_accuracy" && (k < 1 || seen > classes)) {
		return nil, d.fail("metric %q with %d classes and k %d: %v", name, classes, k, err)
	}
	switch a := acc.(type) {
	case *multiclassAccuracyAccumulator:
		a.rowGuard = g
		a.hit, a.total = d.weight(), d.weight()
	case *topKAccuracyAccumulator:
		a.rowGuard = g
		a.classes = seen
		a.hit, a.total = d.weight(), d.weight()
	case *multiclassLogLossAccumulator:
		a.rowGuard = g
		a.sumLoss, a.sumW = d.finite(), d.weight()
	case *f1Accumulator:
		a.rowGuard = g
		for _, s := range [][]float64{a.tp, a.predSum, a.trueSum} {
			for i := range s {
				s[i] = d.weight()
			}
		}
		for i := range a.present {
			a.present[i] = d.bool()
		}
	case *rocAUCOVRAccumulator:
		a.rowGuard = g
		n := d.count(8*classes + 9)
		if d.err != nil {
			return nil, d.err
		}
		a.probs = make([]float64, n*classes)
		for i := range a.probs {
			a.probs[i] = d.finite()
		}
		a.labels = make([]int32, n)
		for i := range a.labels {
			l := d.uint()
			if l >= uint64(classes) {
				return nil, d.fail("row %d: label %d, want a class in [0, %d)", i, l, classes)
			}
			a.labels[i] = int32(l)
		}
		a.weights = make([]float64, n)
		for i := range a.weights {
			a.weights[i] = d.weight()
		}
		d.atLeast(g.n, n)
	}
	return acc, d.end()
}

// EncodeRegressionAccumulator returns the encoding of a, an accumulator made
// by NewRegressionAccumulator. Any other implementation is an error.
func EncodeRegressionAccumulator(a RegressionAccumulator) ([]byte, error) {
	r, ok := a.(*regressionAccumulator)
	if !ok {
		return nil, fmt.Errorf("metrics: cannot encode %T: not an accumulator of this package", a)
	}
	e := newEncoder(kindRegression)
	e.str(r.name)
	e.guard(r.guard)
	e.floats(r.w, r.sse, r.sae, r.sape,
		r.target.ref, r.target.w, r.target.mean, r.target.m2,
		r.residual.ref, r.residual.w, r.residual.mean, r.residual.m2)
	return e.b, nil
}

// DecodeRegressionAccumulator returns the accumulator that
// EncodeRegressionAccumulator encoded in data, or an error wrapping
// ErrBadEncoding.
func DecodeRegressionAccumulator(data []byte) (RegressionAccumulator, error) {
	d, err := newDecoder(data, kindRegression)
	if err != nil {
		return nil, err
	}
	name := d.str()
	if d.err != nil {
		return nil, d.err
	}
	acc, err := NewRegressionAccumulator(name)
	if err != nil {
		return nil, d.fail("%v", err)
	}
	a := acc.(*regressionAccumulator)
	a.guard = d.guard()
	a.w, a.sse, a.sae, a.sape = d.weight(), d.weight(), d.weight(), d.weight()
	for _, m := range []*weightedMoments{&a.target, &a.residual} {
		m.ref, m.w, m.mean, m.m2 = d.finite(), d.weight(), d.finite(), d.weight()
	}
	return a, d.end()
}

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
	d, err := newDecoder(data, kindHistogram)
	if err != nil {
		return err
	}
	got := d.histogram()
	if err := d.end(); err != nil {
		return err
	}
	*h = *got
	return nil
}

// MarshalBinary encodes the summary sums (encoding.BinaryMarshaler), with
// the names of the values they are parallel to; it never fails.
func (a *TrecAccumulator) MarshalBinary() ([]byte, error) {
	e := newEncoder(kindTrec)
	e.uint(uint64(len(a.eval.values)))
	for _, v := range a.eval.values {
		e.str(v.Name)
	}
	e.uint(uint64(a.queries))
	e.uint(uint64(a.positive))
	e.floats(a.sums...)
	return e.b, nil
}

// DecodeAccumulator returns the accumulator of e's results that
// TrecAccumulator.MarshalBinary encoded in data. The encoding must come from
// a TrecEval with the same values (the same measures and cutoffs, in the same
// order); anything else is an error wrapping ErrBadEncoding.
func (e *TrecEval) DecodeAccumulator(data []byte) (*TrecAccumulator, error) {
	d, err := newDecoder(data, kindTrec)
	if err != nil {
		return nil, err
	}
	n := d.count(1)
	if d.err == nil && n != len(e.values) {
		return nil, d.fail("%d values, this evaluator has %d", n, len(e.values))
	}
	for _, v := range e.values {
		if name := d.str(); d.err == nil && name != v.Name {
			return nil, d.fail("value %q where this evaluator has %q", name, v.Name)
		}
	}
	a := e.NewAccumulator()
	a.queries, a.positive = d.count(0), d.count(0)
	for i := range a.sums {
		a.sums[i] = d.finite()
	}
	return a, d.end()
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

func (e *encoder) multiclassGuard(g *multiclassGuard) {
	e.guard(g.rowGuard)
	e.uint(uint64(g.classes))
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

// decoder reads an encoding; the first problem sticks in err and every later
// read returns zero values.
type decoder struct {
	b   []byte
	err error
}

func newDecoder(data []byte, kind byte) (*decoder, error) {
	d := &decoder{b: data}
	switch {
	case len(data) < len(encodingMagic)+2 || string(data[:len(encodingMagic)]) != encodingMagic:
		return nil, d.fail("not an mltest accumulator (no %q header)", encodingMagic)
	case data[4] != encodingVersion:
		return nil, d.fail("version %d, this build reads version %d", data[4], encodingVersion)
	case data[5] != kind:
		return nil, d.fail("kind %d, want %d", data[5], kind)
	}
	d.b = data[6:]
	return d, nil
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

// atLeast checks that the rows counted are at least the rows kept.
func (d *decoder) atLeast(counted, kept int) {
	if d.err == nil && counted < kept {
		d.fail("%d rows kept but %d counted", kept, counted)
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

// end reports the first error, or trailing bytes.
func (d *decoder) end() error {
	if d.err == nil && len(d.b) != 0 {
		d.fail("%d bytes after the end", len(d.b))
	}
	return d.err
}
