package rec

import (
	"fmt"

	"github.com/mltest/mltest/harness/model"
)

// Popularity is the baseline the model must beat: it scores every candidate
// by its number of training interactions and decodes as the model does (the
// same seen-item filter and diversity cap), so a comparison of the two
// measures the learned scorer and nothing else.
type Popularity struct {
	m *Model
}

var _ model.Model[Request, Features, Raw, Output] = Popularity{}

// Baseline returns the popularity baseline over m's training snapshot.
func (m *Model) Baseline() Popularity { return Popularity{m: m} }

// Encode is the model's Encode.
func (p Popularity) Encode(in Request) (Features, error) { return p.m.Encode(in) }

// Score is each candidate's training count.
func (p Popularity) Score(f Features) (Raw, error) {
	raw := Raw{Candidates: append([]int(nil), f.Candidates...), Scores: make([]float64, len(f.Candidates))}
	for k, i := range f.Candidates {
		if i < 0 || i >= len(p.m.Items) {
			return Raw{}, fmt.Errorf("candidate item %d outside the %d items", i, len(p.m.Items))
		}
		raw.Scores[k] = float64(p.m.Counts[i])
	}
	return raw, nil
}

// Decode is the model's Decode.
func (p Popularity) Decode(in Request, raw Raw) (Output, error) { return p.m.Decode(in, raw) }

// Describe names the baseline.
func (p Popularity) Describe() model.Description {
	return model.Description{Name: "rec-popularity", Version: "1", Params: map[string]any{"items": len(p.m.Items), "rules": p.m.Rules}}
}
