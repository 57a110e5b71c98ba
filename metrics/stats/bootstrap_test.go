package stats

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/mltest/mltest/metrics"
)

// weightedMean is the mean of x under multiplicities mult.
func weightedMean(x []float64) func(mult []float64) (float64, error) {
	return func(mult []float64) (float64, error) {
		var s, w float64
		for i, v := range x {
			s += mult[i] * v
			w += mult[i]
		}
		return s / w, nil
	}
}

// meanCoverage: fraction of reps samples of n N(mu, 2^2) values whose 95%
// percentile bootstrap interval of the mean covers mu.
func meanCoverage(t *testing.T, seed uint64, reps, n, resamples int) float64 {
	const mu = 1.5
	rng := rand.New(rand.NewPCG(seed, 3))
	covered := 0
	for rep := range reps {
		x := make([]float64, n)
		for i := range x {
			x[i] = mu + 2*rng.NormFloat64()
		}
		iv, err := Bootstrap(n, weightedMean(x), BootstrapOptions{Resamples: resamples, Seed: uint64(rep)})
		if err != nil {
			t.Fatalf("seed %d rep %d: %v", seed, rep, err)
		}
		if iv.Lo <= mu && mu <= iv.Hi {
			covered++
		}
	}
	return float64(covered) / float64(reps)
}

// TestBootstrapCoverageMean: 300 seeded samples of 60 normal values; the 95%
// percentile interval of the mean (400 resamples) covers the true mean in
// 90%-98.5% of them (percentile intervals under-cover slightly at small n;
// the Monte Carlo standard error over 300 samples is 1.3%).
func TestBootstrapCoverageMean(t *testing.T) {
	const seed = 11
	cov := meanCoverage(t, seed, 300, 60, 400)
	t.Logf("bootstrap mean 95%% coverage: %.4f (seed %d)", cov, seed)
	if cov < 0.90 || cov > 0.985 {
		t.Errorf("bootstrap 95%% interval of the mean covered mu in %.3f of 300 samples, want 0.90-0.985 (seed %d)", cov, seed)
	}
}

// TestBootstrapCoverageAUC: binormal samples (60 positives, 60 negatives, d
// = 1, true AUC = Phi(1/sqrt 2)) and the 95% percentile interval of ROC AUC
// with multiplicities as weights (ROCAUCStatistic, which equals
// metrics.ROCAUC; see TestROCAUCStatisticEqualsROCAUC). Without -short: 200 samples
// x 500 resamples, band 0.90-0.99 (Monte Carlo s.e. 1.5%). With -short: 40
// samples x 200 resamples, band 0.82-1 (s.e. 3.4%).
func TestBootstrapCoverageAUC(t *testing.T) {
	const seed = 12
	reps, resamples, lo, hi := 200, 500, 0.90, 0.99
	if testing.Short() {
		reps, resamples, lo, hi = 40, 200, 0.82, 1
	}
	rng := rand.New(rand.NewPCG(seed, 4))
	truth := binormalAUC(1)
	covered := 0
	for rep := range reps {
		labels, scores := binormal(rng, 60, 60, 1)
		auc, err := ROCAUCStatistic(labels, scores, nil)
		if err != nil {
			t.Fatal(err)
		}
		iv, err := Bootstrap(len(labels), auc, BootstrapOptions{Resamples: resamples, Seed: uint64(rep)})
		if err != nil {
			t.Fatalf("seed %d rep %d: %v", seed, rep, err)
		}
		if iv.Lo <= truth && truth <= iv.Hi {
			covered++
		}
	}
	cov := float64(covered) / float64(reps)
	t.Logf("bootstrap AUC 95%% coverage: %.4f over %d samples (seed %d)", cov, reps, seed)
	if cov < lo || cov > hi {
		t.Errorf("bootstrap 95%% AUC interval covered the truth in %.3f of %d samples, want %g-%g (seed %d)", cov, reps, lo, hi, seed)
	}
}

func TestBootstrapReproducibleAcrossSeedsAndCores(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	labels, scores := binormal(rng, 50, 70, 0.7)
	stat := func(mult []float64) (float64, error) { return metrics.ROCAUC(labels, scores, mult) }
	opt := BootstrapOptions{Resamples: 300, Seed: 99}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var got []Interval
	for _, procs := range []int{1, 2, 5} {
		runtime.GOMAXPROCS(procs)
		iv, err := Bootstrap(len(labels), stat, opt)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, iv)
	}
	for i := 1; i < len(got); i++ {
		if got[i] != got[0] {
			t.Errorf("Bootstrap depends on GOMAXPROCS: %+v vs %+v (seed 99)", got[i], got[0])
		}
	}
	other, err := Bootstrap(len(labels), stat, BootstrapOptions{Resamples: 300, Seed: 100})
	if err != nil {
		t.Fatal(err)
	}
	if other == got[0] {
		t.Errorf("seeds 99 and 100 gave the same interval %+v", other)
	}
}

// TestBootstrapMultiplicities: every resample draws exactly as many units as
// there are, and with clusters every row of a cluster gets its cluster's
// multiplicity.
func TestBootstrapMultiplicities(t *testing.T) {
	clusters := []int{7, 7, 7, -1, -1, 40, 3, 3, 3, 3}
	check := func(mult []float64) (float64, error) {
		byCluster := map[int]float64{}
		for i, c := range clusters {
			if m, ok := byCluster[c]; ok && m != mult[i] {
				return 0, fmt.Errorf("cluster %d has multiplicities %v and %v", c, m, mult[i])
			}
			byCluster[c] = mult[i]
		}
		var total float64
		for _, m := range byCluster {
			if m != math.Trunc(m) || m < 0 {
				return 0, fmt.Errorf("multiplicity %v", m)
			}
			total += m
		}
		if total != float64(len(byCluster)) {
			return 0, fmt.Errorf("cluster multiplicities sum to %v, want %d", total, len(byCluster))
		}
		return total, nil
	}
	if _, err := Bootstrap(len(clusters), check, BootstrapOptions{Resamples: 200, Seed: 3, Clusters: clusters}); err != nil {
		t.Error(err)
	}
	rows := func(mult []float64) (float64, error) {
		var s float64
		for _, m := range mult {
			s += m
		}
		if s != float64(len(mult)) {
			return 0, fmt.Errorf("row multiplicities sum to %v, want %d", s, len(mult))
		}
		return s, nil
	}
	if _, err := Bootstrap(13, rows, BootstrapOptions{Resamples: 200, Seed: 3}); err != nil {
		t.Error(err)
	}
}

// TestBootstrapClustersWiden: 30 clusters of 10 identical values. Rows are
// not independent, so the clustered interval of the mean must be wider than
// the row-level one by about sqrt(10) = 3.16 (the design effect).
func TestBootstrapClustersWiden(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	var x []float64
	var clusters []int
	for c := range 30 {
		v := rng.NormFloat64()
		for range 10 {
			x = append(x, v)
			clusters = append(clusters, c)
		}
	}
	flat, err := Bootstrap(len(x), weightedMean(x), BootstrapOptions{Resamples: 2000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	clustered, err := Bootstrap(len(x), weightedMean(x), BootstrapOptions{Resamples: 2000, Seed: 1, Clusters: clusters})
	if err != nil {
		t.Fatal(err)
	}
	ratio := (clustered.Hi - clustered.Lo) / (flat.Hi - flat.Lo)
	t.Logf("clustered/flat width ratio %.3f", ratio)
	if ratio < 2.5 || ratio > 4 {
		t.Errorf("clustered interval %v is %.3f times as wide as the row-level %v, want 2.5-4 (about sqrt 10)", clustered, ratio, flat)
	}
}

func TestBootstrapNeedsTwoClusters(t *testing.T) {
	_, err := Bootstrap(4, weightedMean([]float64{1, 2, 3, 4}), BootstrapOptions{Clusters: []int{5, 5, 5, 5}})
	if err == nil || !strings.Contains(err.Error(), "bootstrap needs at least 2 clusters") {
		t.Errorf("one cluster: err = %v, want \"bootstrap needs at least 2 clusters\"", err)
	}
	_, err = Bootstrap(1, weightedMean([]float64{1}), BootstrapOptions{})
	if err == nil || !strings.Contains(err.Error(), "at least 2") {
		t.Errorf("one row: err = %v", err)
	}
	mustPanic(t, "Clusters length", func() {
		Bootstrap(3, weightedMean([]float64{1, 2, 3}), BootstrapOptions{Clusters: []int{1, 2}})
	})
	mustPanic(t, "level 1.5", func() { Bootstrap(3, weightedMean([]float64{1, 2, 3}), BootstrapOptions{Level: 1.5}) })
}

// TestBootstrapUndefinedResamples: a statistic undefined when row 0 is drawn
// 4 or more times (probability about 1.9% per resample for n = 100) is
// skipped; one undefined when row 0 is not drawn (about 37%) exceeds
// MaxUndefinedFraction and the error matches ErrUndefined.
func TestBootstrapUndefinedResamples(t *testing.T) {
	x := make([]float64, 100)
	for i := range x {
		x[i] = float64(i)
	}
	mean := weightedMean(x)
	rare := func(mult []float64) (float64, error) {
		if mult[0] >= 4 {
			return math.NaN(), &metrics.UndefinedError{Metric: "test", Reason: "row 0 drawn 4 times"}
		}
		return mean(mult)
	}
	if _, err := Bootstrap(len(x), rare, BootstrapOptions{Seed: 4}); err != nil {
		t.Errorf("rare undefined resamples: %v", err)
	}
	often := func(mult []float64) (float64, error) {
		if mult[0] == 0 {
			return math.NaN(), &metrics.UndefinedError{Metric: "test", Reason: "row 0 not drawn"}
		}
		return mean(mult)
	}
	_, err := Bootstrap(len(x), often, BootstrapOptions{Seed: 4})
	if !errors.Is(err, metrics.ErrUndefined) || !strings.Contains(err.Error(), "resamples") {
		t.Errorf("frequent undefined resamples: err = %v, want an ErrUndefined naming the count", err)
	}
	// Undefined on the full data: returned as is.
	_, err = Bootstrap(len(x), func([]float64) (float64, error) {
		return 0, &metrics.UndefinedError{Metric: "test", Reason: "always"}
	}, BootstrapOptions{})
	var ue *metrics.UndefinedError
	if !errors.As(err, &ue) || ue.Reason != "always" {
		t.Errorf("undefined on full data: err = %v", err)
	}
}

func TestBootstrapFatalErrors(t *testing.T) {
	boom := errors.New("boom")
	_, err := Bootstrap(10, func(mult []float64) (float64, error) {
		if mult[0] != 1 || mult[1] != 1 { // every resample but the full data
			return 0, boom
		}
		return 1, nil
	}, BootstrapOptions{Seed: 17})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "seed 17") {
		t.Errorf("err = %v, want boom naming seed 17", err)
	}
	_, err = Bootstrap(10, func(mult []float64) (float64, error) {
		if mult[0] == 1 && mult[1] == 1 && mult[2] == 1 {
			return 1, nil
		}
		return math.NaN(), nil
	}, BootstrapOptions{Seed: 1})
	if err == nil || !strings.Contains(err.Error(), "NaN") {
		t.Errorf("NaN statistic: err = %v, want an error saying NaN", err)
	}
}

func TestPairedBootstrap(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	x := make([]float64, 80)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	mean := weightedMean(x)
	// Identical statistics: no difference anywhere, P = 1.
	c, err := PairedBootstrap(len(x), mean, mean, BootstrapOptions{Seed: 1, Resamples: 500})
	if err != nil {
		t.Fatal(err)
	}
	if c.Diff != 0 || c.Interval.Lo != 0 || c.Interval.Hi != 0 || c.P != 1 || c.Method != "paired bootstrap" {
		t.Errorf("identical: %+v, want Diff 0, interval [0, 0], P 1", c)
	}
	// Candidate = baseline + 0.25 on every resample: every d_r > 0, so
	// P = 2 (1 + 0)/(500 + 1).
	shifted := func(mult []float64) (float64, error) {
		v, err := mean(mult)
		return v + 0.25, err
	}
	c, err = PairedBootstrap(len(x), mean, shifted, BootstrapOptions{Seed: 1, Resamples: 500})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(c.Diff-0.25) > 1e-12 || math.Abs(c.Interval.Lo-0.25) > 1e-12 || math.Abs(c.Interval.Hi-0.25) > 1e-12 || c.P != 2.0/501 {
		t.Errorf("shifted: %+v, want Diff 0.25, interval [0.25, 0.25], P 2/501", c)
	}
	if c.Candidate-c.Baseline != c.Diff {
		t.Errorf("Diff %v != Candidate - Baseline (%v - %v)", c.Diff, c.Candidate, c.Baseline)
	}
}

// TestPairedBootstrapUsesPairing: two AUC scorings that share most of their
// noise. The paired interval of the difference must be much narrower than
// the difference of two independent intervals would suggest, which is the
// point of pairing; and it must agree with DeLong's test in sign and
// significance on this clear case.
func TestPairedBootstrapUsesPairing(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 21))
	n := 600
	labels := make([]bool, n)
	base := make([]float64, n)
	cand := make([]float64, n)
	for i := range labels {
		labels[i] = rng.IntN(2) == 1
		shared := rng.NormFloat64()
		y := 0.0
		if labels[i] {
			y = 1
		}
		base[i] = 0.8*y + shared + 0.3*rng.NormFloat64()
		cand[i] = 1.0*y + shared + 0.3*rng.NormFloat64()
	}
	auc := func(s []float64) func([]float64) (float64, error) {
		stat, err := ROCAUCStatistic(labels, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		return stat
	}
	opt := BootstrapOptions{Seed: 5, Resamples: 1000}
	c, err := PairedBootstrap(n, auc(base), auc(cand), opt)
	if err != nil {
		t.Fatal(err)
	}
	ib, _ := Bootstrap(n, auc(base), opt)
	ic, _ := Bootstrap(n, auc(cand), opt)
	unpairedWidth := math.Hypot(ib.Hi-ib.Lo, ic.Hi-ic.Lo)
	pairedWidth := c.Interval.Hi - c.Interval.Lo
	d, err := DeLongTest(labels, base, cand, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("paired %v p=%.4g; delong %v p=%.4g; widths paired %.4f unpaired %.4f", c.Interval, c.P, d.Interval, d.P, pairedWidth, unpairedWidth)
	if pairedWidth > 0.6*unpairedWidth {
		t.Errorf("paired width %.4f not well below unpaired %.4f", pairedWidth, unpairedWidth)
	}
	if !(c.Diff > 0 && c.Interval.Lo > 0 && c.P < 0.05 && d.P < 0.05) {
		t.Errorf("clear improvement not detected: bootstrap %+v, delong %+v", c, d)
	}
	if math.Abs(c.Diff-d.Diff) > 1e-12 {
		t.Errorf("bootstrap Diff %v != DeLong Diff %v", c.Diff, d.Diff)
	}
	if w := d.Interval.Hi - d.Interval.Lo; math.Abs(pairedWidth/w-1) > 0.2 {
		t.Errorf("paired bootstrap width %.4f vs DeLong width %.4f differ by more than 20%%", pairedWidth, w)
	}
}

// TestPairedBootstrapReportsSkipped: resamples on which AUC is undefined (no
// positive drawn; with 3 positives in 40 rows that is (37/40)^40 = 4.4% of
// them) are skipped and counted in Method.
func TestPairedBootstrapReportsSkipped(t *testing.T) {
	labels := make([]bool, 40)
	labels[0], labels[1], labels[2] = true, true, true
	a := make([]float64, 40)
	b := make([]float64, 40)
	for i := range a {
		a[i] = float64(i % 7)
		b[i] = float64(i % 5)
	}
	auc := func(s []float64) func([]float64) (float64, error) {
		return func(mult []float64) (float64, error) { return metrics.ROCAUC(labels, s, mult) }
	}
	c, err := PairedBootstrap(40, auc(a), auc(b), BootstrapOptions{Seed: 6})
	if err != nil {
		t.Fatal(err)
	}
	var k int
	if _, err := fmt.Sscanf(c.Method, "paired bootstrap, %d of 1000 resamples undefined and skipped", &k); err != nil || k < 20 || k > 75 {
		t.Errorf("Method = %q, want about 44 of 1000 skipped resamples reported", c.Method)
	}
}
