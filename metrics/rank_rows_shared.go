package metrics

// rankRows is the rows kept for ROC AUC or average precision: one
// accumulator's, or the store ShareRows makes two accumulators share.
type rankRows struct {
	rowChunks
	sorted bool     // the rows are one chunk in score order (see sums)
	want   rankWant // the metrics that read the rows
	cache  rankSums // of the rows as they are, for cache.have
}

// ShareRows makes the exact roc_auc and average_precision accumulators
// among accs (made by NewBinaryAccumulator or decoded) keep one store of
// rows, 16 bytes a row, instead of one each: the first of them keeps the
// rows, the other reads them, and one reading of the rows in score order
// computes both results (until rows are added).
// Results, errors and encodings stay what they were, bit for bit.
//
// It shares only accumulators that hold the same rows: fresh ones, or ones
// decoded from the encodings of a shared pair; others are left as they
// are. After it, accs must be used as a set, as mltest's evaluator does:
// every row added to each of them, and each merged with its counterpart of
// another set (shared or not), since the reader neither stores the rows it
// is given nor merges the rows of its counterpart.
func ShareRows(accs []BinaryAccumulator) {
	var keeper *rankAccumulator
	for _, a := range accs {
		r, ok := a.(*rankAccumulator)
		if !ok || r.follows {
			continue
		}
		if keeper == nil {
			keeper = r
			continue
		}
		if r.rows != keeper.rows && sameRows(r.rows, keeper.rows) {
			r.rows, r.follows = keeper.rows, true
			keeper.rows.want |= wantOf(r.name)
		}
	}
}

// sameRows reports whether a and b hold the same rows in the same order.
func sameRows(a, b *rankRows) bool {
	if a.n != b.n {
		return false
	}
	ai, bi := rowIter{chunks: a.chunks}, rowIter{chunks: b.chunks}
	for range a.n {
		if ai.next() != bi.next() {
			return false
		}
	}
	return true
}

// rowIter walks chunks row by row.
type rowIter struct {
	chunks [][]scoredRow
	c, i   int
}

func (it *rowIter) next() scoredRow {
	for it.i == len(it.chunks[it.c]) {
		it.c, it.i = it.c+1, 0
	}
	r := it.chunks[it.c][it.i]
	it.i++
	return r
}
