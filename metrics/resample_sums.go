package metrics

import (
	"math"
	"slices"
)

// The sum statistics (log_loss, brier and the confusion metrics) are ratios
// of sums of weights w·m (m the multiplicity) and of their products with a
// per-row term c (the log loss, the brier error d, or 1). The accumulators
// keep those sums scaled by powers of two (powerScale, scaledSum) only so
// that extreme weights neither overflow nor lose digits to underflow. Where
// the weights are known to be moderate, BinaryStatistic sums them plainly,
// in float64 in the order of i, and gets the accumulator's value bit for bit:
//
// Safe range. Let every non-zero weight lie in [2^-400, 2^400], every
// non-zero multiplicity in [1, 2^40] (checked on each call, see multRange),
// n ≤ 2^40 rows, and every non-zero term c in [2^-80, 2^6] (log losses lie
// in [2^-54, 37], brier errors in [0, 1]). Then every non-zero v = fl(w·m)
// lies in [2^-400, 2^440], and:
//
//   - plainly, the products v·c (and brier's (v·d)·d) are at least
//     2^-400·2^-160 = 2^-560 and every sum at most (Σm)·2^400·2^6 ≤ 2^486:
//     each operation's exact result is a normal float64 or an exact 0;
//   - scaled, powerScale and scaledSum keep units 2^e with 2^e ≤ 2·v for a
//     v already seen (the one that set the units), and move them only when
//     a scaled term reaches 2^64; so a scaled term v·2^-e is at least
//     2^-400/2^441 = 2^-841, a scaled product at least 2^-841·2^-160 =
//     2^-1001, a sum moved to new units (exactly, by a power of two) at
//     least its smallest term, and every scaled value at most
//     n·2^64·2^6 ≤ 2^110: again every result is normal or an exact 0.
//
// Multiplying by a power of two is exact on normal numbers and commutes
// with rounding to nearest there, so each scaled sum is the plain sum times
// its units, rounding for rounding. The metrics depend only on the sums'
// values: log_loss and brier divide two sums in the same units (the same
// real quotient, so the same rounding); the confusion cells' plus and ratio
// round once in the units of the larger operand after an exact shift of the
// smaller (non-zero cells lie in [2^-400, 2^486]), and mcc is exact big-float
// arithmetic. So the plain sums, fed to the accumulator's Result, give its
// bits. (A range as wide as 2^±800 would not do: after a weight of 2^800
// brier's accumulator scales a weight of 1.5·2^-273 to a subnormal and its
// squared error to 0, and returns 0 where plain sums give 5e-324; see
// TestBinaryStatisticWideWeights.) Outside the range the statistics keep
// the accumulators' scaled arithmetic.
const (
	plainWeightMin = 0x1p-400
	plainWeightMax = 0x1p400
	plainTermMin   = 0x1p-80
	plainTermMax   = 0x1p6
	plainMultMax   = 0x1p40
	plainRowsMax   = 1 << 40
)

// plainWeights reports whether weights (nil: all ones) are in the safe range.
func plainWeights(n int, weights []float64) bool {
	if uint64(n) > plainRowsMax {
		return false
	}
	for _, w := range weights {
		if w != 0 && !(w >= plainWeightMin && w <= plainWeightMax) {
			return false
		}
	}
	return true
}

// plainTerms reports whether every non-zero term is in the safe range.
func plainTerms(terms []float64) bool {
	for _, c := range terms {
		if c != 0 && !(c >= plainTermMin && c <= plainTermMax) {
			return false
		}
	}
	return true
}

// multRange is what a plain pass learns of the multiplicities' bits:
// lo = min(bits-1) (wrapping, so that 0 is ignored) and hi = max(bits).
// For non-negative float64s the bits order as the values, and a negative
// zero, a negative value or a NaN has bits above those of 2^40.
type multRange struct{ lo, hi uint64 }

const (
	oneBits     = 0x3ff0000000000000 // math.Float64bits(1)
	multMaxBits = 0x4270000000000000 // math.Float64bits(plainMultMax)
)

// ok reports whether every non-zero multiplicity was in [1, 2^40] and none
// was -0.
func (r multRange) ok() bool { return r.hi <= multMaxBits && r.lo >= oneBits-1 }

// any reports whether some multiplicity was non-zero (given ok).
func (r multRange) any() bool { return r.hi != 0 }

// plainStatistic is a sum statistic's plain pass, falling back to slow (the
// accumulator's arithmetic) when the multiplicities leave the safe range.
func plainStatistic(plain func(mult []float64) (float64, error, bool), slow func(mult []float64) (float64, error)) func(mult []float64) (float64, error) {
	return func(mult []float64) (float64, error) {
		if v, err, ok := plain(mult); ok {
			return v, err
		}
		return slow(mult)
	}
}

// logLossPlain is logLossStatistic for weights in the safe range: the
// weighted sums, and the rows present by label, in one branch-free pass.
// With at most 128 distinct weights a row's weight and label take a byte.
func logLossPlain(labels []bool, loss, weights []float64) func(mult []float64) (float64, error, bool) {
	result := func(sum, sumW float64, rows, pos uint64) (float64, error) {
		a := logLossAccumulator{sumLoss: sum, sumW: sumW, guard: rowGuard{n: int(rows)}}
		if pos > 0 {
			a.classes |= presenceOf(true)
		}
		if rows > pos {
			a.classes |= presenceOf(false)
		}
		return a.Result()
	}
	if table, codes, ok := weightCodes(weights, 128); ok {
		var w [128]float64
		copy(w[:], table)
		for i, l := range labels {
			codes[i] = codes[i]<<1 | b2u8(l)
		}
		return func(mult []float64) (float64, error, bool) {
			loss, codes := loss[:len(mult)], codes[:len(mult)]
			var sum, sumW float64
			var rows, pos uint64
			r := multRange{lo: math.MaxUint64}
			for i, m := range mult {
				b := math.Float64bits(m)
				r.lo, r.hi = min(r.lo, b-1), max(r.hi, b)
				nz := (b + math.MaxInt64) >> 63 // m != 0, for 0 <= m
				c := codes[i]
				rows += nz
				pos += nz & uint64(c&1)
				v := w[c>>1] * m
				sum += v * loss[i]
				sumW += v
			}
			if !r.ok() {
				return 0, nil, false
			}
			v, err := result(sum, sumW, rows, pos)
			return v, err, true
		}
	}
	lab := make([]uint8, len(labels))
	for i, l := range labels {
		lab[i] = b2u8(l)
	}
	return func(mult []float64) (float64, error, bool) {
		loss, weights, lab := loss[:len(mult)], weights[:len(mult)], lab[:len(mult)]
		var sum, sumW float64
		var rows, pos uint64
		r := multRange{lo: math.MaxUint64}
		for i, m := range mult {
			b := math.Float64bits(m)
			r.lo, r.hi = min(r.lo, b-1), max(r.hi, b)
			nz := (b + math.MaxInt64) >> 63
			rows += nz
			pos += nz & uint64(lab[i])
			v := weights[i] * m
			sum += v * loss[i]
			sumW += v
		}
		if !r.ok() {
			return 0, nil, false
		}
		v, err := result(sum, sumW, rows, pos)
		return v, err, true
	}
}

// brierPlain is brierStatistic for weights in the safe range and scores in
// [0, 1], each row's error d kept: sums of (w·m)·d·d and of w·m. With at
// most 256 distinct weights a row's weight takes a byte.
func brierPlain(d, weights []float64) func(mult []float64) (float64, error, bool) {
	result := func(sumSq, sumW float64) (float64, error) {
		a := brierAccumulator{sumSq: sumSq, sumW: sumW}
		return a.Result()
	}
	if table, codes, ok := weightCodes(weights, 256); ok {
		var w [256]float64
		copy(w[:], table)
		return func(mult []float64) (float64, error, bool) {
			d, codes := d[:len(mult)], codes[:len(mult)]
			var sumSq, sumW float64
			r := multRange{lo: math.MaxUint64}
			for i, m := range mult {
				b := math.Float64bits(m)
				r.lo, r.hi = min(r.lo, b-1), max(r.hi, b)
				v := w[codes[i]] * m
				sumSq += v * d[i] * d[i]
				sumW += v
			}
			if !r.ok() {
				return 0, nil, false
			}
			v, err := result(sumSq, sumW)
			return v, err, true
		}
	}
	return func(mult []float64) (float64, error, bool) {
		d, weights := d[:len(mult)], weights[:len(mult)]
		var sumSq, sumW float64
		r := multRange{lo: math.MaxUint64}
		for i, m := range mult {
			b := math.Float64bits(m)
			r.lo, r.hi = min(r.lo, b-1), max(r.hi, b)
			v := weights[i] * m
			sumSq += v * d[i] * d[i]
			sumW += v
		}
		if !r.ok() {
			return 0, nil, false
		}
		v, err := result(sumSq, sumW)
		return v, err, true
	}
}

// confusionPlain is confusionStatistic for weights in the safe range: the
// four cells summed plainly, each row's cell (2·label + predicted) kept,
// in one byte with the row's weight when there are at most 64 distinct
// weights. Every row adds w·m to its cell and 0·m or w·m·0 (+0, which
// leaves a sum that is never -0 as it is) to the others, so that the cells
// stay in registers and the loop has no branch.
func confusionPlain(name string, threshold float64, labels, predicted []bool, weights []float64) func(mult []float64) (float64, error, bool) {
	result := func(sums [4]float64, r multRange) (float64, error) {
		a := confusionAccumulator{name: name, threshold: threshold}
		a.cm = confusionCells{tn: sumOf(sums[0]), fp: sumOf(sums[1]), fn: sumOf(sums[2]), tp: sumOf(sums[3])}
		if r.any() {
			a.guard.n = 1
		}
		return a.Result()
	}
	cell := make([]uint8, len(labels))
	for i, l := range labels {
		cell[i] = b2u8(l)<<1 | b2u8(predicted[i])
	}
	if table, codes, ok := weightCodes(weights, 64); ok {
		var w [256][4]float64 // code -> the weight in its cell, 0 in the others
		for i, c := range cell {
			codes[i] = codes[i]<<2 | c
		}
		for c := range w {
			if j := c >> 2; j < len(table) {
				w[c][c&3] = table[j]
			}
		}
		return func(mult []float64) (float64, error, bool) {
			codes := codes[:len(mult)]
			var tn, fp, fn, tp float64
			r := multRange{lo: math.MaxUint64}
			for i, m := range mult {
				b := math.Float64bits(m)
				r.lo, r.hi = min(r.lo, b-1), max(r.hi, b)
				cw := &w[codes[i]]
				tn += cw[0] * m
				fp += cw[1] * m
				fn += cw[2] * m
				tp += cw[3] * m
			}
			if !r.ok() {
				return 0, nil, false
			}
			v, err := result([4]float64{tn, fp, fn, tp}, r)
			return v, err, true
		}
	}
	return func(mult []float64) (float64, error, bool) {
		cell, weights := cell[:len(mult)], weights[:len(mult)]
		var tn, fp, fn, tp float64
		r := multRange{lo: math.MaxUint64}
		for i, m := range mult {
			b := math.Float64bits(m)
			r.lo, r.hi = min(r.lo, b-1), max(r.hi, b)
			v := weights[i] * m
			oh := &oneHot[cell[i]&3]
			tn += v * oh[0]
			fp += v * oh[1]
			fn += v * oh[2]
			tp += v * oh[3]
		}
		if !r.ok() {
			return 0, nil, false
		}
		v, err := result([4]float64{tn, fp, fn, tp}, r)
		return v, err, true
	}
}

// oneHot[c] is 1 at the cell c (tn, fp, fn, tp) and 0 at the others.
var oneHot = [4][4]float64{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}

// weightCodes returns the distinct weights (by their bits) in the order
// they first occur and each row's index among them, or false when there
// are more than limit (found within the first limit+1 distinct ones, so
// that weights of a continuous distribution cost a few rows).
func weightCodes(weights []float64, limit int) (table []float64, codes []uint8, ok bool) {
	codes = make([]uint8, len(weights))
	var bits []uint64
	last := -1
	for i, w := range weights {
		b := math.Float64bits(w)
		if last < 0 || bits[last] != b {
			last = slices.Index(bits, b)
			if last < 0 {
				if len(bits) == limit {
					return nil, nil, false
				}
				last = len(bits)
				bits = append(bits, b)
				table = append(table, w)
			}
		}
		codes[i] = uint8(last)
	}
	return table, codes, true
}

func b2u8(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// brierErrors returns each row's error d (the score, or 1 - score for a
// positive row, as brierAccumulator.addFit computes it), and false when a
// score is outside [0, 1].
func brierErrors(labels []bool, scores []float64) ([]float64, bool) {
	d := make([]float64, len(scores))
	for i, s := range scores {
		if !IsProbability(s) {
			return nil, false
		}
		d[i] = s
		if labels[i] {
			d[i] = 1 - s
		}
	}
	return d, true
}
