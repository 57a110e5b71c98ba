package model

// Func adapts a plain prediction function into a Model whose Encode and
// Decode are identities: the features are the input, the raw output is the
// output. It lets a model that has no separate transforms (or whose
// transforms are not yet split out) take part in golden and parity tests.
func Func[In, Out any](d Description, f func(In) (Out, error)) Model[In, In, Out, Out] {
	return funcModel[In, Out]{d: d, f: f}
}

type funcModel[In, Out any] struct {
	d Description
	f func(In) (Out, error)
}

func (m funcModel[In, Out]) Encode(in In) (In, error)          { return in, nil }
func (m funcModel[In, Out]) Score(in In) (Out, error)          { return m.f(in) }
func (m funcModel[In, Out]) Decode(_ In, raw Out) (Out, error) { return raw, nil }
func (m funcModel[In, Out]) Describe() Description             { return m.d }
