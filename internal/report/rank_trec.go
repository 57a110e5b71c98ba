package report

import (
	"bufio"
	"fmt"
	"io"

	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/metrics"
)

// WriteRankTREC prints a ranking evaluation as trec_eval 10 does:
// "%-22s\t%s\t%6.4f" lines (counts as integers); with perQuery every
// query's lines first (summary-only values left out), then runid when it
// was measured, then the summary ("all"), then the recommender measures.
// Slices follow, in the same line format with "col=value,..." in the query
// column.
func WriteRankTREC(w io.Writer, r *flow.RankResult, perQuery bool) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	line := func(name, qid string, v float64, count bool) {
		if count {
			fmt.Fprintf(bw, "%-22s\t%s\t%d\n", name, qid, int64(v))
		} else {
			fmt.Fprintf(bw, "%-22s\t%s\t%6.4f\n", name, qid, v)
		}
	}
	if perQuery {
		for i, qid := range r.Queries {
			for j, v := range r.Values {
				if !v.SummaryOnly {
					line(v.Name, qid, r.PerQuery[i].Values[j], v.Count)
				}
			}
		}
	}
	if r.RunIDMeasured {
		fmt.Fprintf(bw, "%-22s\t%s\t%s\n", "runid", "all", r.RunID)
	}
	for j, v := range r.Summary {
		line(r.Values[j].Name, "all", v, r.Values[j].Count)
	}
	for _, name := range metrics.BeyondAccuracyMeasureNames() {
		if v, ok := r.Recommend[name]; ok {
			line(name, "all", v, false)
		}
	}
	for _, sl := range r.Slices {
		label := r.SliceLabel(sl)
		for j, v := range sl.Summary {
			line(r.Values[j].Name, label, v, r.Values[j].Count)
		}
	}
	return bw.Flush()
}
