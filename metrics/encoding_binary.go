package metrics

import (
	"encoding/binary"
	"math"
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
		e.scale(a.ws)
		e.byte(byte(a.classes))
		e.floats(a.sumLoss, a.sumW)
	case *brierAccumulator:
		e.byte(variantBrier)
		e.guard(a.guard)
		e.scale(a.ws)
		e.unfit(a.unfit)
		e.floats(a.sumSq, a.sumW)
	case *confusionAccumulator:
		e.byte(variantConfusion)
		e.guard(a.guard)
		e.floats(a.threshold)
		for _, c := range []scaledSum{a.cm.tp, a.cm.fp, a.cm.tn, a.cm.fn} {
			e.scaledSum(c)
		}
	case *eceAccumulator:
		e.byte(variantECE)
		e.guard(a.guard)
		e.scale(a.ws)
		e.unfit(a.unfit)
		e.uint(uint64(len(a.sumW)))
		e.floats(a.sumW...)
		e.floats(a.sumWY...)
		e.floats(a.sumWS...)
	default:
		return nil, errForeign(a)
	}
	return e.b, nil
}

// DecodeBinaryAccumulator returns the accumulator that EncodeBinaryAccumulator
// encoded in data, or an error wrapping ErrBadEncoding.
func DecodeBinaryAccumulator(data []byte) (BinaryAccumulator, error) {
	d := newDecoder(data, kindBinary)
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
		a := newRankAccumulator(name)
		a.guard = d.guard()
		n := d.count(16)
		if d.err != nil {
			return nil, d.err
		}
		// In chunks, as added rows are: reading the rows in score order
		// partitions each chunk in place with a chunk-sized scratch.
		var rows rowChunks
		for i := range n {
			if i%chunkRows == 0 {
				rows.chunks = append(rows.chunks, make([]scoredRow, 0, min(n-i, chunkRows)))
			}
			r := scoredRow{Key: d.u64(), Payload: d.u64()}
			if s, w := keyScore(r.Key), rowWeight(r); math.IsNaN(s) || math.IsInf(s, 0) || !validWeight(w) {
				return nil, d.fail("row %d: score %v, weight %v", i, s, w)
			}
			a.classes |= presenceOf(rowLabel(r))
			c := &rows.chunks[len(rows.chunks)-1]
			*c = append(*c, r)
		}
		rows.n = n
		a.rows.rowChunks = rows
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
		a := &logLossAccumulator{guard: d.guard(), ws: d.scale()}
		a.classes = d.presence()
		a.sumLoss, a.sumW = d.finite(), d.weight()
		out = a
	case variantBrier:
		a := &brierAccumulator{guard: d.guard(), ws: d.scale(), unfit: d.unfit("brier")}
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
		for _, c := range []*scaledSum{&a.cm.tp, &a.cm.fp, &a.cm.tn, &a.cm.fn} {
			if d.version < 2 {
				*c = sumOf(d.weight())
			} else {
				*c = d.scaledSum()
			}
		}
		out = a
	case variantECE:
		g, ws, unfit := d.guard(), d.scale(), d.unfit("ece")
		bins := d.count(24)
		if d.err != nil {
			return nil, d.err
		}
		if bins < 1 {
			return nil, d.fail("ece with %d bins", bins)
		}
		a := newECEAccumulator(bins)
		a.guard, a.ws, a.unfit = g, ws, unfit
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
