package rec

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"math"
	"slices"

	"github.com/mltest/mltest/harness/model"
)

// Request asks for one user's recommendations.
type Request struct {
	User string `json:"user"`
	// Candidates are the item ids the list may hold, in any order; none
	// means every item. An unknown or repeated id is an error of Encode.
	Candidates []string `json:"candidates,omitempty"`
	// Recent are items the user interacted with after the training
	// snapshot (the application's real-time events). They join the history
	// with recency weight 1, as if at AsOf, and are never recommended. An
	// unknown or repeated id is an error of Encode; one already in the
	// history is ignored.
	Recent []string `json:"recent,omitempty"`
	// K is the length of the list; 0 means Rules.K.
	K int `json:"k,omitempty"`
}

// Features is what Encode makes of a request: the user's history with its
// confidence weights, and the candidates in increasing item order with their
// popularity feature. Sorting the candidates makes every stage independent of
// the order a caller lists them in.
type Features struct {
	History        []int     `json:"history"`         // item indexes of the user's training interactions
	HistoryWeights []float64 `json:"history_weights"` // Alpha·ρ for each, the extra confidence c-1
	Candidates     []int     `json:"candidates"`      // item indexes, increasing
	Popularity     []float64 `json:"popularity"`      // popularityFeature of each candidate
}

// Raw is the scorer's output: one score per candidate, in Features order.
type Raw struct {
	Candidates []int     `json:"candidates"`
	Scores     []float64 `json:"scores"`
}

// Output is the list the application shows, best first, with each item's
// raw score.
type Output struct {
	Items  []string  `json:"items"`
	Scores []float64 `json:"scores"`
}

// Model is a trained recommender: its hyperparameters and business rules,
// the training snapshot its features are read from (histories, popularity),
// and the learned item factors. Its fields are what Write saves; build one
// with Train or Read, not by hand.
type Model struct {
	Hyper Hyperparameters `json:"hyperparameters"`
	Rules Rules           `json:"rules"`
	// AsOf is the reference time of the recency weights, Unix seconds:
	// the train cutoff.
	AsOf int64 `json:"as_of"`

	Users        []string  `json:"users"`
	Histories    [][]int   `json:"histories"`     // per user, increasing item index
	HistoryTimes [][]int64 `json:"history_times"` // parallel to Histories, Unix seconds

	Items       []string    `json:"items"`
	Categories  []string    `json:"categories"`   // per item; "" when unknown
	Counts      []int       `json:"counts"`       // training interactions per item
	BucketEdges []float64   `json:"bucket_edges"` // lower edges of the popularity buckets (counts)
	ItemFactors [][]float64 `json:"item_factors"` // Items × Factors

	userIndex  map[string]int
	itemIndex  map[string]int
	gram       []float64 // ItemFactorsᵀ ItemFactors
	unbucketed bool
}

var _ model.Model[Request, Features, Raw, Output] = (*Model)(nil)

// prepare builds the lookup tables and the Gram matrix after Train or Read.
func (m *Model) prepare() {
	m.userIndex = make(map[string]int, len(m.Users))
	for u, id := range m.Users {
		m.userIndex[id] = u
	}
	m.itemIndex = make(map[string]int, len(m.Items))
	for i, id := range m.Items {
		m.itemIndex[id] = i
	}
	m.gram = gramOf(m.ItemFactors, m.Hyper.Factors)
}

// WithUnbucketedPopularity returns a copy of m with the deliberate bug
// switched on or off: with it on, Encode forgets the popularity bucketing
// and emits log(1 + count) instead of log(1 + bucket edge). Off in every
// model Train and Read return; recserve's --bug-unbucketed-popularity turns
// it on. The copy shares m's parameters (neither changes them), so a test can
// compare the two in-process.
func (m *Model) WithUnbucketedPopularity(on bool) *Model {
	c := *m
	c.unbucketed = on
	return &c
}

// History returns the item indexes the user interacted with in training
// (increasing), nil for an unknown user.
func (m *Model) History(user string) []int {
	if u, ok := m.userIndex[user]; ok {
		return m.Histories[u]
	}
	return nil
}

// ItemIndex returns the index of an item id.
func (m *Model) ItemIndex(item string) (int, bool) {
	i, ok := m.itemIndex[item]
	return i, ok
}

// recency is ρ = 2^(-age/half-life) of an interaction at time t.
func (m *Model) recency(t int64) float64 {
	if m.Hyper.RecencyHalfLifeDays == 0 {
		return 1
	}
	ageDays := float64(m.AsOf-t) / 86400
	return math.Exp2(-ageDays / m.Hyper.RecencyHalfLifeDays)
}

// Encode looks the user's history up in the training snapshot (an unknown
// user has none: a cold start, answered from popularity), weights each
// interaction by Alpha·ρ, and encodes each candidate's popularity bucket.
func (m *Model) Encode(in Request) (Features, error) {
	if in.User == "" {
		return Features{}, fmt.Errorf("empty user id")
	}
	var f Features
	if u, ok := m.userIndex[in.User]; ok {
		f.History = slices.Clone(m.Histories[u])
		f.HistoryWeights = make([]float64, len(f.History))
		for k, t := range m.HistoryTimes[u] {
			f.HistoryWeights[k] = m.Hyper.Alpha * m.recency(t)
		}
	}
	if len(in.Recent) > 0 {
		recent, err := m.indexes("recent item", in.Recent)
		if err != nil {
			return Features{}, err
		}
		for _, i := range recent {
			if k, found := slices.BinarySearch(f.History, i); !found {
				f.History = slices.Insert(f.History, k, i)
				f.HistoryWeights = slices.Insert(f.HistoryWeights, k, m.Hyper.Alpha)
			}
		}
	}
	if len(in.Candidates) == 0 {
		f.Candidates = make([]int, len(m.Items))
		for i := range f.Candidates {
			f.Candidates[i] = i
		}
	} else {
		var err error
		if f.Candidates, err = m.indexes("candidate", in.Candidates); err != nil {
			return Features{}, err
		}
	}
	f.Popularity = make([]float64, len(f.Candidates))
	for k, i := range f.Candidates {
		f.Popularity[k] = popularityFeature(m.BucketEdges, float64(m.Counts[i]), m.unbucketed)
	}
	return f, nil
}

// indexes returns the item indexes of ids in increasing order; an unknown
// or repeated id is an error naming what the id was (a candidate, ...).
func (m *Model) indexes(what string, ids []string) ([]int, error) {
	idx := make([]int, len(ids))
	for k, id := range ids {
		i, ok := m.itemIndex[id]
		if !ok {
			return nil, fmt.Errorf("%s %q: unknown item", what, id)
		}
		idx[k] = i
	}
	slices.Sort(idx)
	for k := 1; k < len(idx); k++ {
		if idx[k] == idx[k-1] {
			return nil, fmt.Errorf("%s %q listed twice", what, m.Items[idx[k]])
		}
	}
	return idx, nil
}

// Score folds the user's factors in from the history (the ALS user step
// against the learned item factors) and scores each candidate
//
//	s_i = x_u·y_i + PopularityWeight·popularity_i
//
// A user without history has x_u = 0 and gets the popularity ranking.
func (m *Model) Score(f Features) (Raw, error) {
	if len(f.History) != len(f.HistoryWeights) || len(f.Candidates) != len(f.Popularity) {
		return Raw{}, fmt.Errorf("features of mismatched lengths: %d history, %d weights, %d candidates, %d popularity",
			len(f.History), len(f.HistoryWeights), len(f.Candidates), len(f.Popularity))
	}
	for k, i := range f.History {
		if i < 0 || i >= len(m.Items) {
			return Raw{}, fmt.Errorf("history item %d outside the %d items", i, len(m.Items))
		}
		if w := f.HistoryWeights[k]; !(w >= 0) || math.IsInf(w, 1) {
			return Raw{}, fmt.Errorf("history weight %v of item %q, want a finite value >= 0", w, m.Items[i])
		}
	}
	x := make([]float64, m.Hyper.Factors)
	if len(f.History) > 0 {
		if err := newRowSolver(m.Hyper.Factors).solve(m.gram, m.ItemFactors, f.History, f.HistoryWeights, m.Hyper.Regularization, x); err != nil {
			return Raw{}, err
		}
	}
	raw := Raw{Candidates: slices.Clone(f.Candidates), Scores: make([]float64, len(f.Candidates))}
	for k, i := range f.Candidates {
		if i < 0 || i >= len(m.Items) {
			return Raw{}, fmt.Errorf("candidate item %d outside the %d items", i, len(m.Items))
		}
		p := f.Popularity[k]
		if math.IsNaN(p) || math.IsInf(p, 0) {
			return Raw{}, fmt.Errorf("popularity feature %v of item %q", p, m.Items[i])
		}
		s := m.Hyper.PopularityWeight * p
		for d, y := range m.ItemFactors[i] {
			s += x[d] * y
		}
		raw.Scores[k] = s
	}
	return raw, nil
}

// Decode ranks the candidates by score (ties: lower item index first), drops
// the items the user already has (history and Recent), and fills the list of length k in that
// order, skipping an item whose category already holds
// ⌈MaxCategoryShare·k⌉ items of the list. The list is shorter than k when
// too few candidates remain.
func (m *Model) Decode(in Request, raw Raw) (Output, error) {
	if len(raw.Candidates) != len(raw.Scores) {
		return Output{}, fmt.Errorf("%d scores for %d candidates", len(raw.Scores), len(raw.Candidates))
	}
	k := in.K
	if k == 0 {
		k = m.Rules.K
	}
	if k < 0 {
		return Output{}, fmt.Errorf("k %d, want >= 0", k)
	}
	seen := m.History(in.User)
	if len(in.Recent) > 0 {
		seen = slices.Clone(seen)
		for _, id := range in.Recent {
			if i, ok := m.itemIndex[id]; ok {
				if k, found := slices.BinarySearch(seen, i); !found {
					seen = slices.Insert(seen, k, i)
				}
			}
		}
	}
	order := make([]int, 0, len(raw.Candidates))
	for j, i := range raw.Candidates {
		if math.IsNaN(raw.Scores[j]) {
			return Output{}, fmt.Errorf("NaN score for item %q", m.Items[i])
		}
		if _, found := slices.BinarySearch(seen, i); !found {
			order = append(order, j)
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(raw.Scores[b], raw.Scores[a]); c != 0 {
			return c
		}
		return raw.Candidates[a] - raw.Candidates[b]
	})
	limit := k
	if s := m.Rules.MaxCategoryShare; s > 0 && s < 1 {
		limit = int(math.Ceil(s * float64(k)))
	}
	perCategory := map[string]int{}
	out := Output{Items: []string{}, Scores: []float64{}}
	for _, j := range order {
		if len(out.Items) == k {
			break
		}
		i := raw.Candidates[j]
		if c := m.Categories[i]; c != "" {
			if perCategory[c] == limit {
				continue
			}
			perCategory[c]++
		}
		out.Items = append(out.Items, m.Items[i])
		out.Scores = append(out.Scores, raw.Scores[j])
	}
	return out, nil
}

// Describe names the model and summarizes its parameters: sizes, bucket
// edges, the hyperparameters and an FNV-1a checksum of the item factors
// printed to 7 significant digits, so a golden file pins which weights
// produced a result without failing on a last-bit difference of another
// platform's floating point (such as fused multiply-adds).
func (m *Model) Describe() model.Description {
	h := fnv.New64a()
	for _, y := range m.ItemFactors {
		for _, v := range y {
			fmt.Fprintf(h, "%.6e ", v)
		}
	}
	p := map[string]any{
		"users": len(m.Users), "items": len(m.Items),
		"bucket_edges":    m.BucketEdges,
		"hyperparameters": m.Hyper,
		"rules":           m.Rules,
		"factors_fnv64a":  fmt.Sprintf("%016x", h.Sum64()),
	}
	if m.unbucketed {
		p["bug_unbucketed_popularity"] = true
	}
	return model.Description{Name: "rec-als", Version: fmt.Sprint(FormatVersion), Params: p}
}

// Recommend returns the user's top-k list (k = 0: Rules.K) over every item:
// model.Predict on Request{User: user, K: k}.
func (m *Model) Recommend(user string, k int) (Output, error) {
	return model.Predict[Request, Features, Raw, Output](m, Request{User: user, K: k})
}
