package trec

import (
	"io"

	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/metrics"
)

// ReadGroupedQrels reads qrels whose second column names a group: trec_eval's
// qrels_jg ("qid jg docno rel", a judgment group per user) or a diversity
// qrels ("qid subtopic docno rel", ndeval's subtopics). Lines are parsed as
// ReadQrels parses them; a docno judged twice in one group of one query is
// an error, as in trec_eval. Each query's groups are in order of first
// appearance.
func ReadGroupedQrels(r io.Reader, name string) (map[string][]metrics.JudgmentGroup, error) {
	out := map[string][]metrics.JudgmentGroup{}
	index := map[[2]string]int{} // (qid, group) -> index in out[qid]
	first := map[[3]string]int{} // (qid, group, docno) -> line
	err := scanLines(r, name, 4, "qid group docno rel", func(line int, f []string) error {
		rel, ok := parseRel([]byte(f[3]))
		if !ok {
			return dataio.Errorf(name, line, "rel", "expected an integer relevance, got %q", truncate(f[3], 40))
		}
		key := [3]string{f[0], f[1], f[2]}
		if at, dup := first[key]; dup {
			return dataio.Errorf(name, line, "docno", "docno %q judged twice for query %q in group %q (first at line %d)",
				truncate(f[2], 60), truncate(f[0], 60), truncate(f[1], 60), at)
		}
		first[key] = line
		g, ok := index[[2]string{f[0], f[1]}]
		if !ok {
			g = len(out[f[0]])
			index[[2]string{f[0], f[1]}] = g
			out[f[0]] = append(out[f[0]], metrics.JudgmentGroup{ID: f[1], Rel: map[string]int{}})
		}
		out[f[0]][g].Rel[f[2]] = rel
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ReadPrefs reads trec_eval's prefs format, "qid jg jsg docno rel_level"
// (qrels false), or a qrels file read as preferences, "qid jg docno
// rel_level" with one sub-group "0" per judgment group (qrels true,
// trec_eval's qrels_prefs). rel_level must be a finite number. Each query's
// lines are in file order.
func ReadPrefs(r io.Reader, name string, qrels bool) (map[string][]metrics.Preference, error) {
	out := map[string][]metrics.Preference{}
	nf, layout := 5, "qid jg jsg docno rel_level"
	if qrels {
		nf, layout = 4, "qid jg docno rel_level"
	}
	err := scanLines(r, name, nf, layout, func(line int, f []string) error {
		p := metrics.Preference{JG: f[1], JSG: "0", DocNo: f[2]}
		level := f[3]
		if !qrels {
			p.JSG, p.DocNo, level = f[2], f[3], f[4]
		}
		v, st := dataio.ParseNumberString(level)
		if st != dataio.NumberOK {
			return dataio.Errorf(name, line, "rel_level", "expected a finite number, got %q", truncate(level, 40))
		}
		p.Level = v
		out[f[0]] = append(out[f[0]], p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ZScore is the mean and standard deviation of one measure on one query
// over reference runs, for trec_eval's -Z.
type ZScore struct {
	Mean, StdDev float64
}

// ReadZScores reads trec_eval's -Z file: "qid measure mean stddev" lines
// (measure as trec_eval prints it, "P_10"). Mean and stddev must be finite
// numbers; a (qid, measure) listed twice is an error.
func ReadZScores(r io.Reader, name string) (map[string]map[string]ZScore, error) {
	out := map[string]map[string]ZScore{}
	first := map[[2]string]int{}
	err := scanLines(r, name, 4, "qid measure mean stddev", func(line int, f []string) error {
		var z [2]float64
		for i, col := range []string{"mean", "stddev"} {
			v, st := dataio.ParseNumberString(f[2+i])
			if st != dataio.NumberOK {
				return dataio.Errorf(name, line, col, "expected a finite number, got %q", truncate(f[2+i], 40))
			}
			z[i] = v
		}
		key := [2]string{f[0], f[1]}
		if at, dup := first[key]; dup {
			return dataio.Errorf(name, line, "measure", "measure %q listed twice for query %q (first at line %d)",
				truncate(f[1], 60), truncate(f[0], 60), at)
		}
		first[key] = line
		if out[f[0]] == nil {
			out[f[0]] = map[string]ZScore{}
		}
		out[f[0]][f[1]] = ZScore{Mean: z[0], StdDev: z[1]}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scanLines calls row for every line of exactly nf whitespace-separated
// fields; blank lines and lines whose first field starts with '#' are
// skipped, and any other line is an error naming the layout. A file
// without rows is an error.
func scanLines(r io.Reader, name string, nf int, layout string, row func(line int, f []string) error) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return dataio.Errorf(name, 0, "", "read error: %v", err)
	}
	fields := make([][]byte, nf+1)
	strs := make([]string, nf)
	line, rows := 0, 0
	for i := 0; i < len(data); {
		var n int
		n, i = scanLine(data, i, fields)
		line++
		if n == 0 || fields[0][0] == '#' {
			continue
		}
		if n != nf {
			return dataio.Errorf(name, line, "", "expected %d fields (%s), got %d", nf, layout, n)
		}
		for k := range strs {
			strs[k] = string(fields[k])
		}
		if err := row(line, strs); err != nil {
			return err
		}
		rows++
	}
	if rows == 0 {
		return dataio.Errorf(name, 0, "", "empty file: expected lines %q", layout)
	}
	return nil
}
