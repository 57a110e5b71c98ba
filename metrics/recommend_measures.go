package metrics

import "errors"

// CatalogCoverage returns the share of the training catalog that the
// recommendations cover, as Recommenders' catalog_coverage:
//
//	|distinct items in reco| / |distinct items in train|
//
// Items absent from train count in the numerator, so the value exceeds 1 when
// reco recommends items train never saw. Undefined for empty train or empty
// reco. Errors and conventions: see BeyondAccuracy.
func CatalogCoverage(train, reco []Interaction) (float64, error) {
	return beyondAccuracyMeasure(MeasureCatalogCoverage, train, reco)
}

// DistributionalCoverage returns the entropy, in bits, of how the
// recommendation rows spread over items, as Recommenders'
// distributional_coverage:
//
//	-Σ_i p(i) log2 p(i),  p(i) = rows recommending i / rows of reco
//
// train is needed only to reject recommended pairs already in it, as
// Recommenders does. Undefined for empty reco.
func DistributionalCoverage(train, reco []Interaction) (float64, error) {
	return beyondAccuracyMeasure(MeasureDistributionalCoverage, train, reco)
}

// Novelty returns the mean novelty of the recommendation rows, as
// Recommenders' novelty (the item choice model of Castells et al.):
//
//	Σ_{rows of reco with item i in train} -log2(|U(i)| / |train|)  /  |reco|
//
// where |U(i)| is the number of training rows with item i. A recommended item
// absent from train adds 0 to the sum but counts in |reco|, as in
// Recommenders, whose inner merge drops it. Undefined for empty reco.
func Novelty(train, reco []Interaction) (float64, error) {
	return beyondAccuracyMeasure(MeasureNovelty, train, reco)
}

// Diversity returns the mean over users of 1 minus the mean co-occurrence
// similarity of the pairs in the user's list, as Recommenders' diversity:
//
//	mean_{u: |L(u)| ≥ 2} (1 - mean_{i<j ∈ L(u)} sim(i, j))
//
// with sim as on BeyondAccuracy. Users with one recommended item have no pairs
// and are left out; undefined when no user has two. Rows of one user need not
// be adjacent.
func Diversity(train, reco []Interaction) (float64, error) {
	return beyondAccuracyMeasure(MeasureDiversity, train, reco)
}

// Serendipity returns the mean over users of how unlike their history the
// recommended items are, as Recommenders' serendipity with relevance 1:
//
//	mean_{u: H(u) ≠ ∅} mean_{i ∈ L(u)} (1 - mean_{j ∈ H(u)} sim(i, j))
//
// where H(u) is u's training items. Users without training interactions are
// left out (Recommenders' inner merge drops them); undefined when none is
// left.
func Serendipity(train, reco []Interaction) (float64, error) {
	return beyondAccuracyMeasure(MeasureSerendipity, train, reco)
}

// BeyondAccuracyOf returns all five measures of reco against train, grouping
// reco's rows by user (rows of one user need not be adjacent). Errors are
// those of NewBeyondAccuracy and BeyondAccuracyAccumulator.Result; a bad reco
// row is an *InteractionError whose Row is its index in reco.
func BeyondAccuracyOf(train, reco []Interaction) (BeyondAccuracyResult, error) {
	acc, err := accumulateReco(train, reco)
	if err != nil {
		return BeyondAccuracyResult{}, err
	}
	return acc.Result()
}

func beyondAccuracyMeasure(name string, train, reco []Interaction) (float64, error) {
	acc, err := accumulateReco(train, reco)
	if err != nil {
		return 0, err
	}
	return acc.Measure(name)
}

// accumulateReco groups reco by user in order of first appearance and adds
// each user's list, translating list positions in errors to reco rows.
func accumulateReco(train, reco []Interaction) (*BeyondAccuracyAccumulator, error) {
	b, err := NewBeyondAccuracy(train)
	if err != nil {
		return nil, err
	}
	acc := b.Accumulator()
	order := make(map[string]int)
	var rows [][]int
	for r, x := range reco {
		k, ok := order[x.User]
		if !ok {
			k = len(rows)
			order[x.User] = k
			rows = append(rows, nil)
		}
		rows[k] = append(rows[k], r)
	}
	var items []string
	for _, rs := range rows {
		items = items[:0]
		for _, r := range rs {
			items = append(items, reco[r].Item)
		}
		if err := acc.AddList(reco[rs[0]].User, items); err != nil {
			var ie *InteractionError
			if errors.As(err, &ie) {
				ie.Row = rs[ie.Row]
			}
			return nil, err
		}
	}
	return acc, nil
}
