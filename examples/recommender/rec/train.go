package rec

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/mltest/mltest/examples/recommender/recdata"
)

// Train fits implicit ALS (Hu, Koren & Volinsky 2008) to d.Train and returns
// the model with its training snapshot. For every observed pair the
// preference is 1 and the confidence c_ui = 1 + Alpha·ρ_ui (ρ the recency
// weight); every unobserved pair has preference 0 and confidence 1. Each
// sweep solves every user's factors with the item factors fixed, then every
// item's with the user factors fixed (the rowSolver's ridge regression);
// items start from N(0, 0.01²) draws of a PCG source seeded by h.Seed. Only
// the item factors are kept: Score folds a user's factors in from the
// history, which is the user step of one more sweep.
//
// The result does not depend on the number of cores (rows are solved
// independently). An invalid dataset or hyperparameter is an error.
func Train(d *recdata.Dataset, h Hyperparameters, r Rules) (*Model, error) {
	if err := h.Validate(); err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if len(d.Train) == 0 {
		return nil, fmt.Errorf("rec: no training events")
	}
	m := &Model{Hyper: h, Rules: r, AsOf: d.Cutoff}
	m.Users = append([]string(nil), d.Users...)
	m.Items = append([]string(nil), d.Items...)
	m.Categories = append([]string(nil), d.Category...)
	m.Histories, m.HistoryTimes = d.TrainHistories()
	m.Counts = make([]int, len(d.Items))
	for _, e := range d.Train {
		m.Counts[e.Item]++
	}
	m.BucketEdges = bucketEdges(m.Counts, h.PopularityBuckets)

	f := h.Factors
	// Per-user extra confidence, and the transposed lists per item.
	weights := make([][]float64, len(m.Users))
	itemUsers := make([][]int, len(m.Items))
	itemWeights := make([][]float64, len(m.Items))
	for u, hist := range m.Histories {
		weights[u] = make([]float64, len(hist))
		for k, i := range hist {
			w := h.Alpha * m.recency(m.HistoryTimes[u][k])
			weights[u][k] = w
			itemUsers[i] = append(itemUsers[i], u)
			itemWeights[i] = append(itemWeights[i], w)
		}
	}
	rng := rand.New(rand.NewPCG(h.Seed, 0x726563))
	m.ItemFactors = make([][]float64, len(m.Items))
	for i := range m.ItemFactors {
		m.ItemFactors[i] = make([]float64, f)
		for d := range m.ItemFactors[i] {
			m.ItemFactors[i][d] = 0.01 * rng.NormFloat64()
		}
	}
	userFactors := make([][]float64, len(m.Users))
	for u := range userFactors {
		userFactors[u] = make([]float64, f)
	}
	for range h.Iterations {
		if err := sweep(userFactors, m.ItemFactors, m.Histories, weights, h.Regularization, f); err != nil {
			return nil, err
		}
		if err := sweep(m.ItemFactors, userFactors, itemUsers, itemWeights, h.Regularization, f); err != nil {
			return nil, err
		}
	}
	for i, y := range m.ItemFactors {
		for _, v := range y {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("rec: item %q factor %v after training", m.Items[i], v)
			}
		}
	}
	m.prepare()
	return m, nil
}

// sweep solves every row of dst against the fixed factors of other, rows
// split into contiguous chunks over the cores. A row without interactions
// gets zero factors (its normal equations have a zero right-hand side).
func sweep(dst, other [][]float64, idx [][]int, extra [][]float64, lambda float64, f int) error {
	gram := gramOf(other, f)
	workers := min(runtime.GOMAXPROCS(0), len(dst))
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		lo, hi := w*len(dst)/workers, (w+1)*len(dst)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newRowSolver(f)
			for r := lo; r < hi; r++ {
				if len(idx[r]) == 0 {
					clear(dst[r])
					continue
				}
				if err := s.solve(gram, other, idx[r], extra[r], lambda, dst[r]); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
