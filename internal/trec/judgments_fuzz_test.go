package trec

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/metrics"
)

// The fuzz targets of the readers of trec_eval's other judgment formats
// and of its -Z file. Each holds for any input: the reader returns an
// *dataio.InputError or a result that writes back to text reading to the
// same result; the seed corpus is trec_eval's test suite's shapes
// (comments, tabs, a missing newline, duplicates, bad numbers).

func checkInputError(t *testing.T, err error) {
	t.Helper()
	var ie *dataio.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error is not an InputError: %v", err)
	}
	if ie.File == "" {
		t.Fatalf("error names no file: %v", err)
	}
}

func FuzzReadPrefs(f *testing.F) {
	f.Add("q1 jg1 s1 d1 3.0\nq1 jg1 s1 d2 2\nq1 jg2 s1 d1 0\n", false)
	f.Add("# A comment\n2.EC.A    0\t       0\t\t CR93E-10505#37 \t\t 0\n", false)
	f.Add("301 0 FR940104-0-00001 1\n301 0 FR940104-0-00002 0", true)
	f.Add("q1 jg s d nan\n", false)
	f.Add("q1 jg s d 1e999\n", false)
	f.Add("q1 jg d\n", true)
	f.Fuzz(func(t *testing.T, text string, qrels bool) {
		p, err := ReadPrefs(strings.NewReader(text), "p", qrels)
		if err != nil {
			checkInputError(t, err)
			return
		}
		var b strings.Builder
		n := 0
		for _, qid := range SortedQIDs(p) {
			for _, x := range p[qid] {
				if qid == "" || x.JG == "" || x.JSG == "" || x.DocNo == "" || math.IsNaN(x.Level) || math.IsInf(x.Level, 0) {
					t.Fatalf("bad preference %q %+v", qid, x)
				}
				if qrels && x.JSG != "0" {
					t.Fatalf("qrels_prefs sub-group %q, want 0", x.JSG)
				}
				if qrels {
					fmt.Fprintf(&b, "%s %s %s %s\n", qid, x.JG, x.DocNo, strconv.FormatFloat(x.Level, 'g', -1, 64))
				} else {
					fmt.Fprintf(&b, "%s %s %s %s %s\n", qid, x.JG, x.JSG, x.DocNo, strconv.FormatFloat(x.Level, 'g', -1, 64))
				}
				n++
			}
		}
		if n == 0 {
			t.Fatal("no preference and no error")
		}
		again, err := ReadPrefs(strings.NewReader(b.String()), "p", qrels)
		if err != nil || !reflect.DeepEqual(again, p) {
			t.Fatalf("written back, read %v, %v; want %v", again, err, p)
		}
	})
}

func FuzzReadGroupedQrels(f *testing.F) {
	f.Add("301 1 FBIS3-10082 1\n301 2 FBIS3-10082 0\n302 1 a -1\n")
	f.Add("# a comment\n301\t1\tCR93E-3103#37 1")
	f.Add("301 1 a 1\n301 1 a 2\n")
	f.Add("301 1 a 1.0\n301 1 b x\n")
	f.Fuzz(func(t *testing.T, text string) {
		g, err := ReadGroupedQrels(strings.NewReader(text), "g")
		if err != nil {
			checkInputError(t, err)
			return
		}
		var b strings.Builder
		for _, qid := range SortedQIDs(g) {
			for _, grp := range g[qid] {
				if len(grp.Rel) == 0 {
					t.Fatalf("query %q: empty group %q", qid, grp.ID)
				}
				for _, d := range slices.Sorted(func(yield func(string) bool) {
					for d := range grp.Rel {
						if !yield(d) {
							return
						}
					}
				}) {
					fmt.Fprintf(&b, "%s %s %s %d\n", qid, grp.ID, d, grp.Rel[d])
				}
			}
		}
		again, err := ReadGroupedQrels(strings.NewReader(b.String()), "g")
		if err != nil || !sameGroups(again, g) {
			t.Fatalf("written back, read %v, %v; want %v", again, err, g)
		}
	})
}

// sameGroups compares grouped qrels whatever the order of groups.
func sameGroups(a, b map[string][]metrics.JudgmentGroup) bool {
	index := func(m map[string][]metrics.JudgmentGroup) map[[2]string]map[string]int {
		out := map[[2]string]map[string]int{}
		for q, gs := range m {
			for _, g := range gs {
				out[[2]string{q, g.ID}] = g.Rel
			}
		}
		return out
	}
	return reflect.DeepEqual(index(a), index(b))
}

func FuzzReadZScores(f *testing.F) {
	f.Add("301 num_ret 967.0000 169.1719\n301 map 0.1212 0.1545\n")
	f.Add("301 P_10 0.5 0\n302 P_10 -1 0.25")
	f.Add("301 map 0.1 0.2\n301 map 0.3 0.4\n")
	f.Add("301 map nan 0.2\n")
	f.Add("301 map 0.1\n")
	f.Fuzz(func(t *testing.T, text string) {
		z, err := ReadZScores(strings.NewReader(text), "z")
		if err != nil {
			checkInputError(t, err)
			return
		}
		var b strings.Builder
		for _, qid := range SortedQIDs(z) {
			for _, m := range SortedQIDs(z[qid]) {
				v := z[qid][m]
				for _, x := range []float64{v.Mean, v.StdDev} {
					if math.IsNaN(x) || math.IsInf(x, 0) {
						t.Fatalf("%s %s: %v", qid, m, v)
					}
				}
				fmt.Fprintf(&b, "%s %s %s %s\n", qid, m, strconv.FormatFloat(v.Mean, 'g', -1, 64), strconv.FormatFloat(v.StdDev, 'g', -1, 64))
			}
		}
		again, err := ReadZScores(strings.NewReader(b.String()), "z")
		if err != nil || !reflect.DeepEqual(again, z) {
			t.Fatalf("written back, read %v, %v; want %v", again, err, z)
		}
	})
}
