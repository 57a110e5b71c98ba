package recdata

import (
	"fmt"
	"slices"
)

// Event is one interaction: user and item are indexes into Dataset.Users and
// Dataset.Items; Time is Unix seconds.
type Event struct {
	User, Item int
	Time       int64
}

// Dataset is an implicit-feedback data set split by time.
//
// Every event of Test happens at or after Cutoff, every event of Train before
// it. A user may appear in Test only (a new user with no history) and an item
// may be absent from Train (a new item); the model and the evaluation handle
// both. A (user, item) pair occurs at most once over Train and Test.
type Dataset struct {
	Users []string // user ids; Event.User indexes this slice
	Items []string // item ids; Event.Item indexes this slice
	// Cohort is each user's segment, the key of the evaluation's slices
	// ("c0".."c3" for the synthetic data, "all" for MovieLens).
	Cohort []string
	// Category is each item's category, which the diversity cap of the
	// recommender reads ("k0".."k3" for the synthetic data, "" when unknown).
	Category []string
	Train    []Event // in time order
	Test     []Event // in time order
	Cutoff   int64   // Unix seconds: Train is before, Test from it
}

// TrainHistories returns each user's training items in increasing item
// order, with the time of each interaction (parallel slices).
func (d *Dataset) TrainHistories() (items [][]int, times [][]int64) {
	items = make([][]int, len(d.Users))
	times = make([][]int64, len(d.Users))
	type it struct {
		item int
		time int64
	}
	per := make([][]it, len(d.Users))
	for _, e := range d.Train {
		per[e.User] = append(per[e.User], it{e.Item, e.Time})
	}
	for u, h := range per {
		slices.SortFunc(h, func(a, b it) int { return a.item - b.item })
		for _, x := range h {
			items[u] = append(items[u], x.item)
			times[u] = append(times[u], x.time)
		}
	}
	return items, times
}

// TestItems returns each user's test items in increasing item order; nil for
// a user without test events.
func (d *Dataset) TestItems() [][]int {
	out := make([][]int, len(d.Users))
	for _, e := range d.Test {
		out[e.User] = append(out[e.User], e.Item)
	}
	for _, s := range out {
		slices.Sort(s)
	}
	return out
}

// EvalUsers returns the users the evaluation judges, in increasing index
// order: those with at least one test event and at least one training event.
// A user without history gets the same list as everyone (the popularity
// fallback) and says nothing about personalization, so the comparison with
// the popularity baseline leaves them out.
func (d *Dataset) EvalUsers() []int {
	hasTrain := make([]bool, len(d.Users))
	hasTest := make([]bool, len(d.Users))
	for _, e := range d.Train {
		hasTrain[e.User] = true
	}
	for _, e := range d.Test {
		hasTest[e.User] = true
	}
	var out []int
	for u := range d.Users {
		if hasTrain[u] && hasTest[u] {
			out = append(out, u)
		}
	}
	return out
}

// Validate checks the invariants stated on Dataset: indexes in range, events
// in time order on the right side of Cutoff, no (user, item) pair twice, and
// parallel slices of the right lengths.
func (d *Dataset) Validate() error {
	if len(d.Cohort) != len(d.Users) {
		return fmt.Errorf("recdata: %d cohorts for %d users", len(d.Cohort), len(d.Users))
	}
	if len(d.Category) != len(d.Items) {
		return fmt.Errorf("recdata: %d categories for %d items", len(d.Category), len(d.Items))
	}
	seen := make(map[[2]int]bool, len(d.Train)+len(d.Test))
	check := func(name string, evs []Event, before bool) error {
		for i, e := range evs {
			if e.User < 0 || e.User >= len(d.Users) || e.Item < 0 || e.Item >= len(d.Items) {
				return fmt.Errorf("recdata: %s event %d: user %d or item %d out of range", name, i, e.User, e.Item)
			}
			if i > 0 && e.Time < evs[i-1].Time {
				return fmt.Errorf("recdata: %s event %d: time %d before the previous %d", name, i, e.Time, evs[i-1].Time)
			}
			if before != (e.Time < d.Cutoff) {
				return fmt.Errorf("recdata: %s event %d: time %d on the wrong side of the cutoff %d", name, i, e.Time, d.Cutoff)
			}
			k := [2]int{e.User, e.Item}
			if seen[k] {
				return fmt.Errorf("recdata: %s event %d: user %q and item %q interact twice", name, i, d.Users[e.User], d.Items[e.Item])
			}
			seen[k] = true
		}
		return nil
	}
	if err := check("train", d.Train, true); err != nil {
		return err
	}
	return check("test", d.Test, false)
}

// ValidationSplit returns the data set a model is tuned on without touching
// the test split: the first ⌊frac·len(Train)⌋ training events become Train
// and the rest Test (events sharing the timestamp at the cut all go to
// Test, as in Generate), with the same users, items, cohorts and categories.
// frac must lie in (0, 1); the result shares no slice with d that it could
// modify.
func (d *Dataset) ValidationSplit(frac float64) (*Dataset, error) {
	if !(frac > 0 && frac < 1) {
		return nil, fmt.Errorf("recdata: validation fraction %v, want one in (0, 1)", frac)
	}
	cut := int(frac * float64(len(d.Train)))
	for cut > 0 && cut < len(d.Train) && d.Train[cut-1].Time == d.Train[cut].Time {
		cut--
	}
	if cut == 0 || cut == len(d.Train) {
		return nil, fmt.Errorf("recdata: a validation cut at %v of %d training events leaves one side empty", frac, len(d.Train))
	}
	v := *d
	v.Train = slices.Clone(d.Train[:cut])
	v.Test = slices.Clone(d.Train[cut:])
	v.Cutoff = d.Train[cut].Time
	return &v, nil
}
