package flow

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/mltest/mltest/fixtures"
	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/internal/trec"
	"github.com/mltest/mltest/metrics"
)

// recommenderMeasures returns the recommender measures the spec names: those
// of -m, or, with training interactions and no recommender -m, the five
// beyond-accuracy measures.
func (s RankSpec) recommenderMeasures(train bool) ([]metrics.RecommenderMeasure, error) {
	_, reco := s.measureArgs()
	if len(reco) == 0 && train {
		reco = metrics.BeyondAccuracyMeasureNames()
	}
	return metrics.ParseRecommenderMeasures(reco)
}

// rankLists returns each run query's docnos in rank order under the spec's
// tie policy (docno descending, or input order with TiesInput), cut at
// MaxDocs.
func (s RankSpec) rankLists(run map[string][]metrics.ScoredDoc) map[string][]string {
	out := make(map[string][]string, len(run))
	for qid, docs := range run {
		d := slices.Clone(docs)
		if s.Ties == metrics.TiesInput {
			slices.SortStableFunc(d, func(a, b metrics.ScoredDoc) int { return cmp.Compare(b.Score, a.Score) })
		} else {
			slices.SortFunc(d, func(a, b metrics.ScoredDoc) int {
				return cmp.Or(cmp.Compare(b.Score, a.Score), strings.Compare(b.DocNo, a.DocNo))
			})
		}
		switch {
		case s.MaxDocs > 0 && len(d) > s.MaxDocs:
			d = d[:s.MaxDocs]
		case s.MaxDocs == NoDocuments:
			d = nil
		}
		items := make([]string, len(d))
		for i, x := range d {
			items[i] = x.DocNo
		}
		out[qid] = items
	}
	return out
}

// addRecommendersRanking adds Recommenders' ranking measures
// (precision_at_k ...) the spec names: users are the queries, their
// relevant items the qrels documents of relevance >= Level, their lists
// the run's documents in rank order.
func (r *Ranking) addRecommendersRanking(res *RankResult, opt RankOptions) error {
	ms, err := opt.recommenderMeasures(false)
	if err != nil {
		return err
	}
	var lists map[string][]string
	var relevant map[string]map[string]bool
	for _, m := range ms {
		if m.K == 0 {
			continue
		}
		if r.Qrels == nil {
			return fmt.Errorf("measure %s reads qrels, but %s was not read as qrels", m.Value, r.qrelsName())
		}
		if lists == nil {
			lists = opt.rankLists(r.runDocs())
			relevant = map[string]map[string]bool{}
			for qid, docs := range r.Qrels {
				for d, rel := range docs {
					if rel >= opt.Level {
						if relevant[qid] == nil {
							relevant[qid] = map[string]bool{}
						}
						relevant[qid][d] = true
					}
				}
			}
		}
		res.addRecommend(m.Value, metrics.RecommendersRanking(relevant, lists, m.K).Value(m.Name))
	}
	return nil
}

// addRecommend appends a recommender measure's summary value.
func (res *RankResult) addRecommend(name string, v float64) {
	if res.Recommend == nil {
		res.Recommend = map[string]float64{}
	}
	res.Recommend[name] = v
	res.RecommendNames = append(res.RecommendNames, name)
}

// addBeyondAccuracy computes the beyond-accuracy measures the spec names
// (users are qids, items the docnos each query retrieved, in rank order cut
// at MaxDocs) against the training interactions in the file train. A
// measure undefined on the data is left out with a warning; diversity and
// serendipity also get their per-user values.
func (res *RankResult) addBeyondAccuracy(train string, stdin io.Reader, run map[string][]metrics.ScoredDoc, opt RankOptions) error {
	ms, err := opt.recommenderMeasures(train != "")
	if err != nil {
		return err
	}
	var names []string
	for _, m := range ms {
		if m.K == 0 {
			names = append(names, m.Name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	if train == "" {
		return fmt.Errorf("measure %s needs training interactions (--train FILE)", names[0])
	}
	rows, err := fixtures.ReadInteractions(train, stdin)
	if err != nil {
		return err
	}
	interactions := make([]metrics.Interaction, len(rows))
	for i, r := range rows {
		interactions[i] = metrics.Interaction{User: r.User, Item: r.Item}
	}
	ba, err := metrics.NewBeyondAccuracy(interactions)
	if err != nil {
		var ie *metrics.InteractionError
		if errors.As(err, &ie) && ie.Row >= 0 && ie.Row < len(rows) {
			return dataio.Errorf(train, rows[ie.Row].Line, "", "%s", ie.Reason)
		}
		return fmt.Errorf("%s: %v", train, err)
	}
	acc := ba.Accumulator()
	lists := opt.rankLists(run)
	qids := trec.SortedQIDs(lists)
	for _, qid := range qids {
		if err := acc.AddList(qid, lists[qid]); err != nil {
			var ie *metrics.InteractionError
			if errors.As(err, &ie) {
				return fmt.Errorf("%s: query %q, docno %q: %s", train, ie.User, ie.Item, ie.Reason)
			}
			return err
		}
	}
	for _, name := range names {
		v, err := acc.Measure(name)
		if err != nil {
			if errors.Is(err, metrics.ErrUndefined) {
				res.Warnings = append(res.Warnings, err.Error())
				continue
			}
			return err
		}
		res.addRecommend(name, v)
		if name == metrics.MeasureDiversity || name == metrics.MeasureSerendipity {
			per := map[string]float64{}
			for _, qid := range qids {
				if u, ok := acc.UserValue(name, qid); ok {
					per[qid] = u
				}
			}
			if res.RecommendPerQuery == nil {
				res.RecommendPerQuery = map[string]map[string]float64{}
			}
			res.RecommendPerQuery[name] = per
		}
	}
	return nil
}
