package suite

import (
	"fmt"
	"strings"
	"testing"
)

func BenchmarkParse(b *testing.B) {
	data := []byte(everyKey)
	opt := LoadOptions{Dir: "testdata", Getenv: func(k string) (string, bool) { return "v", k == "VERSION" }}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data, "suite.yaml", opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUnifiedDiff diffs a 2,000-line golden file against a copy with
// 20 changed lines spread through it.
func BenchmarkUnifiedDiff(b *testing.B) {
	var want, got strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&want, "row %d\t%d\n", i, i*i)
		if i%100 == 50 {
			fmt.Fprintf(&got, "row %d\t%d\n", i, i*i+1)
		} else {
			fmt.Fprintf(&got, "row %d\t%d\n", i, i*i)
		}
	}
	a, c := want.String(), got.String()
	b.ReportAllocs()
	for b.Loop() {
		if UnifiedDiff("want", "got", a, c, 3) == "" {
			b.Fatal("no diff")
		}
	}
}
