package mltestbeam

import (
	"cmp"
	"fmt"
	"math"
	"reflect"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/mltest/mltest/assert"
	"github.com/mltest/mltest/harness/parity"
)

func init() {
	for _, t := range []any{(*Prediction)(nil), (*Output)(nil), (*ParityRow)(nil), (*ParityMismatch)(nil), (*ParityReport)(nil)} {
		beam.RegisterType(reflect.TypeOf(t).Elem())
	}
	register.Function1x2[Prediction, string, Prediction](predictionByID)
	register.DoFn4x1[string, func(*Prediction) bool, func(*Prediction) bool, func(ParityRow), error](&parityCompareFn{})
	register.Iter1[Prediction]()
	register.Emitter1[ParityRow]()
	register.Combiner2[ParityReport, ParityRow](&parityReportFn{})
}

// Prediction is one row of an offline or online predictions file: the
// model's outputs for one request id. A scalar output is one value.
type Prediction struct {
	ID      string
	Outputs []Output
}

// Output is one named model output.
type Output struct {
	Name   string
	Values []float64
}

// ParityOptions is `mltest parity`'s tolerance: a value matches when
// |off - on| <= AbsTol + RelTol*|off| (assert.Tolerance{Abs: AbsTol, Rel:
// RelTol} with the offline value as want, under parity.Match).
type ParityOptions struct {
	AbsTol, RelTol float64
}

// The statuses of a ParityRow.
const (
	ParityMatched        = "matched"
	ParityMismatched     = "mismatched"
	ParityMissingOnline  = "missing_online"  // the id has no online prediction
	ParityMissingOffline = "missing_offline" // the id has no offline prediction
	ParityDuplicate      = "duplicate"       // the id occurs twice on one side
)

// ParityRow is the comparison of one id.
type ParityRow struct {
	ID         string
	Status     string
	MaxAbsDiff float64 // over the values compared; NaN if a NaN met a number
	Mismatches []ParityMismatch
}

// ParityMismatch is one value (or one output's shape) that differs.
type ParityMismatch struct {
	ID, Output string
	Index      int // position in the output's values; -1 for a shape problem
	Offline    float64
	Online     float64
	AbsDiff    float64 // |off - on|; +Inf for a shape problem or NaN against a number
	Problem    string  // a shape problem: "missing online", "3 values offline, 2 online"
}

// ParityReport summarizes a parity join in the shape of `mltest parity
// --format json`: every id ends in exactly one of Matched, Mismatched,
// MissingOnline, MissingOffline or DuplicateIDs, so N is their total.
type ParityReport struct {
	N, Matched, Mismatched        int
	MissingOnline, MissingOffline []string         // sorted ids
	DuplicateIDs                  []string         // sorted ids that occur twice on a side
	MaxAbsDiff                    float64          // over every value compared (NaN-vs-number pairs excluded)
	Mismatches                    []ParityMismatch // every mismatching value, worst first
}

// ValuesMatch reports whether an online value matches the offline one under
// opt: |off - on| <= AbsTol + RelTol*|off|, with NaN matching only NaN and an
// infinity only the same infinity. It is harness/parity's Match, the rule
// of `mltest parity`, not a copy of it.
func (opt ParityOptions) ValuesMatch(off, on float64) bool {
	return parity.Match(assert.Tolerance{Abs: opt.AbsTol, Rel: opt.RelTol}, off, on)
}

// ParityJoin joins offline and online predictions (PCollection<Prediction>
// each) by id (CoGroupByKey) and compares every output value with
// ParityOptions.ValuesMatch. It returns one ParityRow per id and the
// ParityReport (a PCollection of one element). Outputs are compared by name;
// an output missing on one side, or of another length, is a mismatch.
func ParityJoin(s beam.Scope, opt ParityOptions, offline, online beam.PCollection) (rows, report beam.PCollection) {
	s = s.Scope("mltest.ParityJoin")
	if !(opt.AbsTol >= 0) || !(opt.RelTol >= 0) {
		panic(fmt.Sprintf("mltestbeam: parity tolerances abs %v rel %v: want numbers >= 0", opt.AbsTol, opt.RelTol))
	}
	grouped := beam.CoGroupByKey(s, beam.ParDo(s, predictionByID, offline), beam.ParDo(s, predictionByID, online))
	rows = beam.ParDo(s, &parityCompareFn{Opt: opt}, grouped)
	return rows, beam.Combine(s, &parityReportFn{}, rows)
}

func predictionByID(p Prediction) (string, Prediction) { return p.ID, p }

type parityCompareFn struct {
	Opt ParityOptions
}

func (f *parityCompareFn) ProcessElement(id string, offIter, onIter func(*Prediction) bool, emit func(ParityRow)) error {
	var offs, ons []Prediction
	var p Prediction
	for offIter(&p) {
		offs = append(offs, p)
		p = Prediction{}
	}
	for onIter(&p) {
		ons = append(ons, p)
		p = Prediction{}
	}
	emit(CompareParity(f.Opt, id, offs, ons))
	return nil
}

// CompareParity compares the offline and online predictions of one id (each
// side should hold one).
func CompareParity(opt ParityOptions, id string, offs, ons []Prediction) ParityRow {
	row := ParityRow{ID: id}
	switch {
	case len(offs) > 1 || len(ons) > 1:
		row.Status = ParityDuplicate
		return row
	case len(ons) == 0:
		row.Status = ParityMissingOnline
		return row
	case len(offs) == 0:
		row.Status = ParityMissingOffline
		return row
	}
	online := map[string][]float64{}
	for _, o := range ons[0].Outputs {
		online[o.Name] = o.Values
	}
	seen := map[string]bool{}
	shape := func(name, problem string) {
		row.Mismatches = append(row.Mismatches, ParityMismatch{ID: id, Output: name, Index: -1,
			Offline: math.NaN(), Online: math.NaN(), AbsDiff: math.Inf(1), Problem: problem})
	}
	for _, o := range offs[0].Outputs {
		seen[o.Name] = true
		on, ok := online[o.Name]
		if !ok {
			shape(o.Name, "missing online")
			continue
		}
		if len(on) != len(o.Values) {
			shape(o.Name, fmt.Sprintf("%d values offline, %d online", len(o.Values), len(on)))
			continue
		}
		for i, off := range o.Values {
			d := math.Abs(off - on[i])
			switch {
			case math.IsNaN(off) && math.IsNaN(on[i]), off == on[i]:
				d = 0
			case math.IsNaN(d):
				d = math.Inf(1)
			}
			if !math.IsInf(d, 1) && d > row.MaxAbsDiff {
				row.MaxAbsDiff = d
			}
			if !opt.ValuesMatch(off, on[i]) {
				row.Mismatches = append(row.Mismatches, ParityMismatch{ID: id, Output: o.Name, Index: i, Offline: off, Online: on[i], AbsDiff: d})
			}
		}
	}
	for _, o := range ons[0].Outputs {
		if !seen[o.Name] {
			shape(o.Name, "missing offline")
		}
	}
	row.Status = ParityMatched
	if len(row.Mismatches) > 0 {
		row.Status = ParityMismatched
	}
	return row
}

type parityReportFn struct{}

func (parityReportFn) AddInput(a ParityReport, r ParityRow) ParityReport {
	a.N++
	switch r.Status {
	case ParityMatched:
		a.Matched++
	case ParityMismatched:
		a.Mismatched++
	case ParityMissingOnline:
		a.MissingOnline = append(a.MissingOnline, r.ID)
	case ParityMissingOffline:
		a.MissingOffline = append(a.MissingOffline, r.ID)
	case ParityDuplicate:
		a.DuplicateIDs = append(a.DuplicateIDs, r.ID)
	}
	a.MaxAbsDiff = math.Max(a.MaxAbsDiff, r.MaxAbsDiff)
	a.Mismatches = append(a.Mismatches, r.Mismatches...)
	return a
}

func (parityReportFn) MergeAccumulators(a, b ParityReport) ParityReport {
	a.N += b.N
	a.Matched += b.Matched
	a.Mismatched += b.Mismatched
	a.MissingOnline = append(a.MissingOnline, b.MissingOnline...)
	a.MissingOffline = append(a.MissingOffline, b.MissingOffline...)
	a.DuplicateIDs = append(a.DuplicateIDs, b.DuplicateIDs...)
	a.MaxAbsDiff = math.Max(a.MaxAbsDiff, b.MaxAbsDiff)
	a.Mismatches = append(a.Mismatches, b.Mismatches...)
	return a
}

// ExtractOutput sorts: ids, and mismatches worst first (largest AbsDiff,
// shape problems and NaN-against-number first), ties by id, output, index.
func (parityReportFn) ExtractOutput(a ParityReport) ParityReport {
	slices.Sort(a.MissingOnline)
	slices.Sort(a.MissingOffline)
	slices.Sort(a.DuplicateIDs)
	slices.SortFunc(a.Mismatches, func(x, y ParityMismatch) int {
		if c := cmp.Compare(y.AbsDiff, x.AbsDiff); c != 0 {
			return c
		}
		if c := cmp.Compare(x.ID, y.ID); c != 0 {
			return c
		}
		if c := cmp.Compare(x.Output, y.Output); c != 0 {
			return c
		}
		return cmp.Compare(x.Index, y.Index)
	})
	return a
}
