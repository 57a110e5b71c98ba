package metrics

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/mltest/mltest/internal/radix"
)

// walkCase is a set of rows for the differential tests of the walked ROC
// AUC and average precision against the sorted-array oracle.
type walkCase struct {
	name string
	n    int
	row  func(rng *rand.Rand, i int) (label bool, score, weight float64)
}

func walkCases() []walkCase {
	grid := func(k int) func(*rand.Rand, int) (bool, float64, float64) {
		return func(rng *rand.Rand, _ int) (bool, float64, float64) {
			return rng.IntN(3) == 0, float64(rng.IntN(k)) / float64(k), math.Ldexp(1+rng.Float64(), rng.IntN(40)-20)
		}
	}
	near := func(base float64, keys uint64) func(*rand.Rand, int) (bool, float64, float64) {
		return func(rng *rand.Rand, i int) (bool, float64, float64) {
			s := radix.KeyScore(radix.ScoreKey(base) + rng.Uint64N(keys))
			if i%2 == 0 {
				s = rng.Float64() // the rest spread over [0, 1]: one crowded histogram cell
			}
			return rng.IntN(2) == 0, s, float64(1 + rng.IntN(4))
		}
	}
	extreme := func(pos, neg float64) func(*rand.Rand, int) (bool, float64, float64) {
		return func(rng *rand.Rand, _ int) (bool, float64, float64) {
			label := rng.IntN(2) == 0
			w := neg
			if label {
				w = pos
			}
			return label, float64(rng.IntN(50)) / 50, w * (1 + float64(rng.IntN(3)))
		}
	}
	return []walkCase{
		{"empty", 0, nil},
		{"one row", 1, grid(20)},
		{"few, ties", 300, grid(20)},
		{"ties, one slab", 30_000, grid(500)},
		{"ties, many slabs", 300_000, grid(5000)},
		{"distinct scores", 200_000, func(rng *rand.Rand, _ int) (bool, float64, float64) {
			return rng.IntN(2) == 0, rng.Float64(), 2 * rng.Float64()
		}},
		{"3 scores, ties over slabs", 200_000, grid(3)},
		{"one key", 150_000, func(rng *rand.Rand, _ int) (bool, float64, float64) {
			return rng.IntN(5) == 0, 0.5, math.Ldexp(1+rng.Float64(), rng.IntN(10))
		}},
		{"one key, few", 40, func(rng *rand.Rand, _ int) (bool, float64, float64) {
			return rng.IntN(2) == 0, -3, 1
		}},
		{"adjacent floats, crowded cell", 200_000, near(0.25, 1<<20)},
		{"a few adjacent floats, crowded cell", 200_000, near(0.25, 40)},
		{"one class", 100_000, func(rng *rand.Rand, _ int) (bool, float64, float64) {
			return true, float64(rng.IntN(30)), 1
		}},
		{"one class, few", 10, func(rng *rand.Rand, _ int) (bool, float64, float64) {
			return false, float64(rng.IntN(3)), 1
		}},
		{"negatives weigh nothing", 100_000, func(rng *rand.Rand, _ int) (bool, float64, float64) {
			label := rng.IntN(2) == 0
			w := 0.0
			if label {
				w = 1
			}
			return label, float64(rng.IntN(100)), w
		}},
		{"positives weigh nothing", 100_000, func(rng *rand.Rand, _ int) (bool, float64, float64) {
			label := rng.IntN(2) == 0
			w := 0.0
			if !label {
				w = 1
			}
			return label, float64(rng.IntN(100)), w
		}},
		{"zero weights", 1000, func(rng *rand.Rand, _ int) (bool, float64, float64) {
			return rng.IntN(2) == 0, float64(rng.IntN(10)), 0
		}},
		{"weights 1e-200", 100_000, extreme(1e-200, 1e-200)},
		{"weights 1e-200, few", 200, extreme(1e-200, 1e-200)},
		{"positives 1e-200, negatives 1e200", 100_000, extreme(1e-200, 1e200)},
		{"positives 1e200, negatives 1e-200, few", 100, extreme(1e200, 1e-200)},
		{"weights 1e200", 100_000, extreme(1e200, 1e200)},
		{"weights near the maximum", 100_000, extreme(1e307, 5e307)},
		{"weights near the maximum, few", 100, extreme(1e307, 5e307)},
	}
}

// rows returns the case's rows in insertion order and the classes present.
func (c walkCase) rows(seed uint64) ([]scoredRow, classPresence) {
	rng := rand.New(rand.NewPCG(seed, 11))
	rows := make([]scoredRow, c.n)
	var classes classPresence
	for i := range rows {
		label, score, weight := c.row(rng, i)
		rows[i] = makeRow(label, score, weight)
		classes |= presenceOf(label)
	}
	return rows, classes
}

// oracle returns the values of the sorted-array computation, with the
// accumulator's error for no rows.
func oracle(rows []scoredRow, classes classPresence) (auc float64, aucErr error, ap float64, apErr error) {
	if len(rows) == 0 {
		return math.NaN(), undefined("roc_auc", "no rows"), math.NaN(), undefined("average_precision", "no rows")
	}
	sorted := radix.Sort(slices.Clone(rows), make([]scoredRow, len(rows)))
	auc, aucErr = oracleROCAUCSorted(sorted, classes)
	ap, apErr = oracleAveragePrecisionSorted(sorted)
	return auc, aucErr, ap, apErr
}

// chunkRowsRandomly splits rows into chunks of random sizes (copies).
func chunkRowsRandomly(rng *rand.Rand, rows []scoredRow) [][]scoredRow {
	var chunks [][]scoredRow
	for len(rows) > 0 {
		k := min(len(rows), 1+rng.IntN(2*chunkRows))
		chunks = append(chunks, slices.Clone(rows[:k]))
		rows = rows[k:]
	}
	return chunks
}

// sameBits requires a value and error equal, bit for bit, to the oracle's.
func sameBits(t *testing.T, what string, got float64, gotErr error, want float64, wantErr error) {
	t.Helper()
	switch {
	case (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error():
		t.Errorf("%s: error %v, oracle %v", what, gotErr, wantErr)
	case math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)):
		t.Errorf("%s: %v (%#x), oracle %v (%#x)", what, got, math.Float64bits(got), want, math.Float64bits(want))
	}
}

// The walked sums, for every set of wanted metrics, equal the sorted-array
// computation bit for bit, and so do the sorted-array wrappers.
func TestRankSumsWalkedEqualOracle(t *testing.T) {
	for k, c := range walkCases() {
		if c.n == 0 {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			rows, classes := c.rows(uint64(k))
			auc, aucErr, ap, apErr := oracle(rows, classes)
			rng := rand.New(rand.NewPCG(uint64(k), 12))
			for _, want := range []rankWant{wantAUC, wantAP, wantAUC | wantAP} {
				s := rankSumsOf(chunkRowsRandomly(rng, rows), false, want)
				if want&wantAUC != 0 {
					v, err := s.rocAUC(classes)
					sameBits(t, "walked roc_auc", v, err, auc, aucErr)
				}
				if want&wantAP != 0 {
					v, err := s.averagePrecision()
					sameBits(t, "walked average_precision", v, err, ap, apErr)
				}
			}
			sorted := radix.Sort(slices.Clone(rows), make([]scoredRow, len(rows)))
			v, err := rocAUCSorted(sorted, classes)
			sameBits(t, "rocAUCSorted", v, err, auc, aucErr)
			v, err = averagePrecisionSorted(sorted)
			sameBits(t, "averagePrecisionSorted", v, err, ap, apErr)
		})
	}
}

// addScoredRows adds rows to every accumulator.
func addScoredRows(accs []BinaryAccumulator, rows []scoredRow) {
	for _, r := range rows {
		for _, a := range accs {
			a.Add(rowLabel(r), keyScore(r.Key), rowWeight(r))
		}
	}
}

// checkPair requires the results of a roc_auc, average_precision pair (read
// in the order given) to be the oracle's, twice.
func checkPair(t *testing.T, what string, auc, ap BinaryAccumulator, apFirst bool, rows []scoredRow, classes classPresence) {
	t.Helper()
	wAUC, wAUCErr, wAP, wAPErr := oracle(rows, classes)
	for range 2 {
		if apFirst {
			v, err := ap.Result()
			sameBits(t, what+": average_precision", v, err, wAP, wAPErr)
		}
		v, err := auc.Result()
		sameBits(t, what+": roc_auc", v, err, wAUC, wAUCErr)
		if !apFirst {
			v, err := ap.Result()
			sameBits(t, what+": average_precision", v, err, wAP, wAPErr)
		}
	}
}

func rankAccs(t *testing.T, share bool) []BinaryAccumulator {
	t.Helper()
	accs := rankPair(t, share)
	return []BinaryAccumulator{accs[0], accs[2]}
}

// The accumulators, shared or not, give the oracle's values before and
// after more rows are added, after a merge, and after a round trip through
// their encodings taken after a Result (which reorders the rows).
func TestRankAccumulatorsWalkedEqualOracle(t *testing.T) {
	for k, c := range walkCases() {
		t.Run(c.name, func(t *testing.T) {
			rows, classes := c.rows(uint64(k))
			more, _ := c.rows(uint64(k) + 100)
			more = more[:len(more)/3]
			all := append(slices.Clone(rows), more...)
			moreClasses, allClasses := classesOf(more), classesOf(all)
			for _, share := range []bool{true, false} {
				accs := rankAccs(t, share)
				addScoredRows(accs, rows)
				checkPair(t, "added", accs[0], accs[1], share, rows, classes)
				enc := encodePair(t, accs)
				addScoredRows(accs, more)
				checkPair(t, "more added", accs[0], accs[1], !share, all, allClasses)

				// Decoded from the encodings taken after a Result.
				dec := decodePair(t, enc, share)
				checkPair(t, "decoded", dec[0], dec[1], false, rows, classes)
				// Decoded again after the decoded pair's Result.
				again := decodePair(t, encodePair(t, dec), share)
				checkPair(t, "decoded twice", again[0], again[1], true, rows, classes)

				// Merged: a fresh pair of the first rows, walked, and one
				// of the others; then the merged-in pair is still right.
				first, second := rankAccs(t, share), rankAccs(t, share)
				addScoredRows(first, rows)
				first[0].Result()
				addScoredRows(second, more)
				for i := range first {
					first[i].Merge(second[i])
				}
				checkPair(t, "merged", first[0], first[1], share, all, allClasses)
				checkPair(t, "merged in", second[0], second[1], false, more, moreClasses)
			}
		})
	}
}

// classesOf returns the classes present among rows.
func classesOf(rows []scoredRow) classPresence {
	var c classPresence
	for _, r := range rows {
		c |= presenceOf(rowLabel(r))
	}
	return c
}

func encodePair(t *testing.T, accs []BinaryAccumulator) [][]byte {
	t.Helper()
	var out [][]byte
	for _, a := range accs {
		b, err := EncodeBinaryAccumulator(a)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func decodePair(t *testing.T, enc [][]byte, share bool) []BinaryAccumulator {
	t.Helper()
	var out []BinaryAccumulator
	for _, b := range enc {
		a, err := DecodeBinaryAccumulator(b)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	if share {
		ShareRows(out)
		if out[0].(*rankAccumulator).rows != out[1].(*rankAccumulator).rows {
			t.Fatal("the decoded pair is not shared")
		}
	}
	return out
}

// A shared pair reads its rows once for both results, and again only after
// rows are added; a decoded store keeps its rows in chunks.
func TestSharedRowsReadOnce(t *testing.T) {
	accs := rankAccs(t, true)
	rows, _ := walkCases()[4].rows(1) // many slabs
	addScoredRows(accs, rows)
	store := accs[0].(*rankAccumulator).rows
	if _, err := accs[1].Result(); err != nil {
		t.Fatal(err)
	}
	if store.cache.have != wantAUC|wantAP {
		t.Fatalf("after one Result the store computed %b, want both", store.cache.have)
	}
	if store.sorted || len(store.chunks) < 2 {
		t.Fatalf("a store of %d rows was sorted into one chunk", store.n)
	}
	for _, a := range accs {
		a.Add(true, 0.5, 1)
	}
	if store.cache.have != 0 {
		t.Fatal("adding a row kept the results")
	}
	enc := encodePair(t, accs)
	dec := decodePair(t, enc, true)
	for _, ch := range dec[0].(*rankAccumulator).rows.chunks {
		if len(ch) > chunkRows {
			t.Fatalf("a decoded chunk of %d rows", len(ch))
		}
	}
}
