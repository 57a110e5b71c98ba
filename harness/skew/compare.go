package skew

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/mltest/mltest/metrics/stats"
)

// Options tunes Compare and CompareFiles. The zero value means the defaults.
type Options struct {
	// Bins is the number of quantile bins of the reference over which a
	// numeric feature's PSI and Jensen-Shannon distance are computed; 0 means
	// 10. Ties in the reference can merge bins (FeatureSkew.Bins says how
	// many were left).
	Bins int
	// TopUnseen is how many unseen categories a feature lists; 0 means 5.
	TopUnseen int
	// Thresholds decides FeatureSkew.Drifted; the zero value means
	// DefaultThresholds().
	Thresholds Thresholds
	// Kinds declares features' kinds, overriding the profiles' (see Kind).
	Kinds map[string]Kind
}

func (o Options) withDefaults() Options {
	if o.Bins == 0 {
		o.Bins = 10
	}
	if o.TopUnseen == 0 {
		o.TopUnseen = 5
	}
	if o.Thresholds == (Thresholds{}) {
		o.Thresholds = DefaultThresholds()
	}
	return o
}

// CategoryChange is a category's share of the non-missing values of each
// data set.
type CategoryChange struct {
	Category string  `json:"category"`
	Ref      float64 `json:"ref"`
	Cur      float64 `json:"cur"`
}

// CategoryCount is a category and the number of rows that hold it.
type CategoryCount struct {
	Category string `json:"category"`
	Count    int64  `json:"count"`
}

// FeatureSkew compares one feature between the reference data set (ref)
// and the current one (cur). A statistic that does not apply to the
// feature's kind is NaN (and absent from JSON); one that applies but is
// undefined on the data (a side without values) is NaN with a warning (null
// in JSON), as is one that is infinite (a constant reference, see
// WassersteinNorm), so that JSON stays valid.
//
// Shares and distributions are over the non-missing (and, for numeric
// features, finite) values; the missing values are compared by their rates.
type FeatureSkew struct {
	Name string
	Kind Kind // Numeric or Categorical

	NRef, NCur             int64   // rows, missing values included
	MissingRef, MissingCur int64   // empty, null or NaN values
	MissingRateRef         float64 // MissingRef / NRef
	MissingRateCur         float64 // MissingCur / NCur
	// NonFiniteRef and NonFiniteCur count a numeric feature's ±Inf values,
	// which are left out of every statistic.
	NonFiniteRef, NonFiniteCur int64

	// PSI is the population stability index of cur against ref,
	//	PSI = sum_i (c_i - r_i) ln(c_i / r_i),
	// over the shares r_i, c_i of each bin (numeric: the quantile bins of
	// stats.PSI, right-closed, edges at the reference's quantiles
	// 1/Bins, ..., (Bins-1)/Bins, numpy's linear interpolation, repeated
	// edges dropped) or each category (categorical, over the union of
	// both sides' categories), a share of 0 replaced by stats.PSIEpsilon
	// (1e-4). Not symmetric: the reference defines the bins.
	PSI float64
	// JSDistance is the Jensen-Shannon distance (JSDistance, base 2, in
	// [0, 1]) between the two distributions over the same bins or
	// categories as PSI. No epsilon: an empty bin contributes 0 log 0 = 0.
	JSDistance float64

	// Numeric features only.

	// Bins is the number of quantile bins PSI and JSDistance used: Options.Bins
	// or fewer when ties in the reference merged some.
	Bins int
	// KS is the two-sample Kolmogorov-Smirnov test of ref against cur
	// (stats.KSTwoSample, scipy.stats.ks_2samp): D = max_x |F_ref(x) -
	// F_cur(x)|, an effect size in [0, 1], and the two-sided p-value of
	// "same distribution", about 0 for any shift once the samples are large
	// (exact up to 10000 values a side, where a value below about 1e-13 is
	// right in absolute terms only: scipy's 8e-16 may come out as 2e-14;
	// asymptotic beyond). N1 counts ref's values, N2 cur's.
	KS *stats.KSResult
	// Wasserstein is the Wasserstein-1 distance (Wasserstein), in the
	// feature's units; WassersteinNorm is it divided by StdRef (Evidently's
	// normed Wasserstein distance), so 0.1 means the mass moved a tenth of a
	// reference standard deviation on average. With StdRef 0 it is 0 when
	// Wasserstein is 0 and +Inf otherwise.
	Wasserstein, WassersteinNorm float64
	// SMD is the standardised mean difference (MeanCur - MeanRef) / StdRef,
	// signed: Glass's delta, the reference's spread rather than the pooled
	// one of Cohen's d, since the current spread may itself have drifted.
	// With StdRef 0 it is 0 when the means are equal and ±Inf otherwise.
	SMD float64
	// Means and population standard deviations (ddof 0, numpy.std's
	// default) of the finite values.
	MeanRef, MeanCur, StdRef, StdCur float64

	// Categorical features only.

	// LInf is the L-infinity distance max_c |r_c - c_c| between the category
	// shares (TFDV's drift comparator), in [0, 1]; TopChange is the category
	// where it is reached (the first by name among ties).
	LInf      float64
	TopChange *CategoryChange
	// CategoriesRef and CategoriesCur count the distinct categories.
	CategoriesRef, CategoriesCur int
	// UnseenCur counts the current rows whose category never occurs in the
	// reference, UnseenCategories the distinct such categories, and
	// TopUnseen lists the most frequent (Options.TopUnseen of them, by count
	// then name).
	UnseenCur        int64
	UnseenCategories int
	TopUnseen        []CategoryCount

	// Drifted is whether any statistic exceeded its threshold; Exceeded says
	// which (the rule: Thresholds).
	Drifted  bool
	Exceeded []Exceedance
	// Warnings explain undefined or infinite statistics.
	Warnings []string
}

// Report is the outcome of Compare: one FeatureSkew per feature, in the
// reference profile's order, and the options that made it.
type Report struct {
	Bins       int           `json:"bins"`
	Thresholds Thresholds    `json:"thresholds"`
	Features   []FeatureSkew `json:"features"`
}

// Drifted returns the names of the drifted features.
func (r Report) Drifted() []string {
	var out []string
	for _, f := range r.Features {
		if f.Drifted {
			out = append(out, f.Name)
		}
	}
	return out
}

// Feature returns the named feature's comparison.
func (r Report) Feature(name string) (FeatureSkew, bool) {
	for _, f := range r.Features {
		if f.Name == name {
			return f, true
		}
	}
	return FeatureSkew{}, false
}

// Compare compares each feature of the current profile with the same
// feature of the reference profile. The two must have the same features
// (in any order). A feature's kind is, in this order: Options.Kinds; the
// kind a profile declared (an error if they declare different ones);
// categorical if either side has a value that is not a number; numeric.
// A feature declared numeric whose profile holds text is an error.
//
// Compare sorts the profiles' numeric values in place (so a second Compare
// against the same reference is faster) and otherwise leaves them as they
// were. Features are compared in parallel.
func Compare(ref, cur *Profile, opt Options) (Report, error) {
	if opt.Bins < 0 || opt.TopUnseen < 0 {
		panic(fmt.Sprintf("skew: Compare: negative Bins (%d) or TopUnseen (%d)", opt.Bins, opt.TopUnseen))
	}
	opt = opt.withDefaults()
	for _, n := range ref.names {
		if _, ok := cur.index[n]; !ok {
			return Report{}, fmt.Errorf("skew: feature %q is in the reference profile but not in the current one", n)
		}
	}
	for _, n := range cur.names {
		if _, ok := ref.index[n]; !ok {
			return Report{}, fmt.Errorf("skew: feature %q is in the current profile but not in the reference one", n)
		}
	}
	for n := range opt.Kinds {
		if _, ok := ref.index[n]; !ok {
			return Report{}, fmt.Errorf("skew: Options.Kinds names %q, which is not a feature", n)
		}
	}
	rep := Report{Bins: opt.Bins, Thresholds: opt.Thresholds, Features: make([]FeatureSkew, len(ref.names))}
	errs := make([]error, len(ref.names))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(ref.names)) {
		wg.Go(func() {
			for i := range next {
				name := ref.names[i]
				rep.Features[i], errs[i] = compareFeature(name, &ref.feats[i], &cur.feats[cur.index[name]], opt)
			}
		})
	}
	for i := range ref.names {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return Report{}, err
		}
	}
	return rep, nil
}

func resolveKind(name string, r, c *featureProfile, opt Options) (Kind, error) {
	if k := opt.Kinds[name]; k != Auto {
		return k, nil
	}
	switch {
	case r.declared != Auto && c.declared != Auto && r.declared != c.declared:
		return Auto, fmt.Errorf("skew: feature %q is declared %v in the reference profile and %v in the current one", name, r.declared, c.declared)
	case r.declared != Auto:
		return r.declared, nil
	case c.declared != Auto:
		return c.declared, nil
	case r.categorical || c.categorical:
		return Categorical, nil
	}
	return Numeric, nil
}

func compareFeature(name string, r, c *featureProfile, opt Options) (FeatureSkew, error) {
	kind, err := resolveKind(name, r, c, opt)
	if err != nil {
		return FeatureSkew{}, err
	}
	nan := math.NaN()
	f := FeatureSkew{
		Name: name, Kind: kind,
		NRef: r.n, NCur: c.n, MissingRef: r.missing, MissingCur: c.missing,
		MissingRateRef: rate(r.missing, r.n), MissingRateCur: rate(c.missing, c.n),
		PSI: nan, JSDistance: nan, Wasserstein: nan, WassersteinNorm: nan, SMD: nan,
		MeanRef: nan, MeanCur: nan, StdRef: nan, StdCur: nan, LInf: nan,
	}
	if r.n == 0 {
		f.warn("the reference has no rows")
	}
	if c.n == 0 {
		f.warn("the current data has no rows")
	}
	if kind == Numeric {
		for _, side := range []struct {
			which string
			p     *featureProfile
		}{{"reference", r}, {"current data", c}} {
			if side.p.categorical {
				return FeatureSkew{}, fmt.Errorf("skew: feature %q is numeric but the %s holds text such as %q", name, side.which, anyKey(side.p.counts))
			}
		}
		f.compareNumeric(r, c, opt.Bins)
	} else {
		f.compareCategorical(r, c, opt.TopUnseen)
	}
	f.Exceeded = exceeded(&f, opt.Thresholds)
	f.Drifted = len(f.Exceeded) > 0
	return f, nil
}

func rate(k, n int64) float64 {
	if n == 0 {
		return math.NaN()
	}
	return float64(k) / float64(n)
}

func (f *FeatureSkew) warn(format string, args ...any) {
	f.Warnings = append(f.Warnings, fmt.Sprintf(format, args...))
}

// anyKey returns the smallest key, for a deterministic example in a message.
func anyKey(m map[string]int64) string {
	if len(m) == 0 {
		return ""
	}
	return slices.Min(slices.Collect(maps.Keys(m)))
}

func (f *FeatureSkew) compareNumeric(r, c *featureProfile, bins int) {
	f.NonFiniteRef, f.NonFiniteCur = r.posInf+r.negInf, c.posInf+c.negInf
	rv, cv := r.sortedValues(), c.sortedValues()
	if len(rv) > 0 {
		f.MeanRef, f.StdRef = meanStd(rv)
	}
	if len(cv) > 0 {
		f.MeanCur, f.StdCur = meanStd(cv)
	}
	if len(rv) == 0 || len(cv) == 0 {
		f.warn("no finite values in the %s: distribution statistics undefined", which(len(rv) == 0, len(cv) == 0))
		return
	}
	edges := stats.QuantileBinEdges(rv, bins)
	f.Bins = len(edges) + 1
	cr, cc := binCounts(rv, edges), binCounts(cv, edges)
	f.JSDistance = JSDistance(cr, cc)
	sr, sc := make([]float64, len(cr)), make([]float64, len(cc))
	for i := range cr {
		sr[i], sc[i] = cr[i]/float64(len(rv)), cc[i]/float64(len(cv))
	}
	f.PSI = stats.PSIOfShares(sc, sr)

	ks := stats.KSTwoSampleSorted(rv, cv)
	f.KS = &ks

	f.Wasserstein = Wasserstein(rv, cv)
	diff := f.MeanCur - f.MeanRef
	if f.StdRef > 0 {
		f.WassersteinNorm = f.Wasserstein / f.StdRef
		f.SMD = diff / f.StdRef
		return
	}
	f.WassersteinNorm, f.SMD = 0, 0
	if f.Wasserstein > 0 {
		f.WassersteinNorm = math.Inf(1)
		f.warn("the reference is constant (std 0): wasserstein_norm is +Inf")
	}
	if diff != 0 {
		f.SMD = math.Inf(int(math.Copysign(1, diff)))
		f.warn("the reference is constant (std 0): smd is %v", f.SMD)
	}
}

func which(ref, cur bool) string {
	switch {
	case ref && cur:
		return "reference nor the current data"
	case ref:
		return "reference"
	}
	return "current data"
}

func (f *FeatureSkew) compareCategorical(r, c *featureProfile, topUnseen int) {
	rc, cc := r.counts, c.counts
	if !r.categorical {
		rc = numberCounts(r.values, r.posInf, r.negInf)
	}
	if !c.categorical {
		cc = numberCounts(c.values, c.posInf, c.negInf)
	}
	f.CategoriesRef, f.CategoriesCur = len(rc), len(cc)
	cats := slices.Collect(maps.Keys(rc))
	var unseen []CategoryCount
	for k, n := range cc {
		if _, ok := rc[k]; !ok {
			cats = append(cats, k)
			unseen = append(unseen, CategoryCount{k, n})
			f.UnseenCur += n
		}
	}
	f.UnseenCategories = len(unseen)
	slices.SortFunc(unseen, func(a, b CategoryCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Category, b.Category))
	})
	f.TopUnseen = unseen[:min(len(unseen), topUnseen)]
	slices.Sort(cats)

	var nr, nc int64
	for _, n := range rc {
		nr += n
	}
	for _, n := range cc {
		nc += n
	}
	if nr == 0 || nc == 0 {
		f.warn("no values in the %s: distribution statistics undefined", which(nr == 0, nc == 0))
		return
	}
	pr, pc := make([]float64, len(cats)), make([]float64, len(cats))
	f.LInf = -1
	for i, k := range cats {
		pr[i], pc[i] = float64(rc[k])/float64(nr), float64(cc[k])/float64(nc)
		if d := math.Abs(pr[i] - pc[i]); d > f.LInf {
			f.LInf = d
			f.TopChange = &CategoryChange{Category: k, Ref: pr[i], Cur: pc[i]}
		}
	}
	f.JSDistance = JSDistance(pr, pc)
	f.PSI = stats.PSIOfShares(pc, pr)
}
