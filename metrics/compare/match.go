package compare

// MatchIDs pairs the rows of two prediction sets by id: match[i] is the
// index in candidate of baseline[i]'s id. Paired statistics need the same
// rows on both sides, so when the id sets differ it returns the ids found on
// one side only (in their input order), and match is nil. Ids must be unique
// within each side (the readers check that).
func MatchIDs(baseline, candidate []string) (match []int, onlyBaseline, onlyCandidate []string) {
	index := make(map[string]int, len(candidate))
	for j, id := range candidate {
		index[id] = j
	}
	match = make([]int, len(baseline))
	inBase := make(map[string]bool, len(baseline))
	for i, id := range baseline {
		inBase[id] = true
		j, ok := index[id]
		if !ok {
			onlyBaseline = append(onlyBaseline, id)
		}
		match[i] = j
	}
	for _, id := range candidate {
		if !inBase[id] {
			onlyCandidate = append(onlyCandidate, id)
		}
	}
	if len(onlyBaseline)+len(onlyCandidate) > 0 {
		return nil, onlyBaseline, onlyCandidate
	}
	return match, nil, nil
}
