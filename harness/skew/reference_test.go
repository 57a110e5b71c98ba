package skew

// The reference values come from scipy 1.10 and numpy 1.24 (Debian's
// /usr/bin/python3), produced by testdata/gen.py:
//
//	/usr/bin/python3 harness/skew/testdata/gen.py

import (
	"encoding/json"
	"math"
	"os"
	"slices"
	"testing"
)

type numericRef struct {
	Name            string    `json:"name"`
	BinsRequested   int       `json:"bins_requested"`
	Ref             []float64 `json:"ref"`
	Cur             []float64 `json:"cur"`
	Bins            int       `json:"bins"`
	Edges           []float64 `json:"edges"`
	PSI             float64   `json:"psi"`
	JS              float64   `json:"js"`
	KSD             float64   `json:"ks_d"`
	KSP             float64   `json:"ks_p"`
	KSExact         bool      `json:"ks_exact"`
	KSPAsymp        float64   `json:"ks_p_asymp"`
	Wasserstein     float64   `json:"wasserstein"`
	WassersteinNorm float64   `json:"wasserstein_norm"`
	SMD             float64   `json:"smd"`
	MeanRef         float64   `json:"mean_ref"`
	MeanCur         float64   `json:"mean_cur"`
	StdRef          float64   `json:"std_ref"`
	StdCur          float64   `json:"std_cur"`
}

type categoricalRef struct {
	Name             string           `json:"name"`
	Ref              map[string]int64 `json:"ref"`
	Cur              map[string]int64 `json:"cur"`
	LInf             float64          `json:"linf"`
	TopChange        string           `json:"top_change"`
	JS               float64          `json:"js"`
	PSI              float64          `json:"psi"`
	UnseenRows       int64            `json:"unseen_rows"`
	UnseenCategories int              `json:"unseen_categories"`
	TopUnseen        []string         `json:"top_unseen"`
}

// fileFeatureRef is one column of the files case: its counts, and the
// statistics of its kind (the same JSON object decoded into each).
type fileFeatureRef struct {
	Kind       string `json:"kind"`
	NRef       int64  `json:"n_ref"`
	NCur       int64  `json:"n_cur"`
	MissingRef int64  `json:"missing_ref"`
	MissingCur int64  `json:"missing_cur"`
	numeric    numericRef
	category   categoricalRef
}

func (f *fileFeatureRef) UnmarshalJSON(b []byte) error {
	type counts fileFeatureRef
	if err := json.Unmarshal(b, (*counts)(f)); err != nil {
		return err
	}
	if err := json.Unmarshal(b, &f.numeric); err != nil {
		return err
	}
	return json.Unmarshal(b, &f.category)
}

type reference struct {
	Numeric     []numericRef     `json:"numeric"`
	Categorical []categoricalRef `json:"categorical"`
	Files       struct {
		Bins     int                       `json:"bins"`
		Features map[string]fileFeatureRef `json:"features"`
	} `json:"files"`
}

func loadReference(t *testing.T) reference {
	t.Helper()
	b, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var r reference
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// close9 is the 1e-9 relative-or-absolute agreement the project asks of
// every reference comparison.
func close9(got, want float64) bool {
	return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want))
}

// refChecker counts comparisons, so a test that compared nothing fails.
type refChecker struct {
	t *testing.T
	n int
}

func (c *refChecker) check(what string, got, want float64) {
	c.t.Helper()
	c.n++
	if !close9(got, want) {
		c.t.Errorf("%s = %.17g, want %.17g (scipy/numpy), diff %.3g", what, got, want, got-want)
	}
}

func (c *refChecker) checkNumeric(name string, f FeatureSkew, w numericRef) {
	c.t.Helper()
	if f.Kind != Numeric {
		c.t.Fatalf("%s: kind %v, want numeric", name, f.Kind)
	}
	if f.Bins != w.Bins {
		c.t.Errorf("%s: %d bins, want %d", name, f.Bins, w.Bins)
	}
	c.check(name+": psi", f.PSI, w.PSI)
	c.check(name+": js_distance", f.JSDistance, w.JS)
	c.check(name+": ks_d", f.KS.D, w.KSD)
	if w.KSExact {
		if !f.KS.Exact {
			c.t.Errorf("%s: ks p-value not exact, want exact (n <= 10000)", name)
		}
		// Absolute 1e-9 for tiny p-values (close9): stats.KSTwoSample's
		// exact p for unequal sizes is 1 - P(inside), right to about 1e-14
		// absolute only (age in the files case: 2.4e-14 against scipy's
		// 8.0e-16).
		c.check(name+": ks_pvalue", f.KS.PValue, w.KSP)
	} else {
		// stats.KSTwoSample's documented asymptotic distribution, which
		// scipy 1.10 does not use beyond n = 10000.
		c.check(name+": ks_pvalue (asymptotic)", f.KS.PValue, w.KSPAsymp)
	}
	c.check(name+": wasserstein", f.Wasserstein, w.Wasserstein)
	c.check(name+": wasserstein_norm", f.WassersteinNorm, w.WassersteinNorm)
	c.check(name+": smd", f.SMD, w.SMD)
	c.check(name+": mean_ref", f.MeanRef, w.MeanRef)
	c.check(name+": mean_cur", f.MeanCur, w.MeanCur)
	c.check(name+": std_ref", f.StdRef, w.StdRef)
	c.check(name+": std_cur", f.StdCur, w.StdCur)
}

func (c *refChecker) checkCategorical(name string, f FeatureSkew, w categoricalRef) {
	c.t.Helper()
	if f.Kind != Categorical {
		c.t.Fatalf("%s: kind %v, want categorical", name, f.Kind)
	}
	c.check(name+": linf", f.LInf, w.LInf)
	c.check(name+": js_distance", f.JSDistance, w.JS)
	c.check(name+": psi", f.PSI, w.PSI)
	if f.TopChange == nil || f.TopChange.Category != w.TopChange {
		c.t.Errorf("%s: top change %+v, want category %q", name, f.TopChange, w.TopChange)
	}
	if f.UnseenCur != w.UnseenRows || f.UnseenCategories != w.UnseenCategories {
		c.t.Errorf("%s: %d unseen rows in %d categories, want %d in %d", name, f.UnseenCur, f.UnseenCategories, w.UnseenRows, w.UnseenCategories)
	}
	var top []string
	for _, u := range f.TopUnseen {
		top = append(top, u.Category)
	}
	if !slices.Equal(top, w.TopUnseen) && !(len(top) == 0 && len(w.TopUnseen) == 0) {
		c.t.Errorf("%s: top unseen %q, want %q", name, top, w.TopUnseen)
	}
}

func TestNumericMatchesScipy(t *testing.T) {
	ref := loadReference(t)
	c := &refChecker{t: t}
	for _, w := range ref.Numeric {
		p, q := NewProfile([]string{"x"}, nil), NewProfile([]string{"x"}, nil)
		p.AddNumbers("x", w.Ref)
		q.AddNumbers("x", w.Cur)
		r, err := Compare(p, q, Options{Bins: w.BinsRequested})
		if err != nil {
			t.Fatal(err)
		}
		f := r.Features[0]
		c.checkNumeric(w.Name, f, w)
		if f.NRef != int64(len(w.Ref)) || f.NCur != int64(len(w.Cur)) {
			t.Errorf("%s: n = %d, %d, want %d, %d", w.Name, f.NRef, f.NCur, len(w.Ref), len(w.Cur))
		}
		// The flat function agrees with scipy.stats.wasserstein_distance
		// whichever sample comes first.
		c.check(w.Name+": Wasserstein(cur, ref)", Wasserstein(q.feats[0].sortedValues(), p.feats[0].sortedValues()), w.Wasserstein)
	}
	if len(ref.Numeric) < 8 || c.n < 8*12 {
		t.Fatalf("only %d numeric cases, %d comparisons", len(ref.Numeric), c.n)
	}
	t.Logf("%d numeric cases, %d comparisons with scipy/numpy", len(ref.Numeric), c.n)
}

func TestCategoricalMatchesScipy(t *testing.T) {
	ref := loadReference(t)
	c := &refChecker{t: t}
	for _, w := range ref.Categorical {
		p, q := NewProfile([]string{"c"}, nil), NewProfile([]string{"c"}, nil)
		addCounts(t, p, w.Ref)
		addCounts(t, q, w.Cur)
		r, err := Compare(p, q, Options{})
		if err != nil {
			t.Fatal(err)
		}
		c.checkCategorical(w.Name, r.Features[0], w)
	}
	if len(ref.Categorical) < 4 {
		t.Fatalf("only %d categorical cases", len(ref.Categorical))
	}
	t.Logf("%d categorical cases, %d comparisons with scipy/numpy", len(ref.Categorical), c.n)
}

// addCounts adds each category count times, interleaved rather than in runs.
func addCounts(t *testing.T, p *Profile, counts map[string]int64) {
	t.Helper()
	left := maps2slice(counts)
	for more := true; more; {
		more = false
		for i := range left {
			if left[i].Count > 0 {
				if err := p.Add([]string{left[i].Category}); err != nil {
					t.Fatal(err)
				}
				left[i].Count--
				more = true
			}
		}
	}
}

func maps2slice(m map[string]int64) []CategoryCount {
	var out []CategoryCount
	for k, v := range m {
		out = append(out, CategoryCount{k, v})
	}
	slices.SortFunc(out, func(a, b CategoryCount) int {
		if a.Category < b.Category {
			return -1
		}
		return 1
	})
	return out
}

func TestCompareFilesMatchesScipy(t *testing.T) {
	ref := loadReference(t)
	cols := []string{"age", "income", "city", "clicks", "zip"}
	r, err := CompareFiles("testdata/files/ref.csv", "testdata/files/cur.jsonl.gz", cols,
		Options{Kinds: map[string]Kind{"zip": Categorical}})
	if err != nil {
		t.Fatal(err)
	}
	c := &refChecker{t: t}
	for _, col := range cols {
		w, ok := ref.Files.Features[col]
		if !ok {
			t.Fatalf("no reference for %s", col)
		}
		f, ok := r.Feature(col)
		if !ok {
			t.Fatalf("no feature %s in the report", col)
		}
		if f.NRef != w.NRef || f.NCur != w.NCur || f.MissingRef != w.MissingRef || f.MissingCur != w.MissingCur {
			t.Errorf("%s: n %d/%d missing %d/%d, want n %d/%d missing %d/%d", col,
				f.NRef, f.NCur, f.MissingRef, f.MissingCur, w.NRef, w.NCur, w.MissingRef, w.MissingCur)
		}
		if w.Kind == "numeric" {
			c.checkNumeric(col, f, w.numeric)
		} else {
			c.checkCategorical(col, f, w.category)
		}
	}
	t.Logf("%d features, %d comparisons with scipy/numpy", len(cols), c.n)
}
