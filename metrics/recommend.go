package metrics

import (
	"fmt"
	"math"
	"slices"
)

// Interaction is one (user, item) row: in training data, a user interacted
// with an item; in recommendations, the item was recommended to the user. In
// `mltest rank --train`, users are query ids and items are document ids.
type Interaction struct {
	User, Item string
}

// InteractionError reports a bad interaction row: a duplicate row, or a
// recommended (user, item) pair that is already in the training data. Row is
// the 0-based index of the offending row in the slice that was given (for
// BeyondAccuracyAccumulator.AddList, the index in items), so a caller that
// read the rows from a file can name the line.
type InteractionError struct {
	Set    string // "train" or "reco"
	Row    int
	User   string
	Item   string
	Reason string
}

func (e *InteractionError) Error() string {
	return fmt.Sprintf("metrics: %s row %d (user %q, item %q): %s", e.Set, e.Row, e.User, e.Item, e.Reason)
}

// Names of the beyond-accuracy measures, as the mltest CLI prints them.
const (
	MeasureCatalogCoverage        = "catalog_coverage"
	MeasureDistributionalCoverage = "distributional_coverage"
	MeasureNovelty                = "novelty"
	MeasureDiversity              = "diversity"
	MeasureSerendipity            = "serendipity"
)

// BeyondAccuracyMeasureNames returns the names of the beyond-accuracy
// measures in the order the mltest CLI reports them: catalog_coverage,
// distributional_coverage, novelty, diversity, serendipity.
func BeyondAccuracyMeasureNames() []string {
	return []string{MeasureCatalogCoverage, MeasureDistributionalCoverage, MeasureNovelty,
		MeasureDiversity, MeasureSerendipity}
}

// BeyondAccuracy holds what the beyond-accuracy measures need from the
// training interactions: item popularity (for novelty and catalog coverage),
// each user's history (for serendipity) and an index that answers item
// co-occurrence queries (for the item similarity of diversity and
// serendipity). It is read-only once built, so accumulators made from one
// BeyondAccuracy may run on many goroutines.
//
// The definitions are those of Microsoft Recommenders
// (recommenders.evaluation.python_evaluation, with the default
// item_cooccurrence_count similarity and relevance 1):
//
//	sim(i, j)   = |U(i) ∩ U(j)| / (sqrt|U(i)| · sqrt|U(j)|), U(i) the training users of item i;
//	              0 for a pair that never co-occurs or an item absent from training
//	catalog_coverage        = |distinct recommended items| / |distinct training items|
//	distributional_coverage = -Σ_i p(i) log2 p(i), p(i) = rows recommending i / all rows
//	novelty                 = Σ_{recommended rows whose item is in train} -log2(|U(i)| / |train rows|) / all rows
//	diversity               = mean over users with ≥ 2 items of 1 - mean_{pairs i<j in the list} sim(i, j)
//	serendipity             = mean over users with training history of
//	                          mean_{i in the list} (1 - mean_{j in the user's history} sim(i, j))
//
// Conventions, all Recommenders' own: a recommended item absent from training
// counts in catalog coverage's numerator (so it can exceed 1), has
// similarity 0 to every item, and contributes 0 to novelty's sum while
// counting in its denominator. A user with a single recommended item has no
// pairs and is left out of diversity's mean; a user without training history
// is left out of serendipity's mean. A measure whose mean is over no users, or
// any measure of no recommendations, is undefined (*UndefinedError), where
// Recommenders returns NaN. Recommenders assumes no duplicate rows; here a
// duplicate row is an error (*InteractionError), as is a recommended pair
// already in training, which Recommenders also rejects.
type BeyondAccuracy struct {
	itemIndex map[string]int32
	userIndex map[string]int32
	nRows     int // training rows (= distinct pairs)

	// itemUsers[itemStart[i]:itemStart[i+1]] are item i's users, ascending.
	itemStart []int32
	itemUsers []int32
	// userItems[userStart[u]:userStart[u+1]] are user u's items, ascending.
	userStart []int32
	userItems []int32

	sqrtCount []float64 // sqrt|U(i)|
	novelty   []float64 // -log2(|U(i)| / nRows)

	// Items with many users also keep their user set as a bitset of
	// words uint64s at bits[bitsAt[i]:], bitsAt[i] = -1 otherwise. See
	// cooccurrence.
	bitsAt []int32
	bits   []uint64
	words  int
}

// NewBeyondAccuracy indexes the training interactions. A duplicate row is an
// *InteractionError naming it. Empty train is accepted: then every item is
// unseen and catalog coverage is undefined.
func NewBeyondAccuracy(train []Interaction) (*BeyondAccuracy, error) {
	b := &BeyondAccuracy{
		itemIndex: make(map[string]int32),
		userIndex: make(map[string]int32),
		nRows:     len(train),
	}
	type pair struct{ u, i, row int32 }
	pairs := make([]pair, len(train))
	for r, x := range train {
		u, ok := b.userIndex[x.User]
		if !ok {
			u = int32(len(b.userIndex))
			b.userIndex[x.User] = u
		}
		i, ok := b.itemIndex[x.Item]
		if !ok {
			i = int32(len(b.itemIndex))
			b.itemIndex[x.Item] = i
		}
		pairs[r] = pair{u, i, int32(r)}
	}
	slices.SortFunc(pairs, func(a, c pair) int {
		if a.u != c.u {
			return int(a.u - c.u)
		}
		if a.i != c.i {
			return int(a.i - c.i)
		}
		return int(a.row - c.row)
	})
	for k := 1; k < len(pairs); k++ {
		if pairs[k].u == pairs[k-1].u && pairs[k].i == pairs[k-1].i {
			x := train[pairs[k].row]
			return nil, &InteractionError{Set: "train", Row: int(pairs[k].row), User: x.User, Item: x.Item,
				Reason: fmt.Sprintf("duplicate of row %d", pairs[k-1].row)}
		}
	}
	nUsers, nItems := len(b.userIndex), len(b.itemIndex)

	b.userStart = make([]int32, nUsers+1)
	b.userItems = make([]int32, len(pairs))
	b.itemStart = make([]int32, nItems+1)
	for k, p := range pairs {
		b.userStart[p.u+1]++
		b.itemStart[p.i+1]++
		b.userItems[k] = p.i // pairs are sorted by user, then item
	}
	for u := 0; u < nUsers; u++ {
		b.userStart[u+1] += b.userStart[u]
	}
	for i := 0; i < nItems; i++ {
		b.itemStart[i+1] += b.itemStart[i]
	}
	// Filling item lists in user order leaves each ascending.
	b.itemUsers = make([]int32, len(pairs))
	next := slices.Clone(b.itemStart[:nItems])
	for _, p := range pairs {
		b.itemUsers[next[p.i]] = p.u
		next[p.i]++
	}

	b.sqrtCount = make([]float64, nItems)
	b.novelty = make([]float64, nItems)
	b.bitsAt = make([]int32, nItems)
	b.words = (nUsers + 63) / 64
	for i := 0; i < nItems; i++ {
		c := int(b.itemStart[i+1] - b.itemStart[i])
		b.sqrtCount[i] = math.Sqrt(float64(c))
		b.novelty[i] = -math.Log2(float64(c) / float64(b.nRows))
		b.bitsAt[i] = -1
		// A bitset of nUsers bits costs nUsers/64 words. Giving one to items
		// seen by at least 1/denseFraction of the users bounds all bitsets
		// together by denseFraction/64 words per training row.
		if c*denseFraction >= nUsers {
			b.bitsAt[i] = int32(len(b.bits))
			set := make([]uint64, b.words)
			for _, u := range b.usersOf(int32(i)) {
				set[u>>6] |= 1 << (uint(u) & 63)
			}
			b.bits = append(b.bits, set...)
		}
	}
	return b, nil
}

// denseFraction: an item seen by at least 1/denseFraction of the training
// users keeps a bitset of its users (2 words per training row at most). 128
// rather than 32 made BenchmarkBeyondAccuracy/accumulate 30% faster.
const denseFraction = 128

func (b *BeyondAccuracy) usersOf(i int32) []int32 {
	return b.itemUsers[b.itemStart[i]:b.itemStart[i+1]]
}

func (b *BeyondAccuracy) historyOf(u int32) []int32 {
	return b.userItems[b.userStart[u]:b.userStart[u+1]]
}

// item returns the index of a training item, or -1.
func (b *BeyondAccuracy) item(name string) int32 {
	if i, ok := b.itemIndex[name]; ok {
		return i
	}
	return -1
}

// user returns the index of a training user, or -1.
func (b *BeyondAccuracy) user(name string) int32 {
	if u, ok := b.userIndex[name]; ok {
		return u
	}
	return -1
}

// Items reports the number of distinct training items, the denominator of
// catalog coverage.
func (b *BeyondAccuracy) Items() int { return len(b.itemIndex) }

// Similarity returns the co-occurrence cosine similarity of two items over
// the training users, |U(i) ∩ U(j)| / (sqrt|U(i)| · sqrt|U(j)|), computed in
// that order of operations as Recommenders' _get_cooccurrence_similarity
// does. It is 0 when either item is absent from training or the two never
// co-occur.
func (b *BeyondAccuracy) Similarity(i, j string) float64 {
	return b.sim(b.item(i), b.item(j))
}

func (b *BeyondAccuracy) sim(i, j int32) float64 {
	if i < 0 || j < 0 {
		return 0
	}
	c := b.cooccurrence(i, j)
	if c == 0 {
		return 0
	}
	return float64(c) / (b.sqrtCount[i] * b.sqrtCount[j])
}
