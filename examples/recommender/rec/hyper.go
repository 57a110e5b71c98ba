package rec

import "fmt"

// Hyperparameters are the choices of the training algorithm. They are saved
// with the model so that a file says how it was made.
type Hyperparameters struct {
	// Factors is the latent dimension f of user and item factors.
	Factors int `json:"factors"`
	// Iterations is the number of ALS sweeps (users, then items).
	Iterations int `json:"iterations"`
	// Regularization is λ of the ridge penalty λ(|x_u|² + |y_i|²).
	Regularization float64 `json:"regularization"`
	// Alpha scales confidence: c_ui = 1 + Alpha·ρ_ui for an observed pair.
	Alpha float64 `json:"alpha"`
	// RecencyHalfLifeDays is the half-life of the recency weight
	// ρ_ui = 2^(-age/half-life), age the days from the interaction to the
	// model's reference time (the train cutoff); 0 means ρ = 1 (no decay).
	RecencyHalfLifeDays float64 `json:"recency_half_life_days"`
	// PopularityBuckets is the number of quantile buckets of item
	// popularity (fewer when quantiles coincide).
	PopularityBuckets int `json:"popularity_buckets"`
	// PopularityWeight multiplies the popularity feature in the score.
	PopularityWeight float64 `json:"popularity_weight"`
	// Seed seeds the initial item factors.
	Seed uint64 `json:"seed"`
}

// DefaultHyperparameters are the settings of the example. Factors is the
// latent dimension of the synthetic data's generator; Regularization is the
// best of 10, 20, 50 and 100 by nDCG@10 on a validation split (the last 20%
// of the training events by time, recdata.Dataset.ValidationSplit), never
// on the test split (receval's TestDefaultsChosenOnValidation re-checks it).
// The rest are conventional values: Alpha 10 is in the range Hu et al.
// report, the recency and popularity settings are the example's choices.
func DefaultHyperparameters() Hyperparameters {
	return Hyperparameters{
		Factors: 8, Iterations: 10, Regularization: 50, Alpha: 10,
		RecencyHalfLifeDays: 120, PopularityBuckets: 8, PopularityWeight: 0.05, Seed: 1,
	}
}

// Bounds on sizes, so that a damaged model file cannot ask for an absurd
// allocation (a Gram matrix of Factors², a list of K items).
const (
	MaxFactors = 1024
	MaxBuckets = 1024
	MaxK       = 10000
)

// Validate reports the first hyperparameter outside its range.
func (h Hyperparameters) Validate() error {
	switch {
	case h.Factors < 1 || h.Factors > MaxFactors:
		return fmt.Errorf("rec: factors %d, want 1..%d", h.Factors, MaxFactors)
	case h.Iterations < 1:
		return fmt.Errorf("rec: iterations %d, want >= 1", h.Iterations)
	case !(h.Regularization > 0) || isInf(h.Regularization):
		return fmt.Errorf("rec: regularization %v, want a finite value > 0", h.Regularization)
	case !(h.Alpha >= 0) || isInf(h.Alpha):
		return fmt.Errorf("rec: alpha %v, want a finite value >= 0", h.Alpha)
	case !(h.RecencyHalfLifeDays >= 0) || isInf(h.RecencyHalfLifeDays):
		return fmt.Errorf("rec: recency half-life %v days, want a finite value >= 0", h.RecencyHalfLifeDays)
	case h.PopularityBuckets < 1 || h.PopularityBuckets > MaxBuckets:
		return fmt.Errorf("rec: popularity buckets %d, want 1..%d", h.PopularityBuckets, MaxBuckets)
	case h.PopularityWeight != h.PopularityWeight || isInf(h.PopularityWeight):
		return fmt.Errorf("rec: popularity weight %v, want a finite value", h.PopularityWeight)
	}
	return nil
}

// Rules are the business rules of Decode: how many items a list holds and
// how much of it one category may fill.
type Rules struct {
	// K is the length of a list when the request does not ask for one.
	K int `json:"k"`
	// MaxCategoryShare caps the items of one category in a list of length k
	// at ⌈MaxCategoryShare·k⌉; 0 or 1 means no cap. Items without a
	// category are never capped.
	MaxCategoryShare float64 `json:"max_category_share"`
}

// DefaultRules: lists of 10, at most half of a list from one category.
func DefaultRules() Rules { return Rules{K: 10, MaxCategoryShare: 0.5} }

// Validate reports a rule outside its range.
func (r Rules) Validate() error {
	if r.K < 1 || r.K > MaxK {
		return fmt.Errorf("rec: k %d, want 1..%d", r.K, MaxK)
	}
	if !(r.MaxCategoryShare >= 0 && r.MaxCategoryShare <= 1) {
		return fmt.Errorf("rec: max category share %v, want one in [0, 1]", r.MaxCategoryShare)
	}
	return nil
}

func isInf(x float64) bool { return x > 1e308 || x < -1e308 }
