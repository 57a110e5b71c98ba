package stats

import "math/bits"

// pcg is math/rand/v2's PCG (PCG-DXSM, 128 bits of state) with its
// Rand.Uint64N, copied so that the resampler's loop keeps the state in
// registers and inlines each draw instead of calling through rand.Source:
// newPCG(s1, s2).uint64n(n) is rand.New(rand.NewPCG(s1, s2)).Uint64N(n),
// draw for draw (TestPCGMatchesMathRand). Rand.Uint64N's 32-bit variant
// is, by its documentation, the same computation.
type pcg struct{ hi, lo uint64 }

func newPCG(seed1, seed2 uint64) pcg { return pcg{seed1, seed2} }

// uint64 is PCG.Uint64.
func (p *pcg) uint64() uint64 {
	const (
		mulHi = 2549297995355413924
		mulLo = 4865540595714422341
		incHi = 6364136223846793005
		incLo = 1442695040888963407
	)
	// state = state * mul + inc
	hi, lo := bits.Mul64(p.lo, mulLo)
	hi += p.hi*mulLo + p.lo*mulHi
	lo, c := bits.Add64(lo, incLo, 0)
	hi, _ = bits.Add64(hi, incHi, c)
	p.lo = lo
	p.hi = hi
	// DXSM "double xorshift multiply"
	const cheapMul = 0xda942042e4dd58b5
	hi ^= hi >> 32
	hi *= cheapMul
	hi ^= hi >> 48
	hi *= (lo | 1)
	return hi
}

// uint64n is Rand.Uint64N for n > 0: Lemire's multiply and reject.
func (p *pcg) uint64n(n uint64) uint64 {
	if n&(n-1) == 0 { // n is power of two, can mask
		return p.uint64() & (n - 1)
	}
	hi, lo := bits.Mul64(p.uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(p.uint64(), n)
		}
	}
	return hi
}
