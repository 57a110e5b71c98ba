package skew

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// A decoded profile, and a clone, compare exactly as the original; a damaged
// encoding is refused and leaves the receiver as it was.
func TestProfileEncoding(t *testing.T) {
	ref := NewProfile([]string{"x", "c"}, map[string]Kind{"c": Categorical})
	cur := NewProfile([]string{"x", "c"}, map[string]Kind{"c": Categorical})
	for i := range 300 {
		ref.Add([]string{formatNum(float64(i%17) + 0.5), []string{"a", "b"}[i%2]})
		cur.Add([]string{formatNum(float64(i%13) * 1.3), []string{"a", "b", "z", ""}[i%4]})
	}
	cur.AddNumbers("x", []float64{math.Inf(1), math.NaN()})
	b, err := cur.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Profile
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	clone := cur.Clone()
	want, err := Compare(ref, cur, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*Profile{&back, clone} {
		got, err := Compare(ref, p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(want, got, cmpopts.EquateNaNs()); d != "" {
			t.Errorf("(-original +copy):\n%s", d)
		}
	}
	if err := back.UnmarshalBinary(b[:len(b)/2]); err == nil {
		t.Error("a truncated encoding decoded")
	}
	if back.Rows("x") != cur.Rows("x") {
		t.Error("a failed decode changed the profile")
	}
}

func formatNum(v float64) string { return numberCategory(v) }
