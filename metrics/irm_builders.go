package metrics

import "fmt"

// The builders of ir_measures names. Each reads the measure's parameters
// as ir_measures declares them (ir_measures/measures/*.py) and chooses the
// implementation ir_measures' default pipeline would: pytrec_eval
// (trec_eval's measures) where it supports the parameters, otherwise
// cwl_eval, pyndeval, the judged and msmarco providers or gdeval. Under
// TiesDocno equal scores are ordered by docno as the provider orders them:
// descending (trec_eval, gdeval), ascending (pyndeval, judged, msmarco);
// cwl_eval keeps the input order, which TiesInput reproduces, and gets
// trec_eval's descending docno otherwise.

// irTrecSpec is a measure computed by the trec_eval measure defName.
func irTrecSpec(base, defName string) *measureSpec {
	return &measureSpec{def: trecDefs[trecDefIndex(defName)], ir: &irSpec{base: base, order: orderDocnoDesc,
		doc: fmt.Sprintf("ir_measures' %s: trec_eval's %s (ir_measures' pytrec_eval provider)", base, defName)}}
}

// irJudgedOnly reads judged_only into ir.
func irJudgedOnly(p *irParams, ir *irSpec) (err error) {
	ir.judgedOnly, err = p.boolean("judged_only")
	return err
}

// buildIRTrecCut: P@k, R@k, Success@k (rel, judged_only).
func buildIRTrecCut(base, defName string) func(string, *irParams) (*measureSpec, error) {
	return func(_ string, p *irParams) (*measureSpec, error) {
		p.at = "cutoff"
		s := irTrecSpec(base, defName)
		k, err := p.cutoff(true)
		if err != nil {
			return nil, err
		}
		s.cuts, s.ir.cutoff = []int{k}, k
		if err := p.level(s.ir); err != nil {
			return nil, err
		}
		return s, irJudgedOnly(p, s.ir)
	}
}

// buildIRTrec: Rprec, Bpref, infAP, SetR, SetAP (rel; judged_only where
// ir_measures takes it).
func buildIRTrec(base, defName string, judgedOnly bool) func(string, *irParams) (*measureSpec, error) {
	return func(_ string, p *irParams) (*measureSpec, error) {
		s := irTrecSpec(base, defName)
		if err := p.level(s.ir); err != nil {
			return nil, err
		}
		if judgedOnly {
			return s, irJudgedOnly(p, s.ir)
		}
		return s, nil
	}
}

// buildIRAP: AP (map) and AP@k (map_cut.k).
func buildIRAP(_ string, p *irParams) (*measureSpec, error) {
	p.at = "cutoff"
	k, err := p.cutoff(false)
	if err != nil {
		return nil, err
	}
	s := irTrecSpec("AP", "map")
	if k > 0 {
		s = irTrecSpec("AP", "map_cut")
		s.cuts, s.ir.cutoff = []int{k}, k
	}
	if err := p.level(s.ir); err != nil {
		return nil, err
	}
	return s, irJudgedOnly(p, s.ir)
}

// buildIRRR: RR is trec_eval's recip_rank; RR@k is msmarco_eval's MRR@k.
func buildIRRR(_ string, p *irParams) (*measureSpec, error) {
	p.at = "cutoff"
	k, err := p.cutoff(false)
	if err != nil {
		return nil, err
	}
	s := irTrecSpec("RR", "recip_rank")
	if err := p.level(s.ir); err != nil {
		return nil, err
	}
	if err := irJudgedOnly(p, s.ir); err != nil {
		return nil, err
	}
	if k > 0 {
		if s.ir.judgedOnly {
			return nil, p.errorf("RR@k (msmarco_eval's) takes no judged_only")
		}
		s.ir.cutoff, s.ir.calc, s.ir.order = k, calcMsmarcoRR, orderDocnoAsc
		s.ir.doc = "ir_measures' RR@k: msmarco_eval.py's MRR@k, 1/rank of the first relevant document within k"
	}
	return s, nil
}

// buildIRNDCG: nDCG, nDCG@k (trec_eval's ndcg, ndcg_cut), with gains; and
// nDCG(dcg='exp-log2')@k, gdeval's.
func buildIRNDCG(_ string, p *irParams) (*measureSpec, error) {
	p.at = "cutoff"
	k, err := p.cutoff(false)
	if err != nil {
		return nil, err
	}
	dcg := "log2"
	if v, ok := p.get("dcg"); ok {
		if v.kind != 's' || (v.s != "log2" && v.s != "exp-log2") {
			return nil, p.errorf("dcg=%v: want 'log2' or 'exp-log2'", v)
		}
		dcg = v.s
	}
	s := irTrecSpec("nDCG", "ndcg")
	if k > 0 {
		s = irTrecSpec("nDCG", "ndcg_cut")
		s.cuts, s.ir.cutoff = []int{k}, k
	}
	if v, ok := p.get("gains"); ok {
		if v.kind != 'd' || dcg != "log2" {
			return nil, p.errorf("gains=%v: want a dictionary {relevance: gain}, with dcg='log2'", v)
		}
		s.ir.relMap = map[int]int{}
		for r, g := range v.dict {
			s.ir.relMap[int(r)] = int(g)
		}
	}
	if err := irJudgedOnly(p, s.ir); err != nil {
		return nil, err
	}
	if dcg == "exp-log2" {
		if k == 0 || s.ir.judgedOnly {
			return nil, p.errorf("dcg='exp-log2' is gdeval's nDCG: it needs a cutoff and takes no judged_only")
		}
		s.ir.calc, s.ir.order = calcGdevalNDCG, orderDocnoDesc
		s.ir.doc = "ir_measures' nDCG(dcg='exp-log2')@k: gdeval.pl's, gains 2^rel - 1"
	}
	return s, nil
}

// buildIRSetP: SetP (set_P) and SetP(relative=True) / SetRelP
// (set_relative_P).
func buildIRSetP(relative bool) func(string, *irParams) (*measureSpec, error) {
	return func(_ string, p *irParams) (*measureSpec, error) {
		r, err := p.boolean("relative")
		if err != nil {
			return nil, err
		}
		s := irTrecSpec("SetP", "set_P")
		if relative || r {
			s = irTrecSpec("SetP", "set_relative_P")
		}
		if err := p.level(s.ir); err != nil {
			return nil, err
		}
		return s, irJudgedOnly(p, s.ir)
	}
}

// buildIRSetF: SetF(beta) is set_F.beta.
func buildIRSetF(_ string, p *irParams) (*measureSpec, error) {
	s := irTrecSpec("SetF", "set_F")
	beta, err := p.real("beta", 1)
	if err != nil {
		return nil, err
	}
	s.doubles = []float64{beta}
	if err := p.level(s.ir); err != nil {
		return nil, err
	}
	return s, irJudgedOnly(p, s.ir)
}

// buildIRIPrec: IPrec@x is iprec_at_recall.x.
func buildIRIPrec(_ string, p *irParams) (*measureSpec, error) {
	p.at = "recall"
	s := irTrecSpec("IPrec", "iprec_at_recall")
	x, err := p.real("recall", 0)
	if err != nil {
		return nil, err
	}
	if _, ok := p.n.params["recall"]; !ok && p.n.at == nil {
		return nil, p.errorf("a recall level is required, e.g. IPrec@0.5")
	}
	if x < 0 || x > 1 {
		return nil, p.errorf("recall %g: want a level in [0, 1]", x)
	}
	s.dcuts = []float64{x}
	if err := p.level(s.ir); err != nil {
		return nil, err
	}
	return s, irJudgedOnly(p, s.ir)
}

// buildIRNumRet: NumRet (num_ret) and NumRet(rel=r) / NumRelRet
// (num_rel_ret at level r, 1 for NumRelRet).
func buildIRNumRet(relRet bool) func(string, *irParams) (*measureSpec, error) {
	return func(_ string, p *irParams) (*measureSpec, error) {
		s := irTrecSpec("NumRet", "num_ret")
		r, ok, err := p.integer("rel")
		if err != nil {
			return nil, err
		}
		if relRet && !ok {
			r, ok = 1, true
		}
		if ok {
			s = irTrecSpec("NumRet", "num_rel_ret")
			s.ir.hasLevel, s.ir.level = true, r
		}
		s.ir.count, s.ir.zeroWhenMissing = true, true
		return s, nil
	}
}

// buildIRCount: NumRel (num_rel at level rel) and NumQ (num_q).
func buildIRCount(base, defName string) func(string, *irParams) (*measureSpec, error) {
	return func(_ string, p *irParams) (*measureSpec, error) {
		s := irTrecSpec(base, defName)
		if base == "NumRel" {
			if err := p.level(s.ir); err != nil {
				return nil, err
			}
		}
		s.ir.count, s.ir.zeroWhenMissing = true, true
		return s, nil
	}
}

func buildIRJudged(_ string, p *irParams) (*measureSpec, error) {
	p.at = "cutoff"
	k, err := p.cutoff(false)
	if err != nil {
		return nil, err
	}
	return &measureSpec{ir: &irSpec{base: "Judged", cutoff: k, order: orderDocnoAsc, calc: calcJudged,
		doc: "ir_measures' Judged@k: share of the first k documents that are judged"}}, nil
}

func buildIRERR(_ string, p *irParams) (*measureSpec, error) {
	p.at = "cutoff"
	k, err := p.cutoff(true)
	if err != nil {
		return nil, err
	}
	return &measureSpec{ir: &irSpec{base: "ERR", cutoff: k, order: orderDocnoDesc, calc: calcGdevalERR,
		doc: "ir_measures' ERR@k: gdeval.pl's expected reciprocal rank, gains (2^rel - 1) / 16"}}, nil
}

// buildIRRBP: RBP(p, rel), cwl_eval's; without rel the gains are the
// relevance values (cwl_eval's own reading of a qrels file).
func buildIRRBP(_ string, p *irParams) (*measureSpec, error) {
	persistence, err := p.real("p", 0.8)
	if err != nil {
		return nil, err
	}
	rel, ok, err := p.integer("rel")
	if err != nil {
		return nil, err
	}
	if _, cut := p.n.params["cutoff"]; cut || p.n.at != nil {
		return nil, p.errorf("RBP takes no cutoff (cwl_eval's RBP runs to depth 1000)")
	}
	ir := &irSpec{base: "RBP", order: orderDocnoDesc, calc: calcCWL,
		cwl: cwlParams{kind: cwlRBP, p: persistence, binary: ok, binaryLevel: rel},
		doc: "ir_measures' RBP(p): cwl_eval's rank-biased precision over 1000 ranks (binary gains with rel, else the relevance)"}
	return &measureSpec{ir: ir}, nil
}

// buildIRCWL: cwl_eval's graded measures, gains scaled by min_rel and
// max_rel (max_rel defaults to the judgments' largest relevance).
func buildIRCWL(base string, kind cwlKind) func(string, *irParams) (*measureSpec, error) {
	return func(_ string, p *irParams) (*measureSpec, error) {
		ir := &irSpec{base: base, order: orderDocnoDesc, calc: calcCWL, cwl: cwlParams{kind: kind, graded: true}}
		var err error
		switch kind {
		case cwlNERR8, cwlNERR9, cwlSDCG, cwlBPM:
			p.at = "cutoff"
			if ir.cwl.k, err = p.cutoff(true); err != nil {
				return nil, err
			}
		}
		switch kind {
		case cwlNERR10:
			ir.cwl.p, err = p.real("p", 0.9)
		case cwlINST, cwlINSQ, cwlNERR11, cwlBPM:
			ir.cwl.t, err = p.real("T", 1)
		case cwlSDCG:
			if v, ok := p.get("dcg"); ok && (v.kind != 's' || v.s != "log2") {
				err = p.errorf("dcg=%v: SDCG takes only 'log2'", v)
			}
		}
		if err != nil {
			return nil, err
		}
		lo, hasLo, err := p.integer("min_rel")
		if err != nil {
			return nil, err
		}
		hi, hasHi, err := p.integer("max_rel")
		if err != nil {
			return nil, err
		}
		if !hasLo {
			lo = 0
		}
		ir.cwl.minRel, ir.cwl.maxRel, ir.maxRelDefault = float64(lo), float64(hi), !hasHi
		if hasHi && hi <= lo {
			return nil, p.errorf("max_rel %d must be above min_rel %d", hi, lo)
		}
		ir.doc = fmt.Sprintf("ir_measures' %s: cwl_eval's, gains (rel - min_rel) / (max_rel - min_rel)", base)
		return &measureSpec{ir: ir}, nil
	}
}

// buildIRNdeval: ndeval's measures (pyndeval), over subtopic qrels.
func buildIRNdeval(base string, kind ndevalKind) func(string, *irParams) (*measureSpec, error) {
	return func(_ string, p *irParams) (*measureSpec, error) {
		ir := &irSpec{base: base, order: orderDocnoAsc, calc: calcNdeval, subtopics: true,
			ndeval: ndevalParams{kind: kind, alpha: 0.5, beta: 0.5}}
		var err error
		switch kind {
		case ndevalNRBP, ndevalNNRBP, ndevalAPIA:
		default:
			p.at = "cutoff"
			if ir.ndeval.k, err = p.cutoff(true); err != nil {
				return nil, err
			}
			if ir.ndeval.k > ndevalDepth {
				return nil, p.errorf("cutoff %d: ndeval computes cutoffs up to %d", ir.ndeval.k, ndevalDepth)
			}
			ir.cutoff = ir.ndeval.k
		}
		switch kind {
		case ndevalAlphaDCG, ndevalAlphaNDCG, ndevalNRBP, ndevalNNRBP:
			if ir.ndeval.alpha, err = p.real("alpha", 0.5); err != nil {
				return nil, err
			}
		}
		if kind == ndevalNRBP || kind == ndevalNNRBP {
			if ir.ndeval.beta, err = p.real("beta", 0.5); err != nil {
				return nil, err
			}
		}
		if err := p.level(ir); err != nil {
			return nil, err
		}
		if kind != ndevalNRBP && kind != ndevalNNRBP && kind != ndevalStRecall {
			if err := irJudgedOnly(p, ir); err != nil {
				return nil, err
			}
		}
		ir.doc = fmt.Sprintf("ir_measures' %s: ndeval's (TREC Web track, via pyndeval), over the subtopics of a diversity qrels", base)
		return &measureSpec{ir: ir}, nil
	}
}
