package monitor

// Event is one row of a log: a prediction, its label, or both.
type Event struct {
	Source int // which input (0 predictions, 1 labels), for messages
	File   string
	Line   int

	ID   string
	Time int64 // nanoseconds since the Unix epoch (ParseTime)

	HasPrediction bool
	Scores        []float64 // one score, or K class probabilities
	Weight        float64
	Slices        []string // values of Options.Evaluate.SliceBy
	Features      []string // values of Options.Features, as written

	HasLabel bool
	Label    float64 // 0/1, the class index, or the target
}
