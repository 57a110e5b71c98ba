package metrics

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"pgregory.net/rapid"
)

// encodingRow is one generated row for every accumulator family; bad rows
// (NaN score, negative weight) exercise the remembered error.
type encodingRow struct {
	label  int
	scores []float64 // 3 probabilities summing to 1
	target float64
	weight float64
}

func drawEncodingRows(t *rapid.T) []encodingRow {
	n := rapid.IntRange(0, 60).Draw(t, "n")
	bad := rapid.IntRange(-1, n-1).Draw(t, "bad") // -1: no bad row
	rows := make([]encodingRow, n)
	for i := range rows {
		p := []float64{
			float64(rapid.IntRange(1, 9).Draw(t, "p0")),
			float64(rapid.IntRange(1, 9).Draw(t, "p1")),
			float64(rapid.IntRange(1, 9).Draw(t, "p2")),
		}
		s := p[0] + p[1] + p[2]
		rows[i] = encodingRow{
			label:  rapid.IntRange(0, 2).Draw(t, "label"),
			scores: []float64{p[0] / s, p[1] / s, p[2] / s},
			target: rapid.Float64Range(-1e3, 1e3).Draw(t, "target"),
			weight: float64(rapid.IntRange(0, 3).Draw(t, "w")),
		}
		if i == bad {
			rows[i].weight = -1
		}
	}
	return rows
}

// sameResult requires two results to be equal bit for bit, or equal errors.
func sameResult(t rapid.TB, what string, v1 float64, e1 error, v2 float64, e2 error) {
	t.Helper()
	switch {
	case (e1 == nil) != (e2 == nil):
		t.Fatalf("%s: errors %v and %v", what, e1, e2)
	case e1 != nil && e1.Error() != e2.Error():
		t.Fatalf("%s: error %q, after the round trip %q", what, e1, e2)
	case e1 != nil && errors.Is(e1, ErrUndefined) != errors.Is(e2, ErrUndefined):
		t.Fatalf("%s: undefined %v, after the round trip %v", what, e1, e2)
	case math.Float64bits(v1) != math.Float64bits(v2):
		t.Fatalf("%s: result %v, after the round trip %v", what, v1, v2)
	}
}

// The law the Beam combiner relies on: for any split of the rows, encoding
// and decoding both parts and merging them gives the Result of merging the
// originals, bit for bit (and the same error, if any); decoding is exact
// (re-encoding gives the same bytes).
func TestEncodingRoundTripMergeLaw(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rows := drawEncodingRows(t)
		cut := rapid.IntRange(0, len(rows)).Draw(t, "cut")
		threshold := rapid.SampledFrom([]float64{0.2, 0.5}).Draw(t, "threshold")
		bits := rapid.SampledFrom([]int{12, 16, 24}).Draw(t, "bits")

		for _, name := range BinaryMetricNames() {
			for _, bounded := range []bool{false, true} {
				mk := func() BinaryAccumulator {
					a, err := NewBoundedBinaryAccumulator(name, BinaryOptions{Threshold: threshold}, bits)
					if !bounded {
						a, err = NewBinaryAccumulator(name, BinaryOptions{Threshold: threshold})
					}
					if err != nil {
						t.Fatal(err)
					}
					return a
				}
				part := func(lo, hi int) BinaryAccumulator {
					a := mk()
					for _, r := range rows[lo:hi] {
						s := r.scores[0]
						if r.label == 2 {
							s = -s // scores outside [0, 1] too: brier and ece remember them
						}
						a.Add(r.label == 1, s, r.weight)
					}
					return a
				}
				trip := func(a BinaryAccumulator) BinaryAccumulator {
					b, err := EncodeBinaryAccumulator(a)
					if err != nil {
						t.Fatal(err)
					}
					d, err := DecodeBinaryAccumulator(b)
					if err != nil {
						t.Fatalf("%s: decode: %v", name, err)
					}
					again, _ := EncodeBinaryAccumulator(d)
					if !bytes.Equal(b, again) {
						t.Fatalf("%s: re-encoding differs", name)
					}
					return d
				}
				want := part(0, cut)
				want.Merge(part(cut, len(rows)))
				got := trip(part(0, cut))
				got.Merge(trip(part(cut, len(rows))))
				v1, e1 := want.Result()
				v2, e2 := got.Result()
				sameResult(t, name, v1, e1, v2, e2)
				v3, e3 := trip(want).Result()
				sameResult(t, name+" after Result", v1, e1, v3, e3)
			}
		}

		for _, name := range MulticlassMetricNames() {
			opt := MulticlassOptions{Classes: 3, K: rapid.IntRange(1, 3).Draw(t, "k")}
			part := func(lo, hi int) MulticlassAccumulator {
				a, err := NewMulticlassAccumulator(name, opt)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range rows[lo:hi] {
					a.Add(r.label, r.scores, r.weight)
				}
				return a
			}
			trip := func(a MulticlassAccumulator) MulticlassAccumulator {
				b, err := EncodeMulticlassAccumulator(a)
				if err != nil {
					t.Fatal(err)
				}
				d, err := DecodeMulticlassAccumulator(b)
				if err != nil {
					t.Fatalf("%s: decode: %v", name, err)
				}
				again, _ := EncodeMulticlassAccumulator(d)
				if !bytes.Equal(b, again) {
					t.Fatalf("%s: re-encoding differs", name)
				}
				return d
			}
			want := part(0, cut)
			want.Merge(part(cut, len(rows)))
			got := trip(part(0, cut))
			got.Merge(trip(part(cut, len(rows))))
			v1, e1 := want.Result()
			v2, e2 := got.Result()
			sameResult(t, name, v1, e1, v2, e2)
		}

		for _, name := range RegressionMetricNames() {
			part := func(lo, hi int) RegressionAccumulator {
				a, err := NewRegressionAccumulator(name)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range rows[lo:hi] {
					a.Add(r.target, r.target*r.scores[0], r.weight)
				}
				return a
			}
			trip := func(a RegressionAccumulator) RegressionAccumulator {
				b, err := EncodeRegressionAccumulator(a)
				if err != nil {
					t.Fatal(err)
				}
				d, err := DecodeRegressionAccumulator(b)
				if err != nil {
					t.Fatalf("%s: decode: %v", name, err)
				}
				return d
			}
			want := part(0, cut)
			want.Merge(part(cut, len(rows)))
			got := trip(part(0, cut))
			got.Merge(trip(part(cut, len(rows))))
			v1, e1 := want.Result()
			v2, e2 := got.Result()
			sameResult(t, name, v1, e1, v2, e2)
		}
	})
}

// A histogram that has coarsened (more buckets than its limit) keeps its
// resolution through the round trip, and its value and bound.
func TestScoreHistogramMarshalRoundTrip(t *testing.T) {
	h, err := NewScoreHistogram(32)
	if err != nil {
		t.Fatal(err)
	}
	h.limit = 64
	for i := 0; i < 5000; i++ {
		h.Add(i%3 == 0, math.Sin(float64(i)), 1+float64(i%2))
	}
	if h.Bits() == 32 {
		t.Fatalf("histogram did not coarsen: %d bits", h.Bits())
	}
	b, err := h.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got ScoreHistogram
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if got.Bits() != h.Bits() || got.Buckets() != h.Buckets() || got.Rows() != h.Rows() {
		t.Fatalf("bits/buckets/rows %d/%d/%d, want %d/%d/%d", got.Bits(), got.Buckets(), got.Rows(), h.Bits(), h.Buckets(), h.Rows())
	}
	a1, m1, e1 := h.ROCAUC()
	a2, m2, e2 := got.ROCAUC()
	if e1 != nil || e2 != nil || a1 != a2 || m1 != m2 {
		t.Fatalf("ROCAUC %v ± %v (%v), after the round trip %v ± %v (%v)", a1, m1, e1, a2, m2, e2)
	}
	p1, _, _ := h.AveragePrecision()
	p2, _, _ := got.AveragePrecision()
	if p1 != p2 {
		t.Fatalf("AveragePrecision %v, after the round trip %v", p1, p2)
	}
	// A bad buffer leaves the receiver as it was.
	if err := got.UnmarshalBinary(b[:len(b)-3]); !errors.Is(err, ErrBadEncoding) {
		t.Fatalf("truncated: err %v, want ErrBadEncoding", err)
	}
	if got.Rows() != h.Rows() {
		t.Fatal("failed UnmarshalBinary changed the histogram")
	}
}

// The trec_eval summary survives the round trip and refuses an encoding of
// another set of measures.
func TestTrecAccumulatorRoundTrip(t *testing.T) {
	ms, err := ParseTrecMeasures([]string{"map", "P.5,10", "ndcg_cut.10", "gm_map", "num_rel"})
	if err != nil {
		t.Fatal(err)
	}
	e := NewTrecEval(ms)
	judged := map[string]int{"d1": 1, "d2": 0, "d3": 2}
	docs := []ScoredDoc{{DocNo: "d1", Score: 0.3}, {DocNo: "d2", Score: 0.9}, {DocNo: "d4", Score: 0.5}}
	whole := e.NewAccumulator()
	for q := 0; q < 3; q++ {
		r, err := e.Query(judged, append([]ScoredDoc(nil), docs[q:]...))
		if err != nil {
			t.Fatal(err)
		}
		whole.Add(r)
	}
	b, _ := whole.MarshalBinary()
	got, err := e.DecodeAccumulator(b)
	if err != nil {
		t.Fatal(err)
	}
	want, have := whole.Result(), got.Result()
	for i := range want {
		if want[i] != have[i] {
			t.Fatalf("%s: %v, after the round trip %v", e.Values()[i].Name, want[i], have[i])
		}
	}
	if got.NumQueries() != 3 {
		t.Fatalf("NumQueries %d, want 3", got.NumQueries())
	}
	other, _ := ParseTrecMeasures([]string{"map", "P.5,20", "ndcg_cut.10", "gm_map", "num_rel"})
	if _, err := NewTrecEval(other).DecodeAccumulator(b); !errors.Is(err, ErrBadEncoding) {
		t.Fatalf("other measures: err %v, want ErrBadEncoding", err)
	}
}

// Hand-made bad encodings fail with ErrBadEncoding and say why.
func TestDecodeRejectsBadEncodings(t *testing.T) {
	good, err := EncodeBinaryAccumulator(mustBinary(t, "log_loss"))
	if err != nil {
		t.Fatal(err)
	}
	nanSum := append([]byte(nil), good...)
	copy(nanSum[len(nanSum)-8:], []byte{1, 0, 0, 0, 0, 0, 0xf8, 0x7f}) // sumW = NaN
	for name, data := range map[string][]byte{
		"empty":          nil,
		"wrong magic":    []byte("MLTB\x01\x01"),
		"future version": []byte("MLTA\x03\x01"),
		"wrong kind":     append([]byte("MLTA\x01\x03"), good[6:]...),
		"truncated":      good[:len(good)-1],
		"trailing":       append(append([]byte(nil), good...), 0),
		"nan sum":        nanSum,
		"huge count":     []byte("MLTA\x01\x01\x07roc_auc\x01\x00\x00\xff\xff\xff\xff\x0f"),
		"unknown metric": []byte("MLTA\x01\x01\x03foo\x03\x00\x00\x00"),
	} {
		if _, err := DecodeBinaryAccumulator(data); !errors.Is(err, ErrBadEncoding) {
			t.Errorf("%s: err %v, want ErrBadEncoding", name, err)
		}
	}
	if _, err := DecodeMulticlassAccumulator(good); !errors.Is(err, ErrBadEncoding) {
		t.Errorf("binary bytes as multiclass: err %v", err)
	}
	if _, err := DecodeRegressionAccumulator(good); !errors.Is(err, ErrBadEncoding) {
		t.Errorf("binary bytes as regression: err %v", err)
	}
}

// A remembered bad row travels as its message.
func TestEncodingKeepsRowError(t *testing.T) {
	a := mustBinary(t, "brier")
	a.Add(true, 0.5, 1)
	a.Add(true, 1.5, 1)
	_, want := a.Result()
	b, _ := EncodeBinaryAccumulator(a)
	d, err := DecodeBinaryAccumulator(b)
	if err != nil {
		t.Fatal(err)
	}
	_, got := d.Result()
	if want == nil || got == nil || got.Error() != want.Error() {
		t.Fatalf("error %v, after the round trip %v", want, got)
	}
}

func mustBinary(t testing.TB, name string) BinaryAccumulator {
	t.Helper()
	a, err := NewBinaryAccumulator(name, DefaultBinaryOptions())
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func BenchmarkEncodeRocAUC1e5(b *testing.B) {
	a := mustBinary(b, "roc_auc")
	for i := 0; i < 100000; i++ {
		a.Add(i%3 == 0, math.Sin(float64(i)), 1)
	}
	b.ReportAllocs()
	b.SetBytes(16 * 100000)
	for b.Loop() {
		data, _ := EncodeBinaryAccumulator(a)
		if _, err := DecodeBinaryAccumulator(data); err != nil {
			b.Fatal(err)
		}
	}
}
