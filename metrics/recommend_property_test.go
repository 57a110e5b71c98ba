package metrics

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"pgregory.net/rapid"
)

// recoData is a random training set and a valid recommendation set over it:
// no duplicate rows, no recommended pair in train; some users may lack
// history ("cold") and some items may be absent from train ("new").
type recoData struct {
	train, reco []Interaction
}

func genRecoData() *rapid.Generator[recoData] {
	return rapid.Custom(func(t *rapid.T) recoData {
		// Up to 150 users, so that rare items (fewer than 1/32 of the users)
		// take the sorted-list path of cooccurrence and popular ones the bitset.
		nUsers := rapid.IntRange(1, 150).Draw(t, "users")
		nItems := rapid.IntRange(1, 20).Draw(t, "items")
		nCold := rapid.IntRange(0, 3).Draw(t, "cold")
		nNew := rapid.IntRange(0, 3).Draw(t, "new")
		// A popularity skew: item i is taken with probability ~ 1/(i+1).
		var d recoData
		history := make([]map[string]bool, nUsers)
		for u := 0; u < nUsers; u++ {
			history[u] = map[string]bool{}
			for i := 0; i < nItems; i++ {
				if rapid.IntRange(0, i+1).Draw(t, "take") == 0 {
					item := fmt.Sprintf("i%d", i)
					d.train = append(d.train, Interaction{fmt.Sprintf("u%d", u), item})
					history[u][item] = true
				}
			}
		}
		for u := 0; u < nUsers+nCold; u++ {
			user := fmt.Sprintf("u%d", u)
			if u >= nUsers {
				user = fmt.Sprintf("c%d", u)
			}
			for i := 0; i < nItems+nNew; i++ {
				item := fmt.Sprintf("i%d", i)
				if i >= nItems {
					item = fmt.Sprintf("n%d", i)
				}
				if u < nUsers && history[u][item] {
					continue
				}
				if rapid.IntRange(0, 3).Draw(t, "recommend") == 0 {
					d.reco = append(d.reco, Interaction{user, item})
				}
			}
		}
		return d
	})
}

// naiveBeyondAccuracy computes the five measures straight from their
// definitions with maps, as an oracle for the indexed implementation.
func naiveBeyondAccuracy(train, reco []Interaction) BeyondAccuracyResult {
	usersOf := map[string]map[string]bool{}
	history := map[string][]string{}
	for _, x := range train {
		if usersOf[x.Item] == nil {
			usersOf[x.Item] = map[string]bool{}
		}
		usersOf[x.Item][x.User] = true
		history[x.User] = append(history[x.User], x.Item)
	}
	sim := func(i, j string) float64 {
		n := 0
		for u := range usersOf[i] {
			if usersOf[j][u] {
				n++
			}
		}
		if n == 0 {
			return 0
		}
		return float64(n) / (math.Sqrt(float64(len(usersOf[i]))) * math.Sqrt(float64(len(usersOf[j]))))
	}
	lists := map[string][]string{}
	rows := map[string]int{}
	for _, x := range reco {
		lists[x.User] = append(lists[x.User], x.Item)
		rows[x.Item]++
	}
	nan := math.NaN()
	r := BeyondAccuracyResult{nan, nan, nan, nan, nan}
	if len(reco) == 0 {
		return r
	}
	if len(usersOf) > 0 {
		r.CatalogCoverage = float64(len(rows)) / float64(len(usersOf))
	}
	r.DistributionalCoverage, r.Novelty = 0, 0
	for item, c := range rows {
		p := float64(c) / float64(len(reco))
		r.DistributionalCoverage -= p * math.Log2(p)
		if n := len(usersOf[item]); n > 0 {
			r.Novelty += float64(c) * -math.Log2(float64(n)/float64(len(train)))
		}
	}
	r.Novelty /= float64(len(reco))
	var div, ser float64
	var nDiv, nSer int
	for user, l := range lists {
		if len(l) >= 2 {
			s, n := 0.0, 0
			for p := range l {
				for q := p + 1; q < len(l); q++ {
					s += sim(l[p], l[q])
					n++
				}
			}
			div += 1 - s/float64(n)
			nDiv++
		}
		if h := history[user]; len(h) > 0 {
			s := 0.0
			for _, i := range l {
				m := 0.0
				for _, j := range h {
					m += sim(i, j)
				}
				s += 1 - m/float64(len(h))
			}
			ser += s / float64(len(l))
			nSer++
		}
	}
	if nDiv > 0 {
		r.Diversity = div / float64(nDiv)
	}
	if nSer > 0 {
		r.Serendipity = ser / float64(nSer)
	}
	return r
}

func TestBeyondAccuracyProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := genRecoData().Draw(t, "data")
		got, err := BeyondAccuracyOf(d.train, d.reco)
		if err != nil && !errors.Is(err, ErrUndefined) {
			t.Fatalf("BeyondAccuracyOf: %v", err)
		}
		want := naiveBeyondAccuracy(d.train, d.reco)
		for _, name := range BeyondAccuracyMeasureNames() {
			g, w := resultMeasure(got, name), resultMeasure(want, name)
			if !recommendClose(g, w, 1e-12) {
				t.Fatalf("%s = %.17g, naive definition gives %.17g", name, g, w)
			}
		}

		// Bounds. sim can exceed 1 by an ulp (c/(√c·√c)), hence eps.
		const eps = 1e-12
		newItems := map[string]bool{}
		trainItems := map[string]bool{}
		for _, x := range d.train {
			trainItems[x.Item] = true
		}
		recoItems := map[string]bool{}
		for _, x := range d.reco {
			recoItems[x.Item] = true
			if !trainItems[x.Item] {
				newItems[x.Item] = true
			}
		}
		if v := got.CatalogCoverage; !math.IsNaN(v) {
			hi := float64(len(trainItems)+len(newItems)) / float64(len(trainItems))
			if v < 0 || v > hi+eps || (len(newItems) == 0 && v > 1) {
				t.Fatalf("catalog_coverage = %v, want in [0, %v]", v, hi)
			}
		}
		if v := got.DistributionalCoverage; !math.IsNaN(v) && (v < -eps || v > math.Log2(float64(len(recoItems)))+eps) {
			t.Fatalf("distributional_coverage = %v, want in [0, log2 %d]", v, len(recoItems))
		}
		if v := got.Novelty; !math.IsNaN(v) && (v < 0 || v > math.Max(0, math.Log2(float64(len(d.train))))+eps) {
			t.Fatalf("novelty = %v, want in [0, log2 |train|]", v)
		}
		for _, v := range []float64{got.Diversity, got.Serendipity} {
			if !math.IsNaN(v) && (v < -eps || v > 1+eps) {
				t.Fatalf("diversity/serendipity = %v, want in [0, 1]", v)
			}
		}

		// Row order does not matter.
		perm := func(xs []Interaction, label string) []Interaction {
			out := make([]Interaction, len(xs))
			for k, p := range rapid.Permutation(xs).Draw(t, label) {
				out[k] = p
			}
			return out
		}
		shuffled, err2 := BeyondAccuracyOf(perm(d.train, "train order"), perm(d.reco, "reco order"))
		if (err == nil) != (err2 == nil) {
			t.Fatalf("errors differ after shuffling rows: %v vs %v", err, err2)
		}
		for _, name := range BeyondAccuracyMeasureNames() {
			if g, s := resultMeasure(got, name), resultMeasure(shuffled, name); !recommendClose(s, g, 1e-12) {
				t.Fatalf("%s = %.17g after shuffling rows, %.17g before", name, s, g)
			}
		}
	})
}

// TestBeyondAccuracyMergeSplit: accumulating users in any number of parts
// and merging the parts in any order gives exactly the result of one
// accumulator over all users.
func TestBeyondAccuracyMergeSplit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := genRecoData().Draw(t, "data")
		b, err := NewBeyondAccuracy(d.train)
		if err != nil {
			t.Fatal(err)
		}
		lists := map[string][]string{}
		var users []string
		for _, x := range d.reco {
			if lists[x.User] == nil {
				users = append(users, x.User)
			}
			lists[x.User] = append(lists[x.User], x.Item)
		}
		whole := b.Accumulator()
		parts := make([]*BeyondAccuracyAccumulator, rapid.IntRange(1, 4).Draw(t, "parts"))
		for k := range parts {
			parts[k] = b.Accumulator()
		}
		for _, u := range users {
			if err := whole.AddList(u, lists[u]); err != nil {
				t.Fatal(err)
			}
			p := rapid.IntRange(0, len(parts)-1).Draw(t, "part of "+u)
			if err := parts[p].AddList(u, lists[u]); err != nil {
				t.Fatal(err)
			}
		}
		order := rapid.Permutation(parts).Draw(t, "merge order")
		merged := b.Accumulator()
		for _, p := range order {
			merged.Merge(p)
		}
		want, werr := whole.Result()
		got, gerr := merged.Result()
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("merged err %v, whole err %v", gerr, werr)
		}
		for _, name := range BeyondAccuracyMeasureNames() {
			g, w := resultMeasure(got, name), resultMeasure(want, name)
			if g != w && !(math.IsNaN(g) && math.IsNaN(w)) {
				t.Fatalf("%s: merged %.17g, whole %.17g", name, g, w)
			}
		}
	})
}
