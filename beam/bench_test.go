package mltestbeam

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/mltest/mltest/metrics/evaluate"
)

func init() {
	beam.RegisterType(reflect.TypeOf((*benchRowsFn)(nil)).Elem())
	register.DoFn2x0[int, func(Example)](&benchRowsFn{})
}

// benchRow is row i of the benchmark data: a binary label (40% positive),
// a score in [0, 1] correlated with it, a device slice; a pure function of
// i, so any worker generates any shard.
func benchRow(i int, e *Example) {
	x := splitmix64(uint64(i))
	y := x%5 < 2
	s := float64(x>>11)*0x1p-53*0.7 + 0.0
	e.Label = 0
	if y {
		e.Label = 1
		s += 0.3
	}
	e.Scores[0] = math.Round(s*1e4) / 1e4
	e.Slice[0] = benchDevices[(x>>8)%3]
	e.Weight = 1
}

var benchDevices = []string{"web", "ios", "android"}

// benchRowsFn generates shard k of Rows rows split into Shards shards.
type benchRowsFn struct {
	Rows, Shards int
}

func (f *benchRowsFn) ProcessElement(k int, emit func(Example)) {
	for i := k * f.Rows / f.Shards; i < (k+1)*f.Rows/f.Shards; i++ {
		e := Example{Scores: []float64{0}, Slice: []string{""}}
		benchRow(i, &e)
		emit(e)
	}
}

func benchSpec() EvalSpec {
	spec := DefaultEvalSpec(evaluate.Binary)
	spec.SliceBy = []string{"device"}
	return spec
}

var benchSizes = []int{1e5, 1e6, 1e7}

// BenchmarkPrismEvaluate runs Evaluate (every binary metric, overall and
// by device) on the prism runner over generated rows: the job's startup,
// the shuffle of encoded accumulators, everything.
//
//	go test -run '^$' -bench 'Evaluate' -benchtime 1x ./beam/
func BenchmarkPrismEvaluate(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("rows=%.0e", float64(n)), func(b *testing.B) {
			for b.Loop() {
				shards := make([]int, 64)
				for i := range shards {
					shards[i] = i
				}
				p, s := beam.NewPipelineWithRoot()
				rows := beam.ParDo(s, &benchRowsFn{Rows: n, Shards: len(shards)}, beam.Reshuffle(s, beam.CreateList(s, shards)))
				collect(s, "bench", Evaluate(s, benchSpec(), rows))
				if err := ptest.Run(p); err != nil {
					b.Fatal(err)
				}
				if g := groupsOf("bench"); len(g) != 4 || !g[0].Metrics[0].Defined {
					b.Fatalf("groups %+v", g)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkInProcessEvaluate is the same work without Beam: the same
// generated rows added to the same accumulators (overall and by device) in
// one goroutine, then every metric's Result.
func BenchmarkInProcessEvaluate(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("rows=%.0e", float64(n)), func(b *testing.B) {
			spec := benchSpec()
			names, err := spec.names()
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				overall, _ := newGroupAcc(spec, names)
				bySlice := map[string]*groupAcc{}
				e := Example{Scores: []float64{0}, Slice: []string{""}}
				for i := 0; i < n; i++ {
					benchRow(i, &e)
					overall.add(spec, &e)
					g := bySlice[e.Slice[0]]
					if g == nil {
						g, _ = newGroupAcc(spec, names)
						bySlice[e.Slice[0]] = g
					}
					g.add(spec, &e)
				}
				r := overall.result(spec, names, nil)
				if !r.Metrics[0].Defined {
					b.Fatal(r)
				}
				for k, g := range bySlice {
					g.result(spec, names, []string{k})
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
