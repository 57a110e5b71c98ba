package mltestbeam

import (
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

func init() {
	beam.RegisterCoder(reflect.TypeOf((*groupAcc)(nil)), encodeGroupAcc, decodeGroupAcc)
	register.DoFn2x1[Example, func(string, Example), error](&sliceFanOutFn{})
	register.Emitter2[string, Example]()
	register.Combiner3[*groupAcc, Example, GroupResult](&evalCombineFn{})
	register.DoFn2x2[string, GroupResult, GroupResult, error](&dropKeyFn{})
	beam.RegisterType(reflect.TypeOf((*Example)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*GroupResult)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*MetricValue)(nil)).Elem())
}

// Evaluate computes spec's metrics over examples, a PCollection<Example>,
// overall and per slice: each row is keyed once by the overall key and once
// by its slice's key, and CombinePerKey folds each key's rows into the
// metrics package's accumulators (shuffled in their binary encoding). It
// returns a PCollection<GroupResult>, one element overall (Key nil) and one
// per slice; with a bootstrap, every defined metric carries its interval.
//
// A bad spec (unknown metric, multiclass without Classes) panics here, at
// pipeline construction. A row whose number of scores or slice values does
// not fit the spec fails the job.
func Evaluate(s beam.Scope, spec EvalSpec, examples beam.PCollection) beam.PCollection {
	s = s.Scope("mltest.Evaluate")
	if _, err := spec.names(); err != nil {
		panic(err)
	}
	keyed := beam.ParDo(s, &sliceFanOutFn{Spec: spec}, examples)
	combined := beam.CombinePerKey(s, &evalCombineFn{Spec: spec}, keyed)
	return beam.ParDo(s, &dropKeyFn{}, combined)
}

// sliceFanOutFn keys each row by the overall key and by its slice.
type sliceFanOutFn struct {
	Spec EvalSpec
}

func (f *sliceFanOutFn) ProcessElement(e Example, emit func(string, Example)) error {
	if err := checkExample(f.Spec, &e); err != nil {
		return err
	}
	emit(overallKey, e)
	if len(f.Spec.SliceBy) > 0 {
		emit(sliceKey(e.Slice), e)
	}
	return nil
}

// evalCombineFn folds the rows of one key into a groupAcc.
type evalCombineFn struct {
	Spec  EvalSpec
	names []string // from Spec, on each worker
}

func (f *evalCombineFn) metricNames() []string {
	if f.names == nil {
		names, err := f.Spec.names()
		if err != nil {
			panic(err) // checked by Evaluate before the job started
		}
		f.names = names
	}
	return f.names
}

func (f *evalCombineFn) CreateAccumulator() (*groupAcc, error) {
	return newGroupAcc(f.Spec, f.metricNames())
}

func (f *evalCombineFn) AddInput(g *groupAcc, e Example) *groupAcc {
	g.add(f.Spec, &e)
	return g
}

func (f *evalCombineFn) MergeAccumulators(a, b *groupAcc) *groupAcc {
	a.merge(b)
	return a
}

func (f *evalCombineFn) ExtractOutput(g *groupAcc) GroupResult {
	return g.result(f.Spec, f.metricNames(), nil)
}

// dropKeyFn puts the slice key into the result.
type dropKeyFn struct{}

func (f *dropKeyFn) ProcessElement(key string, r GroupResult) (GroupResult, error) {
	k, err := parseSliceKey(key)
	if err != nil {
		return GroupResult{}, err
	}
	r.Key = k
	return r, nil
}
