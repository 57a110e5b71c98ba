package metrics

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"testing"
)

// benchRand is splitmix64. metrics/testdata/recommenders/bench.py implements
// the same generator and sampling, so both sides time the same data.
type benchRand struct{ s uint64 }

func (r *benchRand) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *benchRand) float() float64 { return float64(r.next()>>11) * 0x1p-53 }

// benchSampler draws an index with probability proportional to weights.
type benchSampler struct{ cdf []float64 }

func newBenchSampler(weights []float64) benchSampler {
	cdf := make([]float64, len(weights))
	s := 0.0
	for i, w := range weights {
		s += w
		cdf[i] = s
	}
	return benchSampler{cdf}
}

func (s benchSampler) draw(r *benchRand) int {
	x := r.float() * s.cdf[len(s.cdf)-1]
	i := sort.Search(len(s.cdf), func(i int) bool { return s.cdf[i] > x })
	return min(i, len(s.cdf)-1)
}

// benchRecoData: users each with trainLen distinct training items drawn with
// Zipf popularity 1/(rank), and recoLen distinct recommendations not in
// their history drawn from the flatter 1/sqrt(rank).
func benchRecoData(users, items, trainLen, recoLen int, seed uint64) (train, reco []Interaction) {
	r := &benchRand{seed}
	zipf := make([]float64, items)
	flat := make([]float64, items)
	for i := range zipf {
		zipf[i] = 1 / float64(i+1)
		flat[i] = 1 / math.Sqrt(float64(i+1))
	}
	pop, wide := newBenchSampler(zipf), newBenchSampler(flat)
	names := make([]string, items)
	for i := range names {
		names[i] = fmt.Sprintf("i%d", i)
	}
	train = make([]Interaction, 0, users*trainLen)
	reco = make([]Interaction, 0, users*recoLen)
	seen := map[int]bool{}
	for u := 0; u < users; u++ {
		user := fmt.Sprintf("u%d", u)
		clear(seen)
		for n := 0; n < trainLen; {
			if i := pop.draw(r); !seen[i] {
				seen[i] = true
				train = append(train, Interaction{user, names[i]})
				n++
			}
		}
		for n := 0; n < recoLen; {
			if i := wide.draw(r); !seen[i] {
				seen[i] = true
				reco = append(reco, Interaction{user, names[i]})
				n++
			}
		}
	}
	return train, reco
}

// The benchmark's data set: 10k users, 5k items, 100k training rows, 10
// recommendations a user. bench.py uses the same constants; its users
// count is in bench_expected.json.
const (
	benchUsers    = 10000
	benchItems    = 5000
	benchTrainLen = 10
	benchRecoLen  = 10
	benchSeed     = 20260124
)

// TestBeyondAccuracyBenchData compares the benchmark's data set (100k
// training rows, 100k recommendations) with Microsoft Recommenders' values on
// the same rows, written by metrics/testdata/recommenders/bench.py.
func TestBeyondAccuracyBenchData(t *testing.T) {
	raw, err := os.ReadFile("testdata/recommenders/bench_expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		Users    int                `json:"users"`
		Expected map[string]float64 `json:"expected"`
	}
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	train, reco := benchRecoData(want.Users, benchItems, benchTrainLen, benchRecoLen, benchSeed)
	if len(train) != want.Users*benchTrainLen || len(reco) != want.Users*benchRecoLen {
		t.Fatalf("%d train and %d reco rows, want %d and %d", len(train), len(reco), want.Users*benchTrainLen, want.Users*benchRecoLen)
	}
	r, err := BeyondAccuracyOf(train, reco)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range BeyondAccuracyMeasureNames() {
		w, ok := want.Expected[name]
		if got := resultMeasure(r, name); !ok || !recommendClose(got, w, 1e-9) {
			t.Errorf("%s = %.17g, want %.17g (Recommenders, bench.py)", name, got, w)
		}
	}
}

func BenchmarkBeyondAccuracy(b *testing.B) {
	train, reco := benchRecoData(benchUsers, benchItems, benchTrainLen, benchRecoLen, benchSeed)
	lists := make([][]string, benchUsers)
	for k, x := range reco {
		lists[k/benchRecoLen] = append(lists[k/benchRecoLen], x.Item)
	}
	b.Run("index", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := NewBeyondAccuracy(train); err != nil {
				b.Fatal(err)
			}
		}
	})
	ba, err := NewBeyondAccuracy(train)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("accumulate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			acc := ba.Accumulator()
			for k, l := range lists {
				if err := acc.AddList(reco[k*benchRecoLen].User, l); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := acc.Result(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("all", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := BeyondAccuracyOf(train, reco); err != nil {
				b.Fatal(err)
			}
		}
	})
}
