package metrics

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// TrecMeasure names one trec_eval measure and its parameters, as given to
// trec_eval's -m flag ("P.5,10" is TrecMeasure{Name: "P", Cutoffs: [5 10]}).
type TrecMeasure struct {
	// Name is trec_eval's measure name: runid num_q num_ret num_rel
	// num_rel_ret map gm_map Rprec bpref recip_rank iprec_at_recall P recall
	// ndcg ndcg_cut success.
	Name string
	// Cutoffs are the rank cutoffs of P, recall, ndcg_cut and success, in
	// increasing order, positive, without duplicates.
	Cutoffs []int
	// Recalls are the recall levels of iprec_at_recall, in increasing order.
	Recalls []float64
}

// trecMeasureInfo is what mltest knows of one trec_eval measure, listed in
// trec_eval's own order (measures.c te_trec_measures), which is the order of
// its output.
type trecMeasureInfo struct {
	name           string
	defaultCutoffs []int     // measures with long cutoffs
	defaultRecalls []float64 // iprec_at_recall
	summaryOnly    bool      // printed only in the "all" block (runid num_q gm_map)
	count          bool      // printed as an integer
}

var standardCutoffs = []int{5, 10, 15, 20, 30, 100, 200, 500, 1000}

var trecMeasureTable = []trecMeasureInfo{
	{name: "runid", summaryOnly: true},
	{name: "num_q", summaryOnly: true, count: true},
	{name: "num_ret", count: true},
	{name: "num_rel", count: true},
	{name: "num_rel_ret", count: true},
	{name: "map"},
	{name: "gm_map", summaryOnly: true},
	{name: "Rprec"},
	{name: "bpref"},
	{name: "recip_rank"},
	{name: "iprec_at_recall", defaultRecalls: []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}},
	{name: "P", defaultCutoffs: standardCutoffs},
	{name: "recall", defaultCutoffs: standardCutoffs},
	{name: "ndcg"},
	{name: "ndcg_cut", defaultCutoffs: standardCutoffs},
	{name: "success", defaultCutoffs: []int{1, 5, 10}},
}

// trecOfficial is trec_eval's "official" measure set, its default.
var trecOfficial = []string{"runid", "num_q", "num_ret", "num_rel", "num_rel_ret", "map", "gm_map",
	"Rprec", "bpref", "recip_rank", "iprec_at_recall", "P"}

func trecMeasureIndex(name string) int {
	for i, m := range trecMeasureTable {
		if m.name == name {
			return i
		}
	}
	return -1
}

// ParseTrecMeasures reads trec_eval -m arguments: a measure name ("map"), a
// name with parameters ("P.5,10", "iprec_at_recall.0.5,1"), or the nickname
// "official". No arguments mean "official", trec_eval's default.
//
// The result lists each measure once, in trec_eval's output order
// (runid num_q num_ret num_rel num_rel_ret map gm_map Rprec bpref recip_rank
// iprec_at_recall P recall ndcg ndcg_cut success), whatever the order of the
// arguments. As in trec_eval, when a measure is given parameters more than
// once the first set wins, and a measure given without parameters uses
// trec_eval's defaults (P, recall, ndcg_cut: 5,10,15,20,30,100,200,500,1000;
// success: 1,5,10; iprec_at_recall: 0,.1,...,1). Cutoffs are sorted; a
// cutoff that is not a positive integer, a duplicate cutoff, or an unknown
// measure is an error.
func ParseTrecMeasures(args []string) ([]TrecMeasure, error) {
	if len(args) == 0 {
		args = []string{"official"}
	}
	marked := make([]bool, len(trecMeasureTable))
	params := make([]*string, len(trecMeasureTable))
	for _, arg := range args {
		name, param, hasParam := strings.Cut(arg, ".")
		if name == "official" && !hasParam {
			for _, n := range trecOfficial {
				marked[trecMeasureIndex(n)] = true
			}
			continue
		}
		i := trecMeasureIndex(name)
		if i < 0 {
			return nil, fmt.Errorf("unknown measure %q; known: official %s", arg, strings.Join(trecMeasureNames(), " "))
		}
		info := trecMeasureTable[i]
		if hasParam {
			if info.defaultCutoffs == nil && info.defaultRecalls == nil {
				return nil, fmt.Errorf("measure %q takes no parameters", arg)
			}
			if param == "" {
				return nil, fmt.Errorf("measure %q: empty parameter list after '.'", arg)
			}
			if params[i] == nil {
				params[i] = &param
			}
		}
		marked[i] = true
	}
	var out []TrecMeasure
	for i, info := range trecMeasureTable {
		if !marked[i] {
			continue
		}
		m := TrecMeasure{Name: info.name}
		switch {
		case info.defaultCutoffs != nil && params[i] != nil:
			cuts, err := parseCutoffs(info.name, *params[i])
			if err != nil {
				return nil, err
			}
			m.Cutoffs = cuts
		case info.defaultCutoffs != nil:
			m.Cutoffs = slices.Clone(info.defaultCutoffs)
		case info.defaultRecalls != nil && params[i] != nil:
			recalls, err := parseRecalls(info.name, *params[i])
			if err != nil {
				return nil, err
			}
			m.Recalls = recalls
		case info.defaultRecalls != nil:
			m.Recalls = slices.Clone(info.defaultRecalls)
		}
		out = append(out, m)
	}
	return out, nil
}

func trecMeasureNames() []string {
	names := make([]string, len(trecMeasureTable))
	for i, m := range trecMeasureTable {
		names[i] = m.name
	}
	return names
}

func parseCutoffs(name, s string) ([]int, error) {
	var cuts []int
	for _, f := range strings.Split(s, ",") {
		k, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || k <= 0 {
			return nil, fmt.Errorf("measure %s: cutoff %q is not a positive integer", name, f)
		}
		cuts = append(cuts, k)
	}
	slices.Sort(cuts)
	for i := 1; i < len(cuts); i++ {
		if cuts[i] == cuts[i-1] {
			return nil, fmt.Errorf("measure %s: duplicate cutoff %d", name, cuts[i])
		}
	}
	return cuts, nil
}

func parseRecalls(name, s string) ([]float64, error) {
	var recalls []float64
	for _, f := range strings.Split(s, ",") {
		x, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || x < 0 || x > 1 {
			return nil, fmt.Errorf("measure %s: recall level %q is not a number in [0, 1]", name, f)
		}
		recalls = append(recalls, x)
	}
	slices.Sort(recalls)
	for i := 1; i < len(recalls); i++ {
		if recalls[i] == recalls[i-1] {
			return nil, fmt.Errorf("measure %s: duplicate recall level %g", name, recalls[i])
		}
	}
	return recalls, nil
}

// TrecValue is one number trec_eval prints: a measure at one cutoff.
type TrecValue struct {
	Name        string // as printed: "map", "P_10", "iprec_at_recall_0.50"
	Measure     string // the measure it belongs to: "map", "P", ...
	Count       bool   // an integer count (num_q num_ret num_rel num_rel_ret), printed as %ld
	SummaryOnly bool   // printed only over all queries (num_q, gm_map), not with -q per query
}

// values lists the numbers a measure produces, in trec_eval's order. runid
// produces none: it is text, which the caller prints.
func (m TrecMeasure) values() []TrecValue {
	info := trecMeasureTable[trecMeasureIndex(m.Name)]
	switch {
	case m.Name == "runid":
		return nil
	case info.defaultCutoffs != nil:
		out := make([]TrecValue, len(m.Cutoffs))
		for i, k := range m.Cutoffs {
			out[i] = TrecValue{Name: fmt.Sprintf("%s_%d", m.Name, k), Measure: m.Name}
		}
		return out
	case info.defaultRecalls != nil:
		out := make([]TrecValue, len(m.Recalls))
		for i, x := range m.Recalls {
			out[i] = TrecValue{Name: fmt.Sprintf("%s_%3.2f", m.Name, x), Measure: m.Name}
		}
		return out
	}
	return []TrecValue{{Name: m.Name, Measure: m.Name, Count: info.count, SummaryOnly: info.summaryOnly}}
}
