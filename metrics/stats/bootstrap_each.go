package stats

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sync/atomic"

	"github.com/mltest/mltest/metrics"
)

// BootstrapEach returns the percentile bootstrap interval of each statistic
// of the same n rows: ivs[j] is what Bootstrap(n, stats[j], opt) returns,
// bit for bit, and errs[j] is nil exactly when Bootstrap's error is, since
// every statistic sees the same resamples. Each
// resample is drawn once for all of them, so k statistics cost one draw
// instead of k.
//
// The statistics are independent: one that is undefined on a resample is
// skipped on it while the others count it, and one's error (on the full
// data, a fatal error on a resample, too many undefined resamples) is its
// errs[j] alone. Too few rows or clusters is every statistic's error.
// Concurrency, seeds and panics are as for Bootstrap.
func BootstrapEach(n int, stats []func(mult []float64) (float64, error), opt BootstrapOptions) (ivs []Interval, errs []error) {
	opt = opt.withDefaults(n)
	k := len(stats)
	ivs, errs = make([]Interval, k), make([]error, k)
	rs, err := newResampler(n, opt.Clusters)
	if err != nil {
		for j := range errs {
			errs[j] = err
		}
		return ivs, errs
	}
	est := make([]float64, k)
	for j, stat := range stats {
		e, err := estimates(n, []func([]float64) (float64, error){stat})
		if err != nil {
			errs[j] = err
			continue
		}
		est[j] = e[0]
	}
	// stopAt[j] is the first resample on which statistic j failed fatally
	// (opt.Resamples while none has): it is evaluated on every resample
	// below, whatever the scheduling, and on none above.
	stopAt := make([]atomic.Int64, k)
	for j := range stopAt {
		stopAt[j].Store(int64(opt.Resamples))
		if errs[j] != nil {
			stopAt[j].Store(-1)
		}
	}
	vals := make([]float64, opt.Resamples*k)
	rerrs := make([]error, opt.Resamples*k)
	rs.forEachResample(opt.Seed, opt.Resamples, func(r int, mult []float64) bool {
		for j, stat := range stats {
			if int64(r) >= stopAt[j].Load() {
				continue
			}
			v, err := stat(mult)
			if err == nil && math.IsNaN(v) {
				err = fmt.Errorf("metrics/stats: statistic is NaN on bootstrap resample %d (seed %d)", r, opt.Seed)
			}
			vals[r*k+j], rerrs[r*k+j] = v, err
			if err != nil && !errors.Is(err, metrics.ErrUndefined) {
				for {
					at := stopAt[j].Load()
					if int64(r) >= at || stopAt[j].CompareAndSwap(at, int64(r)) {
						break
					}
				}
			}
		}
		return false
	})
	a := 1 - opt.Level
	statErrs := make([]error, opt.Resamples)
	for j := range stats {
		if errs[j] != nil {
			continue
		}
		var x []float64
		for r := range opt.Resamples {
			statErrs[r] = rerrs[r*k+j]
			if statErrs[r] == nil && int64(r) < stopAt[j].Load() {
				x = append(x, vals[r*k+j])
			}
		}
		if _, err := resampleErrors(statErrs, opt); err != nil {
			errs[j] = err
			continue
		}
		slices.Sort(x)
		ivs[j] = Interval{Estimate: est[j], Lo: quantileSorted(x, a/2), Hi: quantileSorted(x, 1-a/2), Level: opt.Level}
	}
	return ivs, errs
}
