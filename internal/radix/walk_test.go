package radix

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// walked returns the rows Walk visits, in the order they are read (a
// descending walk's slabs from their ends).
func walked(chunks [][]Row, order Order, workers int) []Row {
	var out []Row
	Walk(chunks, order, workers, func(slab []Row) {
		if order == Descending {
			for i := len(slab) - 1; i >= 0; i-- {
				out = append(out, slab[i])
			}
			return
		}
		out = append(out, slab...)
	})
	return out
}

// chunked splits rows into chunks of random sizes (copies).
func chunked(rng *rand.Rand, rows []Row) [][]Row {
	var chunks [][]Row
	for len(rows) > 0 {
		k := min(len(rows), 1+rng.IntN(40000))
		chunks = append(chunks, slices.Clone(rows[:k]))
		rows = rows[k:]
	}
	return chunks
}

// The walk is the stable sort: ascending, equal keys in insertion order;
// descending its reverse. Payloads number the rows in insertion order.
func TestWalkIsTheStableSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for _, c := range []struct {
		name string
		n    int
		key  func(i int) uint64
	}{
		{"empty", 0, nil},
		{"few", 30, func(int) uint64 { return rng.Uint64N(8) }},
		{"spread", 200_000, func(int) uint64 { return rng.Uint64() }},
		{"scores in [0,1] with 6 decimals", 300_000, func(int) uint64 {
			return ScoreKey(math.Round(rng.Float64()*1e6) / 1e6)
		}},
		{"one key for a third, a narrow range for a third, an outlier", 300_000, func(i int) uint64 {
			switch i % 3 {
			case 0:
				return ScoreKey(0.5)
			case 1:
				return ScoreKey(0.25) + rng.Uint64N(1<<20) // one histogram cell, many keys
			}
			if i == 2 {
				return ScoreKey(-1e300)
			}
			return ScoreKey(rng.Float64())
		}},
		{"all equal", 150_000, func(int) uint64 { return 42 }},
	} {
		rows := make([]Row, c.n)
		for i := range rows {
			rows[i] = Row{Key: c.key(i), Payload: uint64(i)}
		}
		want := slices.Clone(rows)
		slices.SortStableFunc(want, func(a, b Row) int {
			switch {
			case a.Key < b.Key:
				return -1
			case a.Key > b.Key:
				return 1
			}
			return 0
		})
		for _, workers := range []int{1, 3} {
			chunks := chunked(rng, rows)
			got := walked(chunks, Ascending, workers)
			if !slices.Equal(got, want) {
				t.Fatalf("%s, %d workers: the ascending walk is not the stable sort", c.name, workers)
			}
			// Again over the chunks Walk has reordered: the same order.
			if got := walked(chunks, Ascending, workers); !slices.Equal(got, want) {
				t.Fatalf("%s, %d workers: a second walk differs", c.name, workers)
			}
			rev := slices.Clone(want)
			slices.Reverse(rev)
			if got := walked(chunked(rng, rows), Descending, workers); !slices.Equal(got, rev) {
				t.Fatalf("%s, %d workers: the descending walk is not the reverse", c.name, workers)
			}
		}
	}
}

func BenchmarkWalk(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 10_000_000
	rows := make([]Row, n)
	for i := range rows {
		rows[i] = Row{Key: ScoreKey(math.Round(rng.Float64()*1e6) / 1e6), Payload: uint64(i)}
	}
	var chunks [][]Row
	for i := 0; i < n; i += 1 << 14 {
		chunks = append(chunks, rows[i:min(n, i+1<<14)])
	}
	b.SetBytes(16 * n)
	for b.Loop() {
		var sum uint64
		Walk(chunks, Descending, 0, func(slab []Row) {
			for _, r := range slab {
				sum += r.Payload
			}
		})
	}
}
