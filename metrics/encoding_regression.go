package metrics

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
	e.scale(r.ws)
	e.scale(r.ds)
	e.scale(r.target.vs)
	e.scale(r.residual.vs)
	e.bool(r.overflow)
	e.bool(r.target.overflow)
	e.bool(r.residual.overflow)
	e.floats(r.w, r.sse, r.sae, r.sape,
		r.target.ref, r.target.w, r.target.mean, r.target.m2,
		r.residual.ref, r.residual.w, r.residual.mean, r.residual.m2)
	return e.b, nil
}

// DecodeRegressionAccumulator returns the accumulator that
// EncodeRegressionAccumulator encoded in data, or an error wrapping
// ErrBadEncoding.
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
	a.ws, a.ds, a.target.vs, a.residual.vs = d.scale(), d.scale(), d.scale(), d.scale()
	if d.version >= 2 {
		a.overflow, a.target.overflow, a.residual.overflow = d.bool(), d.bool(), d.bool()
	}
	a.w, a.sse, a.sae, a.sape = d.weight(), d.weight(), d.weight(), d.weight()
	for _, m := range []*weightedMoments{&a.target, &a.residual} {
		m.ref, m.w, m.mean, m.m2 = d.finite(), d.weight(), d.finite(), d.weight()
	}
	return a, d.end()
}
