package metrics

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"pgregory.net/rapid"
)

func histOf(t interface {
	Helper()
	Fatal(...any)
}, bits int, labels []bool, scores, weights []float64) *ScoreHistogram {
	t.Helper()
	h, err := NewScoreHistogram(bits)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range scores {
		h.Add(labels[i], s, weightAt(weights, i))
	}
	return h
}

// Scores in distinct buckets: the histogram is exact and says so.
func TestScoreHistogramDistinctBucketsExact(t *testing.T) {
	labels := []bool{false, false, true, true, false, true}
	scores := []float64{0.1, 0.4, 0.35, 0.8, 0.8, 0.9}
	h := histOf(t, 0, labels, scores, nil)
	auc, bound, err := h.ROCAUC()
	if err != nil {
		t.Fatal(err)
	}
	// Pairs (pos, neg): 0.35 beats 0.1 only; 0.8 beats 0.1, 0.4, ties 0.8;
	// 0.9 beats all three: (1 + 2.5 + 3) / 9.
	if want := 6.5 / 9; math.Abs(auc-want) > 1e-15 || bound != 0 {
		t.Errorf("ROCAUC() = %v ± %v, want %v ± 0", auc, bound, want)
	}
	ap, bound, err := h.AveragePrecision()
	if err != nil {
		t.Fatal(err)
	}
	// Thresholds 0.9: P=1; 0.8: P=2/3 (a tie group); 0.4: -; 0.35: P=3/5.
	if want := (1 + 2.0/3 + 3.0/5) / 3; math.Abs(ap-want) > 1e-15 || bound != 0 {
		t.Errorf("AveragePrecision() = %v ± %v, want %v ± 0", ap, bound, want)
	}
}

// Two scores in one bucket: the histogram ties them and the bound is the
// whole uncertainty.
func TestScoreHistogramSharedBucket(t *testing.T) {
	labels := []bool{true, false}
	scores := []float64{0.5 + 1e-9, 0.5} // same 24-bit bucket
	h := histOf(t, 24, labels, scores, nil)
	if h.Buckets() != 1 {
		t.Fatalf("Buckets() = %d, want 1", h.Buckets())
	}
	auc, bound, err := h.ROCAUC()
	if err != nil || auc != 0.5 || bound != 0.5 {
		t.Errorf("ROCAUC() = %v ± %v, %v; want 0.5 ± 0.5 (exact is 1)", auc, bound, err)
	}
	// AP: exact 1 (positive first); histogram 1/2; worst order 1 - ln 2.
	ap, bound, err := h.AveragePrecision()
	if err != nil || ap != 0.5 || math.Abs(bound-0.5) > 1e-15 {
		t.Errorf("AveragePrecision() = %v ± %v, %v; want 0.5 ± 0.5", ap, bound, err)
	}
	// With 40 bits the two scores are apart and the value is exact.
	if _, err := NewScoreHistogram(40); err == nil {
		t.Errorf("NewScoreHistogram(40): no error")
	}
	h = histOf(t, MaxHistogramBits, labels, []float64{0.5 + 1e-3, 0.5}, nil)
	if auc, bound, _ := h.ROCAUC(); auc != 1 || bound != 0 {
		t.Errorf("32 bits: ROCAUC() = %v ± %v, want 1 ± 0", auc, bound)
	}
}

func TestScoreHistogramUndefinedAndBad(t *testing.T) {
	h := histOf(t, 0, nil, nil, nil)
	if _, _, err := h.ROCAUC(); !errors.Is(err, ErrUndefined) {
		t.Errorf("empty ROCAUC err = %v, want ErrUndefined", err)
	}
	h = histOf(t, 0, []bool{true, true}, []float64{0.1, 0.2}, nil)
	if _, _, err := h.ROCAUC(); !errors.Is(err, ErrUndefined) {
		t.Errorf("one-class ROCAUC err = %v, want ErrUndefined", err)
	}
	h = histOf(t, 0, []bool{false, false}, []float64{0.1, 0.2}, nil)
	if _, _, err := h.AveragePrecision(); !errors.Is(err, ErrUndefined) {
		t.Errorf("no-positive AP err = %v, want ErrUndefined", err)
	}
	h = histOf(t, 0, []bool{true, false}, []float64{0.1, 0.2}, []float64{0, 1})
	if _, _, err := h.ROCAUC(); !errors.Is(err, ErrUndefined) {
		t.Errorf("zero-weight class ROCAUC err = %v, want ErrUndefined", err)
	}
	h = histOf(t, 0, []bool{true, false, true}, []float64{0.1, math.NaN(), 0.3}, nil)
	if _, _, err := h.ROCAUC(); err == nil || errors.Is(err, ErrUndefined) {
		t.Errorf("NaN score: err = %v, want a data error", err)
	}
	h = histOf(t, 0, []bool{true, false}, []float64{0.1, 0.2}, []float64{1, -1})
	if _, _, err := h.AveragePrecision(); err == nil || errors.Is(err, ErrUndefined) {
		t.Errorf("negative weight: err = %v, want a data error", err)
	}
	for _, b := range []int{-1, 11, 33, 64} {
		if _, err := NewScoreHistogram(b); err == nil {
			t.Errorf("NewScoreHistogram(%d): no error", b)
		}
	}
}

// drawHistRows draws rows whose scores mix ties, near-ties (which share
// buckets), extreme magnitudes, both zeros and subnormals.
func drawHistRows(t *rapid.T) (labels []bool, scores, weights []float64) {
	n := rapid.IntRange(1, 60).Draw(t, "n")
	base := rapid.SampledFrom([]float64{0.5, 1e-300, -3, 1e300, 0.999}).Draw(t, "base")
	useW := rapid.IntRange(0, 2).Draw(t, "weights") // none, integer, real
	for range n {
		labels = append(labels, rapid.Bool().Draw(t, "label"))
		var s float64
		switch rapid.IntRange(0, 5).Draw(t, "kind") {
		case 0:
			s = float64(rapid.IntRange(0, 4).Draw(t, "tie")) / 4
		case 1:
			s = base * (1 + float64(rapid.IntRange(-50, 50).Draw(t, "ulps"))*1e-7)
		case 2:
			s = rapid.SampledFrom([]float64{0, math.Copysign(0, -1), 5e-324, -5e-324,
				math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64 * 7}).Draw(t, "extreme")
		case 3:
			s = rapid.Float64Range(-1e6, 1e6).Draw(t, "wide")
		default:
			s = rapid.Float64Range(0, 1).Draw(t, "prob")
		}
		scores = append(scores, s)
		switch useW {
		case 1:
			weights = append(weights, float64(rapid.IntRange(0, 3).Draw(t, "w")))
		case 2:
			weights = append(weights, rapid.Float64Range(0, 5).Draw(t, "w"))
		}
	}
	return labels, scores, weights
}

// The exact metric never lies outside the histogram's value ± its bound.
func TestScoreHistogramErrorWithinBound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		labels, scores, weights := drawHistRows(t)
		bits := rapid.IntRange(MinHistogramBits, MaxHistogramBits).Draw(t, "bits")
		h, _ := NewScoreHistogram(bits)
		h.limit = rapid.SampledFrom([]int{2, 7, MaxHistogramBuckets}).Draw(t, "limit")
		for i, s := range scores {
			h.Add(labels[i], s, weightAt(weights, i))
		}
		const slack = 1e-12 // summation order differs from the exact path
		exact, errE := ROCAUC(labels, scores, weights)
		got, bound, errH := h.ROCAUC()
		if (errE == nil) != (errH == nil) {
			t.Fatalf("ROCAUC errors differ: exact %v, histogram %v", errE, errH)
		}
		if errE == nil && (math.Abs(got-exact) > bound+slack || bound < 0 || bound > 0.5) {
			t.Fatalf("ROCAUC: histogram %v ± %v, exact %v (bits %d)", got, bound, exact, bits)
		}
		exact, errE = AveragePrecision(labels, scores, weights)
		got, bound, errH = h.AveragePrecision()
		if (errE == nil) != (errH == nil) {
			t.Fatalf("AP errors differ: exact %v, histogram %v", errE, errH)
		}
		if errE == nil && (math.Abs(got-exact) > bound+slack || bound < 0 || bound > 1) {
			t.Fatalf("AP: histogram %v ± %v, exact %v (bits %d)", got, bound, exact, bits)
		}
	})
}

// Rounding every score to a representative of its bucket and taking the
// exact metric gives the histogram's value: it is the metric of the bucketed data.
func TestScoreHistogramIsExactOnBucketedScores(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		labels, scores, weights := drawHistRows(t)
		bits := rapid.IntRange(MinHistogramBits, MaxHistogramBits).Draw(t, "bits")
		h := histOf(t, bits, labels, scores, weights)
		shift := uint(64 - bits)
		rounded := make([]float64, len(scores))
		for i, s := range scores {
			rounded[i] = keyScore(scoreKey(s) >> shift << shift)
			if math.IsNaN(rounded[i]) {
				// the bucket's lowest key is a NaN pattern only for keys
				// outside finite scores, which a finite score never maps to
				t.Fatalf("bucket of %v has no finite representative", s)
			}
		}
		exact, errE := ROCAUC(labels, rounded, weights)
		got, _, errH := h.ROCAUC()
		if (errE == nil) != (errH == nil) || errE == nil && math.Abs(got-exact) > 1e-12 {
			t.Fatalf("ROCAUC: histogram %v (%v), exact on bucketed scores %v (%v)", got, errH, exact, errE)
		}
		exact, errE = AveragePrecision(labels, rounded, weights)
		got, _, errH = h.AveragePrecision()
		if (errE == nil) != (errH == nil) || errE == nil && math.Abs(got-exact) > 1e-12 {
			t.Fatalf("AP: histogram %v (%v), exact on bucketed scores %v (%v)", got, errH, exact, errE)
		}
	})
}

// Merging the histograms of any split gives the histogram of the whole,
// bit for bit with integer weights.
func TestScoreHistogramMergeOfAnySplit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		labels, scores, _ := drawHistRows(t)
		weights := make([]float64, len(scores))
		for i := range weights {
			weights[i] = float64(rapid.IntRange(0, 3).Draw(t, "w"))
		}
		bits := rapid.IntRange(MinHistogramBits, MaxHistogramBits).Draw(t, "bits")
		// A small bucket limit makes the histograms coarsen, at different
		// moments in the whole and in the parts.
		limit := rapid.SampledFrom([]int{1, 2, 3, 5, 8, MaxHistogramBuckets}).Draw(t, "limit")
		newHist := func() *ScoreHistogram {
			h, _ := NewScoreHistogram(bits)
			h.limit = limit
			return h
		}
		whole := newHist()
		for i, s := range scores {
			whole.Add(labels[i], s, weights[i])
		}
		parts := rapid.IntRange(1, 4).Draw(t, "parts")
		hs := make([]*ScoreHistogram, parts)
		for i := range hs {
			hs[i] = newHist()
		}
		for i, s := range scores {
			hs[rapid.IntRange(0, parts-1).Draw(t, "part")].Add(labels[i], s, weights[i])
		}
		for _, p := range hs[1:] {
			hs[0].Merge(p)
		}
		if !reflect.DeepEqual(hs[0].byBucket(), whole.byBucket()) || hs[0].classes != whole.classes ||
			hs[0].Rows() != whole.Rows() || hs[0].Bits() != whole.Bits() {
			t.Fatalf("merged histogram (%d bits, %d buckets) differs from the whole (%d bits, %d buckets)",
				hs[0].Bits(), hs[0].Buckets(), whole.Bits(), whole.Buckets())
		}
		if whole.Buckets() > limit && whole.Bits() > MinHistogramBits {
			t.Fatalf("%d buckets at %d bits, limit %d", whole.Buckets(), whole.Bits(), limit)
		}
		// The resolution is the finest at which the scores fit.
		if whole.Bits() < bits {
			finer := make(map[uint64]bool)
			for _, s := range scores {
				finer[scoreKey(s)>>(64-whole.Bits()-1)] = true
			}
			if len(finer) <= limit {
				t.Fatalf("coarsened to %d bits although %d buckets fit at %d", whole.Bits(), len(finer), whole.Bits()+1)
			}
		}
		a1, e1, err1 := hs[0].ROCAUC()
		a2, e2, err2 := whole.ROCAUC()
		if (err1 == nil) != (err2 == nil) || err1 == nil && (a1 != a2 || e1 != e2) {
			t.Fatalf("ROCAUC merged %v ± %v, whole %v ± %v", a1, e1, a2, e2)
		}
	})
}

// On realistic data the bound is small: 1e5 uniform scores, labels drawn
// with P(positive) = score, at the default resolution.
func TestScoreHistogramBoundOnUniformScores(t *testing.T) {
	const seed = 7
	r := rand.New(rand.NewPCG(seed, 0))
	n := 100_000
	labels := make([]bool, n)
	scores := make([]float64, n)
	for i := range scores {
		scores[i] = r.Float64()
		labels[i] = r.Float64() < scores[i]
	}
	h := histOf(t, 0, labels, scores, nil)
	auc, bound, err := h.ROCAUC()
	if err != nil {
		t.Fatal(err)
	}
	exact, _ := ROCAUC(labels, scores, nil)
	t.Logf("seed %d: ROC AUC exact %.12f histogram %.12f bound %.3g actual %.3g, %d buckets", seed, exact, auc, bound, math.Abs(auc-exact), h.Buckets())
	if bound >= 1e-4 || math.Abs(auc-exact) > bound {
		t.Errorf("seed %d: ROC AUC bound %v (want < 1e-4), actual error %v", seed, bound, math.Abs(auc-exact))
	}
	ap, bound, err := h.AveragePrecision()
	if err != nil {
		t.Fatal(err)
	}
	exact, _ = AveragePrecision(labels, scores, nil)
	t.Logf("seed %d: AP exact %.12f histogram %.12f bound %.3g actual %.3g", seed, exact, ap, bound, math.Abs(ap-exact))
	if bound >= 2e-4 || math.Abs(ap-exact) > bound {
		t.Errorf("seed %d: AP bound %v (want < 2e-4), actual error %v", seed, bound, math.Abs(ap-exact))
	}
}

func TestNewBoundedBinaryAccumulator(t *testing.T) {
	for _, name := range BinaryMetricNames() {
		a, err := NewBoundedBinaryAccumulator(name, DefaultBinaryOptions(), 0)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		_, bounded := a.(BoundedResult)
		if want := name == "roc_auc" || name == "average_precision"; bounded != want {
			t.Errorf("%s: implements BoundedResult = %v, want %v", name, bounded, want)
		}
		if a.Name() != name {
			t.Errorf("Name() = %q, want %q", a.Name(), name)
		}
	}
	if _, err := NewBoundedBinaryAccumulator("roc_auc", DefaultBinaryOptions(), 5); err == nil {
		t.Errorf("bits 5: no error")
	}
	if _, err := NewBoundedBinaryAccumulator("nope", DefaultBinaryOptions(), 0); err == nil {
		t.Errorf("unknown metric: no error")
	}
	// Values and merge through the interface.
	labels := []bool{true, false, true, false, true}
	scores := []float64{0.9, 0.1, 0.4, 0.6, 0.75}
	a, _ := NewBoundedBinaryAccumulator("roc_auc", DefaultBinaryOptions(), 0)
	b, _ := NewBoundedBinaryAccumulator("roc_auc", DefaultBinaryOptions(), 0)
	for i, s := range scores {
		if i%2 == 0 {
			a.Add(labels[i], s, 1)
		} else {
			b.Add(labels[i], s, 1)
		}
	}
	a.Merge(b)
	got, err := a.Result()
	want, _ := ROCAUC(labels, scores, nil)
	if err != nil || got != want {
		t.Errorf("merged Result() = %v, %v; want %v", got, err, want)
	}
	a.Add(true, math.Inf(1), 1)
	if _, err := a.Result(); err == nil {
		t.Errorf("infinite score: no error")
	}
	c, _ := NewBoundedBinaryAccumulator("roc_auc", DefaultBinaryOptions(), 16)
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("merging histograms of different bits did not panic")
			}
		}()
		b.Merge(c)
	}()
}

// Scores spread over every binade would touch millions of buckets at 24
// bits; the histogram stays within MaxHistogramBuckets by coarsening, and its
// bound still holds.
func TestScoreHistogramBucketCap(t *testing.T) {
	const seed = 9
	r := rand.New(rand.NewPCG(seed, 0))
	n := 400_000
	labels := make([]bool, n)
	scores := make([]float64, n)
	for i := range scores {
		scores[i] = math.Exp(r.Float64()*1400 - 700)
		if r.IntN(2) == 0 {
			scores[i] = -scores[i]
		}
		labels[i] = r.Float64() < 0.3
	}
	h := histOf(t, 0, labels, scores, nil)
	if h.Buckets() > MaxHistogramBuckets || h.Bits() >= DefaultHistogramBits {
		t.Fatalf("seed %d: %d buckets at %d bits, want at most %d buckets after coarsening", seed, h.Buckets(), h.Bits(), MaxHistogramBuckets)
	}
	auc, bound, err := h.ROCAUC()
	if err != nil {
		t.Fatal(err)
	}
	exact, _ := ROCAUC(labels, scores, nil)
	t.Logf("seed %d: %d bits, %d buckets, ROC AUC %.9f ± %.3g, exact %.9f", seed, h.Bits(), h.Buckets(), auc, bound, exact)
	if math.Abs(auc-exact) > bound+1e-12 {
		t.Errorf("seed %d: |%v - %v| > %v", seed, auc, exact, bound)
	}
}
