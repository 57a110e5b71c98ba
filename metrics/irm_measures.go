package metrics

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// irSpec is what a measure named the ir_measures way adds to its
// measureSpec: the parameters of its name, and either the trec_eval measure
// ir_measures computes it with (pytrec_eval's, via the measureSpec's def
// and cutoffs) or its own calc (the other providers').
type irSpec struct {
	base   string // the ir_measures measure ("nDCG")
	cutoff int    // the cutoff, 0 without one
	order  tieOrder

	hasLevel   bool // rel given
	level      int
	judgedOnly bool
	relMap     map[int]int // nDCG's gains: relevance -> gain
	count      bool        // summed, not averaged (NumRet, NumRel, NumQ)
	// zeroWhenMissing: a judged query the run lacks scores 0 under -c
	// (ir_measures' default value for it), not the one-document ranking's
	// value.
	zeroWhenMissing bool
	subtopics       bool // reads QueryJudgments.Groups as subtopics
	maxRelDefault   bool // max_rel not given: the evaluator's MaxRelevance

	calc   func(c *queryCtx, s *measureSpec, out []float64) error
	cwl    cwlParams
	ndeval ndevalParams
	doc    string
}

// mapRelevance applies nDCG's gains map to judgments (levels it does not
// name keep their value), as ir_measures maps the qrels before pytrec_eval
// sees them.
func (ir *irSpec) mapRelevance(judged map[string]int) map[string]int {
	out := make(map[string]int, len(judged))
	for d, r := range judged {
		if g, ok := ir.relMap[r]; ok {
			r = g
		}
		out[d] = r
	}
	return out
}

// irDataError is an error of a query's data for measure s.
func irDataError(s *measureSpec, format string, args ...any) error {
	return fmt.Errorf("measure %s: %s", s.name, fmt.Sprintf(format, args...))
}

// irBuilders make each ir_measures measure (and its aliases) from its
// parsed name.
var irBuilders = map[string]func(arg string, p *irParams) (*measureSpec, error){
	"P": buildIRTrecCut("P", "P"), "Precision": buildIRTrecCut("P", "P"),
	"R": buildIRTrecCut("R", "recall"), "Recall": buildIRTrecCut("R", "recall"),
	"Success": buildIRTrecCut("Success", "success"),
	"AP":      buildIRAP, "MAP": buildIRAP,
	"RR": buildIRRR, "MRR": buildIRRR,
	"nDCG": buildIRNDCG, "NDCG": buildIRNDCG,
	"Rprec": buildIRTrec("Rprec", "Rprec", true), "RPrec": buildIRTrec("Rprec", "Rprec", true),
	"Bpref": buildIRTrec("Bpref", "bpref", false), "BPref": buildIRTrec("Bpref", "bpref", false),
	"infAP": buildIRTrec("infAP", "infAP", false),
	"SetP":  buildIRSetP(false), "SetRelP": buildIRSetP(true),
	"SetR":   buildIRTrec("SetR", "set_recall", false),
	"SetAP":  buildIRTrec("SetAP", "set_map", true),
	"SetF":   buildIRSetF,
	"IPrec":  buildIRIPrec,
	"NumRet": buildIRNumRet(false), "NumRelRet": buildIRNumRet(true),
	"NumRel": buildIRCount("NumRel", "num_rel"), "NumQ": buildIRCount("NumQ", "num_q"),
	"Judged": buildIRJudged,
	"ERR":    buildIRERR,
	"RBP":    buildIRRBP,
	"SDCG":   buildIRCWL("SDCG", cwlSDCG), "INST": buildIRCWL("INST", cwlINST), "INSQ": buildIRCWL("INSQ", cwlINSQ),
	"NERR8": buildIRCWL("NERR8", cwlNERR8), "NERR9": buildIRCWL("NERR9", cwlNERR9),
	"NERR10": buildIRCWL("NERR10", cwlNERR10), "NERR11": buildIRCWL("NERR11", cwlNERR11),
	"BPM":        buildIRCWL("BPM", cwlBPM),
	"alpha_nDCG": buildIRNdeval("alpha_nDCG", ndevalAlphaNDCG), "α_nDCG": buildIRNdeval("alpha_nDCG", ndevalAlphaNDCG),
	"alpha_DCG": buildIRNdeval("alpha_DCG", ndevalAlphaDCG), "α_DCG": buildIRNdeval("alpha_DCG", ndevalAlphaDCG),
	"ERR_IA": buildIRNdeval("ERR_IA", ndevalERRIA), "nERR_IA": buildIRNdeval("nERR_IA", ndevalNERRIA),
	"P_IA": buildIRNdeval("P_IA", ndevalPIA), "StRecall": buildIRNdeval("StRecall", ndevalStRecall),
	"NRBP": buildIRNdeval("NRBP", ndevalNRBP), "nNRBP": buildIRNdeval("nNRBP", ndevalNNRBP),
	"AP_IA": buildIRNdeval("AP_IA", ndevalAPIA), "MAP_IA": buildIRNdeval("AP_IA", ndevalAPIA),
}

// IRMeasureNames returns the ir_measures names -m accepts (aliases
// included), sorted.
func IRMeasureNames() []string {
	names := make([]string, 0, len(irBuilders))
	for n := range irBuilders {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// isIRMeasureArg reports whether a -m argument is an ir_measures name
// rather than a trec_eval one: it has parameters in parentheses or an @, or
// is an ir_measures name that is not also trec_eval's (Rprec and infAP are
// trec_eval's, with the same values).
func isIRMeasureArg(arg string) bool {
	if strings.ContainsAny(arg, "@(") {
		return true
	}
	name, _, _ := strings.Cut(arg, ".")
	if _, set := trecNicknames[name]; set || trecDefIndex(name) >= 0 {
		return false
	}
	_, ok := irBuilders[strings.TrimSpace(arg)]
	return ok || arg == "NERR"
}

// parseIRMeasure makes the measureSpec of an ir_measures name.
func parseIRMeasure(arg string) (*measureSpec, error) {
	n, err := parseIRName(arg)
	if err != nil {
		return nil, err
	}
	build, ok := irBuilders[n.name]
	if !ok {
		if n.name == "NERR" {
			return nil, fmt.Errorf("measure %q: ir_measures has four NERR measures: NERR8@k, NERR9@k, NERR10(p=0.9), NERR11(T=1)", arg)
		}
		return nil, fmt.Errorf("measure %q: %s is not an ir_measures measure mltest computes; known: %s", arg, n.name, strings.Join(IRMeasureNames(), " "))
	}
	p := &irParams{arg: arg, n: n}
	s, err := build(arg, p)
	if err != nil {
		return nil, err
	}
	if err := p.done(); err != nil {
		return nil, err
	}
	s.name = arg
	s.names = []string{arg}
	return s, nil
}

// irParams reads a parsed name's parameters, each at most once.
type irParams struct {
	arg  string
	n    irName
	used []string
	at   string // the parameter @ sets
}

func (p *irParams) get(key string) (irValue, bool) {
	p.used = append(p.used, key)
	if key == p.at && p.n.at != nil {
		if _, dup := p.n.params[key]; dup {
			return irValue{}, false
		}
		return *p.n.at, true
	}
	v, ok := p.n.params[key]
	return v, ok
}

func (p *irParams) errorf(format string, args ...any) error {
	return fmt.Errorf("measure %q: %s", p.arg, fmt.Sprintf(format, args...))
}

// integer reads an integer parameter; ok is false when it is absent.
func (p *irParams) integer(key string) (int, bool, error) {
	v, ok := p.get(key)
	if !ok {
		return 0, false, nil
	}
	if v.kind != 'i' || v.i > math.MaxInt32 || v.i < math.MinInt32 {
		return 0, false, p.errorf("%s=%v: want an integer", key, v)
	}
	return int(v.i), true, nil
}

func (p *irParams) cutoff(required bool) (int, error) {
	k, ok, err := p.integer("cutoff")
	switch {
	case err != nil:
		return 0, err
	case !ok && required:
		return 0, p.errorf("a cutoff is required, e.g. %s@10", p.n.name)
	case ok && k <= 0:
		return 0, p.errorf("cutoff %d: want a positive integer", k)
	}
	return k, nil
}

func (p *irParams) real(key string, dflt float64) (float64, error) {
	v, ok := p.get(key)
	if !ok {
		return dflt, nil
	}
	x, isNum := v.number()
	if !isNum || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, p.errorf("%s=%v: want a number", key, v)
	}
	return x, nil
}

func (p *irParams) boolean(key string) (bool, error) {
	v, ok := p.get(key)
	if !ok {
		return false, nil
	}
	if v.kind != 'b' {
		return false, p.errorf("%s=%v: want True or False", key, v)
	}
	return v.b, nil
}

// level reads rel into ir.
func (p *irParams) level(ir *irSpec) error {
	r, ok, err := p.integer("rel")
	ir.hasLevel, ir.level = ok, r
	return err
}

// done rejects parameters the measure does not take.
func (p *irParams) done() error {
	for k := range p.n.params {
		if !slices.Contains(p.used, k) {
			return p.errorf("%s takes no parameter %s", p.n.name, k)
		}
	}
	if p.n.at != nil && p.at == "" {
		return p.errorf("%s takes no @ cutoff", p.n.name)
	}
	if p.n.at != nil {
		if _, dup := p.n.params[p.at]; dup {
			return p.errorf("%s given both in parentheses and after @", p.at)
		}
	}
	return nil
}
