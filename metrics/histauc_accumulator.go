package metrics

// BoundedResult is implemented by the accumulators whose value is an
// approximation with a guaranteed error bound (the histogram ROC AUC and
// average precision of NewBoundedBinaryAccumulator): the exact metric of the
// rows added lies within value ± maxErr.
type BoundedResult interface {
	ResultWithBound() (value, maxErr float64, err error)
}

// NewBoundedBinaryAccumulator returns an empty accumulator of the named
// binary metric whose memory does not grow with the number of rows. For
// "roc_auc" and "average_precision" that is a ScoreHistogram of the given
// bits (0 means DefaultHistogramBits), whose accumulator also implements
// BoundedResult; Result returns the histogram's value (see
// ScoreHistogram.ROCAUC and ScoreHistogram.AveragePrecision for the value and
// the bound). Every other metric is already a fixed set of sums and is the
// exact accumulator of NewBinaryAccumulator.
func NewBoundedBinaryAccumulator(name string, opt BinaryOptions, bits int) (BinaryAccumulator, error) {
	switch name {
	case "roc_auc", "average_precision":
		h, err := NewScoreHistogram(bits)
		if err != nil {
			return nil, err
		}
		h.metric = name
		return &histAccumulator{name: name, h: h}, nil
	}
	return NewBinaryAccumulator(name, opt)
}

// histAccumulator is the BinaryAccumulator face of a ScoreHistogram.
type histAccumulator struct {
	name string
	h    *ScoreHistogram
}

func (a *histAccumulator) Name() string { return a.name }

func (a *histAccumulator) Add(label bool, score, weight float64) {
	a.h.Add(label, score, weight)
}

func (a *histAccumulator) Merge(other BinaryAccumulator) {
	o, ok := other.(*histAccumulator)
	if !ok || o.name != a.name || o.h.maxBits != a.h.maxBits {
		panic(mergeMismatch(a.name, other))
	}
	a.h.Merge(o.h)
}

func (a *histAccumulator) Result() (float64, error) {
	v, _, err := a.ResultWithBound()
	return v, err
}

func (a *histAccumulator) ResultWithBound() (value, maxErr float64, err error) {
	if a.name == "roc_auc" {
		return a.h.ROCAUC()
	}
	return a.h.AveragePrecision()
}

var _ BoundedResult = (*histAccumulator)(nil)
