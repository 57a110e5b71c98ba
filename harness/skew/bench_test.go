package skew

import (
	"bufio"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// benchProfiles returns a reference and a current profile of rows rows: 8
// numeric features (normal, the current one shifted by 0.1) and 2
// categorical ones of 50 categories, seeded.
func benchProfiles(rows int) (ref, cur *Profile) {
	names := make([]string, 10)
	for i := range names {
		names[i] = fmt.Sprintf("f%d", i)
	}
	ref, cur = NewProfile(names, nil), NewProfile(names, nil)
	rng := rand.New(rand.NewPCG(1, 2))
	col := make([]float64, rows)
	cats := make([]string, 50)
	for i := range cats {
		cats[i] = "c" + strconv.Itoa(i)
	}
	for _, p := range []struct {
		p     *Profile
		shift float64
	}{{ref, 0}, {cur, 0.1}} {
		for j := range 8 {
			for i := range col {
				col[i] = rng.NormFloat64() + p.shift
			}
			p.p.AddNumbers(names[j], col)
		}
		for j := 8; j < 10; j++ {
			f := &p.p.feats[j]
			f.toCategorical()
			for range rows {
				f.counts[cats[min(49, int(rng.ExpFloat64()*10))]]++
			}
			f.n = int64(rows)
		}
	}
	return ref, cur
}

func (p *Profile) clone() *Profile {
	q := NewProfile(p.names, nil)
	for i, f := range p.feats {
		f.values = slices.Clone(f.values)
		f.counts = maps.Clone(f.counts)
		q.feats[i] = f
	}
	return q
}

// BenchmarkCompare1Mx10 compares 1M rows of 10 features (8 numeric, 2
// categorical) with unsorted profiles, as after reading two files: the cost
// is mostly sorting the 16M numeric values.
//
//	go test -run='^$' -bench=Compare1M -benchtime=3x ./harness/skew
func BenchmarkCompare1Mx10(b *testing.B) {
	ref, cur := benchProfiles(1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		r, c := ref.clone(), cur.clone()
		b.StartTimer()
		if _, err := Compare(r, c, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompare1Mx10Sorted compares the same profiles again, their values
// already sorted by an earlier Compare (one reference, many serving days).
func BenchmarkCompare1Mx10Sorted(b *testing.B) {
	ref, cur := benchProfiles(1_000_000)
	if _, err := Compare(ref, cur, Options{}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compare(ref, cur, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAddRow measures Profile.Add on text rows of 10 features (8
// numbers, 2 categories), the path CompareFiles takes.
func BenchmarkAddRow(b *testing.B) {
	names := []string{"a", "b", "c", "d", "e", "f", "g", "h", "city", "device"}
	row := []string{"1.25", "-3", "0.001", "42", "7.5", "", "1e-3", "NaN", "Paris", "ios"}
	p := NewProfile(names, nil)
	b.ReportAllocs()
	for b.Loop() {
		if err := p.Add(row); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompareFiles100k reads two CSV files of 100k rows and 10 columns
// (8 numeric, 2 categorical) and compares them: the end-to-end cost, mostly
// CSV parsing.
//
//	go test -run='^$' -bench=CompareFiles100k -benchtime=3x ./harness/skew
func BenchmarkCompareFiles100k(b *testing.B) {
	dir := b.TempDir()
	rng := rand.New(rand.NewPCG(3, 4))
	cols := []string{"f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "city", "device"}
	var paths [2]string
	for side, shift := range []float64{0, 0.1} {
		paths[side] = filepath.Join(dir, fmt.Sprintf("t%d.csv", side))
		f, err := os.Create(paths[side])
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriter(f)
		fmt.Fprintln(w, "f0,f1,f2,f3,f4,f5,f6,f7,city,device")
		for range 100_000 {
			for range 8 {
				w.WriteString(strconv.FormatFloat(rng.NormFloat64()+shift, 'g', 8, 64))
				w.WriteByte(',')
			}
			fmt.Fprintf(w, "c%d,d%d\n", rng.IntN(50), rng.IntN(4))
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	for b.Loop() {
		if _, err := CompareFiles(paths[0], paths[1], cols, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
