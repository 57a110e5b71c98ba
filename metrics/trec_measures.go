package metrics

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// TrecMeasure is one measure a TrecEval computes: a trec_eval 10 measure
// with its parameters, as given to trec_eval's -m flag ("P.5,10" is
// {Name: "P", Cutoffs: [5 10]}), or a measure named the ir_measures way
// ("nDCG@10", "P(rel=2)@5"), whose Name is the name as given. Make them with
// ParseTrecMeasures.
type TrecMeasure struct {
	// Name is the trec_eval measure name, or the ir_measures name as
	// written.
	Name string
	// Cutoffs are the rank cutoffs of P, recall, ndcg_cut, map_cut,
	// relative_P, success, unj and P_avgjg, increasing, positive, distinct.
	Cutoffs []int
	// Recalls are the real cutoffs of iprec_at_recall, Rprec_mult and
	// Rprec_mult_avgjg, increasing and distinct.
	Recalls []float64
	// Params are the real parameters of relstring, utility, 11pt_avg and
	// set_F, in the order given.
	Params []float64
	// Gains are the name=value parameters of ndcg, dcg, ideal_dcg,
	// ndcg_rel, Rndcg, G, rbp and rbp_resid.
	Gains []TrecGain

	spec *measureSpec
}

// measureSpec is everything a TrecEval needs to compute one measure.
type measureSpec struct {
	name    string
	def     *trecDef // the trec_eval measure computed
	cuts    []int
	dcuts   []float64
	doubles []float64
	pairs   []TrecGain
	// paramText is the parameter list as typed, which trec_eval appends to
	// the names of real and name=value parameter measures.
	paramText string
	names     []string

	// Set for measures named the ir_measures way.
	ir *irSpec

	numDocsInColl int64 // -N, set by NewTrecEval
}

// TrecValue is one number trec_eval prints: a measure at one cutoff.
type TrecValue struct {
	Name    string // as printed: "map", "P_10", "iprec_at_recall_0.50", "nDCG@10"
	Measure string // the measure it belongs to: "map", "P", "nDCG@10", ...
	// Count: an integer, printed as such and summed over queries, not
	// averaged (num_ret, num_rel, num_rel_ret, ...; num_q counts queries).
	Count bool
	// SummaryOnly: printed only over all queries (num_q, gm_map,
	// gm_bpref), not with -q per query.
	SummaryOnly bool
	// Geometric: the summary is the geometric mean (gm_map, gm_bpref); a
	// query's value is the logarithm it contributes.
	Geometric bool
	// Text: a per-query string (relstring, in TrecQueryResult.Texts) with no
	// number and no summary.
	Text bool
}

// ParseTrecMeasures reads trec_eval -m arguments, and measures named the
// ir_measures way (see the package's ranking documentation): a measure name
// ("map"), a name with parameters ("P.5,10", "iprec_at_recall.0.5,1",
// "ndcg.1=3,2=9", "utility.2,-1,0,0"), a nickname ("official", "all_trec",
// "set", "all_prefs", "prefs", "qrels_jg"), or an ir_measures name
// ("nDCG@10", "AP", "P(rel=2)@5"). No arguments mean "official", trec_eval's
// default.
//
// The result lists each trec_eval measure once, in trec_eval's output order
// (TrecMeasureNames), followed by the ir_measures-named ones in the order
// given. As in trec_eval, when a measure is given parameters more than once
// the first list wins, a measure given without parameters takes trec_eval's
// defaults, cutoffs are read as C's atol reads them ("23.4" is 23) and
// sorted, and real parameters as atof reads them (".25" is 0.25). A cutoff
// that is not positive, a duplicate cutoff, an empty parameter list, a
// parameter list on a measure that takes none, a recall level outside
// [0, 1], a utility without its 4 coefficients, malformed name=value
// parameters and an unknown name are errors.
func ParseTrecMeasures(args []string) ([]TrecMeasure, error) {
	if len(args) == 0 {
		args = []string{"official"}
	}
	marked := make([]bool, len(trecDefs))
	type measArg struct{ name, params string }
	var margs []measArg
	var irs []TrecMeasure
	for _, arg := range args {
		if isIRMeasureArg(arg) {
			s, err := parseIRMeasure(arg)
			if err != nil {
				return nil, err
			}
			if !slices.ContainsFunc(irs, func(m TrecMeasure) bool { return m.Name == s.name }) {
				irs = append(irs, s.measure())
			}
			continue
		}
		name, params, hasParams := strings.Cut(arg, ".")
		if hasParams && params == "" {
			return nil, fmt.Errorf("measure %q: empty parameter list after '.'", arg)
		}
		if set, ok := trecNicknames[name]; ok {
			if hasParams {
				return nil, fmt.Errorf("measure %q: %s is a set of measures and takes no parameters", arg, name)
			}
			for _, n := range set {
				marked[trecDefIndex(n)] = true
			}
			continue
		}
		i := trecDefIndex(name)
		if i < 0 {
			return nil, fmt.Errorf("unknown measure %q; known: %s %s, ir_measures names (nDCG@10, AP, P(rel=2)@5, ...) and recommender measures (catalog_coverage, precision_at_k, ...)",
				arg, strings.Join(TrecNicknames(), " "), strings.Join(TrecMeasureNames(), " "))
		}
		if hasParams {
			if trecDefs[i].params == paramNone {
				return nil, fmt.Errorf("measure %q: %s takes no parameters", arg, name)
			}
			margs = append(margs, measArg{name, params})
		}
		marked[i] = true
	}
	var out []TrecMeasure
	for i, def := range trecDefs {
		if !marked[i] {
			continue
		}
		params, given := "", false
		for _, a := range margs {
			if a.name == def.name {
				params, given = a.params, true
				break
			}
		}
		s, err := newTrecSpec(def, params, given)
		if err != nil {
			return nil, err
		}
		out = append(out, s.measure())
	}
	return append(out, irs...), nil
}

// newTrecSpec reads a trec_eval measure's parameters (meas_init.c).
func newTrecSpec(def *trecDef, params string, given bool) (*measureSpec, error) {
	s := &measureSpec{name: def.name, def: def}
	var err error
	switch def.params {
	case paramLongCuts:
		s.cuts = slices.Clone(def.longDefaults)
		if given {
			s.cuts, err = parseLongCutoffs(def.name, params)
		}
	case paramDoubleCuts:
		s.dcuts = slices.Clone(def.doubleDefaults)
		if given {
			s.dcuts, err = parseDoubleCutoffs(def.name, params)
		}
	case paramDoubles:
		s.doubles = slices.Clone(def.doubleDefaults)
		if given {
			s.doubles = parseDoubles(params)
			s.paramText = params
			if def.name == "utility" && len(s.doubles) != 4 {
				err = fmt.Errorf("measure utility: want 4 coefficients (relevant retrieved, nonrelevant retrieved, relevant not retrieved, nonrelevant not retrieved), got %q", params)
			}
		}
	case paramPairs:
		if given {
			s.pairs, err = parsePairs(def.name, params)
			s.paramText = params
		}
	}
	if err != nil {
		return nil, err
	}
	s.names = s.valueNames()
	return s, nil
}

func (s *measureSpec) measure() TrecMeasure {
	return TrecMeasure{Name: s.name, Cutoffs: s.cuts, Recalls: s.dcuts, Params: s.doubles, Gains: s.pairs, spec: s}
}

// valueNames are the printed names of a measure's values (meas_init.c:
// "%s_%ld" for integer cutoffs, "%s_%3.2f" cut to the length trec_eval
// allocates for real cutoffs, the parameter text appended for the others).
func (s *measureSpec) valueNames() []string {
	if s.ir != nil {
		return []string{s.name}
	}
	switch s.def.params {
	case paramLongCuts:
		out := make([]string, len(s.cuts))
		for i, k := range s.cuts {
			out[i] = s.name + "_" + strconv.Itoa(k)
		}
		return out
	case paramDoubleCuts:
		out := make([]string, len(s.dcuts))
		for i, x := range s.dcuts {
			n := fmt.Sprintf("%s_%3.2f", s.name, x)
			if limit := len(s.name) + 9; len(n) > limit {
				n = n[:limit]
			}
			out[i] = n
		}
		return out
	}
	if s.paramText != "" {
		return []string{s.name + "_" + s.paramText}
	}
	return []string{s.name}
}

// values lists the numbers a measure produces, in trec_eval's order. runid
// produces none: it is text, which the caller prints.
func (s *measureSpec) values() []TrecValue {
	if s.def != nil && s.def.name == "runid" {
		return nil
	}
	out := make([]TrecValue, len(s.names))
	for i, n := range s.names {
		v := TrecValue{Name: n, Measure: s.name}
		if d := s.def; d != nil && s.ir == nil {
			v.Count, v.SummaryOnly, v.Geometric, v.Text = d.count, d.summaryOnly, d.geometric, d.text
		} else if s.ir != nil {
			v.Count = s.ir.count
		}
		out[i] = v
	}
	return out
}

// parseLongCutoffs reads integer cutoffs as trec_eval's get_long_cutoffs.
func parseLongCutoffs(name, s string) ([]int, error) {
	var cuts []int
	for _, f := range strings.Split(s, ",") {
		v := cAtol(f)
		if v <= 0 || v > math.MaxInt32 {
			return nil, fmt.Errorf("measure %s: cutoff %q is not a positive integer", name, f)
		}
		cuts = append(cuts, int(v))
	}
	slices.Sort(cuts)
	for i := 1; i < len(cuts); i++ {
		if cuts[i] == cuts[i-1] {
			return nil, fmt.Errorf("measure %s: duplicate cutoff %d", name, cuts[i])
		}
	}
	return cuts, nil
}

// parseDoubleCutoffs reads real cutoffs as get_double_cutoffs.
func parseDoubleCutoffs(name, s string) ([]float64, error) {
	var cuts []float64
	for _, f := range strings.Split(s, ",") {
		x := cAtof(f)
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("measure %s: cutoff %q is not a finite number", name, f)
		}
		cuts = append(cuts, x)
	}
	slices.Sort(cuts)
	for i := 1; i < len(cuts); i++ {
		if cuts[i] == cuts[i-1] {
			return nil, fmt.Errorf("measure %s: duplicate cutoff %g", name, cuts[i])
		}
	}
	return cuts, nil
}

// parseDoubles reads real parameters as get_double_params.
func parseDoubles(s string) []float64 {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		out = append(out, cAtof(f))
	}
	return out
}

// parsePairs reads name=value parameters as get_param_pairs, with its check
// that '=' and ',' alternate and the list ends in a value.
func parsePairs(name, s string) ([]TrecGain, error) {
	last := byte(',')
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',':
			if last == ',' {
				return nil, fmt.Errorf("measure %s: malformed name=value parameters %q", name, s)
			}
			last = ','
		case '=':
			if last == '=' {
				return nil, fmt.Errorf("measure %s: malformed name=value parameters %q", name, s)
			}
			last = '='
		}
	}
	if last != '=' {
		return nil, fmt.Errorf("measure %s: malformed name=value parameters %q", name, s)
	}
	var out []TrecGain
	for _, p := range strings.Split(s, ",") {
		n, v, _ := strings.Cut(p, "=")
		out = append(out, TrecGain{Name: n, Value: cAtof(v)})
	}
	return out, nil
}

// TrecMeasureArg returns the -m argument that computes the value named
// name: the trec_eval measure whose name is the longest prefix of name
// followed by "_" gets the rest as its parameters ("ndcg_cut_10" ->
// "ndcg_cut.10", "P_avgjg_5" -> "P_avgjg.5", "utility_2,-1,0,0" ->
// "utility.2,-1,0,0"); a measure's own name, an ir_measures name and
// anything else are returned as they are.
func TrecMeasureArg(name string) string {
	best := ""
	for _, d := range trecDefs {
		if d.params != paramNone && len(name) > len(d.name)+1 && strings.HasPrefix(name, d.name+"_") && len(d.name) > len(best) {
			best = d.name
		}
	}
	if best == "" || trecDefIndex(name) >= 0 {
		return name
	}
	return best + "." + name[len(best)+1:]
}
