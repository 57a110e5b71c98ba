package harness

import (
	"fmt"
	"strings"

	"github.com/mltest/mltest/metrics"
	"pgregory.net/rapid"
)

// RecommendationCase is a generated recommender evaluation: training
// interactions (each user's history) and one recommendation list per user.
// Lists never repeat an item and never hold an item of the user's own history,
// the input Microsoft Recommenders' beyond-accuracy measures (and mltest's)
// require.
type RecommendationCase struct {
	Train []metrics.Interaction
	Lists []UserList
}

// UserList is one user's recommendations, in rank order.
type UserList struct {
	User  string
	Items []string
}

// Reco returns the lists as (user, item) rows.
func (c RecommendationCase) Reco() []metrics.Interaction {
	var rows []metrics.Interaction
	for _, l := range c.Lists {
		for _, it := range l.Items {
			rows = append(rows, metrics.Interaction{User: l.User, Item: it})
		}
	}
	return rows
}

func (c RecommendationCase) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "train=%v lists=[", c.Train)
	for i, l := range c.Lists {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%s:%v", l.User, l.Items)
	}
	b.WriteString("]")
	return b.String()
}

// RecommendationCaseOptions sizes the cases RecommendationCases generates.
type RecommendationCaseOptions struct {
	MaxUsers, MaxItems int // catalog sizes (at least 1 each)
	MaxHistory         int // most training items a user has
	MaxList            int // most recommendations a user gets
	// PopularitySkew in [0, 1): the chance that a draw takes the most popular
	// items first (items with low indexes), giving the head-and-tail shape of
	// real interaction data that novelty and coverage react to.
	PopularitySkew float64
}

// DefaultRecommendationCaseOptions returns up to 8 users, 12 items, histories
// of up to 5 items, lists of up to 5, and a moderate popularity skew.
func DefaultRecommendationCaseOptions() RecommendationCaseOptions {
	return RecommendationCaseOptions{MaxUsers: 8, MaxItems: 12, MaxHistory: 5, MaxList: 5, PopularitySkew: 0.5}
}

// RecommendationCases returns a generator of training histories and
// recommendation lists. It shrinks toward fewer users and items, shorter
// histories and lists, and the most popular items.
func RecommendationCases(opt RecommendationCaseOptions) *rapid.Generator[RecommendationCase] {
	opt.MaxUsers, opt.MaxItems = max(opt.MaxUsers, 1), max(opt.MaxItems, 1)
	return rapid.Custom(func(t *rapid.T) RecommendationCase {
		users := rapid.IntRange(1, opt.MaxUsers).Draw(t, "users")
		items := rapid.IntRange(1, opt.MaxItems).Draw(t, "items")
		item := func(label string) int {
			if rapid.Float64Range(0, 1).Draw(t, label+" skew") < opt.PopularitySkew {
				return rapid.IntRange(0, (items-1)/3).Draw(t, label) // the head
			}
			return rapid.IntRange(0, items-1).Draw(t, label)
		}
		var c RecommendationCase
		for u := 0; u < users; u++ {
			user := fmt.Sprintf("u%d", u)
			seen := map[int]bool{}
			for h := rapid.IntRange(0, opt.MaxHistory).Draw(t, "history"); h > 0; h-- {
				if i := item("history item"); !seen[i] {
					seen[i] = true
					c.Train = append(c.Train, metrics.Interaction{User: user, Item: fmt.Sprintf("i%d", i)})
				}
			}
			l := UserList{User: user}
			for r := rapid.IntRange(0, opt.MaxList).Draw(t, "list"); r > 0; r-- {
				if i := item("recommended item"); !seen[i] {
					seen[i] = true // neither consumed nor already listed
					l.Items = append(l.Items, fmt.Sprintf("i%d", i))
				}
			}
			if len(l.Items) > 0 {
				c.Lists = append(c.Lists, l)
			}
		}
		return c
	})
}
