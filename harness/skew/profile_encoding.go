package skew

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"maps"
	"slices"
)

// A Profile's encoding lets it outlive the process: mltest monitor
// checkpoints the profiles of the windows it has not yet emitted. A gob
// envelope that starts with its version; a decoded profile compares exactly
// as the encoded one.

const profileEncodingVersion = 1

type encodedProfile struct {
	Version int
	Names   []string
	Feats   []encodedFeature
}

type encodedFeature struct {
	Declared                   Kind
	N, Missing, PosInf, NegInf int64
	Categorical                bool
	Values                     []float64
	Counts                     map[string]int64
}

// MarshalBinary encodes the profile (encoding.BinaryMarshaler).
func (p *Profile) MarshalBinary() ([]byte, error) {
	enc := encodedProfile{Version: profileEncodingVersion, Names: p.names}
	for _, f := range p.feats {
		enc.Feats = append(enc.Feats, encodedFeature{Declared: f.declared, N: f.n, Missing: f.missing, PosInf: f.posInf,
			NegInf: f.negInf, Categorical: f.categorical, Values: f.values, Counts: f.counts})
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(enc); err != nil {
		return nil, fmt.Errorf("skew: encoding a profile: %w", err)
	}
	return b.Bytes(), nil
}

// UnmarshalBinary replaces p with the profile MarshalBinary encoded in data
// (encoding.BinaryUnmarshaler); on error p is unchanged.
func (p *Profile) UnmarshalBinary(data []byte) error {
	var enc encodedProfile
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&enc); err != nil {
		return fmt.Errorf("skew: decoding a profile: %w", err)
	}
	if enc.Version != profileEncodingVersion || len(enc.Feats) != len(enc.Names) {
		return fmt.Errorf("skew: decoding a profile: version %d with %d features for %d names", enc.Version, len(enc.Feats), len(enc.Names))
	}
	q := &Profile{names: enc.Names, index: make(map[string]int, len(enc.Names)), feats: make([]featureProfile, len(enc.Names))}
	for i, name := range enc.Names {
		if _, dup := q.index[name]; dup {
			return fmt.Errorf("skew: decoding a profile: feature %q twice", name)
		}
		q.index[name] = i
		f := enc.Feats[i]
		if f.Declared < Auto || f.Declared > Categorical {
			return fmt.Errorf("skew: decoding a profile: feature %q: kind %d", name, int(f.Declared))
		}
		q.feats[i] = featureProfile{declared: f.Declared, n: f.N, missing: f.Missing, posInf: f.PosInf, negInf: f.NegInf,
			categorical: f.Categorical, values: f.Values}
		if f.Categorical {
			q.feats[i].counts = f.Counts
			if q.feats[i].counts == nil {
				q.feats[i].counts = map[string]int64{}
			}
		}
	}
	*p = *q
	return nil
}

// Clone returns an independent copy of p.
func (p *Profile) Clone() *Profile {
	q := &Profile{names: slices.Clone(p.names), index: maps.Clone(p.index), feats: slices.Clone(p.feats)}
	for i := range q.feats {
		q.feats[i].values = slices.Clone(q.feats[i].values)
		q.feats[i].counts = maps.Clone(q.feats[i].counts)
	}
	return q
}
