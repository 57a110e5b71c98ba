package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/metrics"
)

// RankTRECOptions choose what WriteRankTRECWith prints, as trec_eval's -q
// and -n do.
type RankTRECOptions struct {
	PerQuery  bool // every query's values before the summary (-q)
	NoSummary bool // no summary lines (-n)
}

// WriteRank writes a ranking evaluation as format "trec" (trec_eval's
// text, WriteRankTRECWith) or "json" (WriteRankJSON, each query's values
// with opt.PerQuery).
func WriteRank(w io.Writer, format string, r *flow.RankResult, opt RankTRECOptions) error {
	switch format {
	case "json":
		return WriteRankJSON(w, r, opt.PerQuery)
	case "trec":
		return WriteRankTRECWith(w, r, opt)
	}
	return fmt.Errorf("report: rank format %q: want trec or json", format)
}

// WriteRankTREC is WriteRankTRECWith with the summary, and each query's
// values when perQuery.
func WriteRankTREC(w io.Writer, r *flow.RankResult, perQuery bool) error {
	return WriteRankTRECWith(w, r, RankTRECOptions{PerQuery: perQuery})
}

// WriteRankTRECWith prints a ranking evaluation as trec_eval 10 does:
// "%-22s\t%s\t%6.4f" lines (counts as integers, relstring as a quoted
// string); with PerQuery every query's lines first (summary-only values
// left out), then, unless NoSummary, runid when it was measured, the
// summary ("all") and the recommender measures. With z-scores every number
// is printed "Z%-22s\t%s\t%6.4f", as trec_eval -Z prints it. Slices follow,
// in the same line format with "col=value,..." in the query column. NaN
// and infinities print as C's printf prints them ("-nan", "inf").
func WriteRankTRECWith(w io.Writer, r *flow.RankResult, opt RankTRECOptions) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var buf []byte
	line := func(name, qid string, v float64, count bool) {
		buf = buf[:0]
		if r.ZScored {
			buf = append(buf, 'Z')
		}
		buf = appendPadded(buf, name)
		buf = append(buf, '\t')
		buf = append(buf, qid...)
		buf = append(buf, '\t')
		if count && !r.ZScored {
			buf = strconv.AppendInt(buf, cLong(v), 10)
		} else {
			buf = AppendCFloat(buf, v, 6, 4)
		}
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	recoNames := recommendNames(r)
	if opt.PerQuery {
		for i, qid := range r.Queries {
			for j, v := range r.Values {
				switch {
				case v.SummaryOnly:
				case v.Text:
					text := ""
					if t := r.PerQuery[i].Texts; t != nil {
						text = t[j]
					}
					bw.WriteString(string(appendPadded(nil, v.Name)) + "\t" + qid + "\t'" + text + "'\n")
				default:
					line(v.Name, qid, r.PerQuery[i].Values[j], v.Count)
				}
			}
			for _, name := range recoNames {
				if u, ok := r.RecommendPerQuery[name][qid]; ok {
					line(name, qid, u, false)
				}
			}
		}
		// Users the recommender measures have a value for that are not
		// judged queries (a run query without judgments) follow.
		for _, qid := range recommendOnlyUsers(r) {
			for _, name := range recoNames {
				if u, ok := r.RecommendPerQuery[name][qid]; ok {
					line(name, qid, u, false)
				}
			}
		}
	}
	if !opt.NoSummary {
		if r.RunIDMeasured {
			bw.WriteString(string(appendPadded(nil, "runid")) + "\tall\t" + r.RunID + "\n")
		}
		for j, v := range r.Summary {
			if !r.Values[j].Text {
				line(r.Values[j].Name, "all", v, r.Values[j].Count)
			}
		}
		for _, name := range recoNames {
			line(name, "all", r.Recommend[name], false)
		}
	}
	for _, sl := range r.Slices {
		label := r.SliceLabel(sl)
		for j, v := range sl.Summary {
			if !r.Values[j].Text {
				line(r.Values[j].Name, label, v, r.Values[j].Count)
			}
		}
	}
	return bw.Flush()
}

// recommendNames are the recommender measures of r in output order.
func recommendNames(r *flow.RankResult) []string {
	if r.RecommendNames != nil {
		return r.RecommendNames
	}
	var names []string
	for _, name := range metrics.BeyondAccuracyMeasureNames() {
		if _, ok := r.Recommend[name]; ok {
			names = append(names, name)
		}
	}
	return names
}

// recommendOnlyUsers are the users with a per-user recommender value that
// are not evaluated queries, in byte order.
func recommendOnlyUsers(r *flow.RankResult) []string {
	evaluated := make(map[string]bool, len(r.Queries))
	for _, q := range r.Queries {
		evaluated[q] = true
	}
	seen := map[string]bool{}
	var out []string
	for _, per := range r.RecommendPerQuery {
		for u := range per {
			if !evaluated[u] && !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
		}
	}
	slices.Sort(out)
	return out
}

// appendPadded appends s left-aligned in 22 columns (printf's %-22s).
func appendPadded(b []byte, s string) []byte {
	b = append(b, s...)
	for i := len(s); i < 22; i++ {
		b = append(b, ' ')
	}
	return b
}

// cLong is C's (long) cast of a double on x86-64: truncation toward zero,
// and LONG_MIN for NaN and values out of range.
func cLong(v float64) int64 {
	if math.IsNaN(v) || v >= 9223372036854775807 || v < -9223372036854775808 {
		return math.MinInt64
	}
	return int64(v)
}

// AppendCFloat appends v as C's printf "%W.Pf" formats it: fixed point with
// prec decimals right-aligned in width columns, and "nan", "-nan", "inf",
// "-inf" (the sign of a NaN is its sign bit, as glibc prints it) for the
// values that are not finite numbers.
func AppendCFloat(b []byte, v float64, width, prec int) []byte {
	var s []byte
	switch {
	case math.IsNaN(v) && math.Signbit(v):
		s = []byte("-nan")
	case math.IsNaN(v):
		s = []byte("nan")
	case math.IsInf(v, 1):
		s = []byte("inf")
	case math.IsInf(v, -1):
		s = []byte("-inf")
	default:
		s = strconv.AppendFloat(nil, v, 'f', prec, 64)
	}
	for i := len(s); i < width; i++ {
		b = append(b, ' ')
	}
	return append(b, s...)
}

// WriteMeasureDocs writes what each measure named with -m is, as
// trec_eval -h -m ... does (nothing when none is named).
func WriteMeasureDocs(w io.Writer, measures []string) {
	if len(measures) == 0 {
		return
	}
	fmt.Fprintln(w, "\nMeasures named with -m:")
	for _, d := range metrics.DescribeMeasures(measures) {
		fmt.Fprintf(w, "  %-24s %s\n", d.Name, d.Doc)
	}
}
