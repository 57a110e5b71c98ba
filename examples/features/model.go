package features

import (
	"fmt"
	"math"

	"github.com/mltest/mltest/harness/model"
)

// Prediction is what the page shows for a listing.
type Prediction struct {
	Probability float64 `json:"probability"` // estimated click probability
	Boost       bool    `json:"boost"`       // shown in the boosted slot
}

// CTR is a logistic click-through model over the encoder's features: one
// weight per price bucket, per category ID (index 0 for out of vocabulary)
// and per city hash bucket. It implements
// model.Model[Listing, Features, float64, Prediction].
type CTR struct {
	Encoder    *Encoder
	Bias       float64
	Price      []float64 // len = price buckets = boundaries + 1
	Category   []float64 // len = vocabulary + 1
	City       []float64 // len = city buckets
	BoostAbove float64   // Boost when Probability >= BoostAbove
}

var _ model.Model[Listing, Features, float64, Prediction] = (*CTR)(nil)

// Encode encodes the listing with the model's Encoder.
func (m *CTR) Encode(l Listing) (Features, error) { return m.Encoder.Encode(l) }

// Score returns the logit Bias + Price[bucket] + Category[id] + City[hash].
// Features outside the weight tables (an encoder that does not match the
// weights) are an error.
func (m *CTR) Score(f Features) (float64, error) {
	if f.PriceBucket < 0 || f.PriceBucket >= len(m.Price) ||
		f.CategoryID < 0 || f.CategoryID >= len(m.Category) ||
		f.CityHash < 0 || f.CityHash >= len(m.City) {
		return 0, fmt.Errorf("features %+v outside the weight tables (%d price, %d category, %d city)", f, len(m.Price), len(m.Category), len(m.City))
	}
	return m.Bias + m.Price[f.PriceBucket] + m.Category[f.CategoryID] + m.City[f.CityHash], nil
}

// Decode turns the logit into a probability, 1/(1+exp(-logit)), and boosts
// the listing when the probability reaches BoostAbove.
func (m *CTR) Decode(_ Listing, logit float64) (Prediction, error) {
	p := 1 / (1 + math.Exp(-logit))
	return Prediction{Probability: p, Boost: p >= m.BoostAbove}, nil
}

// Describe names the model and summarizes the encoder and weight shapes.
func (m *CTR) Describe() model.Description {
	p := m.Encoder.params()
	p["bias"] = m.Bias
	p["weights"] = map[string]int{"price": len(m.Price), "category": len(m.Category), "city": len(m.City)}
	p["boost_above"] = m.BoostAbove
	return model.Description{Name: "listing-ctr", Version: "1", Params: p}
}
