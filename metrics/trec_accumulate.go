package metrics

// TrecAccumulator sums query results into trec_eval's summary ("all"). It
// holds sums and counts only, so accumulators over any split of the queries,
// merged, give the summary of all of them (up to the rounding of the order
// of floating-point additions; adding queries in the judgments' order, as
// trec_eval does, reproduces its output exactly).
type TrecAccumulator struct {
	eval     *TrecEval
	sums     []float64
	queries  int
	positive int
}

// NewAccumulator returns an empty accumulator for e's results.
func (e *TrecEval) NewAccumulator() *TrecAccumulator {
	return &TrecAccumulator{eval: e, sums: make([]float64, len(e.values))}
}

// Add adds one query's result.
func (a *TrecAccumulator) Add(r TrecQueryResult) {
	if len(r.Values) != len(a.sums) {
		panic("metrics: slice length mismatch")
	}
	for i, v := range r.Values {
		a.sums[i] += v
	}
	a.queries++
	a.positive += r.positive
}

// Merge adds other's queries to a. Both must come from the same TrecEval.
func (a *TrecAccumulator) Merge(other *TrecAccumulator) {
	if a.eval != other.eval {
		panic("metrics: merging accumulators of different TrecEvals")
	}
	for i, v := range other.sums {
		a.sums[i] += v
	}
	a.queries += other.queries
	a.positive += other.positive
}

// NumQueries returns the number of results added.
func (a *TrecAccumulator) NumQueries() int { return a.queries }

// Result returns the summary values, parallel to TrecEval.Values, as
// trec_eval computes them:
//
//	num_q                        the number of queries added
//	Count values (num_ret ...)   sums over queries (num_rel under
//	                             CompleteAveraging: judgments with rel > 0)
//	Geometric (gm_map gm_bpref)  exp(mean of the per-query logarithms)
//	Text values (relstring)      0; they have no summary
//	every other value            the arithmetic mean over queries
//
// With no queries every value is 0.
func (a *TrecAccumulator) Result() []float64 {
	out := make([]float64, len(a.sums))
	for i, v := range a.eval.values {
		sum := a.sums[i]
		switch {
		case v.Text:
		case v.Name == "num_q" && v.Count:
			out[i] = float64(a.queries)
		case v.Name == "num_rel" && a.eval.complete:
			out[i] = float64(a.positive)
		case v.Count:
			out[i] = sum
		case v.Geometric:
			if a.queries > 0 {
				out[i] = geometric(sum, a.queries)
			}
		default:
			if a.queries > 0 {
				out[i] = sum / float64(a.queries)
			}
		}
	}
	return out
}
