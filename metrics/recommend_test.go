package metrics

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"testing"
)

func recoRows(pairs ...[2]string) []Interaction {
	out := make([]Interaction, len(pairs))
	for k, p := range pairs {
		out[k] = Interaction{User: p[0], Item: p[1]}
	}
	return out
}

// recommendClose reports whether got is within tol of want, absolutely or relative
// to |want|; NaN only matches NaN.
func recommendClose(got, want, tol float64) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return math.IsNaN(got) && math.IsNaN(want)
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// TestBeyondAccuracyHand checks a case small enough to do on paper.
//
// Train: u1 {a, b}, u2 {a, c}, u3 {b, c, d}: 7 rows; |U(a)|=|U(b)|=|U(c)|=2, |U(d)|=1.
// Co-occurring users: ab u1, ac u2, bc u3, bd u3, cd u3, ad none, so
// sim(a,b)=sim(a,c)=sim(b,c)=1/(√2·√2)=1/2, sim(b,d)=sim(c,d)=1/√2, sim(a,d)=0.
// Reco: u1 {c, d}, u2 {b, d}, u3 {a}: 5 rows.
//
//	catalog_coverage        = |{a,b,c,d}| / 4 = 1
//	distributional_coverage = -(3·0.2·log2 0.2 + 0.4·log2 0.4)             ≈ 1.92193
//	novelty                 = (3·log2(7/2) + 2·log2 7) / 5                   ≈ 2.20735
//	diversity               = mean(u1: 1-sim(c,d), u2: 1-sim(b,d)) = 1-1/√2  ≈ 0.29289 (u3 has no pair)
//	serendipity: u1: c → 1-(1/2+1/2)/2 = 1/2, d → 1-(0+1/√2)/2 = 1-1/(2√2), mean 3/4-1/(4√2);
//	             u2: the same by symmetry; u3: a → 1-(1/2+1/2+0)/3 = 2/3;
//	             mean = (3/2 - 1/(2√2) + 2/3)/3                               ≈ 0.60437
func TestBeyondAccuracyHand(t *testing.T) {
	train := recoRows([2]string{"u1", "a"}, [2]string{"u1", "b"}, [2]string{"u2", "a"},
		[2]string{"u2", "c"}, [2]string{"u3", "b"}, [2]string{"u3", "c"}, [2]string{"u3", "d"})
	reco := recoRows([2]string{"u1", "c"}, [2]string{"u1", "d"}, [2]string{"u2", "b"},
		[2]string{"u2", "d"}, [2]string{"u3", "a"})
	r2 := math.Sqrt2
	want := BeyondAccuracyResult{
		CatalogCoverage:        1,
		DistributionalCoverage: -(3*0.2*math.Log2(0.2) + 0.4*math.Log2(0.4)),
		Novelty:                (3*math.Log2(3.5) + 2*math.Log2(7)) / 5,
		Diversity:              1 - 1/r2,
		Serendipity:            (1.5 - 1/(2*r2) + 2.0/3) / 3,
	}
	got, err := BeyondAccuracyOf(train, reco)
	if err != nil {
		t.Fatalf("BeyondAccuracyOf: %v", err)
	}
	checkBeyond(t, "hand3", got, want, 1e-12)

	b, err := NewBeyondAccuracy(train)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		i, j string
		want float64
	}{{"a", "b", 0.5}, {"b", "a", 0.5}, {"b", "d", 1 / r2}, {"a", "d", 0}, {"a", "zz", 0}, {"a", "a", 1}} {
		if got := b.Similarity(c.i, c.j); !recommendClose(got, c.want, 1e-15) {
			t.Errorf("Similarity(%q, %q) = %v, want %v", c.i, c.j, got, c.want)
		}
	}
}

func checkBeyond(t *testing.T, name string, got, want BeyondAccuracyResult, tol float64) {
	t.Helper()
	for _, m := range []struct {
		name      string
		got, want float64
	}{
		{MeasureCatalogCoverage, got.CatalogCoverage, want.CatalogCoverage},
		{MeasureDistributionalCoverage, got.DistributionalCoverage, want.DistributionalCoverage},
		{MeasureNovelty, got.Novelty, want.Novelty},
		{MeasureDiversity, got.Diversity, want.Diversity},
		{MeasureSerendipity, got.Serendipity, want.Serendipity},
	} {
		if !recommendClose(m.got, m.want, tol) {
			t.Errorf("%s: %s = %.17g, want %.17g", name, m.name, m.got, m.want)
		}
	}
}

type recommendersVectors struct {
	Reference string `json:"reference"`
	Cases     []struct {
		Name       string              `json:"name"`
		Train      [][2]string         `json:"train"`
		Reco       [][2]string         `json:"reco"`
		Expected   map[string]*float64 `json:"expected"`
		Errors     map[string]string   `json:"errors"`
		Similarity [][3]any            `json:"similarity"`
	} `json:"cases"`
}

// TestBeyondAccuracyRecommenders compares with Microsoft Recommenders'
// python_evaluation on the vectors metrics/testdata/recommenders/gen.py wrote.
// A null expected value is Recommenders' NaN, which must be an
// *UndefinedError here; a case where Recommenders raised must be an
// *InteractionError.
func TestBeyondAccuracyRecommenders(t *testing.T) {
	raw, err := os.ReadFile("testdata/recommenders/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v recommendersVectors
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Cases) < 9 {
		t.Fatalf("only %d cases in vectors.json", len(v.Cases))
	}
	fns := map[string]func(train, reco []Interaction) (float64, error){
		MeasureCatalogCoverage:        CatalogCoverage,
		MeasureDistributionalCoverage: DistributionalCoverage,
		MeasureNovelty:                Novelty,
		MeasureDiversity:              Diversity,
		MeasureSerendipity:            Serendipity,
	}
	compared := 0
	for _, c := range v.Cases {
		train := recoRows(c.Train...)
		reco := recoRows(c.Reco...)
		all, allErr := BeyondAccuracyOf(train, reco)
		for _, name := range BeyondAccuracyMeasureNames() {
			got, err := fns[name](train, reco)
			want := c.Expected[name]
			switch {
			case c.Errors[name] != "":
				var ie *InteractionError
				if !errors.As(err, &ie) || ie.Set != "reco" {
					t.Errorf("%s: %s: err = %v, want an *InteractionError (Recommenders: %s)", c.Name, name, err, c.Errors[name])
				}
			case want == nil:
				if !errors.Is(err, ErrUndefined) {
					t.Errorf("%s: %s = %v, %v; want undefined (Recommenders: NaN)", c.Name, name, got, err)
				}
				if !errors.Is(allErr, ErrUndefined) {
					t.Errorf("%s: BeyondAccuracyOf err = %v, want undefined", c.Name, allErr)
				}
			default:
				if err != nil {
					t.Errorf("%s: %s: %v", c.Name, name, err)
					continue
				}
				if !recommendClose(got, *want, 1e-9) {
					t.Errorf("%s: %s = %.17g, want %.17g (Recommenders)", c.Name, name, got, *want)
				}
				if a := resultMeasure(all, name); a != got {
					t.Errorf("%s: BeyondAccuracyOf %s = %.17g, %s() = %.17g", c.Name, name, a, name, got)
				}
				compared++
			}
		}
		if c.Similarity != nil {
			b, err := NewBeyondAccuracy(train)
			if err != nil {
				t.Fatal(err)
			}
			for _, row := range c.Similarity {
				i, j, want := row[0].(string), row[1].(string), row[2].(float64)
				if got := b.Similarity(i, j); !recommendClose(got, want, 1e-9) {
					t.Errorf("%s: Similarity(%q, %q) = %.17g, want %.17g", c.Name, i, j, got, want)
				}
				compared++
			}
		}
	}
	t.Logf("%d values compared with %s", compared, v.Reference)
}

// resultMeasure reads a result's field by measure name.
func resultMeasure(r BeyondAccuracyResult, name string) float64 {
	switch name {
	case MeasureCatalogCoverage:
		return r.CatalogCoverage
	case MeasureDistributionalCoverage:
		return r.DistributionalCoverage
	case MeasureNovelty:
		return r.Novelty
	case MeasureDiversity:
		return r.Diversity
	case MeasureSerendipity:
		return r.Serendipity
	}
	panic("unknown measure " + name)
}

func TestBeyondAccuracyBadInput(t *testing.T) {
	train := recoRows([2]string{"u1", "a"}, [2]string{"u1", "b"}, [2]string{"u2", "b"})

	_, err := NewBeyondAccuracy(recoRows([2]string{"u1", "a"}, [2]string{"u2", "a"}, [2]string{"u1", "a"}))
	var ie *InteractionError
	if !errors.As(err, &ie) || ie.Set != "train" || ie.Row != 2 || ie.User != "u1" || ie.Item != "a" {
		t.Errorf("duplicate train row: err = %v, want *InteractionError at train row 2", err)
	}

	_, err = Novelty(train, recoRows([2]string{"u2", "c"}, [2]string{"u1", "c"}, [2]string{"u2", "c"}))
	if !errors.As(err, &ie) || ie.Set != "reco" || ie.Row != 2 {
		t.Errorf("duplicate reco row: err = %v, want *InteractionError at reco row 2", err)
	}

	_, err = Diversity(train, recoRows([2]string{"u2", "c"}, [2]string{"u1", "c"}, [2]string{"u2", "b"}))
	if !errors.As(err, &ie) || ie.Row != 2 || ie.Item != "b" {
		t.Errorf("reco pair in train: err = %v, want *InteractionError at reco row 2", err)
	}

	b, err := NewBeyondAccuracy(train)
	if err != nil {
		t.Fatal(err)
	}
	acc := b.Accumulator()
	if err := acc.AddList("u1", []string{"c", "d"}); err != nil {
		t.Fatal(err)
	}
	if err := acc.AddList("u1", []string{"e"}); !errors.As(err, &ie) {
		t.Errorf("second list for u1: err = %v, want *InteractionError", err)
	}
	if err := acc.AddList("u2", []string{"c", "a", "b"}); !errors.As(err, &ie) || ie.Row != 2 {
		t.Errorf("u2 list with trained item at 2: err = %v, want *InteractionError row 2", err)
	}
	// A rejected list adds nothing.
	if v, err := acc.Measure(MeasureDistributionalCoverage); err != nil || v != 1 {
		t.Errorf("after rejected lists: distributional_coverage = %v, %v; want 1 (two equally used items)", v, err)
	}

	other := b.Accumulator()
	if err := other.AddList("u1", []string{"d"}); err != nil {
		t.Fatal(err)
	}
	acc.Merge(other)
	if _, err := acc.Result(); !errors.As(err, &ie) {
		t.Errorf("merge with the same user twice: err = %v, want *InteractionError", err)
	}

	b2, _ := NewBeyondAccuracy(train)
	func() {
		defer func() {
			if r := recover(); r == nil {
				t.Error("Merge of accumulators over different training data did not panic")
			}
		}()
		b.Accumulator().Merge(b2.Accumulator())
	}()
}

func TestBeyondAccuracyUndefined(t *testing.T) {
	train := recoRows([2]string{"u1", "a"}, [2]string{"u1", "b"})
	r, err := BeyondAccuracyOf(train, nil)
	if !errors.Is(err, ErrUndefined) {
		t.Fatalf("empty reco: err = %v, want undefined", err)
	}
	for _, name := range BeyondAccuracyMeasureNames() {
		if v := resultMeasure(r, name); !math.IsNaN(v) {
			t.Errorf("empty reco: %s = %v, want NaN", name, v)
		}
	}

	// Empty train: catalog coverage and serendipity are undefined, the rest
	// are what Recommenders computes (every item unseen: novelty 0, sim 0).
	r, err = BeyondAccuracyOf(nil, recoRows([2]string{"x", "p"}, [2]string{"x", "q"}))
	if !errors.Is(err, ErrUndefined) {
		t.Fatalf("empty train: err = %v, want undefined", err)
	}
	if !math.IsNaN(r.CatalogCoverage) || !math.IsNaN(r.Serendipity) || r.Novelty != 0 || r.Diversity != 1 || r.DistributionalCoverage != 1 {
		t.Errorf("empty train: %+v, want NaN catalog and serendipity, novelty 0, diversity 1, distributional 1", r)
	}
	var ue *UndefinedError
	if _, err := Diversity(train, recoRows([2]string{"u2", "a"})); !errors.As(err, &ue) || ue.Metric != MeasureDiversity {
		t.Errorf("single item lists: diversity err = %v, want *UndefinedError for diversity", err)
	}
}

func TestIntersectSorted(t *testing.T) {
	long := make([]int32, 1000)
	for k := range long {
		long[k] = int32(3 * k)
	}
	for _, c := range []struct {
		a, b []int32
		want int
	}{
		{nil, long, 0},
		{[]int32{0, 3, 4, 2997, 5000}, long, 3},
		{[]int32{1, 2}, []int32{2, 3}, 1},
		{long, long[10:20], 10},
	} {
		if got := intersectSorted(c.a, c.b); got != c.want {
			t.Errorf("intersectSorted(%v…, %v…) = %d, want %d", c.a[:min(len(c.a), 5)], c.b[:min(len(c.b), 5)], got, c.want)
		}
	}
}

// TestItemSimilarityPaths compares every pair's similarity with a plain set
// intersection on data where some items take each path of cooccurrence
// (bitset-bitset, list-bitset, list-list).
func TestItemSimilarityPaths(t *testing.T) {
	const seed = 7
	train, _ := benchRecoData(3000, 300, 8, 0, seed)
	b, err := NewBeyondAccuracy(train)
	if err != nil {
		t.Fatal(err)
	}
	usersOf := map[string]map[string]bool{}
	for _, x := range train {
		if usersOf[x.Item] == nil {
			usersOf[x.Item] = map[string]bool{}
		}
		usersOf[x.Item][x.User] = true
	}
	dense, sparse := 0, 0
	for i := range b.bitsAt {
		switch {
		case b.bitsAt[i] >= 0:
			dense++
		case len(b.usersOf(int32(i))) >= 2:
			sparse++
		}
	}
	if dense < 5 || sparse < 5 {
		t.Fatalf("seed %d: %d dense and %d sparse items with 2+ users, want 5+ of each", seed, dense, sparse)
	}
	for i, ui := range usersOf {
		for j, uj := range usersOf {
			n := 0
			for u := range ui {
				if uj[u] {
					n++
				}
			}
			want := 0.0
			if n > 0 {
				want = float64(n) / (math.Sqrt(float64(len(ui))) * math.Sqrt(float64(len(uj))))
			}
			if got := b.Similarity(i, j); got != want {
				t.Fatalf("seed %d: Similarity(%q, %q) = %v, want %v", seed, i, j, got, want)
			}
		}
	}
}

// TestBeyondAccuracyConcurrent: one BeyondAccuracy serves accumulators on
// several goroutines (run with -race), and merging them equals one pass.
func TestBeyondAccuracyConcurrent(t *testing.T) {
	train, reco := benchRecoData(800, 300, 6, 5, 11)
	b, err := NewBeyondAccuracy(train)
	if err != nil {
		t.Fatal(err)
	}
	const workers = 4
	accs := make([]*BeyondAccuracyAccumulator, workers)
	done := make(chan error, workers)
	for w := range accs {
		accs[w] = b.Accumulator()
		go func(acc *BeyondAccuracyAccumulator, w int) {
			for k := w * 5; k < len(reco); k += workers * 5 {
				items := []string{}
				for _, x := range reco[k : k+5] {
					items = append(items, x.Item)
				}
				if err := acc.AddList(reco[k].User, items); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}(accs[w], w)
	}
	for range accs {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range accs[1:] {
		accs[0].Merge(a)
	}
	got, err := accs[0].Result()
	if err != nil {
		t.Fatal(err)
	}
	want, err := BeyondAccuracyOf(train, reco)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("merged from %d goroutines %+v, one pass %+v", workers, got, want)
	}
}
