package recdata

import (
	"fmt"

	"github.com/mltest/mltest/fixtures"
)

// Options configure Generate. Zero fields take the defaults noted on each.
type Options struct {
	Users     int     // default 1000
	Items     int     // default 500
	Seed      uint64  // seed of fixtures.ImplicitFeedback; 0 is a valid seed
	TrainFrac float64 // fraction of events (in time order) in Train; default 0.8
}

// DefaultOptions are the options of the example: 1000 users, 500 items,
// seed 7, 80% of the events in train. About 25,000 events, generated in
// about a second.
func DefaultOptions() Options { return Options{Users: 1000, Items: 500, Seed: 7, TrainFrac: 0.8} }

// Generate draws the synthetic data set: fixtures.ImplicitFeedback with
// 4 user cohorts, 4 item cohorts (the item categories), Zipf popularity
// skew 1 and density 0.05, split by time with fixtures' SplitByTime (events
// sharing the cutoff's timestamp all go to Test). User ids are "u0".."uN",
// item ids "i0".."iM", cohorts "c0".."c3", categories "k0".."k3". The same
// options give the same data set on every machine.
//
// The generator's true model is returned as well, so that a test can compare
// the learned ranking with the best achievable one.
func Generate(opt Options) (*Dataset, *fixtures.ImplicitData) {
	if opt.Users == 0 {
		opt.Users = 1000
	}
	if opt.Items == 0 {
		opt.Items = 500
	}
	if opt.TrainFrac == 0 {
		opt.TrainFrac = 0.8
	}
	data := fixtures.ImplicitFeedback(fixtures.ImplicitOptions{
		Users: opt.Users, Items: opt.Items, Dim: 8, UserCohorts: 4, ItemCohorts: 4,
		Zipf: 1, Density: 0.05, Seed: opt.Seed,
	})
	train, test := data.SplitByTime(opt.TrainFrac)
	d := &Dataset{
		Users:    make([]string, opt.Users),
		Items:    make([]string, opt.Items),
		Cohort:   make([]string, opt.Users),
		Category: make([]string, opt.Items),
		Train:    convert(train),
		Test:     convert(test),
	}
	for u := range d.Users {
		d.Users[u] = fixtures.UserID(u)
		d.Cohort[u] = fmt.Sprintf("c%d", data.UserCohort[u])
	}
	for i := range d.Items {
		d.Items[i] = fixtures.ItemID(i)
		d.Category[i] = fmt.Sprintf("k%d", data.ItemCohort[i])
	}
	switch {
	case len(d.Test) > 0:
		d.Cutoff = d.Test[0].Time
	case len(d.Train) > 0:
		d.Cutoff = d.Train[len(d.Train)-1].Time + 1
	}
	return d, data
}

func convert(evs []fixtures.ImplicitEvent) []Event {
	out := make([]Event, len(evs))
	for i, e := range evs {
		out[i] = Event{User: e.User, Item: e.Item, Time: e.Time}
	}
	return out
}
