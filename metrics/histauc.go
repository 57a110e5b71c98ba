package metrics

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/mltest/mltest/internal/floatscale"
)

// Bounds of the resolution of a ScoreHistogram, in bits of the score's
// order-preserving key (see ScoreHistogram).
const (
	MinHistogramBits     = 12 // one bucket per binade [2^e, 2^(e+1))
	MaxHistogramBits     = 32 // relative bucket width 2^-20 ≈ 9.5e-7
	DefaultHistogramBits = 24 // relative bucket width 2^-12 ≈ 2.4e-4

	// MaxHistogramBuckets caps the buckets of a ScoreHistogram (about 7 MiB
	// of state): past it the histogram halves its resolution.
	MaxHistogramBuckets = 1 << 17
)

// ScoreHistogram is a mergeable, bounded-memory summary of binary-labelled
// scores from which ROC AUC and average precision follow with a guaranteed
// error bound, for data too large to keep (the exact ROCAUC keeps 16 bytes a
// row; the histogram keeps 32 bytes a touched bucket, whatever the rows).
//
// Buckets need no configured range. A score is mapped to the unsigned key
// whose order is the order of the float64 scores (sign bit, then the 11
// exponent bits, then the 52 mantissa bits, negative scores flipped), and the
// bucket is the top bits of that key: bits = 12 + m keeps the sign, the
// exponent and the top m mantissa bits. So within each binade [2^e, 2^(e+1))
// (and its negative mirror) the buckets are 2^m equal intervals of width
// 2^(e-m): the relative bucket width is at most 2^-m, whatever the scale of
// the scores (probabilities, logits, raw margins). +0 and -0 are one score.
// The default, 24 bits (m = 12), gives relative width 2^-12 ≈ 2.4e-4.
//
// Buckets are contiguous intervals in score order, so every statistic that
// only compares scores in different buckets is exact; only pairs of rows in
// the same bucket are uncertain. Each bucket keeps its positive and negative
// weight and its smallest and largest key: a bucket holding one distinct
// score is known to be one tie group, and contributes no error.
//
// Memory is bounded by the number of distinct buckets touched, never by the
// number of rows: a few thousand per binade the scores visit (4096 at the
// default resolution), and never more than MaxHistogramBuckets. When a new
// bucket would exceed that cap, the histogram drops one bit of resolution
// (merging bucket pairs, which is exact) until it fits again, down to
// MinHistogramBits, whose at most 4096 buckets always fit. Bits reports the
// resolution in force, which the error bounds reflect. The resolution reached
// depends only on the set of scores (the finest one at which their buckets
// fit), not on their order or on how they were split and merged.
//
// Add never fails: a NaN or infinite score or a negative, NaN or infinite
// weight is remembered and makes ROCAUC and AveragePrecision return an error.
// Merge adds the buckets of other: the histogram of any split of the rows,
// merged, is the histogram of all of them (bucket weights are sums, so equal
// bit for bit when the weights are integers, to rounding otherwise).
type ScoreHistogram struct {
	metric  string // named in errors about bad rows
	maxBits int    // the resolution asked for
	bits    int    // the resolution in force, <= maxBits
	shift   uint
	limit   int              // most buckets kept (MaxHistogramBuckets; smaller in tests)
	index   map[uint64]int32 // bucket -> position in cells and buckets
	cells   []histCell
	buckets []uint64
	classes classPresence
	guard   rowGuard
}

// histCell is one bucket: positive and negative weight, and the range of the
// keys seen in it.
type histCell struct {
	pos, neg float64
	lo, hi   uint64
}

// NewScoreHistogram returns an empty histogram keeping bits bits of each
// score's key, in [MinHistogramBits, MaxHistogramBits]; 0 means
// DefaultHistogramBits. It keeps fewer bits if the scores spread over more
// than MaxHistogramBuckets buckets.
func NewScoreHistogram(bits int) (*ScoreHistogram, error) {
	if bits == 0 {
		bits = DefaultHistogramBits
	}
	if bits < MinHistogramBits || bits > MaxHistogramBits {
		return nil, fmt.Errorf("metrics: histogram bits %d out of range [%d, %d]", bits, MinHistogramBits, MaxHistogramBits)
	}
	return &ScoreHistogram{metric: "score_histogram", maxBits: bits, bits: bits, shift: uint(64 - bits),
		limit: MaxHistogramBuckets, index: make(map[uint64]int32)}, nil
}

// Bits returns the number of key bits the histogram keeps now: the bits
// asked for, or fewer if the scores spread over more than
// MaxHistogramBuckets buckets.
func (h *ScoreHistogram) Bits() int { return h.bits }

// Buckets returns the number of distinct buckets touched so far, which is
// what the histogram's memory grows with.
func (h *ScoreHistogram) Buckets() int { return len(h.cells) }

// byBucket returns the cells keyed by bucket, for comparing histograms.
func (h *ScoreHistogram) byBucket() map[uint64]histCell {
	m := make(map[uint64]histCell, len(h.cells))
	for i, b := range h.buckets {
		m[b] = h.cells[i]
	}
	return m
}

// Rows returns the number of rows added (merged rows included).
func (h *ScoreHistogram) Rows() int { return h.guard.n }

// Add adds one row. label true is the positive class.
func (h *ScoreHistogram) Add(label bool, score, weight float64) {
	if !h.guard.admit(h.metric, score, weight) {
		return
	}
	h.classes |= presenceOf(label)
	k := scoreKey(score)
	for len(h.cells) >= h.limit && h.bits > MinHistogramBits {
		if _, ok := h.index[k>>h.shift]; ok {
			break
		}
		h.coarsen(h.bits - 1) // a new bucket would exceed the limit
	}
	c := h.cell(k>>h.shift, k)
	c.lo = min(c.lo, k)
	c.hi = max(c.hi, k)
	if label {
		c.pos += weight
	} else {
		c.neg += weight
	}
}

// cell returns bucket b's cell, creating it with key range [k, k].
func (h *ScoreHistogram) cell(b, k uint64) *histCell {
	i, ok := h.index[b]
	if !ok {
		i = int32(len(h.cells))
		h.index[b] = i
		h.cells = append(h.cells, histCell{lo: k, hi: k})
		h.buckets = append(h.buckets, b)
	}
	return &h.cells[i]
}

// coarsen lowers the resolution to at most bits (never below
// MinHistogramBits), and further while the buckets exceed the limit.
func (h *ScoreHistogram) coarsen(bits int) {
	bits = max(bits, MinHistogramBits)
	for {
		if bits < h.bits {
			h.rebucket(bits)
		}
		if len(h.cells) <= h.limit || h.bits == MinHistogramBits {
			return
		}
		bits = h.bits - 1
	}
}

// rebucket rebuilds the cells at a coarser resolution: each new bucket is
// the union of 2^(h.bits-bits) old ones.
func (h *ScoreHistogram) rebucket(bits int) {
	drop := uint(h.bits - bits)
	cells, buckets := h.cells, h.buckets
	h.bits, h.shift = bits, uint(64-bits)
	h.cells, h.buckets = nil, nil
	clear(h.index)
	for i, b := range buckets {
		h.mergeCell(b>>drop, &cells[i])
	}
}

func (h *ScoreHistogram) mergeCell(b uint64, o *histCell) {
	c := h.cell(b, o.lo)
	c.pos += o.pos
	c.neg += o.neg
	c.lo = min(c.lo, o.lo)
	c.hi = max(c.hi, o.hi)
}

// Merge folds other into h. Both must have been made with the same bits;
// Merge panics otherwise. The result is at the coarser of the two
// resolutions in force, coarser still if the union needs it to fit.
func (h *ScoreHistogram) Merge(other *ScoreHistogram) {
	if other.maxBits != h.maxBits {
		panic(fmt.Sprintf("metrics: cannot merge a %d-bit histogram into a %d-bit one", other.maxBits, h.maxBits))
	}
	if other.bits < h.bits {
		h.rebucket(other.bits)
	}
	drop := uint(other.bits - h.bits)
	for i, b := range other.buckets {
		h.mergeCell(b>>drop, &other.cells[i])
	}
	h.coarsen(h.bits)
	h.classes |= other.classes
	h.guard.merge(other.guard)
}

// descending returns the touched buckets from the highest scores down.
func (h *ScoreHistogram) descending() []histCell {
	order := make([]int32, len(h.cells))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(i, j int32) int { return cmp.Compare(h.buckets[j], h.buckets[i]) })
	out := make([]histCell, len(order))
	for i, j := range order {
		out[i] = h.cells[j]
	}
	return out
}

// ROCAUC returns the ROC AUC of the histogram and a bound on its distance
// from the exact ROCAUC of the rows added:
//
//	auc    = sum_b N_b (P_above(b) + P_b/2) / (P N)
//	maxErr = ½ sum_b P_b N_b / (P N)   over buckets b holding more than one distinct score
//
// where P_b and N_b are the positive and negative weight of bucket b,
// P_above(b) the positive weight of the buckets above it, and P, N the totals.
// auc is exactly the ROC AUC of the data with every score replaced by its
// bucket (scikit-learn's convention: a tied pair counts one half).
//
// Proof of the bound. Both AUCs are sums over positive-negative pairs (i, j)
// of w_i w_j c_ij / (P N), with credit c_ij in {0, ½, 1}. Bucketing is
// monotone, so a pair in different buckets is ordered the same way by its
// scores and by its buckets: same credit. A pair within one bucket gets ½
// from the histogram and 0, ½ or 1 from the exact AUC: it differs by at most
// ½. In a bucket holding a single distinct score every pair is a true tie:
// no difference. Summing, |auc - exact| <= maxErr. The bound is attained when
// the rows inside every bucket happen to be perfectly ordered one way.
//
// For continuous scores maxErr is about ½ sum_b p_b² (p_b the share of rows
// in bucket b), independent of the number of rows: for uniform scores in
// [0, 1] and balanced labels about 2^-m / 6, ≈ 4e-5 at the default 24 bits.
//
// Undefined cases (an *UndefinedError) and bad values are those of ROCAUC:
// no rows, one class present, a class of zero total weight; maxErr is then NaN.
func (h *ScoreHistogram) ROCAUC() (auc, maxErr float64, err error) {
	if h.guard.err != nil {
		return math.NaN(), math.NaN(), h.guard.err
	}
	if h.guard.n == 0 {
		return math.NaN(), math.NaN(), undefined("roc_auc", "no rows")
	}
	if h.classes != bothClasses {
		return math.NaN(), math.NaN(), undefined("roc_auc", "only one class present in labels")
	}
	// Each class scaled by the power of two that brings its largest bucket
	// weight to 1, so that products of weights neither over- nor underflow.
	maxPos, maxNeg := h.maxWeights()
	sp, sn := floatscale.UnitScale(maxPos), floatscale.UnitScale(maxNeg)
	var tp, fp, area, shared float64
	for _, c := range h.descending() {
		pos, neg := c.pos*sp, c.neg*sn
		area += neg * (tp + pos/2)
		if c.lo != c.hi {
			shared += pos * neg
		}
		tp += pos
		fp += neg
	}
	if tp == 0 || fp == 0 {
		return math.NaN(), math.NaN(), undefined("roc_auc", "one class has zero total weight")
	}
	return area / (tp * fp), shared / 2 / (tp * fp), nil
}

// maxWeights returns the largest positive and negative bucket weight.
func (h *ScoreHistogram) maxWeights() (maxPos, maxNeg float64) {
	for _, c := range h.cells {
		maxPos, maxNeg = max(maxPos, c.pos), max(maxNeg, c.neg)
	}
	return maxPos, maxNeg
}

// AveragePrecision returns the average precision of the histogram, with
// every bucket taken as one threshold, and a bound on its distance from the
// exact AveragePrecision of the rows added:
//
//	ap = sum_b P_b (A_b + P_b) / (A_b + F_b + P_b + N_b) / P
//
// where A_b and F_b are the positive and negative weight of the buckets above
// b. This is exactly the average precision of the data with every score
// replaced by its bucket.
//
// The bound. Only the precision credited to the positives of a bucket
// depends on the order of the rows inside it; the rest of the sum is the
// same for every order. The exact contribution of bucket b lies between
//
//	best  = P_b (A_b + P_b) / (A_b + F_b + P_b)                (its positives ranked first)
//	worst = ∫_0^P_b (A_b + x) / (A_b + F_b + N_b + x) dx       (its negatives first)
//	      = P_b - (F_b + N_b) ln(1 + P_b / (A_b + F_b + N_b))
//
// best: a positive's precision (A_b + x)/(A_b + F_b + x + y), with x <= P_b
// positives and y >= 0 negatives of the bucket at or above its threshold,
// grows with x and falls with y. worst: with y <= N_b, the precision of a
// positive of weight w ending at cumulative positive weight x is at least the
// integrand at x, and the integrand grows, so w times it is at least the
// integral over [x - w, x]. A bucket holding a single distinct score is one
// threshold, where best = worst = its term of ap. So the exact AP lies in
// [L, U] = [sum worst / P, sum best / P], which contains ap, and
//
//	maxErr = max(U - ap, ap - L)
//
// Unlike ROC AUC, the buckets at the top weigh most (their precision rests on
// few rows): the bound shrinks as 1/rows above, so it is largest for small
// data and for data whose top scores crowd into one bucket.
//
// Undefined cases and bad values are those of AveragePrecision: no rows, zero
// total weight, no positive weight; maxErr is then NaN.
func (h *ScoreHistogram) AveragePrecision() (ap, maxErr float64, err error) {
	if h.guard.err != nil {
		return math.NaN(), math.NaN(), h.guard.err
	}
	if h.guard.n == 0 {
		return math.NaN(), math.NaN(), undefined("average_precision", "no rows")
	}
	maxPos, maxNeg := h.maxWeights()
	s := floatscale.UnitScale(max(maxPos, maxNeg)) // one scale for both: precision mixes the classes
	var tp, fp, sum, lo, hi float64
	for _, c := range h.descending() {
		c.pos, c.neg = c.pos*s, c.neg*s
		a, f := tp, fp
		tp += c.pos
		fp += c.neg
		if c.pos == 0 {
			continue
		}
		term := c.pos * (tp / (tp + fp))
		sum += term
		if c.lo == c.hi {
			lo += term
			hi += term
			continue
		}
		hi += c.pos * ((a + c.pos) / (a + f + c.pos))
		if f+c.neg == 0 {
			lo += c.pos // no negative at or above: precision 1 throughout
		} else {
			lo += c.pos - (f+c.neg)*math.Log1p(c.pos/(a+f+c.neg))
		}
	}
	if tp+fp == 0 {
		return math.NaN(), math.NaN(), undefined("average_precision", "total weight is zero")
	}
	if tp == 0 {
		return math.NaN(), math.NaN(), undefined("average_precision", "no positive labels (scikit-learn warns and returns 0)")
	}
	ap, lo, hi = sum/tp, lo/tp, hi/tp
	return ap, max(hi-ap, ap-lo, 0), nil
}
