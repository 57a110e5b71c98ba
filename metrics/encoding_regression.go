package metrics

import "encoding/binary"

// EncodeRegressionAccumulator returns the encoding of a, an accumulator made
// by NewRegressionAccumulator. Any other implementation is an error.
func EncodeRegressionAccumulator(a RegressionAccumulator) ([]byte, error) {
	r, ok := a.(*regressionAccumulator)
	if !ok {
		return nil, errForeign(a)
	}
	e := newEncoder(kindRegression)
	e.str(r.name)
	e.guard(r.guard)
	e.bool(r.overflow)
	for _, s := range []scaledSum{r.w, r.sse, r.sae, r.sape} {
		e.scaledSum(s)
	}
	for _, m := range []*weightedMoments{&r.target, &r.residual} {
		e.floats(m.ref, m.w, m.mean)
		e.scale(m.vs)
		e.b = binary.AppendVarint(e.b, int64(m.wk))
		e.scaledSum(m.m2)
		e.bool(m.overflow)
	}
	return e.b, nil
}

// DecodeRegressionAccumulator returns the accumulator that
// EncodeRegressionAccumulator encoded in data, or an error wrapping
// ErrBadEncoding. Version 1 sums (plain float64s) decode as sums in units
// of 1.
func DecodeRegressionAccumulator(data []byte) (RegressionAccumulator, error) {
	d := newDecoder(data, kindRegression)
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
	if d.version < 2 {
		a.w, a.sse, a.sae, a.sape = sumOf(d.weight()), sumOf(d.weight()), sumOf(d.weight()), sumOf(d.weight())
		for _, m := range []*weightedMoments{&a.target, &a.residual} {
			m.ref, m.w, m.mean, m.m2 = d.finite(), d.weight(), d.finite(), sumOf(d.weight())
			m.vs = powerScale{f: 1}
		}
		return a, d.end()
	}
	a.overflow = d.bool()
	for _, s := range []*scaledSum{&a.w, &a.sse, &a.sae, &a.sape} {
		*s = d.scaledSum()
	}
	for _, m := range []*weightedMoments{&a.target, &a.residual} {
		m.ref, m.w, m.mean = d.finite(), d.weight(), d.finite()
		m.vs = d.scale()
		m.wk = d.exponent()
		m.m2 = d.scaledSum()
		m.overflow = d.bool()
	}
	return a, d.end()
}
