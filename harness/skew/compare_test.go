package skew

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/metrics/stats"
	"github.com/parquet-go/parquet-go"
)

func profileOf(t *testing.T, names []string, kinds map[string]Kind, rows ...[]string) *Profile {
	t.Helper()
	p := NewProfile(names, kinds)
	for _, r := range rows {
		if err := p.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func column(vals ...string) [][]string {
	rows := make([][]string, len(vals))
	for i, v := range vals {
		rows[i] = []string{v}
	}
	return rows
}

func mustCompare(t *testing.T, ref, cur *Profile, opt Options) Report {
	t.Helper()
	r, err := Compare(ref, cur, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func exact(t *testing.T, what string, got, want float64) {
	t.Helper()
	if !close9(got, want) {
		t.Errorf("%s = %.17g, want %.17g", what, got, want)
	}
}

// ref 1..5 and cur 2..7 in 4 bins, worked by hand: edges at the quantiles
// 0.25, 0.5, 0.75 of the reference, 2, 3 and 4; reference shares
// .4 .2 .2 .2, current 1/6 1/6 1/6 1/2.
func TestNumericByHand(t *testing.T) {
	x := []string{"x"}
	ref := profileOf(t, x, nil, column("1", "2", "3", "4", "5")...)
	cur := profileOf(t, x, nil, column("2", "3", "4", "5", "6", "7")...)
	f := mustCompare(t, ref, cur, Options{Bins: 4}).Features[0]
	if f.Kind != Numeric || f.Bins != 4 {
		t.Fatalf("kind %v, %d bins; want numeric, 4", f.Kind, f.Bins)
	}
	r := []float64{.4, .2, .2, .2}
	c := []float64{1.0 / 6, 1.0 / 6, 1.0 / 6, .5}
	var psi, kl float64
	for i := range r {
		psi += (c[i] - r[i]) * math.Log(c[i]/r[i])
		m := (r[i] + c[i]) / 2
		kl += r[i]*math.Log2(r[i]/m) + c[i]*math.Log2(c[i]/m)
	}
	exact(t, "psi", f.PSI, psi)
	exact(t, "js_distance", f.JSDistance, math.Sqrt(kl/2))
	// F_ref(5) = 1, F_cur(5) = 4/6.
	exact(t, "ks_d", f.KS.D, 1.0/3)
	// F_cur <= F_ref everywhere (.2 vs 0 on [1, 2), .4 vs 1/6 on [2, 3),
	// ...), so the area between the ECDFs is the difference of the means,
	// 4.5 - 3.
	exact(t, "wasserstein", f.Wasserstein, 1.5)
	exact(t, "smd", f.SMD, 1.5/math.Sqrt(2))
	exact(t, "wasserstein_norm", f.WassersteinNorm, 1.5/math.Sqrt(2))
	exact(t, "mean_ref", f.MeanRef, 3)
	exact(t, "std_ref", f.StdRef, math.Sqrt(2))
}

// ref a:2 b:2, cur a:1 b:2 c:1: shares (.5, .5, 0) and (.25, .5, .25).
func TestCategoricalByHand(t *testing.T) {
	x := []string{"x"}
	ref := profileOf(t, x, nil, column("a", "b", "a", "b")...)
	cur := profileOf(t, x, nil, column("c", "b", "a", "b")...)
	f := mustCompare(t, ref, cur, Options{}).Features[0]
	if f.Kind != Categorical {
		t.Fatalf("kind %v", f.Kind)
	}
	exact(t, "linf", f.LInf, .25)
	if *f.TopChange != (CategoryChange{"a", .5, .25}) {
		t.Errorf("top change %+v, want a .5 -> .25 (a and c tie at .25; a is first by name)", *f.TopChange)
	}
	e := stats.PSIEpsilon
	exact(t, "psi", f.PSI, (.25-.5)*math.Log(.25/.5)+(.25-e)*math.Log(.25/e))
	kl := .5*math.Log2(.5/.375) + .25*math.Log2(.25/.375) + .25*math.Log2(.25/.125)
	exact(t, "js_distance", f.JSDistance, math.Sqrt(kl/2))
	if f.UnseenCur != 1 || f.UnseenCategories != 1 || len(f.TopUnseen) != 1 || f.TopUnseen[0] != (CategoryCount{"c", 1}) {
		t.Errorf("unseen %d rows, %d categories, top %v; want 1, 1, [c 1]", f.UnseenCur, f.UnseenCategories, f.TopUnseen)
	}
	if f.CategoriesRef != 2 || f.CategoriesCur != 3 {
		t.Errorf("categories %d, %d; want 2, 3", f.CategoriesRef, f.CategoriesCur)
	}
}

func TestMissingValuesAreCounted(t *testing.T) {
	for _, s := range []string{"", "  ", "null", "NULL", "NaN", "nan", "-NaN", "+nan", " NaN "} {
		if !IsMissing(s) {
			t.Errorf("IsMissing(%q) = false", s)
		}
	}
	for _, s := range []string{"0", "n", "none", "nana", "NA", "inf", "\"\""} {
		if IsMissing(s) {
			t.Errorf("IsMissing(%q) = true", s)
		}
	}
	x := []string{"x"}
	ref := profileOf(t, x, nil, column("1", "", "2", "NaN", "3", "inf")...)
	cur := NewProfile(x, nil)
	cur.AddNumbers("x", []float64{1, math.NaN(), 2, 3, math.Inf(-1), math.Inf(1)})
	f := mustCompare(t, ref, cur, Options{}).Features[0]
	if f.NRef != 6 || f.MissingRef != 2 || f.NonFiniteRef != 1 || f.NCur != 6 || f.MissingCur != 1 || f.NonFiniteCur != 2 {
		t.Errorf("n %d/%d missing %d/%d non-finite %d/%d; want 6/6 2/1 1/2", f.NRef, f.NCur, f.MissingRef, f.MissingCur, f.NonFiniteRef, f.NonFiniteCur)
	}
	exact(t, "missing_rate_ref", f.MissingRateRef, 2.0/6)
	exact(t, "missing_rate_cur", f.MissingRateCur, 1.0/6)
	// The finite values are 1, 2, 3 on both sides.
	if f.PSI != 0 || f.KS.D != 0 || f.Wasserstein != 0 || f.SMD != 0 {
		t.Errorf("finite values equal but psi %v ks_d %v w %v smd %v", f.PSI, f.KS.D, f.Wasserstein, f.SMD)
	}
	if !f.Drifted || f.Exceeded[0].Statistic != "missing_rate_diff" {
		t.Errorf("missing rate moved by 1/6 > 0.05, but exceeded = %v", f.Exceeded)
	}
}

func TestAutoKindFallsBackToCategories(t *testing.T) {
	x := []string{"x"}
	ref := profileOf(t, x, nil, column("1.0", "2", "1e0", "abc", "1", "")...)
	cur := profileOf(t, x, nil, column("1", "2", "2")...)
	f := mustCompare(t, ref, cur, Options{}).Features[0]
	if f.Kind != Categorical {
		t.Fatalf("kind %v, want categorical (abc is not a number)", f.Kind)
	}
	// ref categories: "1" three times (1.0, 1e0, 1), "2" once, "abc" once.
	// cur: "1" 1/3, "2" 2/3; the largest change is "2", .2 -> 2/3.
	if f.CategoriesRef != 3 || *f.TopChange != (CategoryChange{"2", .2, 2.0 / 3}) || f.MissingRef != 1 {
		t.Errorf("categories %d, top change %+v, missing %d; want 3, {2 .2 2/3}, 1", f.CategoriesRef, *f.TopChange, f.MissingRef)
	}
	// A feature numeric on one side, text on the other, is categorical.
	ref = profileOf(t, x, nil, column("1", "2")...)
	cur = profileOf(t, x, nil, column("1", "two")...)
	if f := mustCompare(t, ref, cur, Options{}).Features[0]; f.Kind != Categorical || f.UnseenCur != 1 {
		t.Errorf("kind %v unseen %d, want categorical, 1", f.Kind, f.UnseenCur)
	}
	// Declared categorical keeps the text verbatim.
	k := map[string]Kind{"x": Categorical}
	ref = profileOf(t, x, k, column("02139", "2139")...)
	if f := mustCompare(t, ref, ref, Options{}).Features[0]; f.CategoriesRef != 2 {
		t.Errorf("declared categorical: %d categories, want 2 (02139 and 2139)", f.CategoriesRef)
	}
	// Options.Kinds overrides an auto-numeric profile.
	ref = profileOf(t, x, nil, column("1", "2", "2")...)
	if f := mustCompare(t, ref, ref, Options{Kinds: k}).Features[0]; f.Kind != Categorical || f.CategoriesRef != 2 {
		t.Errorf("Options.Kinds categorical: kind %v, %d categories", f.Kind, f.CategoriesRef)
	}
}

func TestDeclaredNumericRejectsText(t *testing.T) {
	p := NewProfile([]string{"a", "b"}, map[string]Kind{"b": Numeric})
	err := p.Add([]string{"x", "y"})
	var nan *NotANumberError
	if !errors.As(err, &nan) || nan.Feature != "b" || nan.Value != "y" {
		t.Fatalf("Add = %v, want a NotANumberError for b = y", err)
	}
	if p.Rows("a") != 0 || p.Rows("b") != 0 {
		t.Errorf("a rejected row was partly added: %d, %d rows", p.Rows("a"), p.Rows("b"))
	}
	if err := p.Add([]string{"x", "NaN"}); err != nil {
		t.Errorf("NaN in a numeric feature is a missing value, got %v", err)
	}
	// Options.Kinds numeric over a profile holding text is an error.
	q := profileOf(t, []string{"a"}, nil, column("x")...)
	if _, err := Compare(q, q, Options{Kinds: map[string]Kind{"a": Numeric}}); err == nil || !strings.Contains(err.Error(), `"x"`) {
		t.Errorf("Compare = %v, want an error quoting the text", err)
	}
}

func TestConstantReference(t *testing.T) {
	x := []string{"x"}
	ref := profileOf(t, x, nil, column("5", "5", "5")...)
	f := mustCompare(t, ref, ref, Options{}).Features[0]
	if f.WassersteinNorm != 0 || f.SMD != 0 || f.Drifted || len(f.Warnings) != 0 {
		t.Errorf("identical constant samples: w_norm %v smd %v drifted %v warnings %q", f.WassersteinNorm, f.SMD, f.Drifted, f.Warnings)
	}
	cur := profileOf(t, x, nil, column("5", "6")...)
	f = mustCompare(t, ref, cur, Options{}).Features[0]
	if !math.IsInf(f.WassersteinNorm, 1) || !math.IsInf(f.SMD, 1) || len(f.Warnings) != 2 || !f.Drifted {
		t.Errorf("constant reference, moved current: w_norm %v smd %v warnings %q drifted %v", f.WassersteinNorm, f.SMD, f.Warnings, f.Drifted)
	}
	b, err := json.Marshal(f)
	if err != nil || !strings.Contains(string(b), `"wasserstein_norm":null`) {
		t.Errorf("JSON %s (%v), want wasserstein_norm null", b, err)
	}
	b, err = json.Marshal(f.Exceeded)
	if err != nil || !strings.Contains(string(b), `{"feature":"x","statistic":"wasserstein_norm","value":null,"threshold":0.1}`) {
		t.Errorf("JSON of the exceedances %s (%v), want an infinite value as null", b, err)
	}
}

func TestSideWithoutValues(t *testing.T) {
	x := []string{"x"}
	ref := profileOf(t, x, nil, column("1", "2", "3")...)
	cur := profileOf(t, x, nil, column("", "NaN")...)
	f := mustCompare(t, ref, cur, Options{}).Features[0]
	if !math.IsNaN(f.PSI) || !math.IsNaN(f.JSDistance) || f.KS != nil || len(f.Warnings) != 1 {
		t.Errorf("psi %v js %v ks %v warnings %q; want NaN, NaN, nil, one warning", f.PSI, f.JSDistance, f.KS, f.Warnings)
	}
	if !f.Drifted || f.Exceeded[0].Statistic != "missing_rate_diff" || f.Exceeded[0].Value != 1 {
		t.Errorf("all-missing current data must drift on its missing rate: %v", f.Exceeded)
	}
	b, err := json.Marshal(f)
	if err != nil || !strings.Contains(string(b), `"psi":null`) {
		t.Errorf("JSON %s (%v)", b, err)
	}
}

func TestCompareFeatureSets(t *testing.T) {
	a := NewProfile([]string{"x", "y"}, nil)
	b := NewProfile([]string{"y", "z"}, nil)
	if _, err := Compare(a, b, Options{}); err == nil || !strings.Contains(err.Error(), `"x"`) {
		t.Errorf("Compare = %v, want an error naming x", err)
	}
	c := NewProfile([]string{"y", "x"}, nil)
	r, err := Compare(a, c, Options{})
	if err != nil || r.Features[0].Name != "x" || r.Features[1].Name != "y" {
		t.Errorf("Compare over the same features in another order: %v, %v", r.Features, err)
	}
	d := NewProfile([]string{"x", "y"}, map[string]Kind{"x": Numeric})
	e := NewProfile([]string{"x", "y"}, map[string]Kind{"x": Categorical})
	if _, err := Compare(d, e, Options{}); err == nil {
		t.Error("Compare of profiles declaring different kinds: no error")
	}
}

func TestThresholds(t *testing.T) {
	x := []string{"x"}
	ref := profileOf(t, x, nil, column("1", "2", "3", "4", "5")...)
	cur := profileOf(t, x, nil, column("2", "3", "4", "5", "6", "7")...)
	r := mustCompare(t, ref, cur, Options{Bins: 4})
	f := r.Features[0]
	var got []string
	for _, e := range f.Exceeded {
		got = append(got, e.Statistic)
	}
	// psi 0.49, js 0.29, ks_d 1/3, w_norm 1.06, smd 1.06 exceed the
	// defaults; the p-value 0.82 is not checked by default.
	want := "psi js_distance ks_d wasserstein_norm smd"
	if strings.Join(got, " ") != want || !f.Drifted {
		t.Errorf("exceeded %q, want %q", got, want)
	}
	if r.Exceeds(Thresholds{PSI: 0.5, KSPValue: 0.9})[0].String() != "x: ks_pvalue = 0.8182 < 0.9" {
		t.Errorf("Exceeds = %v", r.Exceeds(Thresholds{PSI: 0.5, KSPValue: 0.9}))
	}
	if ex := r.Exceeds(Thresholds{SMD: 1}); len(ex) != 1 || ex[0].String() != "x: |smd| = 1.061 > 1" {
		t.Errorf("Exceeds(SMD 1) = %v", ex)
	}
	if d := r.Drifted(); len(d) != 1 || d[0] != "x" {
		t.Errorf("Drifted() = %q", d)
	}
	r = mustCompare(t, ref, cur, Options{Bins: 4, Thresholds: Thresholds{PSI: 0.5}})
	if r.Features[0].Drifted {
		t.Errorf("PSI 0.49 <= 0.5 and nothing else checked, but drifted: %v", r.Features[0].Exceeded)
	}
}

func TestReportJSON(t *testing.T) {
	k := []string{"n", "c"}
	ref := profileOf(t, k, nil, []string{"1", "a"}, []string{"2", "b"}, []string{"3", "a"})
	cur := profileOf(t, k, nil, []string{"2", "a"}, []string{"", "z"}, []string{"4", "a"})
	b, err := json.Marshal(mustCompare(t, ref, cur, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Bins       int
		Thresholds map[string]float64
		Features   []map[string]any
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%v in %s", err, b)
	}
	n, c := got.Features[0], got.Features[1]
	for _, key := range []string{"name", "kind", "psi", "js_distance", "ks", "wasserstein_norm", "smd", "missing_cur", "drifted", "exceeded"} {
		if _, ok := n[key]; !ok {
			t.Errorf("numeric feature lacks %q: %s", key, b)
		}
	}
	for _, key := range []string{"linf", "top_change", "top_unseen"} {
		if _, ok := n[key]; ok {
			t.Errorf("numeric feature has categorical key %q", key)
		}
		if _, ok := c[key]; !ok {
			t.Errorf("categorical feature lacks %q: %s", key, b)
		}
	}
	if n["kind"] != "numeric" || c["kind"] != "categorical" || got.Bins != 10 || got.Thresholds["psi"] != 0.2 {
		t.Errorf("JSON %s", b)
	}
	if n["missing_cur"] != 1.0 || c["unseen_cur"] != 1.0 {
		t.Errorf("missing_cur %v unseen_cur %v", n["missing_cur"], c["unseen_cur"])
	}
}

func TestColumns(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"a.csv":   "b,a,\"c,d\"\n1,2,3\n",
		"a.jsonl": "\n" + `{"b": 1, "a": {"x": [1, 2]}, "c,d": null, "b": 2}` + "\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := Columns(p)
		if err != nil || strings.Join(got, "|") != "b|a|c,d" {
			t.Errorf("Columns(%s) = %q, %v; want b, a, c,d", name, got, err)
		}
	}
	for name, text := range map[string]string{"e.csv": "", "e.jsonl": "\n\n", "f.jsonl": "[1]\n", "g.jsonl": `{"a": }`} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		var ie *dataio.InputError
		if _, err := Columns(p); !errors.As(err, &ie) || ie.File != p {
			t.Errorf("Columns(%s) = %v, want an *InputError naming the file", name, err)
		}
	}
}

func TestCompareFilesErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.csv", "a,b\n1,x\n2,y\n")
	bad := write("bad.csv", "a,b\n1,x\nfoo,y\n")
	missingCol := write("nocol.csv", "a\n1\n")
	empty := write("empty.csv", "")
	for _, tc := range []struct {
		ref, cur string
		kinds    map[string]Kind
		want     string
	}{
		{good, bad, map[string]Kind{"a": Numeric}, "bad.csv:3: a: want a number"},
		{good, missingCol, nil, "nocol.csv"},
		{empty, good, nil, "empty.csv"},
		{good, filepath.Join(dir, "absent.csv"), nil, "absent.csv"},
		{empty, filepath.Join(dir, "absent.csv"), nil, "empty.csv"}, // the reference's error first
	} {
		_, err := CompareFiles(tc.ref, tc.cur, []string{"a", "b"}, Options{Kinds: tc.kinds})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("CompareFiles(%s, %s) = %v, want an error containing %q", filepath.Base(tc.ref), filepath.Base(tc.cur), err, tc.want)
		}
	}
	var ie *dataio.InputError
	if _, err := CompareFiles(good, bad, []string{"a"}, Options{Kinds: map[string]Kind{"a": Numeric}}); !errors.As(err, &ie) || ie.Line != 3 || ie.Field != "a" {
		t.Errorf("error %v, want an *InputError at line 3, field a", err)
	}
	// Auto: foo makes a categorical.
	r, err := CompareFiles(good, bad, []string{"a"}, Options{})
	if err != nil || r.Features[0].Kind != Categorical {
		t.Errorf("auto kind: %v, %v", r.Features, err)
	}
	if r, err := CompareFiles(good, good, nil, Options{}); err != nil || len(r.Features) != 2 || r.Features[1].Name != "b" {
		t.Errorf("no columns named: every column of the reference, got %v, %v", r.Features, err)
	}
	if _, err := CompareFiles(good, missingCol, nil, Options{}); err == nil || !strings.Contains(err.Error(), "nocol.csv") {
		t.Errorf("no columns named, one missing in the current file: %v", err)
	}
	if _, err := CompareFiles(good, good, []string{"a"}, Options{Kinds: map[string]Kind{"b": Numeric}}); err == nil {
		t.Error("a kind for a column not compared: no error")
	}
}

type parquetRow struct {
	Score float64 `parquet:"score"`
	City  string  `parquet:"city"`
}

func TestCompareFilesParquetAndCSV(t *testing.T) {
	dir := t.TempDir()
	pq := filepath.Join(dir, "cur.parquet")
	csv := "score,city\n"
	var rows []parquetRow
	for i := range 50 {
		rows = append(rows, parquetRow{Score: float64(i%7) / 4, City: []string{"x", "y", "z"}[i%3]})
		csv += strconv.FormatFloat(float64(i%7)/4, 'f', -1, 64) + "," + []string{"x", "y", "z"}[i%3] + "\n"
	}
	if err := parquet.WriteFile(pq, rows); err != nil {
		t.Fatal(err)
	}
	ref := filepath.Join(dir, "ref.csv")
	if err := os.WriteFile(ref, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := CompareFiles(ref, pq, []string{"score", "city"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Features {
		if f.NRef != 50 || f.NCur != 50 || f.PSI != 0 || f.JSDistance != 0 || f.Drifted {
			t.Errorf("same data as CSV and Parquet: %+v", f)
		}
	}
	if r.Features[0].Kind != Numeric || r.Features[1].Kind != Categorical {
		t.Errorf("kinds %v %v", r.Features[0].Kind, r.Features[1].Kind)
	}
	if _, err := CompareFiles(pq, ref, nil, Options{}); err == nil || !strings.Contains(err.Error(), "name the columns") {
		t.Errorf("Parquet without columns: %v", err)
	}
}
