package recdata

import (
	"fmt"
	"slices"

	"github.com/mltest/mltest/fixtures"
)

// LoadMovieLens reads a MovieLens ratings file (ratings.csv, ratings.dat or
// u.data; see fixtures.LoadMovieLens, whose errors name the file, line and
// field) and builds a Dataset with FromMovieLens.
func LoadMovieLens(path string, minRating, trainFrac float64) (*Dataset, error) {
	ratings, err := fixtures.LoadMovieLens(path)
	if err != nil {
		return nil, err
	}
	return FromMovieLens(ratings, minRating, trainFrac)
}

// FromMovieLens turns explicit ratings into implicit feedback, the usual
// reading of MovieLens for top-k recommendation: a rating of at least
// minRating is an interaction (use 0 to keep every rating). Users and items
// are indexed in order of first appearance in ratings; a user who rated an
// item twice keeps the earliest rating. Events are ordered by time (ties by
// user index, then item index) and the first ⌊trainFrac·n⌋ go to Train,
// except that events sharing the timestamp of the first test event all go to
// Test, as Generate does. Every user's cohort is "all" and every item's
// category "" (MovieLens has neither in the ratings file).
//
// No interaction left after the minRating filter is an error; trainFrac
// outside (0, 1] is an error.
func FromMovieLens(ratings []fixtures.Rating, minRating, trainFrac float64) (*Dataset, error) {
	if !(trainFrac > 0 && trainFrac <= 1) {
		return nil, fmt.Errorf("recdata: train fraction %v, want one in (0, 1]", trainFrac)
	}
	d := &Dataset{}
	userIdx, itemIdx := map[string]int{}, map[string]int{}
	index := func(m map[string]int, ids *[]string, id string) int {
		i, ok := m[id]
		if !ok {
			i = len(*ids)
			m[id] = i
			*ids = append(*ids, id)
		}
		return i
	}
	first := map[[2]int]int{} // (user, item) -> index in evs
	var evs []Event
	for _, r := range ratings {
		if r.Value < minRating {
			continue
		}
		e := Event{User: index(userIdx, &d.Users, r.User), Item: index(itemIdx, &d.Items, r.Item), Time: r.Time.Unix()}
		k := [2]int{e.User, e.Item}
		if j, ok := first[k]; ok {
			if e.Time < evs[j].Time {
				evs[j].Time = e.Time
			}
			continue
		}
		first[k] = len(evs)
		evs = append(evs, e)
	}
	if len(evs) == 0 {
		return nil, fmt.Errorf("recdata: no rating of at least %v", minRating)
	}
	slices.SortFunc(evs, func(a, b Event) int {
		switch {
		case a.Time != b.Time:
			return cmpInt64(a.Time, b.Time)
		case a.User != b.User:
			return a.User - b.User
		}
		return a.Item - b.Item
	})
	cut := int(trainFrac * float64(len(evs)))
	if cut < len(evs) {
		for cut > 0 && evs[cut-1].Time == evs[cut].Time {
			cut--
		}
		d.Cutoff = evs[cut].Time
	} else {
		d.Cutoff = evs[len(evs)-1].Time + 1
	}
	d.Train, d.Test = evs[:cut:cut], evs[cut:]
	d.Cohort = make([]string, len(d.Users))
	for u := range d.Cohort {
		d.Cohort[u] = "all"
	}
	d.Category = make([]string, len(d.Items))
	return d, nil
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
