package rec

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// rowSolver solves the weighted ridge regression of implicit ALS for one
// user (or one item) against the fixed factors of the other side:
//
//	x = (G + Σ_k w_k y_k y_kᵀ + λI)⁻¹ Σ_k (1 + w_k) y_k
//
// where G = YᵀY over every row of the other side, k runs over the rows this
// one interacted with and w_k = c_k - 1 = Alpha·ρ_k is the extra confidence.
// Unobserved pairs have preference 0 and confidence 1, which G accounts for
// without visiting them (Hu, Koren & Volinsky 2008, §4). Training and Score
// both call it, so a user's factors at serving time are computed exactly as
// in training.
type rowSolver struct {
	f    int
	a    *mat.SymDense
	b    *mat.VecDense
	x    *mat.VecDense
	chol mat.Cholesky
}

func newRowSolver(f int) *rowSolver {
	return &rowSolver{f: f, a: mat.NewSymDense(f, nil), b: mat.NewVecDense(f, nil), x: mat.NewVecDense(f, nil)}
}

// solve writes the solution into out (length f). gram is G, row-major f×f.
func (s *rowSolver) solve(gram []float64, other [][]float64, idx []int, extra []float64, lambda float64, out []float64) error {
	f := s.f
	raw := s.a.RawSymmetric().Data
	copy(raw, gram)
	for d := 0; d < f; d++ {
		raw[d*f+d] += lambda
	}
	b := s.b.RawVector().Data
	clear(b)
	for k, j := range idx {
		y := other[j]
		w := extra[k]
		for r := 0; r < f; r++ {
			wy := w * y[r]
			row := raw[r*f:]
			for c := r; c < f; c++ {
				row[c] += wy * y[c]
			}
			b[r] += (1 + w) * y[r]
		}
	}
	// Only the upper triangle was updated; SymDense reads only that.
	if ok := s.chol.Factorize(s.a); !ok {
		return fmt.Errorf("rec: normal equations not positive definite (lambda %v)", lambda)
	}
	if err := s.chol.SolveVecTo(s.x, s.b); err != nil {
		return fmt.Errorf("rec: solving the normal equations: %w", err)
	}
	copy(out, s.x.RawVector().Data)
	return nil
}

// gramOf returns FᵀF (row-major f×f) of the rows of factors.
func gramOf(factors [][]float64, f int) []float64 {
	g := make([]float64, f*f)
	for _, y := range factors {
		for r := 0; r < f; r++ {
			yr := y[r]
			row := g[r*f:]
			for c := r; c < f; c++ {
				row[c] += yr * y[c]
			}
		}
	}
	for r := 0; r < f; r++ {
		for c := 0; c < r; c++ {
			g[r*f+c] = g[c*f+r]
		}
	}
	return g
}
