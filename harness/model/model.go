package model

import (
	"fmt"
	"sort"
	"strings"
)

// Model is a model together with its input and output transforms. In is
// what the application passes in, Feat the encoded features, Raw the
// scorer's raw output and Out what the application shows.
//
// Each stage returns an error for bad data (a NaN feature, an unknown
// category the model refuses); Predict and Trace wrap it in a *StageError
// naming the stage.
type Model[In, Feat, Raw, Out any] interface {
	// Encode turns an input into features.
	Encode(in In) (Feat, error)
	// Score computes the raw output from features.
	Score(f Feat) (Raw, error)
	// Decode turns the raw output into the result; it may use the input,
	// for example to filter items the user has already seen.
	Decode(in In, raw Raw) (Out, error)
	// Describe reports what the model is, so that results can name it.
	Describe() Description
}

// Description says which model produced a result. Params is a summary of
// the parameters (sizes, boundaries, a checksum of the weights), not
// necessarily every weight; it must be deterministic so that it can be
// pinned by a golden file.
type Description struct {
	Name    string         `json:"name"`
	Version string         `json:"version"`
	Params  map[string]any `json:"params,omitempty"`
}

// String returns "name@version" followed by the parameters in sorted key
// order, e.g. "ctr@3 {buckets=8 vocab=120}".
func (d Description) String() string {
	var b strings.Builder
	b.WriteString(d.Name)
	if d.Version != "" {
		b.WriteString("@")
		b.WriteString(d.Version)
	}
	if len(d.Params) == 0 {
		return b.String()
	}
	keys := make([]string, 0, len(d.Params))
	for k := range d.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b.WriteString(" {")
	for i, k := range keys {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%s=%v", k, d.Params[k])
	}
	b.WriteString("}")
	return b.String()
}
