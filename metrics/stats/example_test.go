package stats_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/stats"
)

// scored returns n rows with binary labels and two models' scores: the
// candidate is a little better than the baseline, and both share noise.
func scored(n int) (labels []bool, baseline, candidate []float64) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range n {
		y := rng.IntN(3) == 0
		signal, shared := 0.0, rng.NormFloat64()
		if y {
			signal = 1
		}
		labels = append(labels, y)
		baseline = append(baseline, 0.9*signal+shared+0.5*rng.NormFloat64())
		candidate = append(candidate, 1.0*signal+shared+0.5*rng.NormFloat64())
	}
	return labels, baseline, candidate
}

// A 95% interval for ROC AUC. Any metric works: the statistic receives row
// multiplicities and uses them as weights. ROCAUCStatistic is the fast form
// of func(mult) { return metrics.ROCAUC(labels, scores, mult) }.
func ExampleBootstrap() {
	labels, scores, _ := scored(2000)
	auc, err := stats.ROCAUCStatistic(labels, scores, nil)
	if err != nil {
		panic(err)
	}
	iv, err := stats.Bootstrap(len(labels), auc, stats.BootstrapOptions{Resamples: 1000, Seed: 1})
	if err != nil {
		panic(err)
	}
	fmt.Printf("roc_auc %.3f, 95%% CI [%.3f, %.3f]\n", iv.Estimate, iv.Lo, iv.Hi)
	// Output:
	// roc_auc 0.705, 95% CI [0.679, 0.728]
}

// Compare a candidate with a baseline on the same rows and gate the merge:
// fail only if AUC fell significantly and by more than 0.01.
func ExamplePairedBootstrap() {
	labels, baseline, candidate := scored(2000)
	auc := func(scores []float64) func([]float64) (float64, error) {
		return func(mult []float64) (float64, error) { return metrics.ROCAUC(labels, scores, mult) }
	}
	c, err := stats.PairedBootstrap(len(labels), auc(baseline), auc(candidate),
		stats.BootstrapOptions{Resamples: 500, Seed: 1})
	if err != nil {
		panic(err)
	}
	c.Metric = "roc_auc"
	fmt.Printf("diff %.3f, 95%% CI [%.3f, %.3f]\n", c.Diff, c.Interval.Lo, c.Interval.Hi)
	regressed, why := stats.Regressed(c, true, 0.01, 0.05)
	fmt.Println(regressed, why)
	// Output:
	// diff 0.023, 95% CI [0.008, 0.040]
	// false roc_auc rose by 0.02305 (95% CI [0.007516, 0.04008], p=0.012, paired bootstrap): no regression
}

// DeLong's test gives the same comparison for unweighted AUC without
// resampling.
func ExampleDeLongTest() {
	labels, baseline, candidate := scored(2000)
	c, err := stats.DeLongTest(labels, baseline, candidate, 0.95)
	if err != nil {
		panic(err)
	}
	fmt.Printf("AUC %.3f -> %.3f, diff %.3f, 95%% CI [%.3f, %.3f], p=%.3f\n",
		c.Baseline, c.Candidate, c.Diff, c.Interval.Lo, c.Interval.Hi, c.P)
	// Output:
	// AUC 0.705 -> 0.728, diff 0.023, 95% CI [0.007, 0.039], p=0.005
}

// McNemar's test of two classifiers' accuracy on the same rows: only the rows
// where they disagree matter.
func ExampleMcNemar() {
	baseline := []bool{true, true, false, true, false, true, true, false, true, true}
	candidate := []bool{true, true, true, true, true, true, true, true, true, false}
	r, err := stats.McNemar(baseline, candidate)
	if err != nil {
		panic(err)
	}
	fmt.Printf("accuracy %.1f -> %.1f, discordant %d/%d, exact=%v, p=%.3f\n", r.Baseline, r.Candidate, r.B, r.C, r.Exact, r.P)
	// Output:
	// accuracy 0.7 -> 0.9, discordant 1/3, exact=true, p=0.625
}

// A randomization test on per-query values (here Darwin's Zea mays pairs,
// Fisher's classic example, whose exact two-sided p is 0.0527).
func ExampleRandomizationTest() {
	self := make([]float64, 15)
	cross := []float64{49, -67, 8, 16, 6, 23, 28, 41, 14, 29, 56, 24, 75, 60, -48}
	c, err := stats.RandomizationTest(self, cross, 100000, 1)
	if err != nil {
		panic(err)
	}
	fmt.Printf("mean difference %.2f, p=%.3f\n", c.Diff, c.P)
	// Output:
	// mean difference 20.93, p=0.053
}

// Adjust the p-values of several metric comparisons for the false discovery
// rate before deciding which differences are real.
func ExampleBenjaminiHochberg() {
	p := []float64{0.01, 0.04, 0.03, 0.005, 0.2}
	fmt.Printf("%.3f\n", stats.BenjaminiHochberg(p))
	// Output:
	// [0.025 0.050 0.050 0.025 0.200]
}

func ExampleKSTwoSample() {
	r, err := stats.KSTwoSample([]float64{0.1, 0.4, 0.35, 0.8}, []float64{0.5, 0.9, 0.7, 0.95, 0.6})
	if err != nil {
		panic(err)
	}
	fmt.Printf("D = %.3f at %v, p = %.4f, exact %v\n", r.D, r.At, r.PValue, r.Exact)
	// Output:
	// D = 0.750 at 0.4, p = 0.1429, exact true
}
