package interleave

import (
	"fmt"
)

// Impression is one served interleaved list and what the user did with it:
// a row of the interleaving log that `mltest interleave` analyses.
//
//	{"id": "imp1", "user": "u7", "items": ["i3", "i9", "i1"], "teams": ["A", "B", "A"], "clicks": ["i9"]}
//
// Items are in display order, Teams[i] names the ranker credited with
// Items[i] ("A" or "B" for an interleaving of two), and Clicks lists the
// clicked items by id. User identifies the user for a bootstrap that
// resamples users; it is empty when the log has none. The middleware logs
// an Impression without clicks when it serves the list; the application
// adds the clicks it observes before analysis.
type Impression struct {
	ID     string   `json:"id"`
	User   string   `json:"user,omitempty"`
	Items  []string `json:"items"`
	Teams  []string `json:"teams"`
	Clicks []string `json:"clicks"`
}

// Check returns what is wrong with the impression as the analysis of two
// rankers needs it, as a field name and a message, or "", "" when it is
// well formed: items and teams of the same length, every team "A" or "B",
// no item twice, every click on an item of the list and none twice.
func (im Impression) Check() (field, msg string) {
	if len(im.Teams) != len(im.Items) {
		return "teams", fmt.Sprintf("%d teams for %d items, want one team per item", len(im.Teams), len(im.Items))
	}
	pos := make(map[string]int, len(im.Items))
	for i, it := range im.Items {
		if j, dup := pos[it]; dup {
			return fmt.Sprintf("items[%d]", i), fmt.Sprintf("item %q also at position %d: an interleaved list holds an item once", it, j)
		}
		pos[it] = i
		if t := im.Teams[i]; t != "A" && t != "B" {
			return fmt.Sprintf("teams[%d]", i), fmt.Sprintf("team %q, want \"A\" or \"B\"", t)
		}
	}
	seen := make(map[string]bool, len(im.Clicks))
	for i, c := range im.Clicks {
		if _, ok := pos[c]; !ok {
			return fmt.Sprintf("clicks[%d]", i), fmt.Sprintf("click on %q, which is not among the impression's items", c)
		}
		if seen[c] {
			return fmt.Sprintf("clicks[%d]", i), fmt.Sprintf("item %q clicked twice: list each clicked item once", c)
		}
		seen[c] = true
	}
	return "", ""
}

// credit returns the clicks on A's and on B's items of a checked impression.
func (im Impression) credit() (a, b int) {
	team := make(map[string]string, len(im.Items))
	for i, it := range im.Items {
		team[it] = im.Teams[i]
	}
	for _, c := range im.Clicks {
		if team[c] == "A" {
			a++
		} else {
			b++
		}
	}
	return a, b
}
