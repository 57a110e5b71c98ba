package metrics

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func ndcgClose(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// ndcgFloat reads a JSON number or one of "NaN", "Inf", "-Inf".
type ndcgFloat float64

func (f *ndcgFloat) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case `"NaN"`:
		*f = ndcgFloat(math.NaN())
	case `"Inf"`:
		*f = ndcgFloat(math.Inf(1))
	case `"-Inf"`:
		*f = ndcgFloat(math.Inf(-1))
	default:
		var v float64
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*f = ndcgFloat(v)
	}
	return nil
}

func ndcgMatrix(m [][]ndcgFloat) [][]float64 {
	out := make([][]float64, len(m))
	for i, row := range m {
		out[i] = make([]float64, len(row))
		for j, v := range row {
			out[i][j] = float64(v)
		}
	}
	return out
}

// TestNDCGScoreSklearn compares with scikit-learn's ndcg_score and dcg_score
// on the vectors metrics/testdata/ndcgscore/gen.py wrote. sklearn's
// ZeroDivisionError (weights summing to 0) must be an *UndefinedError here,
// its ValueErrors other errors.
func TestNDCGScoreSklearn(t *testing.T) {
	raw, err := os.ReadFile("testdata/ndcgscore/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Reference string `json:"reference"`
		Cases     []struct {
			Name    string                   `json:"name"`
			YTrue   [][]ndcgFloat            `json:"y_true"`
			Scores  map[string][][]ndcgFloat `json:"scores"`
			Weights []float64                `json:"weights"`
			Evals   []struct {
				Scores     string   `json:"scores"`
				K          *int     `json:"k"`
				Weighted   bool     `json:"weighted"`
				IgnoreTies bool     `json:"ignore_ties"`
				NDCG       *float64 `json:"ndcg"`
				DCG        *float64 `json:"dcg"`
				Error      string   `json:"error"`
			} `json:"evals"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, c := range v.Cases {
		yTrue := ndcgMatrix(c.YTrue)
		for _, e := range c.Evals {
			yScore := ndcgMatrix(c.Scores[e.Scores])
			k := 0
			if e.K != nil {
				k = *e.K
			}
			var w []float64
			if e.Weighted {
				w = c.Weights
			}
			name := fmt.Sprintf("%s/%s k=%d weighted=%v ignore_ties=%v", c.Name, e.Scores, k, e.Weighted, e.IgnoreTies)
			ndcg, nerr := NDCGScore(yTrue, yScore, w, k, e.IgnoreTies)
			dcg, derr := DCGScore(yTrue, yScore, w, k, e.IgnoreTies)
			switch {
			case strings.HasPrefix(e.Error, "ZeroDivisionError"):
				if !errors.Is(nerr, ErrUndefined) || !errors.Is(derr, ErrUndefined) {
					t.Errorf("%s: errors %v, %v; want undefined (sklearn: %s)", name, nerr, derr, e.Error)
				}
			case e.Error != "":
				if nerr == nil || derr == nil || errors.Is(nerr, ErrUndefined) {
					t.Errorf("%s: errors %v, %v; want errors (sklearn: %s)", name, nerr, derr, e.Error)
				}
			default:
				if nerr != nil || derr != nil {
					t.Errorf("%s: %v, %v", name, nerr, derr)
					continue
				}
				if !ndcgClose(ndcg, *e.NDCG, 1e-9) {
					t.Errorf("%s: NDCGScore = %.17g, want %.17g (sklearn)", name, ndcg, *e.NDCG)
				}
				if !ndcgClose(dcg, *e.DCG, 1e-9) {
					t.Errorf("%s: DCGScore = %.17g, want %.17g (sklearn)", name, dcg, *e.DCG)
				}
				compared += 2
			}
		}
	}
	if compared < 700 {
		t.Errorf("only %d values compared", compared)
	}
	t.Logf("%d values compared with %s", compared, v.Reference)
}

// TestNDCGScoreHand works sklearn's docstring example by hand.
//
// yTrue 10 0 0 1 5, yScore .1 .2 .3 4 70: the ranking puts 5, 1, 0, 0, 10, so
//
//	DCG  = 5/log2 2 + 1/log2 3 + 10/log2 6        ≈ 9.49946
//	IDCG = 10/log2 2 + 5/log2 3 + 1/log2 4        ≈ 13.65465
//	NDCG = DCG/IDCG                                ≈ 0.69569
//
// With yScore 1 0 0 0 1 and k = 1, the top two are tied: the first rank gets
// their mean gain (10+5)/2 = 7.5, so DCG@1 = 7.5 and NDCG@1 = 7.5/10 = 0.75;
// with ignoreTies the later index (gain 5) goes first: NDCG@1 = 0.5.
func TestNDCGScoreHand(t *testing.T) {
	yTrue := [][]float64{{10, 0, 0, 1, 5}}
	dcg := 5 + 1/math.Log2(3) + 10/math.Log2(6)
	idcg := 10 + 5/math.Log2(3) + 0.5
	for _, c := range []struct {
		name       string
		yScore     []float64
		k          int
		ignoreTies bool
		ndcg, dcg  float64
	}{
		{"doc", []float64{.1, .2, .3, 4, 70}, 0, false, dcg / idcg, dcg},
		{"doc ignore ties", []float64{.1, .2, .3, 4, 70}, 0, true, dcg / idcg, dcg},
		{"ties k=1", []float64{1, 0, 0, 0, 1}, 1, false, 0.75, 7.5},
		{"ties k=1 ignore ties", []float64{1, 0, 0, 0, 1}, 1, true, 0.5, 5},
		{"perfect", []float64{10, 0, 0, 1, 5}, 0, false, 1, idcg},
	} {
		n, err := NDCGScore(yTrue, [][]float64{c.yScore}, nil, c.k, c.ignoreTies)
		if err != nil || !ndcgClose(n, c.ndcg, 1e-15) {
			t.Errorf("%s: NDCGScore = %v, %v; want %v", c.name, n, err, c.ndcg)
		}
		d, err := DCGScore(yTrue, [][]float64{c.yScore}, nil, c.k, c.ignoreTies)
		if err != nil || !ndcgClose(d, c.dcg, 1e-15) {
			t.Errorf("%s: DCGScore = %v, %v; want %v", c.name, d, err, c.dcg)
		}
	}
	// Weighted mean: rows scoring 1 (perfect) and 0 (no relevant item),
	// weights 3 and 1: 3/4.
	n, err := NDCGScore([][]float64{{1, 0}, {0, 0}}, [][]float64{{2, 1}, {2, 1}}, []float64{3, 1}, 0, false)
	if err != nil || n != 0.75 {
		t.Errorf("weighted: NDCGScore = %v, %v; want 0.75", n, err)
	}
}

func TestNDCGScoreBadInput(t *testing.T) {
	good := [][]float64{{1, 0}, {0, 1}}
	for _, c := range []struct {
		name          string
		yTrue, yScore [][]float64
		w             []float64
		undefined     bool
	}{
		{"no rows", nil, nil, nil, true},
		{"zero weights", good, good, []float64{0, 0}, true},
		{"one column", [][]float64{{1}, {0}}, [][]float64{{1}, {0}}, nil, false},
		{"empty rows", [][]float64{{}, {}}, [][]float64{{}, {}}, nil, false},
		{"NaN true", [][]float64{{1, math.NaN()}}, [][]float64{{1, 0}}, nil, false},
		{"Inf score", good, [][]float64{{1, 0}, {math.Inf(-1), 1}}, nil, false},
		{"negative weight", good, good, []float64{1, -1}, false},
		{"NaN weight", good, good, []float64{1, math.NaN()}, false},
	} {
		_, err := NDCGScore(c.yTrue, c.yScore, c.w, 0, false)
		if err == nil || errors.Is(err, ErrUndefined) != c.undefined {
			t.Errorf("%s: err = %v, want an error (undefined: %v)", c.name, err, c.undefined)
		}
	}
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"ragged", func() {
			_, _ = NDCGScore([][]float64{{1, 0}, {1, 0, 0}}, [][]float64{{1, 0}, {1, 0, 0}}, nil, 0, false)
		}},
		{"score row length", func() { _, _ = NDCGScore(good, [][]float64{{1, 0}, {1}}, nil, 0, false) }},
		{"weights length", func() { _, _ = NDCGScore(good, good, []float64{1}, 0, false) }},
		{"negative k", func() { NewNDCGScoreAccumulator(-1, false) }},
		{"merge settings", func() { NewNDCGScoreAccumulator(3, false).Merge(NewNDCGScoreAccumulator(2, false)) }},
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.HasPrefix(fmt.Sprint(r), "metrics: ") {
					t.Errorf("%s: recovered %v, want a metrics: panic", c.name, r)
				}
			}()
			c.f()
		}()
	}
}

// genNDCGRows draws rows of relevance (small integers, so ties and zero rows
// happen) and scores on a coarse grid (so score ties happen).
func genNDCGRows(t *rapid.T) (yTrue, yScore [][]float64, w []float64) {
	n := rapid.IntRange(1, 12).Draw(t, "rows")
	m := rapid.IntRange(2, 9).Draw(t, "items")
	for i := 0; i < n; i++ {
		yt := make([]float64, m)
		ys := make([]float64, m)
		for j := range yt {
			yt[j] = float64(rapid.IntRange(0, 3).Draw(t, "rel"))
			ys[j] = float64(rapid.IntRange(-3, 3).Draw(t, "score")) / 2
		}
		yTrue, yScore = append(yTrue, yt), append(yScore, ys)
		w = append(w, rapid.Float64Range(0, 3).Draw(t, "weight"))
	}
	return yTrue, yScore, w
}

func TestNDCGScoreProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		yTrue, yScore, w := genNDCGRows(t)
		k := rapid.IntRange(0, 10).Draw(t, "k")
		got, err := NDCGScore(yTrue, yScore, w, k, false)
		if errors.Is(err, ErrUndefined) {
			return // all weights 0
		}
		if err != nil {
			t.Fatal(err)
		}
		if got < -1e-15 || got > 1+1e-12 {
			t.Fatalf("NDCGScore = %v, want in [0, 1]", got)
		}
		// Tie-averaged DCG does not depend on the order of items within a
		// row, nor the mean on the order of rows.
		rowPerm := rapid.Permutation(indexes(len(yTrue))).Draw(t, "row order")
		var pt, ps [][]float64
		var pw []float64
		for _, i := range rowPerm {
			itemPerm := rapid.Permutation(indexes(len(yTrue[i]))).Draw(t, "item order")
			rt, rs := make([]float64, len(itemPerm)), make([]float64, len(itemPerm))
			for a, b := range itemPerm {
				rt[a], rs[a] = yTrue[i][b], yScore[i][b]
			}
			pt, ps, pw = append(pt, rt), append(ps, rs), append(pw, w[i])
		}
		if p, err := NDCGScore(pt, ps, pw, k, false); err != nil || !ndcgClose(p, got, 1e-12) {
			t.Fatalf("after permuting rows and items: %v, %v; before %v", p, err, got)
		}
		// Scoring by the true relevance is perfect for every row with a
		// positive gain in its top k.
		perfect, err := NDCGScore(yTrue, yTrue, nil, k, false)
		if err != nil {
			t.Fatal(err)
		}
		relevant := 0
		for _, row := range yTrue {
			for _, v := range row {
				if v > 0 {
					relevant++
					break
				}
			}
		}
		if want := float64(relevant) / float64(len(yTrue)); !ndcgClose(perfect, want, 1e-12) {
			t.Fatalf("NDCGScore(yTrue, yTrue) = %v, want %v (share of rows with a relevant item)", perfect, want)
		}
	})
}

// naiveNDCGRow is sklearn's per-row (N)DCG written plainly: every order of
// tied items equally likely, so each item of a tie group gets the group's
// mean gain at each of the group's ranks.
func naiveNDCGRow(yTrue, yScore []float64, k int, normalize bool) float64 {
	disc := func(r int) float64 {
		if k != 0 && r >= k {
			return 0
		}
		return 1 / math.Log2(float64(r+2))
	}
	dcg := 0.0
	rank := 0
	done := map[float64]bool{}
	for len(done) < len(uniq(yScore)) {
		best := math.Inf(-1)
		for _, s := range yScore {
			if !done[s] && s > best {
				best = s
			}
		}
		done[best] = true
		var gains []float64
		for j, s := range yScore {
			if s == best {
				gains = append(gains, yTrue[j])
			}
		}
		mean := 0.0
		for _, g := range gains {
			mean += g / float64(len(gains))
		}
		for range gains {
			dcg += mean * disc(rank)
			rank++
		}
	}
	if !normalize {
		return dcg
	}
	sorted := append([]float64(nil), yTrue...)
	sort.Sort(sort.Reverse(sort.Float64Slice(sorted)))
	ideal := 0.0
	for r, g := range sorted {
		ideal += g * disc(r)
	}
	if ideal == 0 {
		return 0
	}
	return dcg / ideal
}

func uniq(xs []float64) map[float64]bool {
	m := map[float64]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// TestNDCGScoreNaive compares the sorted and top-k paths with the plain
// definition, on rows long enough that k < n takes the top-k path.
func TestNDCGScoreNaive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := rapid.IntRange(1, 90).Draw(t, "items")
		k := rapid.IntRange(0, 80).Draw(t, "k")
		yt := make([]float64, m)
		ys := make([]float64, m)
		for j := range yt {
			yt[j] = float64(rapid.IntRange(0, 3).Draw(t, "rel"))
			ys[j] = float64(rapid.IntRange(-8, 8).Draw(t, "score"))
		}
		for _, normalize := range []bool{true, false} {
			a := NewDCGScoreAccumulator(k, false)
			if normalize {
				a = NewNDCGScoreAccumulator(k, false)
			}
			a.Add(yt, ys, 1)
			got, err := a.Result()
			if want := naiveNDCGRow(yt, ys, k, normalize); err != nil || !ndcgClose(got, want, 1e-12) {
				t.Fatalf("%s k=%d: %v, %v; plain definition gives %v", a.Name(), k, got, err, want)
			}
		}
	})
}

func indexes(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// TestNDCGScoreMergeSplit: rows split over accumulators and merged give the
// whole's mean, up to rounding of the sums.
func TestNDCGScoreMergeSplit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		yTrue, yScore, w := genNDCGRows(t)
		k := rapid.IntRange(0, 10).Draw(t, "k")
		ignoreTies := rapid.Bool().Draw(t, "ignore ties")
		normalize := rapid.Bool().Draw(t, "normalize")
		mk := NewDCGScoreAccumulator
		if normalize {
			mk = NewNDCGScoreAccumulator
		}
		whole := mk(k, ignoreTies)
		parts := []*DCGScoreAccumulator{mk(k, ignoreTies), mk(k, ignoreTies), mk(k, ignoreTies)}
		for i := range yTrue {
			whole.Add(yTrue[i], yScore[i], w[i])
			parts[rapid.IntRange(0, 2).Draw(t, "part")].Add(yTrue[i], yScore[i], w[i])
		}
		merged := mk(k, ignoreTies)
		for _, p := range parts {
			merged.Merge(p)
		}
		want, werr := whole.Result()
		got, gerr := merged.Result()
		if (werr == nil) != (gerr == nil) || (werr == nil && !ndcgClose(got, want, 1e-12)) {
			t.Fatalf("merged %v, %v; whole %v, %v", got, gerr, want, werr)
		}
	})
}

func BenchmarkNDCGScore(b *testing.B) {
	// 1000 queries of 100 items; relevance 0-3, scores with some ties.
	r := rand.New(rand.NewPCG(1, 2))
	yTrue := make([][]float64, 1000)
	yScore := make([][]float64, 1000)
	for i := range yTrue {
		yTrue[i] = make([]float64, 100)
		yScore[i] = make([]float64, 100)
		for j := range yTrue[i] {
			yTrue[i][j] = float64(r.IntN(4))
			yScore[i][j] = math.Round(r.NormFloat64()*20) / 20
		}
	}
	for _, k := range []int{10, 0} {
		for _, ignoreTies := range []bool{false, true} {
			b.Run(fmt.Sprintf("1000x100/k=%d/ignore_ties=%v", k, ignoreTies), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := NDCGScore(yTrue, yScore, nil, k, ignoreTies); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
