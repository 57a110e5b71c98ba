package interleave

import (
	"errors"
	"fmt"
	"math"

	"github.com/mltest/mltest/metrics/stats"
)

// Options configures Analyze. The zero value is usable: a 95% interval from
// 1000 bootstrap resamples of impressions, seed 0, the fixed-sample sign
// test.
type Options struct {
	// Level is the confidence level of the interval and 1 - Level the
	// significance level of Preferred; 0 means 0.95.
	Level float64
	// Resamples is the number of bootstrap resamples; 0 means 1000.
	Resamples int
	// Seed seeds the bootstrap.
	Seed uint64
	// ByUser resamples users (Impression.User) rather than impressions: one
	// user's impressions are not independent, and an interval that treats
	// them as such is too narrow. Every impression then needs a user.
	ByUser bool
	// Sequential makes P the always-valid p-value of stats.SignMSPRT over
	// the impressions in log order, for an experiment that is checked while
	// it runs. The interval stays the bootstrap's.
	Sequential bool
	// PriorSD is SignMSPRT's mixture standard deviation; 0 means
	// stats.DefaultSignMSPRTPriorSD.
	PriorSD float64
}

// Result is the analysis of an interleaving experiment of rankers A and B.
type Result struct {
	// N counts the impressions with at least one click, the ones analysed;
	// NoClick those without, which are left out.
	N, NoClick int
	// WinsA, WinsB and Ties split the N impressions: A wins when its items
	// got more of the clicks, B likewise, otherwise a tie.
	WinsA, WinsB, Ties int
	// DeltaAB = (WinsA + Ties/2) / N - 0.5 (Chapelle et al. 2012): positive
	// when A is preferred. NaN when N is 0.
	DeltaAB float64
	// CI is the percentile bootstrap interval of DeltaAB at Level; NaN ends
	// when there are fewer than 2 impressions (or users) to resample.
	CI    [2]float64
	Level float64
	// P is the two-sided p-value of "A and B are preferred equally": the
	// exact sign test on WinsA against WinsB (ties left out), or with
	// Options.Sequential the always-valid mSPRT p-value.
	P float64
	// Test names how P was computed: "sign test" or "mSPRT (always valid)".
	Test string
	// Preferred is "A" or "B" when that ranker won more impressions and P <
	// 1 - Level, "none" otherwise.
	Preferred string
	// Units is the number of independent units the bootstrap resampled:
	// users with ByUser, else N.
	Units int
	// ByPosition counts, for each list position (0 is the top), the
	// impressions that showed an item there and the clicks there on A's and
	// on B's items, over every impression: where each ranker's credit comes
	// from.
	ByPosition []PositionCredit
	// Warnings say why a value is missing (NaN) or weak.
	Warnings []string
}

// PositionCredit is the clicks at one list position.
type PositionCredit struct {
	Shown, ClicksA, ClicksB int
}

// Significant reports whether side ("A" or "B") is significantly preferred.
func (r Result) Significant(side string) bool { return r.Preferred == side }

// Analyze credits each impression's clicks to the rankers that contributed
// the clicked items and tests whether one is preferred. Impressions must be
// well formed (Impression.Check; ReadLog guarantees it): a malformed one is
// an error naming its index and id, as is, with ByUser, one without a user.
func Analyze(imps []Impression, opt Options) (Result, error) {
	if opt.Level == 0 {
		opt.Level = 0.95
	}
	if !(opt.Level > 0 && opt.Level < 1) {
		return Result{}, fmt.Errorf("interleave: confidence level %v outside (0, 1)", opt.Level)
	}
	r := Result{Level: opt.Level, Test: "sign test", Preferred: "none", DeltaAB: math.NaN(), CI: [2]float64{math.NaN(), math.NaN()}}
	var seq *stats.SignMSPRT
	if opt.Sequential {
		seq = stats.NewSignMSPRT(opt.PriorSD)
		r.Test = "mSPRT (always valid)"
	}
	// score is 1 for a win of A, 0 for a win of B, ½ for a tie, per clicked
	// impression; users numbers their users by first appearance.
	var score []float64
	var clusters []int
	users := map[string]int{}
	for i, im := range imps {
		if field, msg := im.Check(); field != "" {
			return Result{}, fmt.Errorf("interleave: impression %d (id %q): %s: %s", i, im.ID, field, msg)
		}
		r.countPositions(im)
		if len(im.Clicks) == 0 {
			r.NoClick++
			continue
		}
		a, b := im.credit()
		switch {
		case a > b:
			r.WinsA++
			score = append(score, 1)
		case b > a:
			r.WinsB++
			score = append(score, 0)
		default:
			r.Ties++
			score = append(score, 0.5)
		}
		if seq != nil && a != b {
			seq.Add(a > b)
		}
		if opt.ByUser {
			if im.User == "" {
				return Result{}, fmt.Errorf("interleave: impression %d (id %q) has no user, and the bootstrap resamples users", i, im.ID)
			}
			u, ok := users[im.User]
			if !ok {
				u = len(users)
				users[im.User] = u
			}
			clusters = append(clusters, u)
		}
	}
	r.N = len(score)
	r.Units = r.N
	if opt.ByUser {
		r.Units = len(users)
	}
	r.P = stats.SignTest(r.WinsA, r.WinsB)
	if seq != nil {
		r.P = seq.P()
	}
	if r.N == 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("no impression of %d has a click: delta_ab and its interval are undefined", r.NoClick))
		return r, nil
	}
	r.DeltaAB = (float64(r.WinsA)+float64(r.Ties)/2)/float64(r.N) - 0.5
	if alpha := 1 - opt.Level; r.P < alpha && r.WinsA != r.WinsB {
		r.Preferred = "A"
		if r.WinsB > r.WinsA {
			r.Preferred = "B"
		}
	}
	iv, err := stats.Bootstrap(r.N, meanScore(score), stats.BootstrapOptions{
		Level: opt.Level, Resamples: opt.Resamples, Seed: opt.Seed, Clusters: clusters,
	})
	switch {
	case errors.Is(err, stats.ErrTooFewUnits):
		unit := "impression with a click"
		if opt.ByUser {
			unit = "user"
		}
		r.Warnings = append(r.Warnings, fmt.Sprintf("only %d %s: the bootstrap needs at least 2, so the interval is undefined", r.Units, unit))
	case err != nil:
		return Result{}, fmt.Errorf("interleave: %w", err)
	default:
		r.CI = [2]float64{iv.Lo, iv.Hi}
	}
	return r, nil
}

// meanScore is the bootstrap statistic of DeltaAB: the weighted mean of
// the per-impression scores, minus ½.
func meanScore(score []float64) func(mult []float64) (float64, error) {
	return func(mult []float64) (float64, error) {
		var s, w float64
		for i, m := range mult {
			s += m * score[i]
			w += m
		}
		return s/w - 0.5, nil
	}
}

func (r *Result) countPositions(im Impression) {
	for len(r.ByPosition) < len(im.Items) {
		r.ByPosition = append(r.ByPosition, PositionCredit{})
	}
	for p := range im.Items {
		r.ByPosition[p].Shown++
	}
	if len(im.Clicks) == 0 {
		return
	}
	pos := make(map[string]int, len(im.Items))
	for p, it := range im.Items {
		pos[it] = p
	}
	for _, c := range im.Clicks {
		p := pos[c]
		if im.Teams[p] == "A" {
			r.ByPosition[p].ClicksA++
		} else {
			r.ByPosition[p].ClicksB++
		}
	}
}
