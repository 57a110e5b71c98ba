package metrics

// BinaryAccumulator is the mergeable state of one binary-classification
// metric. Rows are (label, score, weight); label true is the positive class.
//
// Add never fails: invalid values (a NaN or infinite score, a negative, NaN or
// infinite weight) are remembered and make Result return an error that says
// which value was wrong, so nothing passes silently.
//
// Merge folds other into the receiver. other must have been made by the same
// constructor with the same options; Merge panics otherwise. After Merge the
// receiver holds the state of the union of both row sets, so the result of any
// split of the rows, merged, equals the result over all rows.
type BinaryAccumulator interface {
	Name() string
	Add(label bool, score, weight float64)
	Merge(other BinaryAccumulator)
	Result() (float64, error)
}

// MulticlassAccumulator is the mergeable state of one multiclass metric. Rows
// are (label, probs, weight): label is the class index in [0, K), probs holds
// one score per class (K values, the same K for every row). Add copies what it
// keeps of probs. Validity and Merge rules are those of BinaryAccumulator.
type MulticlassAccumulator interface {
	Name() string
	Add(label int, probs []float64, weight float64)
	Merge(other MulticlassAccumulator)
	Result() (float64, error)
}

// RegressionAccumulator is the mergeable state of one regression metric. Rows
// are (target, prediction, weight). Validity and Merge rules are those of
// BinaryAccumulator.
type RegressionAccumulator interface {
	Name() string
	Add(target, prediction, weight float64)
	Merge(other RegressionAccumulator)
	Result() (float64, error)
}
