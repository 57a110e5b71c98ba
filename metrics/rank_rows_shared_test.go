package metrics

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
)

// rankPair returns fresh roc_auc and average_precision accumulators,
// sharing their rows or not.
func rankPair(t *testing.T, share bool) []BinaryAccumulator {
	t.Helper()
	var accs []BinaryAccumulator
	for _, name := range []string{"roc_auc", "log_loss", "average_precision"} {
		a, err := NewBinaryAccumulator(name, BinaryOptions{})
		if err != nil {
			t.Fatal(err)
		}
		accs = append(accs, a)
	}
	if share {
		ShareRows(accs)
	}
	return accs
}

// addRows adds n seeded rows with ties (scores on a grid of 20) and
// uneven weights, one of them NaN when bad is set, to every accumulator.
func addRows(accs []BinaryAccumulator, seed uint64, n int, bad bool) {
	rng := rand.New(rand.NewPCG(seed, 7))
	for i := range n {
		label := rng.IntN(3) == 0
		score := float64(rng.IntN(20)) / 20
		if bad && i == n/2 {
			score = math.NaN()
		}
		w := math.Ldexp(1+rng.Float64(), rng.IntN(40)-20)
		for _, a := range accs {
			a.Add(label, score, w)
		}
	}
}

// sameResults requires got and want to give the same values and errors,
// bit for bit, and (after the same calls) the same encodings.
func sameResults(t *testing.T, got, want []BinaryAccumulator) {
	t.Helper()
	// Read average precision first: the order of reads must not matter.
	for _, i := range []int{2, 0, 1} {
		g, gerr := got[i].Result()
		w, werr := want[i].Result()
		if math.Float64bits(g) != math.Float64bits(w) && !(math.IsNaN(g) && math.IsNaN(w)) {
			t.Errorf("%s: shared %v, separate %v", got[i].Name(), g, w)
		}
		if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			t.Errorf("%s: shared error %v, separate %v", got[i].Name(), gerr, werr)
		}
		ge, err := EncodeBinaryAccumulator(got[i])
		if err != nil {
			t.Fatal(err)
		}
		we, err := EncodeBinaryAccumulator(want[i])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ge, we) {
			t.Errorf("%s: shared and separate encodings differ", got[i].Name())
		}
	}
}

func TestShareRowsKeepsOneStore(t *testing.T) {
	accs := rankPair(t, true)
	auc, ap := accs[0].(*rankAccumulator), accs[2].(*rankAccumulator)
	if auc.rows != ap.rows || auc.follows || !ap.follows {
		t.Fatalf("not shared: same store %v, roc_auc follows %v, average_precision follows %v", auc.rows == ap.rows, auc.follows, ap.follows)
	}
	addRows(accs, 1, 1000, false)
	if auc.rows.n != 1000 {
		t.Fatalf("store holds %d rows, want 1000 (each row once)", auc.rows.n)
	}
	ShareRows(accs) // sharing twice changes nothing
	if auc.follows || !ap.follows || auc.rows.n != 1000 {
		t.Fatal("a second ShareRows changed the pair")
	}
}

func TestShareRowsSameResults(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		bad  bool
	}{{"empty", 0, false}, {"one row", 1, false}, {"ties", 500, false}, {"a NaN score", 200, true}} {
		t.Run(tc.name, func(t *testing.T) {
			shared, separate := rankPair(t, true), rankPair(t, false)
			addRows(shared, 3, tc.n, tc.bad)
			addRows(separate, 3, tc.n, tc.bad)
			sameResults(t, shared, separate)
			// Rows added after a read unsort the store for both.
			addRows(shared, 4, 50, false)
			addRows(separate, 4, 50, false)
			sameResults(t, shared, separate)
		})
	}
}

func TestShareRowsMerge(t *testing.T) {
	// A shared set merged with shared and separate sets, as shards of
	// one evaluation are, equals separate accumulators merged alike.
	want := rankPair(t, false)
	addRows(want, 1, 300, false)
	got := rankPair(t, true)
	addRows(got, 1, 300, false)
	for seed, share := range []bool{true, false, true} {
		w, g := rankPair(t, false), rankPair(t, share)
		addRows(w, uint64(seed+10), 200, false)
		addRows(g, uint64(seed+10), 200, false)
		for i := range want {
			want[i].Merge(w[i])
			got[i].Merge(g[i])
		}
	}
	sameResults(t, got, want)
	if n := got[0].(*rankAccumulator).rows.n; n != 900 {
		t.Fatalf("merged store holds %d rows, want 900", n)
	}
}

func TestShareRowsDecoded(t *testing.T) {
	src := rankPair(t, true)
	addRows(src, 5, 400, false)
	var decoded []BinaryAccumulator
	for _, a := range src {
		b, err := EncodeBinaryAccumulator(a)
		if err != nil {
			t.Fatal(err)
		}
		d, err := DecodeBinaryAccumulator(b)
		if err != nil {
			t.Fatal(err)
		}
		decoded = append(decoded, d)
	}
	ShareRows(decoded)
	if decoded[0].(*rankAccumulator).rows != decoded[2].(*rankAccumulator).rows {
		t.Fatal("a decoded pair with the same rows is not shared")
	}
	sameResults(t, decoded, src)

	// Accumulators with different rows are left apart.
	a, b := rankPair(t, false), rankPair(t, false)
	addRows(a, 1, 100, false)
	addRows(b, 2, 100, false)
	mixed := []BinaryAccumulator{a[0], a[1], b[2]}
	ShareRows(mixed)
	if mixed[2].(*rankAccumulator).follows {
		t.Fatal("accumulators holding different rows were shared")
	}
}
