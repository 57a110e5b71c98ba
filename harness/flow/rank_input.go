package flow

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/mltest/mltest/fixtures"
	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/metrics"
)

// RankFiles names the files Rank reads. Qrels, run and training files are
// TREC text (whitespace separated) unless the name ends in .csv or .jsonl
// (optionally .gz; gzip is recognised by its content); see
// fixtures.LoadQrels, LoadRun and LoadInteractions. "-" is Stdin, for at
// most one of the files.
type RankFiles struct {
	Qrels string // judgments: "qid iter docno rel" (see Judgments)
	Run   string // the run: "qid iter docno rank score runid"

	// Judgments is the format of Qrels (trec_eval -R): qrels (the
	// default), qrels_jg ("qid jg docno rel"), prefs ("qid jg jsg docno
	// rel_level") or qrels_prefs (a qrels file read as preferences).
	Judgments metrics.JudgmentFormat
	// Subtopics reads a qrels file's iter column as subtopics
	// (Ranking.Groups), for ndeval's measures (alpha_nDCG...); the other
	// measures see each document's highest relevance over its subtopics.
	Subtopics bool
	// ZScores, optional, is trec_eval's -Z file: "qid measure mean stddev"
	// lines; each value is then printed as a z-score.
	ZScores string

	// QueryAttrs, optional, is a table (CSV, JSONL or Parquet) of query
	// attributes: a QueryID column and the columns of RankOptions.SliceBy.
	QueryAttrs string
	QueryID    string // QueryAttrs' query id column; "" means "qid"

	// Train, optional, holds training interactions ("user item" rows, or
	// CSV/JSONL columns user,item) for the recommender measures.
	Train string

	Stdin io.Reader // read for the file named "-"
}

// Ranking is the input of a ranking evaluation in memory: what ReadRanking
// reads, or what a caller builds. Evaluate does not modify it, so one
// Ranking may be evaluated by several goroutines at once.
type Ranking struct {
	Qrels fixtures.Qrels // qid -> docno -> relevance
	Run   *fixtures.Run  // each query's retrieved documents, any order
	Attrs *QueryAttrs    // nil: no query attributes

	// Groups are the judgment groups of qrels_jg judgments, or the
	// subtopics of a diversity qrels (RankFiles.Subtopics); nil otherwise.
	Groups fixtures.GroupedQrels
	// Prefs are preference judgments (prefs, qrels_prefs); nil otherwise.
	Prefs fixtures.Prefs
	// ZScores, when set, turns every value into a z-score before it is
	// averaged (trec_eval -Z): qid -> value name -> mean and deviation.
	ZScores map[string]map[string]ZScore

	// QrelsName and RunName name the inputs in warnings and errors; ""
	// reads "the qrels" and "the run".
	QrelsName, RunName string
}

// ReadRanking reads the qrels, the run (at once: the run is usually the big
// one) and, when files.QueryAttrs is set, the attribute columns of the
// query table. files.Train is not read here (see Rank). Malformed input is
// a *table.InputError naming the file, the line and the field.
func ReadRanking(files RankFiles, attrColumns []string) (*Ranking, error) {
	stdinUsers := 0
	for _, name := range []string{files.Qrels, files.Run, files.QueryAttrs, files.Train, files.ZScores} {
		if name == "-" {
			stdinUsers++
		}
	}
	switch {
	case files.Qrels == "-" && files.Run == "-":
		return nil, errors.New("the qrels and the run cannot both be standard input")
	case stdinUsers > 1:
		return nil, errors.New("only one input can be standard input (\"-\")")
	case stdinUsers == 1 && files.Stdin == nil:
		return nil, errors.New("an input is standard input (\"-\"), but no standard input was given")
	}
	r := &Ranking{QrelsName: files.Qrels, RunName: files.Run}
	var (
		runErr error
		wg     sync.WaitGroup
	)
	wg.Go(func() { r.Run, runErr = fixtures.ReadRun(files.Run, files.Stdin) })
	err := r.readJudgments(files)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if runErr != nil {
		return nil, runErr
	}
	if files.ZScores != "" {
		if r.ZScores, err = readZScores(files.ZScores, files.Stdin); err != nil {
			return nil, err
		}
	}
	if files.QueryAttrs != "" {
		id := files.QueryID
		if id == "" {
			id = "qid"
		}
		if r.Attrs, err = ReadQueryAttrs(files.QueryAttrs, files.Stdin, id, attrColumns); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// readJudgments reads files.Qrels in files.Judgments' format.
func (r *Ranking) readJudgments(files RankFiles) error {
	var err error
	switch files.Judgments {
	case "", metrics.QrelsFormat:
		if !files.Subtopics {
			r.Qrels, err = fixtures.ReadQrels(files.Qrels, files.Stdin)
			return err
		}
		if r.Groups, err = fixtures.ReadGroupedQrels(files.Qrels, files.Stdin); err != nil {
			return err
		}
		r.Qrels = fixtures.Qrels{}
		for qid, groups := range r.Groups {
			best := map[string]int{}
			for _, g := range groups {
				for d, rel := range g.Rel {
					if old, ok := best[d]; !ok || rel > old {
						best[d] = rel
					}
				}
			}
			r.Qrels[qid] = best
		}
	case metrics.QrelsJGFormat:
		r.Groups, err = fixtures.ReadGroupedQrels(files.Qrels, files.Stdin)
	case metrics.PrefsFormat, metrics.QrelsPrefsFormat:
		r.Prefs, err = fixtures.ReadPrefs(files.Qrels, files.Stdin, files.Judgments == metrics.QrelsPrefsFormat)
	default:
		_, err = metrics.ParseJudgmentFormat(string(files.Judgments))
	}
	return err
}

// ReadQrels reads judgments (qid -> docno -> relevance) from the file name,
// or from stdin when name is "-": fixtures.ReadQrels.
func ReadQrels(name string, stdin io.Reader) (fixtures.Qrels, error) {
	return fixtures.ReadQrels(name, stdin)
}

// ReadRun reads a run from the file name, or from stdin when name is "-":
// fixtures.ReadRun.
func ReadRun(name string, stdin io.Reader) (*fixtures.Run, error) {
	return fixtures.ReadRun(name, stdin)
}

func (r *Ranking) qrelsName() string { return rankNameOr(r.QrelsName, "the qrels") }
func (r *Ranking) runName() string   { return rankNameOr(r.RunName, "the run") }

func rankNameOr(name, dflt string) string {
	if name == "" {
		return dflt
	}
	return name
}

// runDocs returns the run's queries, nil-safe.
func (r *Ranking) runDocs() map[string][]metrics.ScoredDoc {
	if r.Run == nil {
		return nil
	}
	return r.Run.Queries
}

// QueryAttrs are attributes of queries (a market, a query length), read
// from a table by ReadQueryAttrs, by which Rank summarizes the queries.
type QueryAttrs struct {
	File     string              // the table, for messages
	IDColumn string              // its query id column
	Columns  []string            // the attribute columns read
	Values   map[string][]string // qid -> values, parallel to Columns
}

// ReadQueryAttrs reads the columns of the query table file (CSV, JSONL or
// Parquet, by name; "-" is stdin): idColumn, trimmed, names the query. A
// query listed twice, a missing column and a short row are
// *table.InputError values naming the file and line.
func ReadQueryAttrs(file string, stdin io.Reader, idColumn string, columns []string) (*QueryAttrs, error) {
	tr, closer, err := dataio.OpenTable(file, stdin, "", append([]string{idColumn}, columns...))
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	a := &QueryAttrs{File: file, IDColumn: idColumn, Columns: columns, Values: map[string][]string{}}
	lineOf := map[string]int{}
	for tr.Next() {
		qid := strings.TrimSpace(tr.Value(0))
		if first, dup := lineOf[qid]; dup {
			return nil, tr.Errorf(idColumn, "query %q listed twice (first at line %d)", qid, first)
		}
		lineOf[qid] = tr.Line()
		vals := make([]string, len(columns))
		for i := range columns {
			vals[i] = tr.Value(1 + i)
		}
		a.Values[qid] = vals
	}
	if err := tr.Err(); err != nil {
		return nil, err
	}
	return a, nil
}

// keys returns the values of the columns by of each query of qids. Every
// query needs a row: a query without one is an error naming the table and
// the first few such queries.
func (a *QueryAttrs) keys(qids, by []string) ([][]string, error) {
	col := make([]int, len(by))
	for i, name := range by {
		col[i] = -1
		for j, c := range a.Columns {
			if c == name {
				col[i] = j
			}
		}
		if col[i] < 0 {
			return nil, dataio.Errorf(a.File, 0, name, "not one of the attribute columns read (%s)", strings.Join(a.Columns, ", "))
		}
	}
	keys := make([][]string, len(qids))
	var missing []string
	for i, qid := range qids {
		vals, ok := a.Values[qid]
		if !ok {
			missing = append(missing, qid)
			continue
		}
		keys[i] = make([]string, len(by))
		for k, j := range col {
			keys[i][k] = vals[j]
		}
	}
	if len(missing) > 0 {
		return nil, dataio.Errorf(a.File, 0, a.IDColumn, "%d evaluated queries have no row, e.g. %s", len(missing), rankQuoteFirst(missing, 3))
	}
	return keys, nil
}

// rankQuoteFirst quotes the first n ids, comma separated.
func rankQuoteFirst(ids []string, n int) string {
	q := make([]string, 0, n)
	for _, id := range ids[:min(n, len(ids))] {
		q = append(q, fmt.Sprintf("%q", id))
	}
	return strings.Join(q, ", ")
}
