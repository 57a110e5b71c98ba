package metrics

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Names of Microsoft Recommenders' ranking measures
// (recommenders.evaluation.python_evaluation), which `mltest rank -m`
// accepts under these names.
const (
	MeasurePrecisionAtK = "precision_at_k"
	MeasureRecallAtK    = "recall_at_k"
	MeasureNDCGAtK      = "ndcg_at_k"
	MeasureMAPAtK       = "map_at_k"
)

// recommendersDefaultK is Recommenders' DEFAULT_K.
const recommendersDefaultK = 10

// RecommenderMeasure is a recommender measure selected by name: one of the
// beyond-accuracy measures (BeyondAccuracyMeasureNames), or one of
// Recommenders' ranking measures at a cutoff K.
type RecommenderMeasure struct {
	Name string // catalog_coverage ... serendipity, precision_at_k ... map_at_k
	K    int    // the cutoff of a ranking measure; 0 for the others
	// Value is the printed name: the Name, with "_K" appended when the
	// argument gave cutoffs ("precision_at_k.5" prints precision_at_k_5).
	Value string
}

// IsRecommenderMeasure reports whether a -m argument names a recommender
// measure (with or without cutoffs after a '.').
func IsRecommenderMeasure(arg string) bool {
	name, _, _ := strings.Cut(arg, ".")
	return slices.Contains(BeyondAccuracyMeasureNames(), name) || recommendersRanking(name)
}

func recommendersRanking(name string) bool {
	switch name {
	case MeasurePrecisionAtK, MeasureRecallAtK, MeasureNDCGAtK, MeasureMAPAtK:
		return true
	}
	return false
}

// ParseRecommenderMeasures reads recommender -m arguments: a
// beyond-accuracy name ("novelty"), or a ranking measure with optional
// cutoffs ("precision_at_k" is Recommenders' default k = 10;
// "ndcg_at_k.5,20" is k = 5 and k = 20). Each value is listed once, in the
// order given.
func ParseRecommenderMeasures(args []string) ([]RecommenderMeasure, error) {
	var out []RecommenderMeasure
	add := func(m RecommenderMeasure) {
		if !slices.ContainsFunc(out, func(o RecommenderMeasure) bool { return o.Value == m.Value }) {
			out = append(out, m)
		}
	}
	for _, arg := range args {
		name, params, has := strings.Cut(arg, ".")
		switch {
		case !IsRecommenderMeasure(arg):
			return nil, fmt.Errorf("%q is not a recommender measure", arg)
		case !recommendersRanking(name) && has:
			return nil, fmt.Errorf("measure %q: %s takes no parameters", arg, name)
		case !recommendersRanking(name):
			add(RecommenderMeasure{Name: name, Value: name})
		case !has:
			add(RecommenderMeasure{Name: name, K: recommendersDefaultK, Value: name})
		default:
			for _, f := range strings.Split(params, ",") {
				k, err := strconv.Atoi(strings.TrimSpace(f))
				if err != nil || k <= 0 {
					return nil, fmt.Errorf("measure %q: cutoff %q is not a positive integer", arg, f)
				}
				add(RecommenderMeasure{Name: name, K: k, Value: name + "_" + strconv.Itoa(k)})
			}
		}
	}
	return out, nil
}

// RecommendersAtK holds Recommenders' ranking measures at one k.
type RecommendersAtK struct {
	Precision, Recall, NDCG, MAP float64
}

// Value returns the measure of that name (precision_at_k, ...).
func (r RecommendersAtK) Value(name string) float64 {
	switch name {
	case MeasurePrecisionAtK:
		return r.Precision
	case MeasureRecallAtK:
		return r.Recall
	case MeasureNDCGAtK:
		return r.NDCG
	case MeasureMAPAtK:
		return r.MAP
	}
	panic("metrics: unknown Recommenders measure " + name)
}

// RecommendersRanking computes Microsoft Recommenders' precision_at_k,
// recall_at_k, ndcg_at_k (binary relevance, natural-log discount, its
// defaults) and map_at_k for lists: each user's recommended items in rank
// order, of which the first k count; relevant: each user's relevant
// items. With hits(u) the relevant items among the first k of u's list,
// rank_j the rank of the j-th of them and R(u) = |relevant(u)|:
//
//	users       = the users with a list and a relevant item (Recommenders'
//	              common users)
//	precision   = sum over users of |hits(u)| / k, over |users|
//	recall      = sum over users of |hits(u)| / R(u), over |users|
//	map_at_k    = sum over users of (sum_j j / rank_j) / min(R(u), k), over |users|
//	ndcg_at_k   = mean over every user with a relevant item, listed or not,
//	              of (sum_j 1 / ln(1 + rank_j)) / (sum_{i <= min(k, R(u))} 1 / ln(1 + i))
//
// Each is 0 when no list has a hit, as in Recommenders. The order of a list
// is the caller's: Recommenders orders by score and keeps the input order
// of equal scores (mltest rank --ties input). A k <= 0 panics.
func RecommendersRanking(relevant map[string]map[string]bool, lists map[string][]string, k int) RecommendersAtK {
	checkCutoff(k)
	var r RecommendersAtK
	users := make([]string, 0, len(relevant))
	for u, rel := range relevant {
		if len(rel) > 0 {
			users = append(users, u)
		}
	}
	slices.Sort(users)
	common, hitsAny := 0, false
	var ndcgSum float64
	for _, u := range users {
		rel := relevant[u]
		list := lists[u]
		listed := len(list) > 0
		if listed {
			common++
		}
		hits, rr := 0, 0.0
		dcg := 0.0
		for i, item := range list[:min(k, len(list))] {
			if rel[item] {
				hits++
				rr += float64(hits) / float64(i+1)
				dcg += 1 / math.Log(float64(1+i+1))
			}
		}
		if hits > 0 {
			hitsAny = true
		}
		if listed {
			r.Precision += float64(hits) / float64(k)
			r.Recall += float64(hits) / float64(len(rel))
			r.MAP += rr / float64(min(len(rel), k))
		}
		idcg := 0.0
		for i := 1; i <= min(k, len(rel)); i++ {
			idcg += 1 / math.Log(float64(1+i))
		}
		ndcgSum += dcg / idcg
	}
	if !hitsAny || common == 0 {
		return RecommendersAtK{}
	}
	r.Precision /= float64(common)
	r.Recall /= float64(common)
	r.MAP /= float64(common)
	r.NDCG = ndcgSum / float64(len(users))
	return r
}
