package metrics

import (
	"math"

	"github.com/mltest/mltest/internal/floatscale"
	"github.com/mltest/mltest/internal/radix"
)

// ROC AUC and average precision read the rows from the highest score to the
// lowest, a group of tied scores at a time. The rows come either as one
// array sorted ascending (ROCAUC, AveragePrecision) or as the chunks of a
// row store, which radix.Walk visits in that order without a second array
// as large: slabs of at most radix.SlabRows rows, each sorted ascending and
// read from its end. Either way the rows are read in the same order (the
// stable ascending sort read from its end: ties in reverse insertion
// order), and a group's sums are carried from one slab to the next, so the
// sums are the same float64 operations in the same order, bit for bit.

// rankWant is a set of the metrics a reading of the rows computes.
type rankWant uint8

const (
	wantAUC rankWant = 1 << iota
	wantAP
)

func wantOf(name string) rankWant {
	if name == "roc_auc" {
		return wantAUC
	}
	return wantAP
}

// rankSums is what ROC AUC and average precision need of the rows.
type rankSums struct {
	have   rankWant // the metrics computed: auc and ap are set for these
	tp, fp float64  // the class totals
	auc    float64  // area/(tp·fp), for tp, fp != 0
	ap     float64  // sum_k tp_k·precision_k / tp, for tp != 0
}

// rocAUC returns ROC AUC from s (computed with wantAUC) and the classes
// present among the rows.
func (s *rankSums) rocAUC(classes classPresence) (float64, error) {
	if classes != bothClasses {
		return math.NaN(), undefined("roc_auc", "only one class present in labels")
	}
	if s.tp == 0 || s.fp == 0 {
		return math.NaN(), undefined("roc_auc", "one class has zero total weight")
	}
	return finite("roc_auc", s.auc)
}

// averagePrecision returns average precision from s (computed with wantAP).
func (s *rankSums) averagePrecision() (float64, error) {
	if s.tp+s.fp == 0 {
		return math.NaN(), undefined("average_precision", "total weight is zero")
	}
	if s.tp == 0 {
		return math.NaN(), undefined("average_precision", "no positive labels (scikit-learn warns and returns 0)")
	}
	return finite("average_precision", s.ap)
}

// rankSumsOf computes want over the rows of chunks: one chunk sorted
// ascending when sorted is set, else chunks in insertion order, which
// radix.Walk reorders in place (see rankRows). One reading computes
// everything wanted; a second one follows only when weights under- or
// overflow the float64 sums.
func rankSumsOf(chunks [][]scoredRow, sorted bool, want rankWant) rankSums {
	walk := func(visit func([]scoredRow)) {
		if sorted {
			visit(chunks[0])
			return
		}
		radix.Walk(chunks, radix.Descending, 0, visit)
	}
	sc := rankScan{ap: want&wantAP != 0}
	walk(sc.slab)
	sc.end()
	s := rankSums{have: want, tp: sc.tp, fp: sc.fp}
	var scaled rankWant
	if want&wantAUC != 0 && sc.tp != 0 && sc.fp != 0 {
		if floatscale.ProductsSafe(sc.tp, sc.fp, sc.area) {
			s.auc = sc.area / (sc.tp * sc.fp)
		} else {
			scaled |= wantAUC
		}
	}
	if want&wantAP != 0 && sc.tp != 0 {
		if floatscale.RatioSafe(sc.apSum, sc.tp, sc.fp) {
			s.ap = sc.apSum / sc.tp
		} else {
			scaled |= wantAP
		}
	}
	if scaled == 0 {
		return s
	}
	ss := rankScanScaled{want: scaled, sp: 1, sn: 1}
	if scaled&wantAUC != 0 {
		// Products of weights under- or overflow (weights of 1e-200 give
		// terms of 1e-400): scale each class by a power of two that brings
		// its largest weight to 1. AUC is a ratio of sums bilinear in the
		// positive and the negative weights, so this changes nothing but
		// the range.
		maxPos, maxNeg := classMaxWeights(chunks)
		ss.sp, ss.sn = floatscale.UnitScale(maxPos), floatscale.UnitScale(maxNeg)
	}
	walk(ss.slab)
	ss.end()
	if scaled&wantAUC != 0 {
		s.auc = ss.area / (ss.tp * ss.fp)
	}
	if scaled&wantAP != 0 {
		// Totals beyond the float64 range (weights near 1e308), or classes
		// so far apart (positives of 1e-200, negatives of 1e200) that their
		// sums lose digits: each class in its own units.
		s.ap = ss.apSum.ratio(ss.apTP)
	}
	return s
}

// rankScan reads rows from the highest score down, slab by slab (each
// sorted ascending, read from its end), and sums, group of tied scores by
// group: the class totals, the trapezoid area under the ROC curve and,
// when ap is set, sum_k tp_k·precision_k.
type rankScan struct {
	ap       bool
	open     bool   // a group is begun: key and its sums so far
	key      uint64 // the group's key
	tpG, fpG float64
	tp, fp   float64
	area     float64
	apSum    float64
}

func (s *rankScan) slab(rows []scoredRow) {
	// The running sums in locals (registers) through the slab; group is
	// the same arithmetic, for the last group.
	ap, open, key, tpG, fpG := s.ap, s.open, s.key, s.tpG, s.fpG
	tp, fp, area, apSum := s.tp, s.fp, s.area, s.apSum
	for i := len(rows) - 1; i >= 0; i-- {
		r := rows[i]
		if r.Key != key || !open {
			if open {
				area += fpG * (tp + tpG/2)
				tp += tpG
				fp += fpG
				if ap && tpG != 0 {
					apSum += tpG * (tp / (tp + fp))
				}
			}
			open, key, tpG, fpG = true, r.Key, 0, 0
		}
		w := math.Float64frombits(r.Payload &^ labelBit)
		if r.Payload&labelBit != 0 {
			tpG += w
		} else {
			fpG += w
		}
	}
	s.open, s.key, s.tpG, s.fpG = open, key, tpG, fpG
	s.tp, s.fp, s.area, s.apSum = tp, fp, area, apSum
}

// end closes the last group.
func (s *rankScan) end() {
	if !s.open {
		return
	}
	tpG, fpG := s.tpG, s.fpG
	s.area += fpG * (s.tp + tpG/2)
	s.tp += tpG
	s.fp += fpG
	if s.ap && tpG != 0 {
		s.apSum += tpG * (s.tp / (s.tp + s.fp))
	}
	s.open = false
}

// rankScanScaled is rankScan for weights whose sums leave the float64
// range: with want's wantAUC, the area and totals with positive weights
// multiplied by sp and negative ones by sn; with wantAP, average precision
// with every running sum a scaledSum, for weights whose sums leave the
// float64 range or classes so far apart (positives of 1e-200 above one
// negative of 1e-200, then a negative of 1e273) that the precision at an
// early threshold would lose its digits: precision = tp/(tp+fp) =
// 1/(1 + fp/tp), each cumulative sum in its own units.
type rankScanScaled struct {
	want   rankWant
	sp, sn float64
	open   bool
	key    uint64
	// The group's sums so far.
	tpG, fpG   float64
	tpGs, fpGs scaledSum
	// The running sums.
	area, tp, fp      float64
	apTP, apFP, apSum scaledSum
}

func (s *rankScanScaled) slab(rows []scoredRow) {
	auc, ap := s.want&wantAUC != 0, s.want&wantAP != 0
	for i := len(rows) - 1; i >= 0; i-- {
		r := rows[i]
		if r.Key != s.key || !s.open {
			s.end()
			s.open, s.key = true, r.Key
		}
		w := math.Float64frombits(r.Payload &^ labelBit)
		pos := r.Payload&labelBit != 0
		switch {
		case auc && pos:
			s.tpG += w
		case auc:
			s.fpG += w
		}
		switch {
		case ap && pos:
			s.tpGs.add(w)
		case ap:
			s.fpGs.add(w)
		}
	}
}

// end closes the group begun, if any.
func (s *rankScanScaled) end() {
	if !s.open {
		return
	}
	if s.want&wantAUC != 0 {
		tpG, fpG := s.tpG*s.sp, s.fpG*s.sn
		s.area += fpG * (s.tp + tpG/2)
		s.tp += tpG
		s.fp += fpG
	}
	if s.want&wantAP != 0 {
		s.apTP, s.apFP = s.apTP.plus(s.tpGs), s.apFP.plus(s.fpGs)
		if !s.tpGs.isZero() {
			s.apSum.addScaled(s.tpGs, 1/(1+s.apFP.ratio(s.apTP)))
		}
	}
	s.open, s.tpG, s.fpG, s.tpGs, s.fpGs = false, 0, 0, scaledSum{}, scaledSum{}
}

// classMaxWeights returns the largest positive and negative weight.
func classMaxWeights(chunks [][]scoredRow) (maxPos, maxNeg float64) {
	for _, rows := range chunks {
		for _, r := range rows {
			w := math.Float64frombits(r.Payload &^ labelBit)
			if r.Payload&labelBit != 0 {
				maxPos = max(maxPos, w)
			} else {
				maxNeg = max(maxNeg, w)
			}
		}
	}
	return maxPos, maxNeg
}

// sums returns want computed over the store's rows, reading them only when
// the rows changed since the last reading (or it computed less): a store
// shared by roc_auc and average_precision computes both at once.
//
// A store of at most radix.SlabRows rows is sorted into one chunk, as
// before the walk existed (a walk's histograms would cost more than the
// rows); a larger one is walked, which reorders the rows within each chunk
// but not the order of rows with equal scores, the only order the results
// and the order a later reading visits depend on.
func (r *rankRows) sums(want rankWant) *rankSums {
	if r.cache.have&want == want {
		return &r.cache
	}
	if !r.sorted && r.n <= radix.SlabRows {
		r.rowChunks.sorted()
		r.sorted = true
	}
	r.cache = rankSumsOf(r.chunks, r.sorted, r.want|want)
	return &r.cache
}

// changed records that rows were added: the cache and the sort are stale.
func (r *rankRows) changed() {
	r.sorted = false
	r.cache = rankSums{}
}
