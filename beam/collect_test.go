package mltestbeam

import (
	"reflect"
	"sync"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// The tests run on prism, which executes the pipeline's workers in this
// process (loopback), so a DoFn can hand its elements to the test through a
// process-wide table, keyed by a name the test chooses.
var collected sync.Map // name -> *collection

type collection struct {
	mu    sync.Mutex
	items []any
}

func init() {
	beam.RegisterType(reflect.TypeOf((*collectFn)(nil)).Elem())
	register.DoFn1x0[beam.T](&collectFn{})
}

// collectFn appends every element to the collection Name.
type collectFn struct{ Name string }

func (f *collectFn) ProcessElement(x beam.T) {
	c, _ := collected.LoadOrStore(f.Name, &collection{})
	col := c.(*collection)
	col.mu.Lock()
	col.items = append(col.items, x)
	col.mu.Unlock()
}

func collect(s beam.Scope, name string, pc beam.PCollection) {
	collected.Delete(name)
	beam.ParDo0(s, &collectFn{Name: name}, pc)
}

func collectedItems(name string) []any {
	c, ok := collected.Load(name)
	if !ok {
		return nil
	}
	col := c.(*collection)
	col.mu.Lock()
	defer col.mu.Unlock()
	return append([]any(nil), col.items...)
}
