package interleave

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/mltest/mltest/metrics/stats"
)

// impressions builds a log with the given numbers of wins of A, wins of B,
// ties and impressions without a click, users assigned round robin.
func impressions(winsA, winsB, ties, noClick, users int) []Impression {
	var out []Impression
	add := func(clicks ...string) {
		i := len(out)
		out = append(out, Impression{
			ID: fmt.Sprint("imp", i), User: fmt.Sprint("u", i%users),
			Items: []string{"x", "y", "z"}, Teams: []string{"A", "B", "A"}, Clicks: clicks,
		})
	}
	// Interleave the kinds so that every user sees each of them.
	for i := 0; i < max(winsA, winsB, ties, noClick); i++ {
		if i < winsA {
			add("z")
		}
		if i < winsB {
			add("y")
		}
		if i < ties {
			add("x", "y")
		}
		if i < noClick {
			add()
		}
	}
	return out
}

func TestAnalyzeCountsAndDelta(t *testing.T) {
	// The figures of the issue: 3100 wins of A, 2700 of B, 2200 ties, 2000
	// impressions without a click.
	r, err := Analyze(impressions(3100, 2700, 2200, 2000, 500), Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := []any{r.N, r.NoClick, r.WinsA, r.WinsB, r.Ties, r.DeltaAB, r.P, r.Preferred, r.Test, r.Units}
	want := []any{8000, 2000, 3100, 2700, 2200, 0.025, stats.SignTest(3100, 2700), "A", "sign test", 8000}
	if d := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-15)); d != "" {
		t.Errorf("Analyze (-want +got):\n%s", d)
	}
	if !(r.CI[0] < r.DeltaAB && r.DeltaAB < r.CI[1] && r.CI[0] > 0) {
		t.Errorf("interval %v should contain delta_ab %v and exclude 0", r.CI, r.DeltaAB)
	}
	// The normal approximation of the interval's half-width: the score has
	// variance (wA + wB)/4n - delta^2 ... about 0.39^2/4, so 1.96 sd/sqrt(n).
	mean := (3100 + 1100.0) / 8000
	sd := math.Sqrt((3100+2200/4.0)/8000 - mean*mean)
	if half := (r.CI[1] - r.CI[0]) / 2; math.Abs(half-1.96*sd/math.Sqrt(8000)) > 0.001 {
		t.Errorf("interval half-width %.4f, want about %.4f", half, 1.96*sd/math.Sqrt(8000))
	}
	if len(r.ByPosition) != 3 || r.ByPosition[2].ClicksA != 3100 || r.ByPosition[1].ClicksB != 2700+2200 || r.ByPosition[0].Shown != 10000 {
		t.Errorf("ByPosition = %+v", r.ByPosition)
	}
}

func TestAnalyzeSwappingTeamsMirrors(t *testing.T) {
	imps := impressions(300, 200, 100, 50, 40)
	swapped := make([]Impression, len(imps))
	for i, im := range imps {
		im.Teams = []string{"B", "A", "B"}
		swapped[i] = im
	}
	r, err := Analyze(imps, Options{ByUser: true, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	s, err := Analyze(swapped, Options{ByUser: true, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if s.WinsA != r.WinsB || s.WinsB != r.WinsA || s.P != r.P || s.Preferred != "B" || r.Preferred != "A" ||
		math.Abs(s.DeltaAB+r.DeltaAB) > 1e-15 || math.Abs(s.CI[0]+r.CI[1]) > 1e-12 || math.Abs(s.CI[1]+r.CI[0]) > 1e-12 {
		t.Errorf("swapping the teams should mirror the result:\n%+v\n%+v", r, s)
	}
}

func TestAnalyzeUsersWidenTheInterval(t *testing.T) {
	// Each of 20 users either always prefers A or always B: impressions of a
	// user are perfectly correlated, so resampling users must give a much
	// wider interval than resampling impressions.
	var imps []Impression
	for u := range 20 {
		click := "z"
		if u%2 == 1 {
			click = "y"
		}
		for i := range 50 {
			imps = append(imps, Impression{ID: fmt.Sprint(u, "-", i), User: fmt.Sprint("u", u),
				Items: []string{"x", "y", "z"}, Teams: []string{"A", "B", "A"}, Clicks: []string{click}})
		}
	}
	byImp, err := Analyze(imps, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	byUser, err := Analyze(imps, Options{Seed: 1, ByUser: true})
	if err != nil {
		t.Fatal(err)
	}
	wi, wu := byImp.CI[1]-byImp.CI[0], byUser.CI[1]-byUser.CI[0]
	if byUser.Units != 20 || wu < 4*wi {
		t.Errorf("interval width over users %.4f (units %d), over impressions %.4f: want the user interval >= 4x wider (sqrt(50) = 7 in theory)", wu, byUser.Units, wi)
	}
}

func TestAnalyzeSequentialIsMoreCautious(t *testing.T) {
	imps := impressions(560, 440, 0, 0, 1000)
	fixed, err := Analyze(imps, Options{})
	if err != nil {
		t.Fatal(err)
	}
	seq, err := Analyze(imps, Options{Sequential: true})
	if err != nil {
		t.Fatal(err)
	}
	m := stats.NewSignMSPRT(0)
	for _, im := range imps {
		m.Add(im.Clicks[0] == "z")
	}
	if seq.Test != "mSPRT (always valid)" || seq.P != m.P() || !(seq.P > fixed.P) || fixed.Preferred != "A" {
		t.Errorf("sequential p %v (%s), fixed %v (%s): want the mSPRT's p, larger than the fixed-n one", seq.P, seq.Test, fixed.P, fixed.Preferred)
	}
}

func TestAnalyzeUndefinedCases(t *testing.T) {
	r, err := Analyze(impressions(0, 0, 0, 5, 1), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.N != 0 || !math.IsNaN(r.DeltaAB) || !math.IsNaN(r.CI[0]) || r.P != 1 || r.Preferred != "none" || len(r.Warnings) != 1 {
		t.Errorf("no clicks: %+v", r)
	}
	r, err = Analyze(impressions(1, 0, 0, 0, 1), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.DeltaAB != 0.5 || !math.IsNaN(r.CI[1]) || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "at least 2") {
		t.Errorf("one clicked impression: %+v", r)
	}
	r, err = Analyze(impressions(5, 5, 0, 0, 1), Options{ByUser: true})
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(r.CI[0]) || r.Units != 1 || !strings.Contains(r.Warnings[0], "only 1 user:") {
		t.Errorf("one user: %+v", r)
	}
}

func TestAnalyzeRejects(t *testing.T) {
	ok := Impression{ID: "i", User: "u", Items: []string{"x", "y"}, Teams: []string{"A", "B"}, Clicks: []string{"x"}}
	for _, c := range []struct {
		edit func(*Impression)
		opt  Options
		want string
	}{
		{func(im *Impression) { im.Teams = im.Teams[:1] }, Options{}, "teams: 1 teams for 2 items"},
		{func(im *Impression) { im.Teams = []string{"A", "C"} }, Options{}, `teams[1]: team "C"`},
		{func(im *Impression) { im.Items = []string{"x", "x"} }, Options{}, `items[1]: item "x" also at position 0`},
		{func(im *Impression) { im.Clicks = []string{"q"} }, Options{}, `clicks[0]: click on "q"`},
		{func(im *Impression) { im.Clicks = []string{"y", "y"} }, Options{}, `clicks[1]: item "y" clicked twice`},
		{func(im *Impression) { im.User = "" }, Options{ByUser: true}, "has no user"},
		{func(im *Impression) {}, Options{Level: 1.5}, "confidence level 1.5"},
	} {
		im := ok
		c.edit(&im)
		_, err := Analyze([]Impression{ok, im}, c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want it to contain %q", err, c.want)
		}
	}
}
