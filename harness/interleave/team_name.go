package interleave

import "fmt"

// maxTeams is the number of team names a log can carry, A to Z.
const maxTeams = 26

// TeamName returns the name of ranker t in logs: "A" for 0, "B" for 1, up
// to "Z". An index outside 0..25 panics.
func TeamName(t int) string {
	if t < 0 || t >= maxTeams {
		panic(fmt.Sprintf("interleave: team index %d outside 0..%d", t, maxTeams-1))
	}
	return string(rune('A' + t))
}

// TeamNames returns the team names of a TeamList's items, as logged.
func (l TeamList) TeamNames() []string {
	out := make([]string, len(l.Teams))
	for i, t := range l.Teams {
		out[i] = TeamName(t)
	}
	return out
}
