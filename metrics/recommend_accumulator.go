package metrics

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// BeyondAccuracyResult holds the five beyond-accuracy measures. A measure
// that is undefined on the data is NaN here, and Result's error says why.
type BeyondAccuracyResult struct {
	CatalogCoverage        float64
	DistributionalCoverage float64
	Novelty                float64
	Diversity              float64
	Serendipity            float64
}

// BeyondAccuracyAccumulator gathers recommendation lists one user at a time
// and reports the beyond-accuracy measures defined on BeyondAccuracy.
// Accumulators made by the same BeyondAccuracy over disjoint sets of users
// merge into the accumulator of all of them, and the result is bit for bit
// the one of adding every list to one accumulator (per-user terms are summed
// in user order, counts are integers).
//
// An accumulator is not safe for concurrent use; make one per goroutine and
// Merge them.
type BeyondAccuracyAccumulator struct {
	b          *BeyondAccuracy
	rows       int              // recommended rows
	itemRows   []int64          // rows per training item
	unseenRows map[string]int64 // rows per item absent from training
	users      map[string]userTerms
	err        error // first Merge conflict
	idx        []int32
}

// userTerms are one user's contributions to the per-user means.
type userTerms struct {
	diversity, serendipity       float64
	hasDiversity, hasSerendipity bool
}

// Accumulator returns an empty accumulator over b's training data.
func (b *BeyondAccuracy) Accumulator() *BeyondAccuracyAccumulator {
	return &BeyondAccuracyAccumulator{
		b:          b,
		itemRows:   make([]int64, len(b.itemIndex)),
		unseenRows: make(map[string]int64),
		users:      make(map[string]userTerms),
	}
}

// AddList adds the items recommended to user (in `mltest rank`, a query id
// and the documents the run retrieved for it). Each user's list is given in
// one call; the order of items does not matter. An empty list adds nothing
// but the user. It returns an *InteractionError, and adds nothing, when the
// user's list was already added, when an item repeats (Row is the repeat's
// index in items) or when (user, item) is a training interaction.
func (a *BeyondAccuracyAccumulator) AddList(user string, items []string) error {
	b := a.b
	if _, dup := a.users[user]; dup {
		item := ""
		if len(items) > 0 {
			item = items[0]
		}
		return &InteractionError{Set: "reco", Row: 0, User: user, Item: item,
			Reason: "this user's list was already added; give each user's items in one call"}
	}
	if r, first := repeatedItem(items); r >= 0 {
		return &InteractionError{Set: "reco", Row: r, User: user, Item: items[r],
			Reason: fmt.Sprintf("duplicate of item %d in the list", first)}
	}
	u := b.user(user)
	var history []int32
	if u >= 0 {
		history = b.historyOf(u)
	}
	idx := a.idx[:0]
	for r, name := range items {
		i := b.item(name)
		if i >= 0 && len(history) > 0 {
			if _, found := slices.BinarySearch(history, i); found {
				return &InteractionError{Set: "reco", Row: r, User: user, Item: name,
					Reason: "recommended pair is already in train (Recommenders rejects it)"}
			}
		}
		idx = append(idx, i)
	}
	a.idx = idx

	var t userTerms
	if len(idx) >= 2 {
		// Recommenders: 1 - mean of sim over the list's unordered pairs.
		s := 0.0
		for p := range idx {
			for q := p + 1; q < len(idx); q++ {
				s += b.sim(idx[p], idx[q])
			}
		}
		t.diversity = 1 - s/float64(len(idx)*(len(idx)-1)/2)
		t.hasDiversity = true
	}
	if len(history) > 0 && len(idx) > 0 {
		// Recommenders: mean over the list of (1 - mean sim to history).
		s := 0.0
		for _, i := range idx {
			h := 0.0
			if i >= 0 {
				for _, j := range history {
					h += b.sim(i, j)
				}
			}
			s += 1 - h/float64(len(history))
		}
		t.serendipity = s / float64(len(idx))
		t.hasSerendipity = true
	}
	a.users[user] = t
	a.rows += len(idx)
	for r, i := range idx {
		if i >= 0 {
			a.itemRows[i]++
		} else {
			a.unseenRows[items[r]]++
		}
	}
	return nil
}

// repeatedItem returns the index of the first item that repeats an earlier
// one and the earlier one's index, or -1, -1.
func repeatedItem(items []string) (int, int) {
	if len(items) <= 32 {
		for r := 1; r < len(items); r++ {
			for p := 0; p < r; p++ {
				if items[p] == items[r] {
					return r, p
				}
			}
		}
		return -1, -1
	}
	seen := make(map[string]int, len(items))
	for r, it := range items {
		if p, ok := seen[it]; ok {
			return r, p
		}
		seen[it] = r
	}
	return -1, -1
}

// Merge folds other into a. Both must come from the same BeyondAccuracy
// (Merge panics otherwise). A user present in both is an error that Result
// and Measure report, since each user's list must be added once.
func (a *BeyondAccuracyAccumulator) Merge(other *BeyondAccuracyAccumulator) {
	if other.b != a.b {
		panic("metrics: merging beyond-accuracy accumulators of different training data")
	}
	if a.err == nil {
		a.err = other.err
	}
	a.rows += other.rows
	for i, c := range other.itemRows {
		a.itemRows[i] += c
	}
	for it, c := range other.unseenRows {
		a.unseenRows[it] += c
	}
	for u, t := range other.users {
		if _, dup := a.users[u]; dup {
			if a.err == nil {
				a.err = &InteractionError{Set: "reco", Row: 0, User: u,
					Reason: "this user's list was added to both merged accumulators"}
			}
			continue
		}
		a.users[u] = t
	}
}

// Measure returns one measure by name (see BeyondAccuracyMeasureNames). An
// undefined measure is an *UndefinedError; a Merge conflict is an
// *InteractionError. Measure panics on an unknown name.
func (a *BeyondAccuracyAccumulator) Measure(name string) (float64, error) {
	if a.err != nil {
		return math.NaN(), a.err
	}
	if a.rows == 0 {
		switch name {
		case MeasureCatalogCoverage, MeasureDistributionalCoverage, MeasureNovelty, MeasureDiversity, MeasureSerendipity:
			return math.NaN(), undefined(name, "no recommendations")
		}
	}
	switch name {
	case MeasureCatalogCoverage:
		if len(a.itemRows) == 0 {
			return math.NaN(), undefined(name, "no items in train")
		}
		n := len(a.unseenRows)
		for _, c := range a.itemRows {
			if c > 0 {
				n++
			}
		}
		return float64(n) / float64(len(a.itemRows)), nil
	case MeasureDistributionalCoverage:
		total := float64(a.rows)
		h := 0.0
		for _, c := range a.itemRows {
			if c > 0 {
				p := float64(c) / total
				h += p * math.Log2(p)
			}
		}
		unseen := make([]string, 0, len(a.unseenRows))
		for it := range a.unseenRows {
			unseen = append(unseen, it)
		}
		slices.Sort(unseen)
		for _, it := range unseen {
			p := float64(a.unseenRows[it]) / total
			h += p * math.Log2(p)
		}
		return -h, nil
	case MeasureNovelty:
		s := 0.0
		for i, c := range a.itemRows {
			if c > 0 {
				s += float64(c) * a.b.novelty[i]
			}
		}
		return s / float64(a.rows), nil
	case MeasureDiversity, MeasureSerendipity:
		users := make([]string, 0, len(a.users))
		for u := range a.users {
			users = append(users, u)
		}
		slices.Sort(users)
		s, n := 0.0, 0
		for _, u := range users {
			t := a.users[u]
			switch {
			case name == MeasureDiversity && t.hasDiversity:
				s += t.diversity
				n++
			case name == MeasureSerendipity && t.hasSerendipity:
				s += t.serendipity
				n++
			}
		}
		if n == 0 {
			if name == MeasureDiversity {
				return math.NaN(), undefined(name, "no user has two or more recommended items")
			}
			return math.NaN(), undefined(name, "no user with recommendations has training interactions")
		}
		return s / float64(n), nil
	}
	panic("metrics: unknown beyond-accuracy measure " + name)
}

// Result returns all five measures. Undefined measures are NaN in the result
// and the error joins their *UndefinedErrors (errors.Is(err, ErrUndefined)
// holds); the defined measures are still set.
func (a *BeyondAccuracyAccumulator) Result() (BeyondAccuracyResult, error) {
	var r BeyondAccuracyResult
	var errs []error
	for _, m := range []struct {
		name string
		dst  *float64
	}{
		{MeasureCatalogCoverage, &r.CatalogCoverage},
		{MeasureDistributionalCoverage, &r.DistributionalCoverage},
		{MeasureNovelty, &r.Novelty},
		{MeasureDiversity, &r.Diversity},
		{MeasureSerendipity, &r.Serendipity},
	} {
		v, err := a.Measure(m.name)
		*m.dst = v
		if err != nil {
			if !errors.Is(err, ErrUndefined) {
				return BeyondAccuracyResult{}, err
			}
			errs = append(errs, err)
		}
	}
	return r, errors.Join(errs...)
}

// UserValue returns one user's term of diversity or serendipity (the
// per-user values Recommenders' user_diversity and user_serendipity
// return): ok is false for a user who was not added or who has no such
// term (a single recommended item; no training history).
func (a *BeyondAccuracyAccumulator) UserValue(name, user string) (v float64, ok bool) {
	t, found := a.users[user]
	switch {
	case !found:
		return 0, false
	case name == MeasureDiversity:
		return t.diversity, t.hasDiversity
	case name == MeasureSerendipity:
		return t.serendipity, t.hasSerendipity
	}
	return 0, false
}
