package metrics

import "strconv"

// TrecGain is one "name=value" parameter of a trec_eval gain measure:
// -m ndcg.1=3,2=9 gives relevance level 1 the gain 3 and level 2 the gain 9;
// rbp.p=0.8 sets rbp's persistence.
type TrecGain struct {
	Name  string
	Value float64
}

// relGain is trec_eval's REL_GAIN: a relevance level, its gain and the
// number of judged documents at that level.
type relGain struct {
	level int
	count int
	gain  float64
}

// setupGains is gain_init.c's setup_gains: the gains of every judged
// level, in the order trec_eval sorts them. Levels given as parameters
// ("1=3") take the parameter's gain, the others their own value as gain;
// parameters whose name is not an integer (rbp's "p") are skipped.
//
// trec_eval sorts the gains with qsort and a comparator that truncates the
// difference of two gains to an int, so gains less than 1 apart compare
// equal and their order is glibc's merge sort's: msortGains reproduces it.
func setupGains(pairs []TrecGain, rr *resRels, buf []relGain) []relGain {
	gains := buf[:0]
	for _, p := range pairs {
		if !validInt(p.Name) {
			continue
		}
		gains = append(gains, relGain{level: int(cAtol(p.Name)), gain: p.Value})
	}
	given := len(gains)
	for i := 0; i < rr.numRelLevels; i++ {
		j := 0
		for j < given && gains[j].level != i {
			j++
		}
		if j < given {
			gains[j].count = rr.levelCount(i)
			continue
		}
		gains = append(gains, relGain{level: i, gain: float64(i), count: rr.levelCount(i)})
	}
	msortGains(gains)
	return gains
}

// validInt is gain_init.c's valid_int: an optional sign and at least one
// digit, nothing else.
func validInt(s string) bool {
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// compareGains is comp_rel_gain: the difference of the gains truncated to
// a C int.
func compareGains(a, b relGain) int {
	return int(int32(a.gain - b.gain))
}

// msortGains sorts as glibc 2.x's qsort does for small arrays of small
// elements (msort.c's msort_with_tmp): a top-down merge sort that takes
// from the left run while cmp(left, right) <= 0. With compareGains, which
// is not a consistent order, only this exact algorithm gives trec_eval's
// order.
func msortGains(g []relGain) {
	if len(g) <= 1 {
		return
	}
	tmp := make([]relGain, len(g))
	msortRec(g, tmp)
}

func msortRec(b, tmp []relGain) {
	n := len(b)
	if n <= 1 {
		return
	}
	n1 := n / 2
	b1, b2 := b[:n1], b[n1:]
	msortRec(b1, tmp)
	msortRec(b2, tmp)
	t := tmp[:0]
	i, j := 0, 0
	for i < len(b1) && j < len(b2) {
		if compareGains(b1[i], b2[j]) <= 0 {
			t = append(t, b1[i])
			i++
		} else {
			t = append(t, b2[j])
			j++
		}
	}
	t = append(t, b1[i:]...)
	// The rest of b2 is already in place.
	copy(b, t)
}

// gainOf is get_gain: the gain of the first entry of level, 0 for a level
// not judged (a document outside the qrels, or a negative one).
func gainOf(level int, gains []relGain) float64 {
	for _, g := range gains {
		if g.level == level {
			return g.gain
		}
	}
	return 0
}

// pairsText formats name=value pairs back, for messages.
func pairsText(pairs []TrecGain) string {
	b := []byte{}
	for i, p := range pairs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, p.Name...)
		b = append(b, '=')
		b = strconv.AppendFloat(b, p.Value, 'g', -1, 64)
	}
	return string(b)
}
