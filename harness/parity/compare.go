package parity

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mltest/mltest/assert"
	"github.com/mltest/mltest/harness/serving"
)

// Stage names the outputs that belong to one stage of a model, such as
// {Name: "encode", Outputs: ["features"]}.
type Stage struct {
	Name    string
	Outputs []string
}

// Options say how two prediction paths are compared. The zero Options
// compare every output both sides give, exactly; set Tolerance to
// DefaultTolerance for the CLI's absolute 1e-6.
type Options struct {
	// Tolerance applies to every numeric output without its own entry in
	// PerOutput, by Match's rule (assert.Tolerance with the offline value as
	// want, NaN matching only NaN). The zero Tolerance is exact equality.
	Tolerance assert.Tolerance
	PerOutput map[string]assert.Tolerance

	// Outputs restricts the comparison to these outputs; empty means every
	// output the offline side gives. An output the offline side gives and the
	// online side lacks is a mismatch.
	Outputs []string

	// Lists names outputs that are ranked lists (item ids, best first): they
	// are compared element-wise and also by CompareLists at depth RankK.
	// BYTES (string) vector outputs are ranked lists whether named or not.
	Lists []string
	RankK int

	// Stages, in pipeline order, map outputs to the model stage that produced
	// them; a mismatching row reports the first stage among its mismatching
	// outputs. Outputs in no stage report stage "".
	Stages []Stage

	// Replica, when set, is called with the same rows as the online side
	// (a second replica, or the same endpoint again): an output on which the
	// two online answers differ is nondeterministic, and a difference there
	// is reported as Noise rather than as a mismatch.
	Replica serving.Predictor

	// MaxMismatches caps Result.Mismatches (worst kept); 0 keeps all of them.
	// The counts are never capped.
	MaxMismatches int
}

func (o Options) tolerance(output string) assert.Tolerance {
	if t, ok := o.PerOutput[output]; ok {
		return t
	}
	return o.Tolerance
}

// Result is what a comparison found. Every request is counted in exactly one
// of Matched, Mismatched and Failed.
type Result struct {
	N          int `json:"n"`
	Matched    int `json:"matched"`
	Mismatched int `json:"mismatched"`
	Failed     int `json:"failed"`

	// MissingOnline lists offline ids no request asked for (sorted);
	// MissingOffline lists requests with no offline row, which are failed.
	MissingOnline  []string `json:"missing_online"`
	MissingOffline []string `json:"missing_offline"`

	MaxAbsDiff float64    `json:"max_abs_diff"`
	Mismatches []Mismatch `json:"mismatches"` // one per mismatching (row, output), worst first
	Failures   []Failure  `json:"failures"`   // in request order
	Noise      []Mismatch `json:"noise"`      // differences between two online calls, worst first

	// FirstStage is the earliest stage (in Options.Stages order) that differs
	// in any row; StageRows counts rows by the first stage that differs there.
	FirstStage string         `json:"first_stage,omitempty"`
	StageRows  map[string]int `json:"stage_rows,omitempty"`

	// Lists summarises ranked-list agreement per list output over the
	// compared rows (means), matched rows included.
	Lists map[string]ListSummary `json:"lists,omitempty"`

	// Diffs holds |offline - online| of every compared numeric element, for a
	// histogram of how far apart the paths are. Not written to JSON.
	Diffs []float64 `json:"-"`

	// Latency of the online side, over the requests that carried rows.
	Latency Latency `json:"latency_ms"`
}

// ListSummary is the mean agreement of one ranked-list output.
type ListSummary struct {
	Rows        int     `json:"rows"`
	TopKOverlap float64 `json:"top_k_overlap"`
	KendallTau  float64 `json:"kendall_tau"`
	RBO         float64 `json:"rbo"`
}

// Latency holds percentiles of the online side's request latency in
// milliseconds (nearest-rank over rows' request latencies).
type Latency struct {
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
	P99 float64 `json:"p99"`
}

// Mismatch is one output of one row where the two paths differ.
type Mismatch struct {
	ID     string `json:"id"`
	Output string `json:"output"`
	Stage  string `json:"stage,omitempty"`
	// Kind is "value" (a number or string differs), "shape" (the shapes
	// differ), "missing" (the online side lacks the output) or "list" (a
	// ranked list differs).
	Kind string `json:"kind"`
	// Index is the flat index of the worst element, -1 for a scalar or a
	// whole-value difference.
	Index   int     `json:"index"`
	Offline any     `json:"offline"` // the worst element (float64 or string), or the whole list
	Online  any     `json:"online"`
	AbsDiff float64 `json:"abs_diff"` // +Inf for NaN against a number, a shape or a missing output; 1 for a string
	// Elements counts the elements that differ.
	Elements int            `json:"elements"`
	List     *ListAgreement `json:"list,omitempty"`
	Inputs   map[string]any `json:"inputs,omitempty"` // the request's inputs, for reproducing it
}

// Failure is a request that could not be compared: the online side failed
// after retries, or no offline row exists.
type Failure struct {
	ID    string `json:"id"`
	Error string `json:"error"`
}

// Compare runs rows through offline and online (and Options.Replica) and
// compares every output of every row. offline is usually a Table of
// precomputed outputs; online a serving.Client or an in-process model.
func Compare(ctx context.Context, rows []serving.Row, offline, online serving.Predictor, opt Options) Result {
	off := offline.Predict(ctx, rows)
	on := online.Predict(ctx, rows)
	var rep []serving.Outcome
	if opt.Replica != nil {
		rep = opt.Replica.Predict(ctx, rows)
	}
	res := compareOutcomes(rows, off, on, rep, opt)
	if t, ok := offline.(*Table); ok {
		res.MissingOnline = t.notAsked(rows)
	}
	return res
}

// CompareOutcomes compares outcomes the caller already has, row i of each
// slice belonging to rows[i]. replica may be nil.
func CompareOutcomes(rows []serving.Row, offline, online, replica []serving.Outcome, opt Options) Result {
	return compareOutcomes(rows, offline, online, replica, opt)
}

func compareOutcomes(rows []serving.Row, off, on, rep []serving.Outcome, opt Options) Result {
	if len(off) != len(rows) || len(on) != len(rows) || (rep != nil && len(rep) != len(rows)) {
		panic(fmt.Sprintf("parity: %d rows but %d offline, %d online and %d replica outcomes", len(rows), len(off), len(on), len(rep)))
	}
	stageOf := map[string]int{}
	for i, s := range opt.Stages {
		for _, o := range s.Outputs {
			stageOf[o] = i
		}
	}
	isList := map[string]bool{}
	for _, o := range opt.Lists {
		isList[o] = true
	}
	res := Result{N: len(rows), MissingOnline: []string{}, MissingOffline: []string{}, Mismatches: []Mismatch{}, Failures: []Failure{}, Noise: []Mismatch{}}
	lists := map[string]*ListSummary{}
	var latencies []float64
	firstStage := len(opt.Stages)
	for i, row := range rows {
		if on[i].Err == nil || on[i].Latency > 0 {
			latencies = append(latencies, float64(on[i].Latency)/float64(time.Millisecond))
		}
		if off[i].Err != nil {
			res.Failed++
			if isMissing(off[i].Err) {
				res.MissingOffline = append(res.MissingOffline, row.ID)
			}
			res.Failures = append(res.Failures, Failure{ID: row.ID, Error: "offline: " + off[i].Err.Error()})
			continue
		}
		if on[i].Err != nil {
			res.Failed++
			res.Failures = append(res.Failures, Failure{ID: row.ID, Error: on[i].Err.Error()})
			continue
		}
		names := opt.Outputs
		if len(names) == 0 {
			names = slices.Sorted(maps.Keys(off[i].Outputs))
		}
		if name, ok := lacking(off[i].Outputs, names); !ok {
			res.Failed++
			res.Failures = append(res.Failures, Failure{ID: row.ID, Error: fmt.Sprintf("offline: no output %q", name)})
			continue
		}
		rowStage, rowMismatch := len(opt.Stages), false
		for _, name := range names {
			ov := off[i].Outputs[name]
			nv, present := on[i].Outputs[name]
			list := isList[name] || (len(ov.Strings) > 0 && len(ov.Shape) > 0)
			m, diffs := compareValue(row.ID, name, ov, nv, present, opt.tolerance(name), list, opt.RankK)
			res.Diffs = append(res.Diffs, diffs...)
			for _, d := range diffs {
				if d > res.MaxAbsDiff {
					res.MaxAbsDiff = d
				}
			}
			if m.List != nil {
				s := lists[name]
				if s == nil {
					s = &ListSummary{}
					lists[name] = s
				}
				s.Rows++
				s.TopKOverlap += m.List.TopKOverlap
				s.KendallTau += m.List.KendallTau
				s.RBO += m.List.RBO
			}
			if m.Kind == "" {
				continue
			}
			if m.AbsDiff > res.MaxAbsDiff {
				res.MaxAbsDiff = m.AbsDiff
			}
			st, staged := stageIndex(stageOf, name)
			if staged {
				m.Stage = opt.Stages[st].Name
			}
			if rep != nil && noisy(name, on[i], rep[i], opt.tolerance(name)) {
				res.Noise = append(res.Noise, m)
				continue
			}
			m.Inputs = inputsOf(row)
			res.Mismatches = append(res.Mismatches, m)
			rowMismatch = true
			if staged && st < rowStage {
				rowStage = st
			}
		}
		if rowMismatch {
			res.Mismatched++
			if rowStage < len(opt.Stages) {
				if res.StageRows == nil {
					res.StageRows = map[string]int{}
				}
				res.StageRows[opt.Stages[rowStage].Name]++
				firstStage = min(firstStage, rowStage)
			}
		} else {
			res.Matched++
		}
	}
	if firstStage < len(opt.Stages) {
		res.FirstStage = opt.Stages[firstStage].Name
	}
	if len(lists) > 0 {
		res.Lists = map[string]ListSummary{}
		for name, s := range lists {
			n := float64(s.Rows)
			res.Lists[name] = ListSummary{Rows: s.Rows, TopKOverlap: s.TopKOverlap / n, KendallTau: s.KendallTau / n, RBO: s.RBO / n}
		}
	}
	sortWorstFirst(res.Mismatches)
	sortWorstFirst(res.Noise)
	if opt.MaxMismatches > 0 && len(res.Mismatches) > opt.MaxMismatches {
		res.Mismatches = res.Mismatches[:opt.MaxMismatches]
	}
	res.Latency = percentiles(latencies)
	return res
}

// stageIndex finds the stage of an output: the stage listing its name, or
// else the stage listing the part of the name before its first "." (so
// stage outputs "encode" cover "encode.popularity" as ModelPredictor names it).
func stageIndex(stageOf map[string]int, name string) (int, bool) {
	if st, ok := stageOf[name]; ok {
		return st, true
	}
	if i := strings.IndexByte(name, '.'); i > 0 {
		st, ok := stageOf[name[:i]]
		return st, ok
	}
	return 0, false
}

// lacking returns the first of names that outputs lacks.
func lacking(outputs map[string]serving.Value, names []string) (string, bool) {
	for _, n := range names {
		if _, ok := outputs[n]; !ok {
			return n, false
		}
	}
	return "", true
}

// MarshalJSON writes r with an infinite max_abs_diff (NaN against a number,
// a shape or a missing output) as the string "+Inf": JSON has no infinity.
func (r Result) MarshalJSON() ([]byte, error) {
	type plain Result
	return json.Marshal(struct {
		plain
		MaxAbsDiff any `json:"max_abs_diff"`
	}{plain(r), jsonFloat(r.MaxAbsDiff)})
}

// MarshalJSON writes m with an infinite abs_diff as the string "+Inf".
func (m Mismatch) MarshalJSON() ([]byte, error) {
	type plain Mismatch
	return json.Marshal(struct {
		plain
		AbsDiff any `json:"abs_diff"`
	}{plain(m), jsonFloat(m.AbsDiff)})
}

// sortWorstFirst orders mismatches by decreasing absolute difference, then
// by id and output so the order is deterministic.
func sortWorstFirst(ms []Mismatch) {
	slices.SortStableFunc(ms, func(a, b Mismatch) int {
		if c := cmp.Compare(b.AbsDiff, a.AbsDiff); c != 0 {
			return c
		}
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return strings.Compare(a.Output, b.Output)
	})
}

// compareValue compares one output of one row. It returns a Mismatch with
// Kind "" when the two match, and the element differences of numeric data.
func compareValue(id, name string, off, on serving.Value, present bool, tol assert.Tolerance, list bool, k int) (Mismatch, []float64) {
	m := Mismatch{ID: id, Output: name, Index: -1}
	if !present {
		m.Kind, m.AbsDiff, m.Offline, m.Online = "missing", math.Inf(1), display(off), nil
		return m, nil
	}
	if !slices.Equal(shapeOf(off), shapeOf(on)) || (len(off.Strings) > 0) != (len(on.Strings) > 0) && (len(off.Strings)+len(on.Strings)) > 0 {
		m.Kind, m.AbsDiff = "shape", math.Inf(1)
		m.Offline, m.Online = describeShape(off), describeShape(on)
		return m, nil
	}
	if len(off.Strings) > 0 || len(on.Strings) > 0 {
		if list {
			a := CompareLists(trimPadding(off.Strings), trimPadding(on.Strings), k)
			m.List = &a
		}
		for j := range off.Strings {
			if off.Strings[j] != on.Strings[j] {
				m.Elements++
				if m.Index < 0 {
					m.Index = j
				}
			}
		}
		if m.Elements == 0 {
			return Mismatch{List: m.List}, nil
		}
		m.AbsDiff = 1
		if list {
			m.Kind, m.Offline, m.Online = "list", off.Strings, on.Strings
		} else {
			m.Kind, m.Offline, m.Online = "value", off.Strings[m.Index], on.Strings[m.Index]
		}
		return m, nil
	}
	diffs := make([]float64, len(off.Numbers))
	worst := -1.0
	for j, x := range off.Numbers {
		y := on.Numbers[j]
		d := absDiff(x, y)
		diffs[j] = d
		if !Match(tol, x, y) && !servedAtPrecision(x, y, on.Datatype, tol) {
			m.Elements++
			if d > worst {
				worst, m.Index = d, j
			}
		}
	}
	if list {
		a := CompareLists(off.Numbers, on.Numbers, k)
		m.List = &a
	}
	if m.Elements == 0 {
		return Mismatch{List: m.List}, diffs
	}
	m.Kind, m.AbsDiff = "value", worst
	if list {
		m.Kind = "list"
	}
	m.Offline, m.Online = jsonFloat(off.Numbers[m.Index]), jsonFloat(on.Numbers[m.Index])
	if len(off.Shape) == 0 {
		m.Index = -1
	}
	return m, diffs
}

// servedAtPrecision reports whether online is offline rounded to the
// reduced precision (FP32, FP16, BF16) the server declared for it: the
// rounding a served datatype implies is not skew. An exact comparison
// (the zero Tolerance) does not allow it.
func servedAtPrecision(offline, online float64, dt serving.Datatype, tol assert.Tolerance) bool {
	return (tol.Abs != 0 || tol.Rel != 0 || tol.ULP != 0) && dt.Round(offline) == online && dt.Round(offline) != offline
}

// trimPadding drops trailing empty strings: a served model pads a short
// ranked list to the tensor's fixed length with "", which is not an item.
func trimPadding(items []string) []string {
	n := len(items)
	for n > 0 && items[n-1] == "" {
		n--
	}
	return items[:n]
}

// noisy reports whether two online answers differ on output name.
func noisy(name string, a, b serving.Outcome, tol assert.Tolerance) bool {
	if b.Err != nil {
		return false
	}
	av, aok := a.Outputs[name]
	bv, bok := b.Outputs[name]
	if aok != bok {
		return true
	}
	m, _ := compareValue("", name, av, bv, bok, tol, false, 0)
	return m.Kind != ""
}

// shapeOf is the shape of v, with a scalar as [] and a value holding a
// different number of elements than its shape says as [-1].
func shapeOf(v serving.Value) []int {
	n := 1
	for _, d := range v.Shape {
		n *= d
	}
	if got := len(v.Numbers) + len(v.Strings); got != n {
		return []int{-1, got}
	}
	if v.Shape == nil {
		return []int{}
	}
	return v.Shape
}

func describeShape(v serving.Value) string {
	kind := "number"
	if len(v.Strings) > 0 {
		kind = "string"
	}
	return fmt.Sprintf("%s%v (%d elements)", kind, v.Shape, len(v.Numbers)+len(v.Strings))
}

// display turns a Value into what a report prints.
func display(v serving.Value) any {
	if len(v.Strings) > 0 {
		if len(v.Shape) == 0 {
			return v.Strings[0]
		}
		return v.Strings
	}
	if len(v.Shape) == 0 && len(v.Numbers) == 1 {
		return jsonFloat(v.Numbers[0])
	}
	out := make([]any, len(v.Numbers))
	for i, x := range v.Numbers {
		out[i] = jsonFloat(x)
	}
	return out
}

// jsonFloat keeps a float for JSON, spelling NaN and infinities as strings
// (JSON has no such numbers).
func jsonFloat(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return x
}

func inputsOf(row serving.Row) map[string]any {
	if len(row.Values) == 0 {
		return nil
	}
	out := make(map[string]any, len(row.Values))
	for k, v := range row.Values {
		out[k] = display(v)
	}
	return out
}

// percentiles returns nearest-rank percentiles of xs (milliseconds).
func percentiles(xs []float64) Latency {
	if len(xs) == 0 {
		return Latency{}
	}
	slices.Sort(xs)
	at := func(q float64) float64 {
		i := int(math.Ceil(q*float64(len(xs)))) - 1
		return xs[max(0, min(i, len(xs)-1))]
	}
	return Latency{P50: at(0.50), P95: at(0.95), P99: at(0.99)}
}
