package metrics

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
	d := newDecoder(data, kindTrec)
	n := d.count(1)
	if d.err == nil && n != len(e.values) {
		d.fail("%d values, this evaluator has %d", n, len(e.values))
	}
	if d.err != nil {
		return nil, d.err
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
