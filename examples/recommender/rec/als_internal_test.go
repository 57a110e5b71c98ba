package rec

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestRowSolverIsHuKorenVolinsky checks the shortcut solve against the
// formula of Hu, Koren & Volinsky (2008, eq. 4) computed densely over every
// item: x_u = (Yᵀ C_u Y + λI)⁻¹ Yᵀ C_u p(u), with C_u = diag(c_ui), c_ui = 1 +
// w for the observed items and 1 otherwise, p_ui = 1 for the observed items
// and 0 otherwise.
func TestRowSolverIsHuKorenVolinsky(t *testing.T) {
	const seed = 5
	rng := rand.New(rand.NewPCG(seed, 0))
	const items, f, lambda = 40, 5, 0.7
	y := make([][]float64, items)
	for i := range y {
		y[i] = make([]float64, f)
		for d := range y[i] {
			y[i][d] = rng.NormFloat64()
		}
	}
	idx := []int{2, 9, 17, 30}
	extra := []float64{3, 0.5, 10, 1}
	got := make([]float64, f)
	if err := newRowSolver(f).solve(gramOf(y, f), y, idx, extra, lambda, got); err != nil {
		t.Fatal(err)
	}
	Y := mat.NewDense(items, f, nil)
	c := make([]float64, items)
	p := mat.NewVecDense(items, nil)
	for i := range y {
		Y.SetRow(i, y[i])
		c[i] = 1
	}
	for k, i := range idx {
		c[i] = 1 + extra[k]
		p.SetVec(i, 1)
	}
	C := mat.NewDiagDense(items, c)
	var ytc mat.Dense
	ytc.Mul(Y.T(), C)
	var a mat.Dense
	a.Mul(&ytc, Y)
	for d := range f {
		a.Set(d, d, a.At(d, d)+lambda)
	}
	var b, want mat.VecDense
	b.MulVec(&ytc, p)
	if err := want.SolveVec(&a, &b); err != nil {
		t.Fatal(err)
	}
	for d := range f {
		if diff := math.Abs(got[d] - want.AtVec(d)); diff > 1e-10*(1+math.Abs(want.AtVec(d))) {
			t.Errorf("seed %d: x[%d] = %.15g, dense formula %.15g", seed, d, got[d], want.AtVec(d))
		}
	}
}

// TestSweepsDescend: each half-sweep of ALS minimises the objective exactly
// in one block of variables, so the objective
//
//	Σ_{u,i} c_ui (p_ui - x_u·y_i)² + λ (Σ_u |x_u|² + Σ_i |y_i|²)
//
// never rises from one half-sweep to the next.
func TestSweepsDescend(t *testing.T) {
	const seed = 11
	rng := rand.New(rand.NewPCG(seed, 0))
	const users, items, f, lambda = 30, 25, 4, 0.5
	hist := make([][]int, users)
	wts := make([][]float64, users)
	itemUsers := make([][]int, items)
	itemW := make([][]float64, items)
	for u := range users {
		for i := range items {
			if rng.Float64() < 0.2 {
				w := 5 * rng.Float64()
				hist[u] = append(hist[u], i)
				wts[u] = append(wts[u], w)
				itemUsers[i] = append(itemUsers[i], u)
				itemW[i] = append(itemW[i], w)
			}
		}
	}
	x := make([][]float64, users)
	for u := range x {
		x[u] = make([]float64, f)
	}
	y := make([][]float64, items)
	for i := range y {
		y[i] = make([]float64, f)
		for d := range y[i] {
			y[i][d] = 0.1 * rng.NormFloat64()
		}
	}
	objective := func() float64 {
		s := 0.0
		for u := range users {
			obs := map[int]float64{}
			for k, i := range hist[u] {
				obs[i] = wts[u][k]
			}
			for i := range items {
				dot := 0.0
				for d := range f {
					dot += x[u][d] * y[i][d]
				}
				w, ok := obs[i]
				pu := 0.0
				if ok {
					pu = 1
				}
				s += (1 + w) * (pu - dot) * (pu - dot)
			}
		}
		for _, r := range append(append([][]float64{}, x...), y...) {
			for _, v := range r {
				s += lambda * v * v
			}
		}
		return s
	}
	prev := math.Inf(1)
	for it := range 6 {
		for half, step := range []func() error{
			func() error { return sweep(x, y, hist, wts, lambda, f) },
			func() error { return sweep(y, x, itemUsers, itemW, lambda, f) },
		} {
			if err := step(); err != nil {
				t.Fatal(err)
			}
			obj := objective()
			if obj > prev*(1+1e-12) {
				t.Fatalf("seed %d: sweep %d half %d: objective rose %.12g -> %.12g", seed, it, half, prev, obj)
			}
			prev = obj
		}
	}
}
