package metrics_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/internal/trec"
	"github.com/mltest/mltest/metrics"
)

// The reference cases: inputs, flags and trec_eval 10's output, written by
// testdata/trec/gen.py (regenerate: python3 metrics/testdata/trec/gen.py).
type trecCase struct {
	Case  string   `json:"case"`
	Flags []string `json:"flags"`
	Qrels string   `json:"qrels"`
	Run   string   `json:"run"`
	Out   string   `json:"out"`
}

func readTrecCases(t testing.TB) []trecCase {
	b, err := os.ReadFile(filepath.Join("testdata", "trec", "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []trecCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

func readTrecInputs(t testing.TB, qrelsName, runName string) (*trec.Qrels, *trec.Run) {
	open := func(name string) *os.File {
		f, err := os.Open(filepath.Join("testdata", "trec", name))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	format := func(name string) dataio.Format {
		if f := dataio.FormatOf(name); f != "" {
			return f
		}
		return dataio.TREC
	}
	qf := open(qrelsName)
	defer qf.Close()
	qrels, err := trec.ReadQrels(qf, qrelsName, format(qrelsName))
	if err != nil {
		t.Fatal(err)
	}
	rf := open(runName)
	defer rf.Close()
	run, err := trec.ReadRun(rf, runName, format(runName))
	if err != nil {
		t.Fatal(err)
	}
	return qrels, run
}

// parseTrecOutput reads trec_eval's "name\tqid\tvalue" lines into
// qid -> name -> value text.
func parseTrecOutput(t testing.TB, name string) map[string]map[string]string {
	b, err := os.ReadFile(filepath.Join("testdata", "trec", name))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("%s: bad line %q", name, line)
		}
		m := strings.TrimSpace(f[0])
		if out[f[1]] == nil {
			out[f[1]] = map[string]string{}
		}
		out[f[1]][m] = f[2]
	}
	return out
}

// evalFromFlags turns trec_eval flags into an evaluator.
func evalFromFlags(t testing.TB, flags []string) (*metrics.TrecEval, bool) {
	var (
		measures []string
		opts     []metrics.TrecOption
		complete bool
	)
	for i := 0; i < len(flags); i++ {
		switch flags[i] {
		case "-q":
		case "-c":
			complete = true
			opts = append(opts, metrics.CompleteAveraging())
		case "-m":
			i++
			measures = append(measures, flags[i])
		case "-l", "-M":
			i++
			n, err := strconv.Atoi(flags[i])
			if err != nil {
				t.Fatal(err)
			}
			if flags[i-1] == "-l" {
				opts = append(opts, metrics.RelevanceLevel(n))
			} else {
				opts = append(opts, metrics.MaxDocsPerQuery(n))
			}
		default:
			t.Fatalf("flag %q", flags[i])
		}
	}
	ms, err := metrics.ParseTrecMeasures(measures)
	if err != nil {
		t.Fatal(err)
	}
	return metrics.NewTrecEval(ms, opts...), complete
}

func formatTrecValue(v metrics.TrecValue, x float64) string {
	if v.Count {
		return strconv.FormatInt(int64(x), 10)
	}
	return fmt.Sprintf("%6.4f", x)
}

// TestTrecEvalReference evaluates every reference case through the metrics
// API (TrecEval, TrecAccumulator) and compares each per-query and summary
// value with trec_eval's printed one: counts exactly, the rest after
// rounding to trec_eval's 4 decimals.
func TestTrecEvalReference(t *testing.T) {
	cases := readTrecCases(t)
	compared := 0
	for _, c := range cases {
		t.Run(c.Case+"/"+strings.Join(c.Flags, " "), func(t *testing.T) {
			eval, complete := evalFromFlags(t, c.Flags)
			qrels, run := readTrecInputs(t, c.Qrels, c.Run)
			want := parseTrecOutput(t, c.Out)
			acc := eval.NewAccumulator()
			for _, qid := range trec.SortedQIDs(qrels.Queries) {
				docs, ok := run.Queries[qid]
				var res metrics.TrecQueryResult
				switch {
				case ok:
					var err error
					res, err = eval.Query(qrels.Queries[qid], docs)
					if err != nil {
						t.Fatal(err)
					}
				case complete:
					res = eval.Missing(qrels.Queries[qid])
				default:
					continue
				}
				acc.Add(res)
				if want[qid] == nil {
					continue // trec_eval ran without -q
				}
				for j, v := range eval.Values() {
					if v.SummaryOnly {
						continue
					}
					got := formatTrecValue(v, res.Values[j])
					if w, ok := want[qid][v.Name]; !ok || got != w {
						t.Errorf("query %s %s = %s, trec_eval %q", qid, v.Name, got, w)
					}
					compared++
				}
			}
			all := acc.Result()
			for j, v := range eval.Values() {
				got := formatTrecValue(v, all[j])
				if w := want["all"][v.Name]; got != w {
					t.Errorf("all %s = %s, trec_eval %q", v.Name, got, w)
				}
				compared++
			}
			if w, ok := want["all"]["runid"]; ok && w != run.ID {
				t.Errorf("runid %q, trec_eval %q", run.ID, w)
			}
		})
	}
	if compared < 10000 {
		t.Errorf("compared only %d values with trec_eval", compared)
	}
}

// TestRecommenderMeasuresEqualTrecEval: HitRateAtK is the mean of trec_eval's
// success_k and MRRAtK its recip_rank on rankings cut at k (-M k).
func TestRecommenderMeasuresEqualTrecEval(t *testing.T) {
	for _, name := range []string{"graded", "small", "deep"} {
		qrels, run := readTrecInputs(t, name+".qrels", name+".run")
		max20 := parseTrecOutput(t, name+".max20_q.out")
		all := parseTrecOutput(t, name+".all_q.out")
		var hits [][]bool
		var successSum [3]float64
		rrSum := 0.0
		n := 0
		for _, qid := range trec.SortedQIDs(qrels.Queries) {
			docs, ok := run.Queries[qid]
			if !ok {
				continue
			}
			r, err := metrics.NewRanking(qrels.Queries[qid], docs, 0)
			if err != nil {
				t.Fatal(err)
			}
			h := make([]bool, len(r.Rels))
			for i, v := range r.Rels {
				h[i] = v >= 1
			}
			hits = append(hits, h)
			for i, k := range []int{1, 5, 10} {
				successSum[i] += metrics.SuccessAtK(r, 1, k)
			}
			cut, _ := metrics.NewRanking(qrels.Queries[qid], docs, 20)
			rrSum += metrics.ReciprocalRank(cut, 1)
			n++
		}
		for i, k := range []int{1, 5, 10} {
			hr, err := metrics.HitRateAtK(hits, k)
			if err != nil {
				t.Fatal(err)
			}
			if hr != successSum[i]/float64(n) {
				t.Errorf("%s: HitRateAtK(%d) = %v, mean SuccessAtK %v", name, k, hr, successSum[i]/float64(n))
			}
			if got, w := fmt.Sprintf("%6.4f", hr), all["all"][fmt.Sprintf("success_%d", k)]; got != w {
				t.Errorf("%s: HitRateAtK(%d) = %s, trec_eval success_%d = %s", name, k, got, k, w)
			}
		}
		mrr, err := metrics.MRRAtK(hits, 20)
		if err != nil {
			t.Fatal(err)
		}
		if mrr != rrSum/float64(n) {
			t.Errorf("%s: MRRAtK(20) = %v, mean recip_rank at -M 20 = %v", name, mrr, rrSum/float64(n))
		}
		if got, w := fmt.Sprintf("%6.4f", mrr), max20["all"]["recip_rank"]; got != w {
			t.Errorf("%s: MRRAtK(20) = %s, trec_eval -M 20 recip_rank = %s", name, got, w)
		}
	}
}
