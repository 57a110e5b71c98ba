package metrics

// EncodeMulticlassAccumulator returns the encoding of a, an accumulator made
// by NewMulticlassAccumulator. Any other implementation is an error.
func EncodeMulticlassAccumulator(a MulticlassAccumulator) ([]byte, error) {
	e := newEncoder(kindMulticlass)
	e.str(a.Name())
	switch a := a.(type) {
	case *multiclassAccuracyAccumulator:
		e.multiclassGuard(&a.multiclassGuard)
		e.scale(a.ws)
		e.floats(a.hit, a.total)
	case *topKAccuracyAccumulator:
		e.multiclassGuard(&a.multiclassGuard)
		e.uint(uint64(a.k))
		e.uint(uint64(a.classes))
		e.scale(a.ws)
		e.floats(a.hit, a.total)
	case *multiclassLogLossAccumulator:
		e.multiclassGuard(&a.multiclassGuard)
		e.scale(a.ws)
		e.floats(a.sumLoss, a.sumW)
	case *f1Accumulator:
		e.multiclassGuard(&a.multiclassGuard)
		for _, s := range [][]scaledSum{a.tp, a.predSum, a.trueSum} {
			for _, x := range s {
				e.scaledSum(x)
			}
		}
		for _, p := range a.present {
			e.bool(p)
		}
	case *rocAUCOVRAccumulator:
		e.multiclassGuard(&a.multiclassGuard)
		e.unfit(a.unfit)
		e.uint(uint64(len(a.labels)))
		e.floats(a.probs...)
		for _, l := range a.labels {
			e.uint(uint64(l))
		}
		e.floats(a.weights...)
	default:
		return nil, errForeign(a)
	}
	return e.b, nil
}

// DecodeMulticlassAccumulator returns the accumulator that
// EncodeMulticlassAccumulator encoded in data, or an error wrapping
// ErrBadEncoding.
func DecodeMulticlassAccumulator(data []byte) (MulticlassAccumulator, error) {
	d := newDecoder(data, kindMulticlass)
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
		a.rowGuard, a.ws = g, d.scale()
		a.hit, a.total = d.weight(), d.weight()
	case *topKAccuracyAccumulator:
		a.rowGuard, a.ws = g, d.scale()
		a.classes = seen
		a.hit, a.total = d.weight(), d.weight()
	case *multiclassLogLossAccumulator:
		a.rowGuard, a.ws = g, d.scale()
		a.sumLoss, a.sumW = d.finite(), d.weight()
	case *f1Accumulator:
		a.rowGuard = g
		for _, s := range [][]scaledSum{a.tp, a.predSum, a.trueSum} {
			for i := range s {
				if d.version < 2 {
					s[i] = sumOf(d.weight())
				} else {
					s[i] = d.scaledSum()
				}
			}
		}
		for i := range a.present {
			a.present[i] = d.bool()
		}
	case *rocAUCOVRAccumulator:
		a.rowGuard, a.unfit = g, d.unfit(name)
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
