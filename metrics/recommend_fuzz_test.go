package metrics

import (
	"errors"
	"fmt"
	"testing"
)

// FuzzBeyondAccuracy decodes bytes into train and reco rows over a few users
// and items (so duplicates and recommended training pairs occur): the
// measures must not panic, must reject exactly the inputs Recommenders
// rejects or assumes away, and must otherwise agree with the plain
// definitions.
func FuzzBeyondAccuracy(f *testing.F) {
	f.Add(uint8(3), []byte{0x01, 0x02, 0x13, 0x24, 0x05, 0x16})
	f.Add(uint8(0), []byte{0x01, 0x01})
	f.Add(uint8(2), []byte{0x01, 0x12, 0x03, 0x14, 0x25, 0x26, 0x27})
	f.Fuzz(func(t *testing.T, split uint8, data []byte) {
		row := func(b byte) Interaction {
			return Interaction{User: fmt.Sprintf("u%d", b>>4&7), Item: fmt.Sprintf("i%d", b&15)}
		}
		n := min(int(split), len(data))
		var train, reco []Interaction
		for _, b := range data[:n] {
			train = append(train, row(b))
		}
		for _, b := range data[n:] {
			reco = append(reco, row(b))
		}
		got, err := BeyondAccuracyOf(train, reco)

		seen := map[Interaction]bool{}
		bad := false
		for _, x := range train {
			bad = bad || seen[x]
			seen[x] = true
		}
		recoSeen := map[Interaction]bool{}
		for _, x := range reco {
			bad = bad || seen[x] || recoSeen[x]
			recoSeen[x] = true
		}
		var ie *InteractionError
		if errors.As(err, &ie) != bad {
			t.Fatalf("train %v reco %v: err = %v, duplicate or trained pair: %v", train, reco, err, bad)
		}
		if bad {
			return
		}
		if err != nil && !errors.Is(err, ErrUndefined) {
			t.Fatalf("unexpected error %v", err)
		}
		want := naiveBeyondAccuracy(train, reco)
		for _, name := range BeyondAccuracyMeasureNames() {
			if g, w := resultMeasure(got, name), resultMeasure(want, name); !recommendClose(g, w, 1e-12) {
				t.Fatalf("train %v reco %v: %s = %v, plain definition %v", train, reco, name, g, w)
			}
		}
	})
}
