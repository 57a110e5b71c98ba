package metrics

// paramKind is how a trec_eval measure reads its -m parameters
// (meas_init.c).
type paramKind uint8

const (
	paramNone       paramKind = iota
	paramLongCuts             // "P.5,10": integer rank cutoffs, one value each
	paramDoubleCuts           // "iprec_at_recall.0.2,0.8": real cutoffs, one value each
	paramDoubles              // "utility.1,-1,0,0": real parameters, one value
	paramPairs                // "ndcg.1=3,2=9": name=value parameters, one value
)

// trecDef is one trec_eval 10 measure, as measures.c lists it.
type trecDef struct {
	name           string
	params         paramKind
	longDefaults   []int
	doubleDefaults []float64
	// count: an integer, summed over queries (trec_eval's long measures);
	// summaryOnly: printed in the summary only; geometric: the summary is
	// exp(mean) of the per-query logs; text: a per-query string, no
	// summary (relstring).
	count, summaryOnly, geometric, text bool
	format                              JudgmentFormat // the judgments it reads; "" for any

	rr    func(rr *resRels, lvl int, m *measureSpec, out []float64)
	gain  func(c *queryCtx, rr *resRels, m *measureSpec, out []float64)
	jg    func(rrs []resRels, lvl int, m *measureSpec, out []float64)
	prefs func(rp *resultsPrefs, m *measureSpec, out []float64)

	doc string
}

var standardCutoffs = []int{5, 10, 15, 20, 30, 100, 200, 500, 1000}

var elevenPoints = []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}

var rprecMultiples = []float64{0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0}

// trecDefs lists trec_eval 10's measures in its order (measures.c
// te_trec_measures), which is the order of its output.
var trecDefs = []*trecDef{
	{name: "runid", summaryOnly: true, doc: "the run's name (the runid field of its last line)"},
	{name: "num_q", count: true, summaryOnly: true, doc: "number of queries averaged over (with -c: every judged query)"},
	{name: "num_ret", count: true, format: QrelsFormat, rr: calcNumRet, doc: "documents retrieved (summary: the sum)"},
	{name: "num_rel", count: true, format: QrelsFormat, rr: calcNumRel, doc: "relevant documents judged (summary: the sum; with -c every judgment > 0)"},
	{name: "num_rel_ret", count: true, format: QrelsFormat, rr: calcNumRelRet, doc: "relevant documents retrieved (summary: the sum)"},
	{name: "map", format: QrelsFormat, rr: calcMap, doc: "average precision: precision at each relevant rank, summed, over num_rel"},
	{name: "gm_map", summaryOnly: true, geometric: true, format: QrelsFormat, rr: calcGmMap, doc: "geometric mean over queries of average precision (floored at 0.00001)"},
	{name: "Rprec", format: QrelsFormat, rr: calcRprec, doc: "precision after num_rel documents"},
	{name: "bpref", format: QrelsFormat, rr: calcBpref, doc: "binary preference: judged nonrelevant documents ranked above each relevant one"},
	{name: "recip_rank", format: QrelsFormat, rr: calcRecipRank, doc: "1 / rank of the first relevant document"},
	{name: "iprec_at_recall", params: paramDoubleCuts, doubleDefaults: elevenPoints, format: QrelsFormat, rr: calcIprecAtRecall, doc: "interpolated precision at recall levels"},
	{name: "P", params: paramLongCuts, longDefaults: standardCutoffs, format: QrelsFormat, rr: calcP, doc: "precision at rank cutoffs (missing ranks count as nonrelevant)"},
	{name: "relstring", params: paramDoubles, doubleDefaults: []float64{10}, text: true, format: QrelsFormat, doc: "the relevance of the first N documents as characters (-q only)"},
	{name: "recall", params: paramLongCuts, longDefaults: standardCutoffs, format: QrelsFormat, rr: calcRecall, doc: "recall at rank cutoffs"},
	{name: "infAP", format: QrelsFormat, rr: calcInfAP, doc: "inferred average precision (Yilmaz and Aslam) over a sampled pool"},
	{name: "gm_bpref", summaryOnly: true, geometric: true, format: QrelsFormat, rr: calcGmBpref, doc: "geometric mean over queries of bpref"},
	{name: "Rprec_mult", params: paramDoubleCuts, doubleDefaults: rprecMultiples, format: QrelsFormat, rr: calcRprecMult, doc: "precision at multiples of num_rel"},
	{name: "utility", params: paramDoubles, doubleDefaults: []float64{1, -1, 0, 0}, format: QrelsFormat, rr: calcUtility, doc: "p1*relret + p2*nonrelret + p3*relnotret + p4*nonrelnotret (-N for the last)"},
	{name: "11pt_avg", params: paramDoubles, doubleDefaults: elevenPoints, format: QrelsFormat, rr: calc11ptAvg, doc: "interpolated precision averaged over recall levels"},
	{name: "binG", format: QrelsFormat, rr: calcBinG, doc: "binary G: mean over relevant documents of 1/log2(2 + nonrelevant above)"},
	{name: "G", params: paramPairs, format: QrelsFormat, gain: calcG, doc: "normalized gain G (experimental); level=gain parameters"},
	{name: "dcg", params: paramPairs, format: QrelsFormat, gain: calcDcg, doc: "discounted cumulative gain; level=gain parameters"},
	{name: "ideal_dcg", params: paramPairs, format: QrelsFormat, gain: calcIdealDcg, doc: "the ideal ranking's discounted cumulative gain"},
	{name: "ndcg", params: paramPairs, format: QrelsFormat, gain: calcNdcg, doc: "normalized DCG over the whole ranking; level=gain parameters"},
	{name: "ndcg_rel", params: paramPairs, format: QrelsFormat, gain: calcNdcgRel, doc: "ndcg averaged over the relevant documents (experimental)"},
	{name: "Rndcg", params: paramPairs, format: QrelsFormat, gain: calcRndcg, doc: "ndcg averaged at the R levels of the gains (experimental)"},
	{name: "ndcg_cut", params: paramLongCuts, longDefaults: standardCutoffs, format: QrelsFormat, rr: calcNdcgCut, doc: "ndcg at rank cutoffs (gains are the relevance values)"},
	{name: "map_cut", params: paramLongCuts, longDefaults: standardCutoffs, format: QrelsFormat, rr: calcMapCut, doc: "average precision of the first k ranks, over num_rel"},
	{name: "relative_P", params: paramLongCuts, longDefaults: standardCutoffs, format: QrelsFormat, rr: calcRelativeP, doc: "precision at k over min(k, num_rel)"},
	{name: "success", params: paramLongCuts, longDefaults: []int{1, 5, 10}, format: QrelsFormat, rr: calcSuccess, doc: "1 if a relevant document is in the first k ranks"},
	{name: "set_P", format: QrelsFormat, rr: calcSetP, doc: "num_rel_ret / num_ret"},
	{name: "set_relative_P", format: QrelsFormat, rr: calcSetRelativeP, doc: "num_rel_ret / min(num_ret, num_rel)"},
	{name: "set_recall", format: QrelsFormat, rr: calcSetRecall, doc: "num_rel_ret / num_rel"},
	{name: "set_map", format: QrelsFormat, rr: calcSetMap, doc: "set_P * set_recall"},
	{name: "set_F", params: paramDoubles, doubleDefaults: []float64{1}, format: QrelsFormat, rr: calcSetF, doc: "F measure of set_P and set_recall (parameter: beta)"},
	{name: "num_nonrel_judged_ret", count: true, format: QrelsFormat, rr: calcNumNonrelJudgedRet, doc: "judged nonrelevant documents retrieved"},
	{name: "prefs_num_prefs_poss", count: true, format: PrefsFormat, prefs: calcPrefsNumPoss, doc: "preferences possible"},
	{name: "prefs_num_prefs_ful", count: true, format: PrefsFormat, prefs: calcPrefsNumFul, doc: "preferences fulfilled, implied ones included"},
	{name: "prefs_num_prefs_ful_ret", count: true, format: PrefsFormat, prefs: calcPrefsNumFulRet, doc: "preferences fulfilled between retrieved documents"},
	{name: "prefs_simp", format: PrefsFormat, prefs: prefsFn(prefsRatio, prefsAll), doc: "preferences fulfilled / possible"},
	{name: "prefs_pair", format: PrefsFormat, prefs: prefsFn(prefsPair, prefsAll), doc: "mean over document pairs of the share of groups whose preference holds"},
	{name: "prefs_avgjg", format: PrefsFormat, prefs: prefsFn(prefsAvgJG, prefsAll), doc: "prefs_simp per judgment group, averaged over groups"},
	{name: "prefs_avgjg_Rnonrel", format: PrefsFormat, prefs: prefsRnonrelFn(false), doc: "prefs_avgjg with as many nonrelevant as relevant documents"},
	{name: "prefs_simp_ret", format: PrefsFormat, prefs: prefsFn(prefsRatio, prefsRet), doc: "prefs_simp over retrieved pairs only"},
	{name: "prefs_pair_ret", format: PrefsFormat, prefs: prefsFn(prefsPair, prefsRet), doc: "prefs_pair over retrieved pairs only"},
	{name: "prefs_avgjg_ret", format: PrefsFormat, prefs: prefsFn(prefsAvgJG, prefsRet), doc: "prefs_avgjg over retrieved pairs only"},
	{name: "prefs_avgjg_Rnonrel_ret", format: PrefsFormat, prefs: prefsRnonrelFn(true), doc: "prefs_avgjg_Rnonrel over retrieved pairs only"},
	{name: "prefs_simp_imp", format: PrefsFormat, prefs: prefsFn(prefsRatio, prefsImp), doc: "prefs_simp with implied preferences (one document retrieved)"},
	{name: "prefs_pair_imp", format: PrefsFormat, prefs: prefsFn(prefsPair, prefsImp), doc: "prefs_pair with implied preferences"},
	{name: "prefs_avgjg_imp", format: PrefsFormat, prefs: prefsFn(prefsAvgJG, prefsImp), doc: "prefs_avgjg with implied preferences"},
	{name: "map_avgjg", format: QrelsJGFormat, jg: calcMapAvgJG, doc: "map per judgment group, averaged over groups"},
	{name: "P_avgjg", params: paramLongCuts, longDefaults: standardCutoffs, format: QrelsJGFormat, jg: calcPAvgJG, doc: "P per judgment group, averaged over groups"},
	{name: "Rprec_mult_avgjg", params: paramDoubleCuts, doubleDefaults: rprecMultiples, format: QrelsJGFormat, jg: calcRprecMultAvgJG, doc: "Rprec_mult per judgment group, averaged over groups"},
	{name: "yaap", format: QrelsFormat, rr: calcYaap, doc: "yet another AP (Robertson): log((1 + s) / (1 + num_rel - s)), s the AP sum"},
	{name: "rbp", params: paramPairs, format: QrelsFormat, gain: calcRbp, doc: "rank-biased precision (p=0.9 unless rbp.p=...)"},
	{name: "rbp_resid", params: paramPairs, format: QrelsFormat, gain: calcRbpResid, doc: "rbp's residual: its rise if every unjudged document were relevant"},
	{name: "unj", params: paramLongCuts, longDefaults: []int{5, 10, 20}, format: QrelsFormat, rr: calcUnj, doc: "fraction of unjudged documents at rank cutoffs"},
}

func prefsFn(f func(*resultsPrefs, prefsPart, []float64), part prefsPart) func(*resultsPrefs, *measureSpec, []float64) {
	return func(rp *resultsPrefs, _ *measureSpec, out []float64) { f(rp, part, out) }
}

func prefsRnonrelFn(ret bool) func(*resultsPrefs, *measureSpec, []float64) {
	return func(rp *resultsPrefs, _ *measureSpec, out []float64) { prefsAvgJGRnonrel(rp, ret, out) }
}

// trecNicknames are trec_eval's measure sets (measures.c).
var trecNicknames = map[string][]string{
	"official": {"runid", "num_q", "num_ret", "num_rel", "num_rel_ret", "map", "gm_map",
		"Rprec", "bpref", "recip_rank", "iprec_at_recall", "P"},
	"all_trec": {"runid", "num_q", "num_ret", "num_rel", "num_rel_ret", "map", "gm_map",
		"Rprec", "bpref", "recip_rank", "iprec_at_recall", "P", "relstring",
		"recall", "unj", "rbp", "rbp_resid", "infAP", "gm_bpref",
		"utility", "11pt_avg", "ndcg", "relative_P", "Rprec_mult", "success",
		"map_cut", "ndcg_cut", "ndcg_rel", "Rndcg", "binG", "G",
		"set_P", "set_recall", "set_relative_P", "set_map", "set_F",
		"num_nonrel_judged_ret"},
	"set": {"runid", "num_q", "num_ret", "num_rel", "num_rel_ret", "utility", "set_P",
		"set_recall", "set_relative_P", "set_map", "set_F"},
	"all_prefs": {"runid", "num_q", "prefs_num_prefs_poss", "prefs_num_prefs_ful",
		"prefs_num_prefs_ful_ret", "prefs_simp", "prefs_pair", "prefs_avgjg", "prefs_avgjg_Rnonrel",
		"prefs_simp_ret", "prefs_pair_ret", "prefs_avgjg_ret", "prefs_avgjg_Rnonrel_ret",
		"prefs_simp_imp", "prefs_pair_imp", "prefs_avgjg_imp"},
	"prefs": {"runid", "num_q", "prefs_num_prefs_poss", "prefs_num_prefs_ful", "prefs_num_prefs_ful_ret",
		"prefs_simp", "prefs_pair", "prefs_avgjg"},
	"qrels_jg": {"runid", "num_q", "map_avgjg", "P_avgjg", "Rprec_mult_avgjg"},
}

// TrecNicknames returns trec_eval's measure set names, which -m accepts in
// place of a measure: official all_trec set all_prefs prefs qrels_jg.
func TrecNicknames() []string {
	return []string{"official", "all_trec", "set", "all_prefs", "prefs", "qrels_jg"}
}

func trecDefIndex(name string) int {
	for i, d := range trecDefs {
		if d.name == name {
			return i
		}
	}
	return -1
}

// TrecMeasureNames returns the names of trec_eval 10's measures, in its
// output order.
func TrecMeasureNames() []string {
	names := make([]string, len(trecDefs))
	for i, d := range trecDefs {
		names[i] = d.name
	}
	return names
}

// TrecMeasureDoc returns a one-line description of a trec_eval measure, ""
// for a name that is not one.
func TrecMeasureDoc(name string) string {
	if i := trecDefIndex(name); i >= 0 {
		return trecDefs[i].doc
	}
	return ""
}
