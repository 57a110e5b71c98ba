package flow_test

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"testing"

	"github.com/mltest/mltest/fixtures"
	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/evaluate"
	"github.com/mltest/mltest/metrics/stats"
	"pgregory.net/rapid"
)

// rankingGen draws qrels and a run over up to 12 queries: some judged only,
// some retrieved only, relevance -1..3, scores with ties, and an attribute
// of two or three values for every query.
func rankingGen() *rapid.Generator[*flow.Ranking] {
	return rapid.Custom(func(t *rapid.T) *flow.Ranking {
		r := &flow.Ranking{
			Qrels: fixtures.Qrels{},
			Run:   &fixtures.Run{ID: "r", Queries: map[string][]metrics.ScoredDoc{}},
			Attrs: &flow.QueryAttrs{File: "attrs", IDColumn: "qid", Columns: []string{"group"}, Values: map[string][]string{}},
		}
		n := rapid.IntRange(1, 12).Draw(t, "queries")
		for q := range n {
			qid := fmt.Sprintf("q%02d", q)
			judged := rapid.IntRange(0, 6).Draw(t, "judged")
			retrieved := rapid.IntRange(0, 8).Draw(t, "retrieved")
			for d := range judged {
				if r.Qrels[qid] == nil {
					r.Qrels[qid] = map[string]int{}
				}
				r.Qrels[qid][fmt.Sprintf("d%d", d*2)] = rapid.IntRange(-1, 3).Draw(t, "rel")
			}
			for d := range retrieved {
				r.Run.Queries[qid] = append(r.Run.Queries[qid], metrics.ScoredDoc{
					DocNo: fmt.Sprintf("d%d", d), Score: float64(rapid.IntRange(0, 4).Draw(t, "score"))})
			}
			r.Attrs.Values[qid] = []string{rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, "group")}
		}
		return r
	})
}

// TestSelectQueriesRule checks the rule's laws: the evaluated and skipped
// queries partition the judged ones, in byte order; without Complete the
// evaluated are those of both maps; with Complete every judged one; a query
// only in the run never appears.
func TestSelectQueriesRule(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := rankingGen().Draw(t, "ranking")
		for _, complete := range []bool{false, true} {
			spec := flow.RankSpec{Complete: complete}
			evaluated, skipped := spec.SelectQueries(r.Qrels, r.Run.Queries)
			if !slices.IsSorted(evaluated) || !slices.IsSorted(skipped) {
				t.Fatalf("not in byte order: %v %v", evaluated, skipped)
			}
			all := slices.Sorted(slices.Values(append(slices.Clone(evaluated), skipped...)))
			judged := slices.Sorted(func(yield func(string) bool) {
				for q := range r.Qrels {
					if !yield(q) {
						return
					}
				}
			})
			if !slices.Equal(all, judged) {
				t.Fatalf("evaluated %v + skipped %v != judged %v", evaluated, skipped, judged)
			}
			for _, q := range evaluated {
				_, inRun := r.Run.Queries[q]
				if !complete && !inRun {
					t.Fatalf("%s evaluated without a run", q)
				}
			}
			for _, q := range skipped {
				if _, inRun := r.Run.Queries[q]; inRun || complete {
					t.Fatalf("%s skipped (in run %v, complete %v)", q, inRun, complete)
				}
			}
		}
	})
}

// TestEvaluateLaws checks, on random rankings: a slice's summary is the
// evaluation of its queries alone, bit for bit; the intervals are those of
// a bootstrap feeding metrics.TrecAccumulator each resample (how they are
// defined), bit for bit; the numbers do not depend on the number of cores;
// the input is not modified.
func TestEvaluateLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := rankingGen().Draw(t, "ranking")
		opt := flow.DefaultRankOptions()
		opt.Measures = []string{"map", "gm_map", "P.2", "ndcg_cut.3", "num_q", "num_rel"}
		opt.Complete = rapid.Bool().Draw(t, "complete")
		opt.Level = rapid.IntRange(0, 2).Draw(t, "level")
		opt.SliceBy = []string{"group"}
		opt.Intervals = evaluate.IntervalOptions{Level: 0.9, Resamples: 40, Seed: rapid.Uint64().Draw(t, "seed")}
		before := fmt.Sprint(r.Run.Queries)
		res, err := r.Evaluate(opt)
		var nq *flow.NoQueryError
		if errors.As(err, &nq) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(r.Run.Queries) != before {
			t.Fatal("Evaluate modified the run")
		}
		eval, _ := opt.Eval()

		prev := runtime.GOMAXPROCS(1)
		one, err := r.Evaluate(opt)
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		if !sameBits(one.Summary, res.Summary) || fmt.Sprint(one.Intervals) != fmt.Sprint(res.Intervals) {
			t.Fatalf("1 core: %v %v; %d cores: %v %v", one.Summary, one.Intervals, prev, res.Summary, res.Intervals)
		}

		for _, s := range res.Slices {
			sub := &flow.Ranking{Qrels: fixtures.Qrels{}, Run: &fixtures.Run{Queries: map[string][]metrics.ScoredDoc{}}}
			for _, i := range s.Queries {
				q := res.Queries[i]
				sub.Qrels[q] = r.Qrels[q]
				if docs, ok := r.Run.Queries[q]; ok {
					sub.Run.Queries[q] = docs
				}
			}
			alone := opt
			alone.SliceBy, alone.Intervals = nil, evaluate.IntervalOptions{}
			want, err := sub.Evaluate(alone)
			if err != nil {
				t.Fatal(err)
			}
			if !sameBits(s.Summary, want.Summary) {
				t.Fatalf("slice %v: %v, alone %v", s.Key, s.Summary, want.Summary)
			}
		}

		for j, v := range res.Values {
			if v.Count {
				if !math.IsNaN(res.Intervals[j][0]) {
					t.Fatalf("%s is a count, has an interval %v", v.Name, res.Intervals[j])
				}
				continue
			}
			iv, err := stats.Bootstrap(len(res.PerQuery), func(mult []float64) (float64, error) {
				acc := eval.NewAccumulator()
				for k, m := range mult {
					for range int(m) {
						acc.Add(res.PerQuery[k])
					}
				}
				return acc.Result()[j], nil
			}, stats.BootstrapOptions{Level: opt.Intervals.Level, Resamples: opt.Intervals.Resamples, Seed: opt.Intervals.Seed})
			if err != nil {
				if !math.IsNaN(res.Intervals[j][0]) {
					t.Fatalf("%s: bootstrap fails (%v), got interval %v", v.Name, err, res.Intervals[j])
				}
				continue
			}
			if !sameBits([]float64{iv.Lo, iv.Hi}, res.Intervals[j][:]) {
				t.Fatalf("%s: interval %v, accumulator bootstrap [%v %v]", v.Name, res.Intervals[j], iv.Lo, iv.Hi)
			}
		}
	})
}

func sameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}
