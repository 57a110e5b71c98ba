package metrics

import (
	"math"
	"math/big"
	"slices"
)

// Exact (math/big) evaluations of the metrics, for the fuzz targets that
// hold the float64 code to them on small inputs with extreme values: the
// metric of the float64 inputs in rational arithmetic, with mltest's
// conventions, rounded once. ok is false where the metric is undefined or
// its value is beyond float64.

func rat(x float64) *big.Rat { return new(big.Rat).SetFloat64(x) }

// ratFloat rounds r to float64; ok is false beyond the float64 range. Just
// beyond it (within 1e-12 relative of MaxFloat64) v is ±MaxFloat64: a
// float64 evaluation may round either way there (see exactRef.Edge).
func ratFloat(r *big.Rat) (float64, bool) {
	v, _ := r.Float64()
	if math.IsInf(v, 0) {
		edge := new(big.Rat).Mul(rat(math.MaxFloat64), big.NewRat(1_000_000_000_001, 1_000_000_000_000))
		if new(big.Rat).Abs(r).Cmp(edge) <= 0 {
			return math.Copysign(math.MaxFloat64, v), false
		}
	}
	return v, !math.IsInf(v, 0)
}

// ratSqrt is sqrt(r) rounded to float64, through 300-bit floats.
func ratSqrt(r *big.Rat) (float64, bool) {
	f := new(big.Float).SetPrec(300).SetRat(r)
	v, _ := f.Sqrt(f).Float64()
	return v, !math.IsInf(v, 0)
}

type exactRow struct {
	label         bool
	score, weight float64
}

func exactBinary(rows []exactRow) map[string]exactRef {
	zero := new(big.Rat)
	out := map[string]exactRef{}
	set := func(name string, v float64, ok bool) {
		if ok {
			out[name] = exactRef{Value: &v}
		} else {
			out[name] = exactRef{Undefined: "undefined or beyond float64", Edge: math.Abs(v) == math.MaxFloat64}
		}
	}
	setRat := func(name string, r *big.Rat) { v, ok := ratFloat(r); set(name, v, ok) }
	P, N := new(big.Rat), new(big.Rat)
	var hasPos, hasNeg bool
	for _, r := range rows {
		if r.label {
			P.Add(P, rat(r.weight))
			hasPos = true
		} else {
			N.Add(N, rat(r.weight))
			hasNeg = true
		}
	}
	total := new(big.Rat).Add(P, N)
	// roc_auc
	if hasPos && hasNeg && P.Cmp(zero) > 0 && N.Cmp(zero) > 0 {
		area := new(big.Rat)
		for _, p := range rows {
			for _, q := range rows {
				if !p.label || q.label {
					continue
				}
				t := new(big.Rat).Mul(rat(p.weight), rat(q.weight))
				switch {
				case p.score > q.score:
					area.Add(area, t)
				case p.score == q.score:
					area.Add(area, t.Mul(t, big.NewRat(1, 2)))
				}
			}
		}
		setRat("roc_auc", area.Quo(area, new(big.Rat).Mul(P, N)))
	} else {
		set("roc_auc", 0, false)
	}
	// average_precision
	if P.Cmp(zero) > 0 {
		scores := make([]float64, 0, len(rows))
		for _, r := range rows {
			scores = append(scores, r.score)
		}
		slices.Sort(scores)
		scores = slices.Compact(scores)
		ap, tp, fp := new(big.Rat), new(big.Rat), new(big.Rat)
		for k := len(scores) - 1; k >= 0; k-- {
			tpG := new(big.Rat)
			for _, r := range rows {
				if r.score == scores[k] {
					if r.label {
						tpG.Add(tpG, rat(r.weight))
					} else {
						fp.Add(fp, rat(r.weight))
					}
				}
			}
			tp.Add(tp, tpG)
			if tpG.Cmp(zero) > 0 {
				prec := new(big.Rat).Quo(tp, new(big.Rat).Add(tp, fp))
				ap.Add(ap, prec.Mul(prec, tpG))
			}
		}
		setRat("average_precision", ap.Quo(ap, P))
	} else {
		set("average_precision", 0, false)
	}
	// brier
	probs := true
	for _, r := range rows {
		probs = probs && r.score >= 0 && r.score <= 1
	}
	if probs && total.Cmp(zero) > 0 {
		s := new(big.Rat)
		for _, r := range rows {
			d := rat(r.score)
			if r.label {
				d.Sub(d, big.NewRat(1, 1))
			}
			s.Add(s, d.Mul(d, d).Mul(d, rat(r.weight)))
		}
		setRat("brier", s.Quo(s, total))
	} else {
		set("brier", 0, false)
	}
	// confusion matrix at 0.5
	tp, fp, tn, fn := new(big.Rat), new(big.Rat), new(big.Rat), new(big.Rat)
	for _, r := range rows {
		c := map[[2]bool]*big.Rat{{true, true}: tp, {true, false}: fn, {false, true}: fp, {false, false}: tn}[[2]bool{r.label, r.score >= 0.5}]
		c.Add(c, rat(r.weight))
	}
	sum := func(a, b *big.Rat) *big.Rat { return new(big.Rat).Add(a, b) }
	ratio := func(name string, num, den *big.Rat) {
		if den.Cmp(zero) == 0 {
			set(name, 0, false)
			return
		}
		setRat(name, new(big.Rat).Quo(num, den))
	}
	if len(rows) > 0 {
		ratio("accuracy", sum(tp, tn), total)
		ratio("precision", tp, sum(tp, fp))
		ratio("recall", tp, sum(tp, fn))
		if d := sum(sum(tp, tp), sum(fp, fn)); d.Cmp(zero) != 0 {
			ratio("f1", new(big.Rat).Add(tp, tp), d)
		} else {
			set("f1", 0, false)
		}
		den := new(big.Rat).Mul(sum(tp, fp), sum(tp, fn))
		den.Mul(den, sum(tn, fp)).Mul(den, sum(tn, fn))
		if den.Cmp(zero) == 0 {
			set("mcc", 0, true)
		} else {
			num := new(big.Rat).Sub(new(big.Rat).Mul(tp, tn), new(big.Rat).Mul(fp, fn))
			sq := new(big.Rat).Quo(new(big.Rat).Mul(num, num), den)
			v, ok := ratSqrt(sq)
			set("mcc", math.Copysign(v, float64(num.Sign())), ok)
		}
	}
	return out
}

type exactRegRow struct{ y, p, w float64 }

func exactRegression(rows []exactRegRow) map[string]exactRef {
	zero := new(big.Rat)
	out := map[string]exactRef{}
	set := func(name string, v float64, ok bool) {
		if ok {
			out[name] = exactRef{Value: &v}
		} else {
			out[name] = exactRef{Undefined: "undefined or beyond float64", Edge: math.Abs(v) == math.MaxFloat64}
		}
	}
	W := new(big.Rat)
	for _, r := range rows {
		W.Add(W, rat(r.w))
	}
	if len(rows) == 0 || W.Cmp(zero) == 0 {
		for _, m := range RegressionMetricNames() {
			set(m, 0, false)
		}
		return out
	}
	sse, sae, sape := new(big.Rat), new(big.Rat), new(big.Rat)
	d := make([]*big.Rat, len(rows))
	y := make([]*big.Rat, len(rows))
	for i, r := range rows {
		y[i] = rat(r.y)
		d[i] = rat(r.y - r.p) // the float64 residual, as scikit-learn and mltest compute it
		ad := new(big.Rat).Abs(d[i])
		w := rat(r.w)
		sse.Add(sse, new(big.Rat).Mul(w, new(big.Rat).Mul(d[i], d[i])))
		sae.Add(sae, new(big.Rat).Mul(w, ad))
		sape.Add(sape, new(big.Rat).Quo(new(big.Rat).Mul(w, ad), rat(math.Max(math.Abs(r.y), logLossEps))))
	}
	mse := new(big.Rat).Quo(sse, W)
	v, ok := ratFloat(mse)
	set("mse", v, ok)
	v, ok = ratSqrt(mse)
	set("rmse", v, ok)
	v, ok = ratFloat(new(big.Rat).Quo(sae, W))
	set("mae", v, ok)
	v, ok = ratFloat(new(big.Rat).Quo(sape, W))
	set("mape", v, ok)
	variance := func(x []*big.Rat) *big.Rat {
		m := new(big.Rat)
		for i, xi := range x {
			m.Add(m, new(big.Rat).Mul(rat(rows[i].w), xi))
		}
		m.Quo(m, W)
		s := new(big.Rat)
		for i, xi := range x {
			dv := new(big.Rat).Sub(xi, m)
			s.Add(s, new(big.Rat).Mul(rat(rows[i].w), dv.Mul(dv, dv)))
		}
		return s
	}
	score := func(name string, num, den *big.Rat) {
		switch {
		case len(rows) < 2:
			set(name, 0, false)
		case num.Cmp(zero) == 0:
			set(name, 1, true)
		case den.Cmp(zero) == 0:
			set(name, 0, true)
		default:
			v, ok := ratFloat(new(big.Rat).Sub(big.NewRat(1, 1), new(big.Rat).Quo(num, den)))
			set(name, v, ok)
		}
	}
	sst := variance(y)
	score("r2", sse, sst)
	score("explained_variance", variance(d), sst)
	return out
}
