package metrics

import "strings"

// MeasureDoc is one measure's name and a line saying what it is.
type MeasureDoc struct {
	Name, Doc string
}

// DescribeMeasures returns a description of every measure the -m arguments
// name (a set names each of its measures), in trec_eval's order followed by
// ir_measures and recommender names in the order given; an argument that
// names nothing is described as unknown.
func DescribeMeasures(args []string) []MeasureDoc {
	var out []MeasureDoc
	var trecArgs []string
	for _, a := range args {
		switch {
		case IsRecommenderMeasure(a):
			name, _, _ := strings.Cut(a, ".")
			out = append(out, MeasureDoc{a, recommenderDocs[name]})
		default:
			trecArgs = append(trecArgs, a)
		}
	}
	var trec []MeasureDoc
	for _, a := range trecArgs {
		ms, err := ParseTrecMeasures([]string{a})
		if err != nil {
			trec = append(trec, MeasureDoc{a, "unknown: " + err.Error()})
			continue
		}
		for _, m := range ms {
			doc := TrecMeasureDoc(m.Name)
			if m.spec != nil && m.spec.ir != nil {
				doc = m.spec.ir.doc
			}
			trec = append(trec, MeasureDoc{m.Name, doc})
		}
	}
	return append(trec, out...)
}

var recommenderDocs = map[string]string{
	MeasureCatalogCoverage:        "Recommenders' catalog_coverage: distinct recommended items / distinct training items (--train)",
	MeasureDistributionalCoverage: "Recommenders' distributional_coverage: entropy of the recommended items (--train)",
	MeasureNovelty:                "Recommenders' novelty: mean -log2 popularity of the recommended items (--train)",
	MeasureDiversity:              "Recommenders' diversity: mean over users of 1 - mean item similarity in the list (--train; per user with -q)",
	MeasureSerendipity:            "Recommenders' serendipity: mean over users of 1 - similarity to their history (--train; per user with -q)",
	MeasurePrecisionAtK:           "Recommenders' precision_at_k: hits in the first k / k, over users with a list and a relevant item",
	MeasureRecallAtK:              "Recommenders' recall_at_k: hits in the first k / relevant items, over the same users",
	MeasureNDCGAtK:                "Recommenders' ndcg_at_k: binary gains, natural-log discount, over every user with a relevant item",
	MeasureMAPAtK:                 "Recommenders' map_at_k: sum of precision at each hit / min(relevant, k), over users with a list",
}
