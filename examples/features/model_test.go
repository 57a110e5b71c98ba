package features

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/mltest/mltest/assert"
	"github.com/mltest/mltest/fixtures"
	"github.com/mltest/mltest/harness/model"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

var (
	boundaries = []float64{10, 50, 200}
	categories = []string{"books", "electronics", "garden"}
)

const cityBuckets = 16

func newTestModel(t testing.TB, priceBoundaries []float64) *CTR {
	t.Helper()
	enc, err := NewEncoder(priceBoundaries, categories, cityBuckets)
	require.NoError(t, err)
	city := make([]float64, cityBuckets)
	for i := range city {
		city[i] = 0.125*float64(i%4) - 0.25
	}
	return &CTR{
		Encoder:    enc,
		Bias:       -1.5,
		Price:      []float64{0.75, 0.25, -0.5, -1.25},
		Category:   []float64{-0.5, 0.5, 1, 0.25},
		City:       city,
		BoostAbove: 0.35,
	}
}

// goldenInputs covers every price bucket and both sides of each boundary,
// vocabulary hits after normalization and a miss, several city hashes, and
// an invalid price.
var goldenInputs = []Listing{
	{Price: 0, Category: "books", City: "Paris"},
	{Price: 9.99, Category: " Books ", City: "lyon"},
	{Price: 10, Category: "electronics", City: "Berlin"},
	{Price: 49.99, Category: "garden", City: ""},
	{Price: 55, Category: "toys", City: "Paris"},
	{Price: 199.5, Category: "ELECTRONICS", City: "Madrid"},
	{Price: 200, Category: "garden", City: "lyon"},
	{Price: 1000, Category: "books", City: "Oslo"},
	{Price: -1, Category: "books", City: "Paris"},
}

// The golden files in testdata/ pin the description and every stage for
// the inputs above; regenerate them with the command a failure prints.
func TestListingCTRGolden(t *testing.T) {
	fixtures.GoldenStages(t, "listing_ctr", model.Model[Listing, Features, float64, Prediction](newTestModel(t, boundaries)), goldenInputs, fixtures.Tolerance(assert.Tolerance{ULP: 4}))
}

// recordingTB stands in for *testing.T so that a test can assert that a
// golden check fails, and what it says.
type recordingTB struct {
	testing.TB
	name   string
	errors []string
}

func (r *recordingTB) Helper()      {}
func (r *recordingTB) Name() string { return r.name }
func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recordingTB) Fatalf(format string, args ...any) { r.Errorf(format, args...) }
func (r *recordingTB) Logf(string, ...any)               {}

// compareOnly turns off golden updating for one test, so that the check
// below compares even under -mltest.update or MLTEST_UPDATE=1 (in which case
// TestListingCTRGolden has just rewritten the files it compares with).
func compareOnly(t *testing.T) {
	t.Helper()
	f := flag.Lookup("mltest.update")
	old := f.Value.String()
	require.NoError(t, f.Value.Set("false"))
	t.Cleanup(func() { f.Value.Set(old) })
	t.Setenv(fixtures.UpdateEnv, "")
}

func TestMovedBucketBoundaryFailsGolden(t *testing.T) {
	compareOnly(t)
	// Moving the 50 boundary to 60 moves the 55 listing (row 4) from
	// bucket 2 to bucket 1; nothing else changes bucket.
	moved := newTestModel(t, []float64{10, 60, 200})
	rec := &recordingTB{name: "TestListingCTRGolden"}
	fixtures.GoldenStages(rec, "listing_ctr", model.Model[Listing, Features, float64, Prediction](moved), goldenInputs, fixtures.Tolerance(assert.Tolerance{ULP: 4}))

	all := strings.Join(rec.errors, "\n")
	var encode string
	for _, e := range rec.errors {
		if strings.HasPrefix(e, "testdata/listing_ctr.encode.json: ") {
			encode = e
		}
	}
	require.NotEmpty(t, encode, "the encode stage must fail:\n%s", all)
	require.Contains(t, encode, "1 difference(s) (-want +got):\n  row 4, field \"features.price_bucket\":\n  -\t2\n  +\t1\n")
	require.True(t, strings.HasSuffix(encode, "go test ./examples/features -run '^TestListingCTRGolden$' -mltest.update"), encode)
	require.Contains(t, all, "testdata/listing_ctr.describe.json: 1 difference(s) (-want +got):\n  field \"params.price_boundaries[1]\":\n  -\t50\n  +\t60\n")
	require.Contains(t, all, "testdata/listing_ctr.score.json: 1 difference(s) (-want +got):\n  row 4, field \"raw\":")
}

func TestEncodeByHand(t *testing.T) {
	enc, err := NewEncoder(boundaries, categories, cityBuckets)
	require.NoError(t, err)
	// FNV-1a 32 of "paris" is 1341829536 (0 mod 16), of "lyon" 3769269871
	// (15 mod 16), of "" the offset basis 2166136261 (5 mod 16).
	for _, tc := range []struct {
		in   Listing
		want Features
	}{
		{Listing{9.99, "books", "Paris"}, Features{0, 1, 0}},
		{Listing{10, " GARDEN", "lyon "}, Features{1, 3, 15}},
		{Listing{200, "toys", ""}, Features{3, 0, 5}},
		{Listing{199.99, "electronics", "berlin"}, Features{2, 2, 1}},
	} {
		got, err := enc.Encode(tc.in)
		require.NoError(t, err)
		require.Equal(t, tc.want, got, "%+v", tc.in)
	}
	for _, p := range []float64{-0.01, math.NaN(), math.Inf(1)} {
		_, err := enc.Encode(Listing{Price: p})
		require.ErrorIs(t, err, ErrBadPrice, "price %v", p)
	}
}

func TestNewEncoderRejectsBadParameters(t *testing.T) {
	for _, tc := range []struct {
		b       []float64
		c       []string
		n       int
		message string
	}{
		{[]float64{10, 10}, nil, 1, "features: price boundaries must increase strictly: [0]=10, [1]=10"},
		{[]float64{math.NaN()}, nil, 1, "features: price boundary 0 is NaN, want a finite number"},
		{nil, nil, 0, "features: city buckets = 0, want > 0"},
		{nil, []string{"a", " A"}, 1, `features: category "a" appears twice in the vocabulary`},
	} {
		_, err := NewEncoder(tc.b, tc.c, tc.n)
		require.EqualError(t, err, tc.message)
	}
}

func TestScoreRejectsFeaturesOutsideWeights(t *testing.T) {
	m := newTestModel(t, boundaries)
	_, err := m.Score(Features{PriceBucket: 4})
	require.ErrorContains(t, err, "outside the weight tables")
	// A model whose encoder has more buckets than weights fails at score,
	// and Predict names that stage.
	m.Encoder, _ = NewEncoder([]float64{1, 2, 3, 4}, categories, cityBuckets)
	_, err = model.Predict[Listing, Features, float64, Prediction](m, Listing{Price: 5})
	var se *model.StageError
	require.True(t, errors.As(err, &se))
	require.Equal(t, model.StageScore, se.Stage)
}

func TestEncodeProperties(t *testing.T) {
	enc, err := NewEncoder(boundaries, categories, cityBuckets)
	require.NoError(t, err)
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.Float64Range(0, 1e6).Draw(t, "a")
		b := rapid.Float64Range(0, 1e6).Draw(t, "b")
		city := rapid.StringMatching(`[a-z]([a-z ]{0,10}[a-z])?`).Draw(t, "city")
		fa, err := enc.Encode(Listing{Price: a, City: city})
		if err != nil {
			t.Fatal(err)
		}
		fb, err := enc.Encode(Listing{Price: b, City: "  " + strings.ToUpper(city) + " "})
		if err != nil {
			t.Fatal(err)
		}
		if fa.PriceBucket < 0 || fa.PriceBucket > len(boundaries) {
			t.Fatalf("bucket %d out of range for price %v", fa.PriceBucket, a)
		}
		if a <= b && fa.PriceBucket > fb.PriceBucket {
			t.Fatalf("bucketing not monotone: price %v -> %d, %v -> %d", a, fa.PriceBucket, b, fb.PriceBucket)
		}
		if fa.CityHash < 0 || fa.CityHash >= cityBuckets {
			t.Fatalf("city hash %d out of [0,%d)", fa.CityHash, cityBuckets)
		}
		if fa.CityHash != fb.CityHash {
			t.Fatalf("city %q hashes differently after case and space changes", city)
		}
	})
}
