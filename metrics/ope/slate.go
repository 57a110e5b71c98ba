package ope

// IIPS returns the independent-item IPS estimate of a slate policy's value
// (Li, Abbasi-Yadkori, Kveton, Muthukrishnan, Vinay & Wen 2018, "Offline
// evaluation of ranking policies with click models", KDD;
// obp.ope.SlateIndependentIPS):
//
//	mean over slates i of sum over positions j of w_ij r_ij
//
// where w_ij = π(s_ij at j | x_i) / π0(s_ij at j | x_i) is the ratio of the
// target's and the logging policy's marginal probabilities of placing the
// logged item at its position and r_ij the reward observed at that
// position. Unbiased when the reward at a position depends only on the
// item there (no interaction between positions). NaN for no slates.
// reward and w hold one slice per slate, of equal lengths slate by slate.
func IIPS(reward, w [][]float64) float64 {
	checkSlates(reward, w)
	return iips(reward, w, nil)
}

// PseudoInverse returns the pseudo-inverse (PI) estimate of a slate
// policy's value (Swaminathan, Krishnamurthy, Agarwal, Dudík, Langford,
// Jose & Zitouni 2017, "Off-policy evaluation for slate recommendation",
// NeurIPS) on the slate's total reward R_i = sum_j r_ij:
//
//	mean over slates i of R_i (sum_j w_ij - l_i + 1)
//
// with l_i the slate's length. This is the general estimator
// R_i q_π^T Γ^† 1_{s_i} (Γ the logging policy's matrix of pairwise
// (item, position) marginals) in the closed form it takes when the logging
// policy chooses the item of each position independently, a product of its
// per-position marginals: testdata holds the check against Swaminathan's
// own implementation (its Γ^† for uniform logging with repetitions). It
// uses only the slate's total reward and is unbiased when the expected
// total reward is additive over (item, position) pairs, a weaker condition
// than IIPS's (whose per-position rewards must each depend on their own
// item only). When the logging policy draws without repetition the exact
// estimator needs its pairwise marginals, which a log of per-position
// propensities does not carry; this form is then an approximation, close
// when each position has many candidates. NaN for no slates.
func PseudoInverse(reward, w [][]float64) float64 {
	checkSlates(reward, w)
	return pseudoInverse(reward, w, nil)
}

func checkSlates(reward, w [][]float64) {
	checkLen(len(reward), len(w))
	for i := range reward {
		checkLen(len(reward[i]), len(w[i]))
	}
}

func iips(r, w [][]float64, mult []float64) float64 {
	var s, n float64
	for i := range r {
		m := at(mult, i)
		for j := range r[i] {
			s += m * w[i][j] * r[i][j]
		}
		n += m
	}
	return s / n
}

func pseudoInverse(r, w [][]float64, mult []float64) float64 {
	var s, n float64
	for i := range r {
		m := at(mult, i)
		var total, sw float64
		for j := range r[i] {
			total += r[i][j]
			sw += w[i][j]
		}
		s += m * total * (sw - float64(len(r[i])) + 1)
		n += m
	}
	return s / n
}
