package skew

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzCompareFiles feeds two small tables (CSV or JSONL, chosen by format)
// through CompareFiles: no input may panic, and a comparison that succeeds
// has counts that add up, statistics in range, and valid JSON (the table
// writer is fuzzed in internal/report, FuzzSkewWriters).
func FuzzCompareFiles(f *testing.F) {
	f.Add([]byte("a,b\n1,x\n2,y\n,z\n"), []byte("a,b\n1.5,x\nNaN,w\n3,x\n"), uint8(0))
	f.Add([]byte("a,b\n1,x\n"), []byte("a,b\ninf,x\n-inf,\n"), uint8(0))
	f.Add([]byte("a,b\n5,1\n5,2\n"), []byte("a,b\n5,1\n6,1\n"), uint8(4))
	f.Add([]byte("a,b\n1,x\n"), []byte("a,b\nfoo,x\n"), uint8(2))
	f.Add([]byte("a,b\n\"1,2\",x\n"), []byte("a\n1\n"), uint8(0))
	f.Add([]byte(`{"a": 1, "b": "x"}`+"\n"+`{"a": null, "b": true}`), []byte(`{"a": 2.5, "b": "x"}`+"\n"+`{"a": NaN, "b": [1]}`), uint8(1))
	f.Add([]byte(`{"a": 1e400, "b": "x"}`), []byte(`{"a": "-NaN", "b": null}`), uint8(1))
	f.Add([]byte("a,c\n1,2\n"), []byte("c,a\n3,1\n"), uint8(0x80))
	f.Add([]byte(`{"a": 1, "z": "x"}`), []byte(`{"a": 2, "z": "y"}`), uint8(0x81))
	f.Fuzz(func(t *testing.T, ref, cur []byte, mode uint8) {
		ext := ".csv"
		if mode&1 == 1 {
			ext = ".jsonl"
		}
		var kinds map[string]Kind
		switch (mode >> 1) % 4 {
		case 1:
			kinds = map[string]Kind{"a": Numeric}
		case 2:
			kinds = map[string]Kind{"b": Categorical}
		}
		dir := t.TempDir()
		rp, cp := filepath.Join(dir, "ref"+ext), filepath.Join(dir, "cur"+ext)
		if os.WriteFile(rp, ref, 0o644) != nil || os.WriteFile(cp, cur, 0o644) != nil {
			t.Fatal("cannot write the inputs")
		}
		cols := []string{"a", "b"}
		if mode&0x80 != 0 && kinds == nil {
			cols = nil // every column of the reference
		}
		r, err := CompareFiles(rp, cp, cols, Options{Kinds: kinds, Bins: 1 + int(mode>>3)%16})
		if err != nil {
			return
		}
		for _, f := range r.Features {
			if f.MissingRef+f.NonFiniteRef > f.NRef || f.MissingCur+f.NonFiniteCur > f.NCur || f.NRef < 1 || f.NCur < 1 {
				t.Fatalf("%s: counts do not add up: %+v", f.Name, f)
			}
			for name, v := range map[string]float64{"js": f.JSDistance, "linf": f.LInf} {
				if !math.IsNaN(v) && !(v >= 0 && v <= 1) {
					t.Fatalf("%s: %s = %v out of [0, 1]", f.Name, name, v)
				}
			}
			if !math.IsNaN(f.PSI) && !(f.PSI >= 0) {
				t.Fatalf("%s: psi = %v", f.Name, f.PSI)
			}
			if f.KS != nil && !(f.KS.D >= 0 && f.KS.D <= 1 && f.KS.PValue >= 0 && f.KS.PValue <= 1) {
				t.Fatalf("%s: ks %+v", f.Name, *f.KS)
			}
			if f.Kind == Numeric && f.KS == nil && len(f.Warnings) == 0 {
				t.Fatalf("%s: numeric without KS and without a warning", f.Name)
			}
			if kinds["a"] == Numeric && f.Name == "a" && f.Kind != Numeric {
				t.Fatalf("declared numeric, compared as %v", f.Kind)
			}
		}
		b, err := json.Marshal(r)
		if err != nil || !json.Valid(b) {
			t.Fatalf("JSON: %v\n%s", err, b)
		}
	})
}

// FuzzProfile adds arbitrary text values (one a line) to a profile: no
// value may panic; NaN in any spelling is a missing value, never a number;
// the profile of all rows equals the merge of the profiles of any split;
// and a profile compared with itself shows no distance.
func FuzzProfile(f *testing.F) {
	f.Add("1\n2\n\nNaN\n-nan\n3.5\ninf\n-Infinity\n1e400\n0x1p-2", uint8(3))
	f.Add("a\nb\n1\nnull\n 2 \n1.0", uint8(2))
	f.Add("1_000\n+1\n.5\n-0\n0", uint8(1))
	f.Fuzz(func(t *testing.T, text string, cut uint8) {
		vals := strings.Split(text, "\n")
		for _, s := range vals {
			v, ok := parseNumber(s)
			if ok && (math.IsNaN(v) || IsMissing(s)) {
				t.Fatalf("%q: a number %v and missing", s, v)
			}
			// parseNumber reads the one grammar of numbers (plus inf): what
			// it reads, ParseFloat reads the same (±Inf beyond the range),
			// and Go's extras (hexadecimal, digit separators) are not
			// numbers.
			if ok {
				w, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
				if ne, isNum := err.(*strconv.NumError); (err != nil && !(isNum && ne.Err == strconv.ErrRange)) || w != v {
					t.Fatalf("%q: parseNumber reads %v, ParseFloat %v, %v", s, v, w, err)
				}
				if strings.ContainsAny(s, "xX_pP") {
					t.Fatalf("%q: parseNumber reads Go syntax as %v", s, v)
				}
			}
		}
		k := int(cut) % (len(vals) + 1)
		whole, a, b := NewProfile([]string{"x"}, nil), NewProfile([]string{"x"}, nil), NewProfile([]string{"x"}, nil)
		for _, p := range []struct {
			p    *Profile
			vals []string
		}{{whole, vals}, {a, vals[:k]}, {b, vals[k:]}} {
			if err := p.p.AddTexts("x", p.vals); err != nil {
				t.Fatal(err)
			}
		}
		a.Merge(b)
		r1, err1 := Compare(whole, whole, Options{})
		r2, err2 := Compare(a, whole, Options{})
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if d := cmp.Diff(r1, r2, cmpopts.EquateNaNs()); d != "" {
			t.Fatalf("merge of a split differs from the whole (-whole +merged):\n%s", d)
		}
		f := r1.Features[0]
		if f.NRef != int64(len(vals)) {
			t.Fatalf("%d rows counted, want %d", f.NRef, len(vals))
		}
		for name, v := range distances(f) {
			if !math.IsNaN(v) && v != 0 {
				t.Fatalf("%s(x, x) = %v", name, v)
			}
		}
	})
}
