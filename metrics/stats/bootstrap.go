package stats

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/mltest/mltest/metrics"
)

// BootstrapOptions configures Bootstrap and PairedBootstrap. The zero value
// is usable: a 95% interval from 1000 resamples of independent rows, seed 0.
type BootstrapOptions struct {
	// Level is the confidence level of the interval; 0 means 0.95.
	Level float64
	// Resamples is the number of bootstrap resamples B; 0 means 1000.
	Resamples int
	// Seed makes the resamples reproducible: the same Seed (and the same n,
	// Clusters and Resamples) draws the same multiplicities bit for bit, on
	// any number of cores.
	Seed uint64
	// Clusters holds one cluster id per row (any int values); rows sharing an
	// id are resampled together. nil means every row is its own cluster.
	// Use it when rows are not independent: the documents of one query, the
	// events of one user or session.
	Clusters []int
}

// MaxUndefinedFraction is the largest fraction of resamples on which the
// statistic may be undefined (it returns an error matching
// metrics.ErrUndefined, such as ROC AUC on a resample that drew a single
// class) before Bootstrap gives up with an error. Up to that fraction such
// resamples are skipped and the interval comes from the others; beyond it the
// interval would describe a conditional distribution too far from the real
// one to be trusted.
const MaxUndefinedFraction = 0.1

// ErrTooFewUnits is matched (errors.Is) by the error of a bootstrap over fewer
// than 2 rows or clusters: with one independent unit there is no variation to
// resample.
var ErrTooFewUnits = errors.New("metrics/stats: bootstrap needs at least 2 clusters (independent units)")

// Bootstrap returns the percentile bootstrap confidence interval of a
// statistic of n rows (Efron & Tibshirani 1993, An Introduction to the
// Bootstrap, ch. 13).
//
// The statistic is written as a function of row multiplicities: stat(mult)
// must compute the statistic on the data where row i counts mult[i] times,
// which for a weighted metric means weight w_i*mult[i] ("weight 2 equals a
// duplicated row"); for an accumulator it means Add(row, w_i*mult[i]) or
// skipping rows with mult[i] = 0 (ROCAUCStatistic is such a function for ROC
// AUC). The estimate is stat(all ones). Each
// resample draws n rows (or, with Clusters, as many clusters as there are)
// uniformly with replacement; a row drawn k times, or every row of a cluster
// drawn k times, gets multiplicity k. The interval is [q(a/2), q(1-a/2)] of the
// B resampled statistics, a = 1-Level, with q the quantile with linear
// interpolation between order statistics (numpy.percentile's default, R's
// type 7).
//
// Resamples on which stat returns an error matching metrics.ErrUndefined are
// skipped; when more than MaxUndefinedFraction of them are, Bootstrap returns
// an error that wraps the first such error (so it matches ErrUndefined too).
// Any other error from stat, or a NaN value, aborts and is returned naming
// the resample and seed. An error from stat on the full data is returned as
// is. Fewer than 2 rows or clusters is an error: the bootstrap needs at least
// 2 clusters to have any variation.
//
// stat is called concurrently from GOMAXPROCS goroutines, each with its own
// mult slice, which is only valid during the call and must not be modified.
// Resample r draws from its own PCG generator seeded from (Seed, r), so the
// result does not depend on the number of goroutines or on scheduling.
//
// A length mismatch between Clusters and n, a Level outside (0, 1) and a
// negative Resamples panic.
func Bootstrap(n int, stat func(mult []float64) (float64, error), opt BootstrapOptions) (Interval, error) {
	opt = opt.withDefaults(n)
	run, err := runBootstrap(n, opt, stat)
	if err != nil {
		return Interval{}, err
	}
	x := run.valid(0)
	slices.Sort(x)
	a := 1 - opt.Level
	return Interval{
		Estimate: run.estimate[0],
		Lo:       quantileSorted(x, a/2),
		Hi:       quantileSorted(x, 1-a/2),
		Level:    opt.Level,
	}, nil
}

// PairedBootstrap compares two statistics on the same rows, a the baseline
// and b the candidate, by resampling the rows once for both: every resample
// evaluates a and b on the same multiplicities, so the correlation between
// the two models (they err on the same hard rows) narrows the interval of the
// difference, as it should.
//
// Diff = b(ones) - a(ones); the interval is the percentile interval of the
// resampled differences d_r = b(mult_r) - a(mult_r), as in Bootstrap. The
// p-value is the two-sided achieved significance level of the percentile
// method (Efron & Tibshirani 1993, §15.4; Davison & Hinkley 1997, §4.4):
//
//	p = min(1, 2 (1 + min(#{d_r <= 0}, #{d_r >= 0})) / (B' + 1))
//
// over the B' resamples on which both are defined. It is dual to the
// interval (the Level interval excludes 0 about when p < 1-Level), never 0
// (the +1 counts the observed data as one resample, so p >= 2/(B'+1)), and 1
// when the two statistics agree on every resample. A resample is skipped when
// either statistic is undefined on it; errors, cores and seeds as Bootstrap.
// Method is "paired bootstrap", followed by ", K of B resamples undefined and
// skipped" when K > 0 were, so that a report shows it.
func PairedBootstrap(n int, a, b func(mult []float64) (float64, error), opt BootstrapOptions) (Comparison, error) {
	opt = opt.withDefaults(n)
	run, err := runBootstrap(n, opt, a, b)
	if err != nil {
		return Comparison{}, err
	}
	base, cand := run.valid(0), run.valid(1)
	d := make([]float64, len(base))
	var le, ge int
	for i := range d {
		d[i] = cand[i] - base[i]
		if d[i] <= 0 {
			le++
		}
		if d[i] >= 0 {
			ge++
		}
	}
	slices.Sort(d)
	alpha := 1 - opt.Level
	diff := run.estimate[1] - run.estimate[0]
	method := "paired bootstrap"
	if run.undefined > 0 {
		method = fmt.Sprintf("paired bootstrap, %d of %d resamples undefined and skipped", run.undefined, opt.Resamples)
	}
	return Comparison{
		Baseline:  run.estimate[0],
		Candidate: run.estimate[1],
		Diff:      diff,
		Interval: Interval{
			Estimate: diff,
			Lo:       quantileSorted(d, alpha/2),
			Hi:       quantileSorted(d, 1-alpha/2),
			Level:    opt.Level,
		},
		P:      math.Min(1, 2*float64(1+min(le, ge))/float64(len(d)+1)),
		Method: method,
	}, nil
}

func (opt BootstrapOptions) withDefaults(n int) BootstrapOptions {
	if opt.Level == 0 {
		opt.Level = 0.95
	}
	checkLevel(opt.Level)
	if opt.Resamples < 0 {
		panic(fmt.Sprintf("metrics/stats: negative number of resamples %d", opt.Resamples))
	}
	if opt.Resamples == 0 {
		opt.Resamples = 1000
	}
	if opt.Clusters != nil && len(opt.Clusters) != n {
		panic("metrics/stats: slice length mismatch: Clusters and n")
	}
	if n < 0 {
		panic(fmt.Sprintf("metrics/stats: negative number of rows %d", n))
	}
	return opt
}

// bootstrapRun holds the statistics of every resample: stats[r*k+j] is
// statistic j on resample r, ok[r] whether all k were defined.
type bootstrapRun struct {
	k         int
	undefined int // resamples skipped because a statistic was undefined
	estimate  []float64
	stats     []float64
	ok        []bool
}

// valid returns statistic j on the resamples where all statistics are
// defined, in resample order.
func (run *bootstrapRun) valid(j int) []float64 {
	out := make([]float64, 0, len(run.ok))
	for r, ok := range run.ok {
		if ok {
			out = append(out, run.stats[r*run.k+j])
		}
	}
	return out
}

// resampler draws the multiplicities of one resample: units (rows, or
// clusters) are drawn uniformly with replacement, as many as there are.
type resampler struct {
	n      int
	units  int
	unitOf []int32 // cluster index per row; nil when rows are the units
}

func newResampler(n int, clusters []int) (*resampler, error) {
	rs := &resampler{n: n, units: n}
	if clusters != nil {
		index := make(map[int]int32)
		rs.unitOf = make([]int32, n)
		for i, c := range clusters {
			u, ok := index[c]
			if !ok {
				u = int32(len(index))
				index[c] = u
			}
			rs.unitOf[i] = u
		}
		rs.units = len(index)
	}
	if rs.units < 2 {
		what := "rows"
		if clusters != nil {
			what = "clusters"
		}
		return nil, fmt.Errorf("%w, got %d %s", ErrTooFewUnits, rs.units, what)
	}
	return rs, nil
}

// draw fills mult for resample r of the given seed. counts (one byte a
// unit, so that the random increments stay in the cache: at a float64 a
// unit a million rows take 8 MB) and wrapped are scratch space.
func (rs *resampler) draw(seed uint64, r int, counts []uint8, wrapped *[]int, mult []float64) {
	rng := newPCG(splitmix64(seed), splitmix64(seed^splitmix64(uint64(r)+1)))
	clear(counts)
	*wrapped = (*wrapped)[:0]
	drawUnits(&rng, counts, wrapped)
	if rs.unitOf == nil {
		expandCounts(counts, *wrapped, mult)
		return
	}
	if len(*wrapped) == 0 {
		for i, c := range rs.unitOf {
			mult[i] = float64(counts[c])
		}
		return
	}
	unitMult := make([]float64, rs.units) // a unit drawn 256 times or more: rare
	expandCounts(counts, *wrapped, unitMult)
	for i, c := range rs.unitOf {
		mult[i] = unitMult[c]
	}
}

// drawUnits counts len(counts) draws of rng.uint64n(len(counts)) with
// countUnit, inlined: Lemire's multiply, whose rejection (thresh < n, so
// lo < thresh implies Uint64N's lo < n) is rare. The draws come in batches
// of 1024, then their counts, so that the random increments (a million
// units are a megabyte of counts, beyond the L1 and L2 caches) overlap
// each other instead of the generator's serial arithmetic.
func drawUnits(rng *pcg, counts []uint8, wrapped *[]int) {
	u := uint64(len(counts))
	if u&(u-1) == 0 {
		for range u {
			countUnit(counts, wrapped, int(rng.uint64n(u)))
		}
		return
	}
	thresh := -u % u
	var batch [1024]int
	for left := u; left > 0; {
		b := batch[:min(left, uint64(len(batch)))]
		left -= uint64(len(b))
		for k := range b {
			hi, lo := bits.Mul64(rng.uint64(), u)
			for lo < thresh {
				hi, lo = bits.Mul64(rng.uint64(), u)
			}
			b[k] = int(hi)
		}
		for _, j := range b {
			countUnit(counts, wrapped, j)
		}
	}
}

// countUnit adds one to unit j's count, kept modulo 256 in counts with j
// appended to wrapped each time it wraps to 0.
func countUnit(counts []uint8, wrapped *[]int, j int) {
	counts[j]++
	if counts[j] == 0 {
		*wrapped = append(*wrapped, j)
	}
}

// expandCounts writes the counts countUnit kept as float64s into out.
func expandCounts(counts []uint8, wrapped []int, out []float64) {
	for i, c := range counts {
		out[i] = float64(c)
	}
	for _, j := range wrapped {
		out[j] += 256
	}
}

// splitmix64 is the finaliser of SplitMix64 (Steele, Lea & Flood 2014): it
// spreads nearby inputs (consecutive resample indices) over the whole 64-bit
// range before they seed a PCG stream.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// estimates evaluates every statistic on the full data (all multiplicities
// 1); an error or a NaN there is returned.
func estimates(n int, stats []func(mult []float64) (float64, error)) ([]float64, error) {
	ones := make([]float64, n)
	for i := range ones {
		ones[i] = 1
	}
	est := make([]float64, len(stats))
	for j, stat := range stats {
		v, err := stat(ones)
		if err != nil {
			return nil, err
		}
		if math.IsNaN(v) {
			return nil, errors.New("metrics/stats: statistic is NaN on the full data")
		}
		est[j] = v
	}
	return est, nil
}

// forEachResample draws resamples 0..resamples-1 on GOMAXPROCS goroutines,
// each once, and calls eval with each; the mult slice is the goroutine's and
// valid during the call. Resamples are claimed in increasing order, so when
// eval reports a fatal error (true) at resample r, every resample below r
// has been or is being evaluated, and no resample is claimed after it.
func (rs *resampler) forEachResample(seed uint64, resamples int, eval func(r int, mult []float64) (fatal bool)) {
	var next atomic.Int64
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), resamples) {
		wg.Go(func() {
			counts := make([]uint8, rs.units)
			var wrapped []int
			mult := make([]float64, rs.n)
			for !stop.Load() {
				r := int(next.Add(1) - 1)
				if r >= resamples {
					return
				}
				rs.draw(seed, r, counts, &wrapped, mult)
				if eval(r, mult) {
					stop.Store(true)
				}
			}
		})
	}
	wg.Wait()
}

// runBootstrap evaluates every statistic on the full data and on
// opt.Resamples resamples, in parallel, applying the error rules of
// Bootstrap; a resample counts only when every statistic is defined on it.
func runBootstrap(n int, opt BootstrapOptions, stats ...func(mult []float64) (float64, error)) (*bootstrapRun, error) {
	rs, err := newResampler(n, opt.Clusters)
	if err != nil {
		return nil, err
	}
	k := len(stats)
	run := &bootstrapRun{
		k:     k,
		stats: make([]float64, opt.Resamples*k),
		ok:    make([]bool, opt.Resamples),
	}
	if run.estimate, err = estimates(n, stats); err != nil {
		return nil, err
	}
	errs := make([]error, opt.Resamples) // per resample: undefined or fatal
	rs.forEachResample(opt.Seed, opt.Resamples, func(r int, mult []float64) bool {
		run.ok[r] = true
		for j, stat := range stats {
			v, err := stat(mult)
			if err == nil && math.IsNaN(v) {
				err = fmt.Errorf("metrics/stats: statistic %d is NaN on bootstrap resample %d (seed %d)", j, r, opt.Seed)
			}
			if err != nil {
				run.ok[r] = false
				errs[r] = err
				return !errors.Is(err, metrics.ErrUndefined)
			}
			run.stats[r*k+j] = v
		}
		return false
	})
	undefined, err := resampleErrors(errs, opt)
	if err != nil {
		return nil, err
	}
	run.undefined = undefined
	return run, nil
}

// resampleErrors applies the error rules to the errors of the resamples (nil
// where the statistics were defined): the first fatal error in resample order
// is returned; else the number of undefined resamples, and an error when
// more than MaxUndefinedFraction of them are.
func resampleErrors(errs []error, opt BootstrapOptions) (int, error) {
	undefined := 0
	var firstUndefined error
	for r, err := range errs {
		if err == nil {
			continue
		}
		if !errors.Is(err, metrics.ErrUndefined) {
			return 0, fmt.Errorf("metrics/stats: bootstrap resample %d (seed %d): %w", r, opt.Seed, err)
		}
		undefined++
		if firstUndefined == nil {
			firstUndefined = err
		}
	}
	if float64(undefined) > MaxUndefinedFraction*float64(opt.Resamples) {
		return 0, fmt.Errorf("metrics/stats: bootstrap: the statistic is undefined on %d of %d resamples (more than %g%%; seed %d), first: %w",
			undefined, opt.Resamples, 100*MaxUndefinedFraction, opt.Seed, firstUndefined)
	}
	return undefined, nil
}

// quantileSorted returns the p-quantile of sorted x with linear
// interpolation between order statistics: h = (len(x)-1) p, x[floor h] +
// (h - floor h)(x[floor h + 1] - x[floor h]) (numpy's default, R type 7).
func quantileSorted(x []float64, p float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	h := float64(len(x)-1) * p
	i := int(math.Floor(h))
	if i >= len(x)-1 {
		return x[len(x)-1]
	}
	f := h - float64(i)
	if f == 0 {
		return x[i]
	}
	return x[i] + f*(x[i+1]-x[i])
}
