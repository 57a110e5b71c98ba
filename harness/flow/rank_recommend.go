package flow

import (
	"errors"
	"fmt"
	"io"

	"github.com/mltest/mltest/fixtures"
	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/internal/trec"
	"github.com/mltest/mltest/metrics"
)

// rankRecommenderMeasures computes the beyond-accuracy measures of the run
// (users are qids, items the docnos each query retrieved) against the
// training interactions in the file train. A measure undefined on the data
// is left out with a warning.
func rankRecommenderMeasures(train string, stdin io.Reader, run map[string][]metrics.ScoredDoc) (map[string]float64, []string, error) {
	rows, err := fixtures.ReadInteractions(train, stdin)
	if err != nil {
		return nil, nil, err
	}
	interactions := make([]metrics.Interaction, len(rows))
	for i, r := range rows {
		interactions[i] = metrics.Interaction{User: r.User, Item: r.Item}
	}
	ba, err := metrics.NewBeyondAccuracy(interactions)
	if err != nil {
		var ie *metrics.InteractionError
		if errors.As(err, &ie) && ie.Row >= 0 && ie.Row < len(rows) {
			return nil, nil, dataio.Errorf(train, rows[ie.Row].Line, "", "%s", ie.Reason)
		}
		return nil, nil, fmt.Errorf("%s: %v", train, err)
	}
	acc := ba.Accumulator()
	var items []string
	for _, qid := range trec.SortedQIDs(run) {
		items = items[:0]
		for _, d := range run[qid] {
			items = append(items, d.DocNo)
		}
		if err := acc.AddList(qid, items); err != nil {
			var ie *metrics.InteractionError
			if errors.As(err, &ie) {
				return nil, nil, fmt.Errorf("%s: query %q, docno %q: %s", train, ie.User, ie.Item, ie.Reason)
			}
			return nil, nil, err
		}
	}
	out := make(map[string]float64)
	var warnings []string
	for _, name := range metrics.BeyondAccuracyMeasureNames() {
		v, err := acc.Measure(name)
		if err != nil {
			if errors.Is(err, metrics.ErrUndefined) {
				warnings = append(warnings, err.Error())
				continue
			}
			return nil, nil, err
		}
		out[name] = v
	}
	return out, warnings, nil
}
