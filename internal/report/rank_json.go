package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/mltest/mltest/harness/flow"
)

// WriteRankJSON prints a ranking evaluation as one JSON object and a
// newline:
//
//	{"measures": {...}, "per_query": {qid: {...}} (with perQuery),
//	 "level": 0.95, "intervals": {...} (with intervals),
//	 "slices": [{"key": {...}, "num_q": n, "gated": b, "measures": {...}, "intervals": {...}}],
//	 "warnings": [...]}
//
// Values are unrounded (Float); counts are integers; runid and relstring
// are strings; per-query objects leave out the summary-only values (num_q,
// gm_map) and hold the recommender measures' per-user values (diversity,
// serendipity); with z-scores (trec_eval -Z) every value's name carries a
// "Z" prefix, as trec_eval prints it. A value that is not a finite number
// is null, with a warning.
func WriteRankJSON(w io.Writer, r *flow.RankResult, perQuery bool) error {
	warnings := append([]string{}, r.Warnings...)
	number := func(name, where string, v float64) Float {
		if !Finite(v) {
			warnings = append(warnings, fmt.Sprintf("%s (%s) is %v, not a finite number: null", name, where, v))
		}
		return Float(v)
	}
	z := ""
	if r.ZScored {
		z = "Z"
	}
	values := func(vals []float64, texts []string, summary bool, where string) map[string]any {
		m := make(map[string]any, len(vals)+1)
		for j, v := range r.Values {
			switch {
			case !summary && v.SummaryOnly:
			case v.Text && !summary:
				m[v.Name] = texts[j]
			case v.Text:
			case v.Count && !r.ZScored:
				m[v.Name] = int64(vals[j])
			default:
				m[z+v.Name] = number(z+v.Name, where, vals[j])
			}
		}
		return m
	}
	intervals := func(iv [][2]float64) map[string]any {
		m := map[string]any{}
		for j, v := range r.Values {
			if !math.IsNaN(iv[j][0]) {
				m[v.Name] = [2]Float{Float(iv[j][0]), Float(iv[j][1])}
			}
		}
		return m
	}
	measures := values(r.Summary, nil, true, "all")
	if r.RunIDMeasured {
		measures["runid"] = r.RunID
	}
	recoNames := recommendNames(r)
	for _, name := range recoNames {
		measures[name] = number(name, "all", r.Recommend[name])
	}
	out := map[string]any{"measures": measures}
	if perQuery {
		pq := make(map[string]any, len(r.Queries))
		for i, qid := range r.Queries {
			q := values(r.PerQuery[i].Values, r.PerQuery[i].Texts, false, "query "+qid)
			for _, name := range recoNames {
				if u, ok := r.RecommendPerQuery[name][qid]; ok {
					q[name] = number(name, "query "+qid, u)
				}
			}
			pq[qid] = q
		}
		for _, qid := range recommendOnlyUsers(r) {
			q := map[string]any{}
			for _, name := range recoNames {
				if u, ok := r.RecommendPerQuery[name][qid]; ok {
					q[name] = number(name, "query "+qid, u)
				}
			}
			pq[qid] = q
		}
		out["per_query"] = pq
	}
	if r.IntervalLevel != 0 {
		out["level"] = Float(r.IntervalLevel)
		out["intervals"] = intervals(r.Intervals)
	}
	if len(r.Slices) > 0 {
		slices := make([]map[string]any, len(r.Slices))
		for i, sl := range r.Slices {
			key := map[string]string{}
			for c, col := range r.SliceBy {
				key[col] = sl.Key[c]
			}
			slices[i] = map[string]any{"key": key, "num_q": len(sl.Queries), "gated": sl.Gated, "measures": values(sl.Summary, nil, true, r.SliceLabel(sl))}
			if sl.Intervals != nil {
				slices[i]["intervals"] = intervals(sl.Intervals)
			}
		}
		out["slices"] = slices
	}
	out["warnings"] = warnings
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.Write(b)
	bw.WriteByte('\n')
	return bw.Flush()
}
