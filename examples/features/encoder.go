package features

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strings"
)

// Listing is what the application passes to the model.
type Listing struct {
	Price    float64 `json:"price"`
	Category string  `json:"category"`
	City     string  `json:"city"`
}

// Features is the encoded listing.
type Features struct {
	PriceBucket int `json:"price_bucket"` // in [0, len(PriceBoundaries)]
	CategoryID  int `json:"category_id"`  // 1 + vocabulary index; 0 for out of vocabulary
	CityHash    int `json:"city_hash"`    // in [0, CityBuckets)
}

// Encoder turns a Listing into Features. Build it with NewEncoder, which
// checks the parameters.
type Encoder struct {
	priceBoundaries []float64
	vocabulary      map[string]int
	categories      []string
	cityBuckets     int
}

// NewEncoder returns an encoder with the given price bucket boundaries
// (finite, strictly increasing), category vocabulary (distinct after
// normalization) and number of city hash buckets (> 0).
func NewEncoder(priceBoundaries []float64, categories []string, cityBuckets int) (*Encoder, error) {
	for i, b := range priceBoundaries {
		if math.IsNaN(b) || math.IsInf(b, 0) {
			return nil, fmt.Errorf("features: price boundary %d is %v, want a finite number", i, b)
		}
		if i > 0 && !(priceBoundaries[i-1] < b) {
			return nil, fmt.Errorf("features: price boundaries must increase strictly: [%d]=%v, [%d]=%v", i-1, priceBoundaries[i-1], i, b)
		}
	}
	if cityBuckets <= 0 {
		return nil, fmt.Errorf("features: city buckets = %d, want > 0", cityBuckets)
	}
	vocab := make(map[string]int, len(categories))
	for i, c := range categories {
		n := normalize(c)
		if _, dup := vocab[n]; dup {
			return nil, fmt.Errorf("features: category %q appears twice in the vocabulary", n)
		}
		vocab[n] = i + 1
	}
	return &Encoder{
		priceBoundaries: append([]float64(nil), priceBoundaries...),
		vocabulary:      vocab,
		categories:      append([]string(nil), categories...),
		cityBuckets:     cityBuckets,
	}, nil
}

// ErrBadPrice is returned for a NaN, infinite or negative price.
var ErrBadPrice = errors.New("price must be a finite number >= 0")

// Encode encodes one listing:
//
//   - PriceBucket is the number of boundaries <= price, so bucket i holds
//     prices in [b[i-1], b[i]) and a price equal to a boundary goes to the
//     bucket above it;
//   - CategoryID is 1 + the category's index in the vocabulary after
//     normalization (trimmed, lower case), 0 when it is not in it;
//   - CityHash is the 32-bit FNV-1a hash of the normalized city modulo the
//     number of buckets (distinct cities may share a bucket).
//
// A NaN, infinite or negative price is an error, never a bucket.
func (e *Encoder) Encode(l Listing) (Features, error) {
	if math.IsNaN(l.Price) || math.IsInf(l.Price, 0) || l.Price < 0 {
		return Features{}, fmt.Errorf("price %v: %w", l.Price, ErrBadPrice)
	}
	bucket := sort.Search(len(e.priceBoundaries), func(i int) bool { return e.priceBoundaries[i] > l.Price })
	h := fnv.New32a()
	h.Write([]byte(normalize(l.City)))
	return Features{
		PriceBucket: bucket,
		CategoryID:  e.vocabulary[normalize(l.Category)],
		CityHash:    int(h.Sum32() % uint32(e.cityBuckets)),
	}, nil
}

// params summarizes the encoder for a model Description.
func (e *Encoder) params() map[string]any {
	return map[string]any{
		"price_boundaries": e.priceBoundaries,
		"categories":       e.categories,
		"city_buckets":     e.cityBuckets,
	}
}

func normalize(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
