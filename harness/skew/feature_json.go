package skew

import (
	"encoding/json"
	"math"
	"strconv"
)

// A FeatureSkew's JSON encoding is its own (json.Marshal of a Report gives
// it anywhere); the writers of `mltest skew`'s table and JSON output live in
// internal/report.

// jsonFloat writes a finite number in Go's shortest form and NaN or ±Inf as
// null, which JSON has no other spelling for.
type jsonFloat float64

func (x jsonFloat) MarshalJSON() ([]byte, error) {
	v := float64(x)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

type jsonKS struct {
	D      jsonFloat `json:"d"`
	PValue jsonFloat `json:"pvalue"`
	Exact  bool      `json:"exact"`
}

type jsonChange struct {
	Category string    `json:"category"`
	Ref      jsonFloat `json:"ref"`
	Cur      jsonFloat `json:"cur"`
}

// MarshalJSON writes the comparison with snake_case keys ("psi",
// "js_distance", "ks": {"d", "pvalue", "exact"}, "wasserstein_norm", "smd",
// "linf", "top_change", "top_unseen", "drifted", "exceeded", ...). The
// statistics of the other kind are left out; an undefined or infinite one
// is null (Warnings says why).
func (f FeatureSkew) MarshalJSON() ([]byte, error) {
	type out struct {
		Name           string    `json:"name"`
		Kind           Kind      `json:"kind"`
		NRef           int64     `json:"n_ref"`
		NCur           int64     `json:"n_cur"`
		MissingRef     int64     `json:"missing_ref"`
		MissingCur     int64     `json:"missing_cur"`
		MissingRateRef jsonFloat `json:"missing_rate_ref"`
		MissingRateCur jsonFloat `json:"missing_rate_cur"`
		PSI            jsonFloat `json:"psi"`
		JSDistance     jsonFloat `json:"js_distance"`

		NonFiniteRef    *int64     `json:"non_finite_ref,omitempty"`
		NonFiniteCur    *int64     `json:"non_finite_cur,omitempty"`
		Bins            *int       `json:"bins,omitempty"`
		KS              *jsonKS    `json:"ks,omitempty"`
		Wasserstein     *jsonFloat `json:"wasserstein,omitempty"`
		WassersteinNorm *jsonFloat `json:"wasserstein_norm,omitempty"`
		SMD             *jsonFloat `json:"smd,omitempty"`
		MeanRef         *jsonFloat `json:"mean_ref,omitempty"`
		MeanCur         *jsonFloat `json:"mean_cur,omitempty"`
		StdRef          *jsonFloat `json:"std_ref,omitempty"`
		StdCur          *jsonFloat `json:"std_cur,omitempty"`

		LInf             *jsonFloat       `json:"linf,omitempty"`
		TopChange        *jsonChange      `json:"top_change,omitempty"`
		CategoriesRef    *int             `json:"categories_ref,omitempty"`
		CategoriesCur    *int             `json:"categories_cur,omitempty"`
		UnseenCur        *int64           `json:"unseen_cur,omitempty"`
		UnseenCategories *int             `json:"unseen_categories,omitempty"`
		TopUnseen        *[]CategoryCount `json:"top_unseen,omitempty"`

		Drifted  bool         `json:"drifted"`
		Exceeded []Exceedance `json:"exceeded"`
		Warnings []string     `json:"warnings,omitempty"`
	}
	fl := func(x float64) *jsonFloat { v := jsonFloat(x); return &v }
	o := out{
		Name: f.Name, Kind: f.Kind, NRef: f.NRef, NCur: f.NCur,
		MissingRef: f.MissingRef, MissingCur: f.MissingCur,
		MissingRateRef: jsonFloat(f.MissingRateRef), MissingRateCur: jsonFloat(f.MissingRateCur),
		PSI: jsonFloat(f.PSI), JSDistance: jsonFloat(f.JSDistance),
		Drifted: f.Drifted, Exceeded: f.Exceeded, Warnings: f.Warnings,
	}
	if o.Exceeded == nil {
		o.Exceeded = []Exceedance{}
	}
	if f.Kind == Numeric {
		o.NonFiniteRef, o.NonFiniteCur, o.Bins = &f.NonFiniteRef, &f.NonFiniteCur, &f.Bins
		if f.KS != nil {
			o.KS = &jsonKS{jsonFloat(f.KS.D), jsonFloat(f.KS.PValue), f.KS.Exact}
		}
		o.Wasserstein, o.WassersteinNorm, o.SMD = fl(f.Wasserstein), fl(f.WassersteinNorm), fl(f.SMD)
		o.MeanRef, o.MeanCur, o.StdRef, o.StdCur = fl(f.MeanRef), fl(f.MeanCur), fl(f.StdRef), fl(f.StdCur)
	} else {
		o.LInf = fl(f.LInf)
		if f.TopChange != nil {
			o.TopChange = &jsonChange{f.TopChange.Category, jsonFloat(f.TopChange.Ref), jsonFloat(f.TopChange.Cur)}
		}
		top := f.TopUnseen
		if top == nil {
			top = []CategoryCount{}
		}
		o.CategoriesRef, o.CategoriesCur, o.UnseenCur, o.UnseenCategories, o.TopUnseen = &f.CategoriesRef, &f.CategoriesCur, &f.UnseenCur, &f.UnseenCategories, &top
	}
	return json.Marshal(o)
}
