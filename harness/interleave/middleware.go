package interleave

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/mltest/mltest/harness/serving"
)

// TeamsOutput is the output in which Middleware returns the team of each
// served item, next to the items, so that the front end can log clicks
// with their credit.
const TeamsOutput = "teams"

// Middleware serves the team-draft interleaving of two rankers' lists: it
// asks both (any serving.Predictor: an in-process model, a client of a
// served one) for the same rows, interleaves their ranked lists with the
// request's own random source (RequestRand(Seed, row id)), returns the
// interleaved list, and logs what it served. It is itself a
// serving.Predictor, and Model wraps it for the protocol handlers, so the
// function that interleaves in production is the one whose logs
// `mltest interleave` analyses.
//
// Each row's outputs are Items (the interleaved list, a BYTES vector padded
// with "" to length K so that a batch is a rectangular tensor) and
// TeamsOutput (the team, "A" or "B", of each item, "" for padding). An empty
// string in a ranker's list is taken as padding and skipped. A row on which
// either ranker failed fails with that error and is not logged: serving one
// ranker's list alone would not be an interleaving.
type Middleware struct {
	A, B serving.Predictor
	// Items names the ranked-list output of both rankers, a BYTES vector
	// best first (the list the user sees).
	Items string
	// K is the length of the served list.
	K int
	// Seed is the experiment's seed: with the row id it fixes every
	// interleaving, so a retried request is served the same list.
	Seed uint64
	// RequestInput names the request input that holds the request id (a
	// BYTES scalar or one-element vector), which seeds the interleaving and
	// is logged as Impression.ID; "" uses the row's ID. Behind the protocol
	// handlers rows are numbered within each request ("0", "1", ...), so a
	// served middleware needs the id as an input. The input is the
	// middleware's own: the rankers get the rows without it.
	RequestInput string
	// UserInput names the request input that holds the user id, logged as
	// Impression.User; "" logs no user.
	UserInput string
	// Log, when set, receives every served impression (without clicks), in
	// row order, before Predict returns. LogWriter.Log is such a function.
	Log func(Impression)
}

// Predict implements serving.Predictor. K <= 0 or an empty Items panics.
func (m *Middleware) Predict(ctx context.Context, rows []serving.Row) []serving.Outcome {
	if m.K <= 0 || m.Items == "" {
		panic(fmt.Sprintf("interleave: Middleware needs Items and K > 0, got %q and %d", m.Items, m.K))
	}
	forward := rows
	if m.RequestInput != "" {
		forward = make([]serving.Row, len(rows))
		for i, r := range rows {
			forward[i] = serving.Row{ID: r.ID, Values: make(map[string]serving.Value, len(r.Values))}
			for k, v := range r.Values {
				if k != m.RequestInput {
					forward[i].Values[k] = v
				}
			}
		}
	}
	var a, b []serving.Outcome
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); a = m.A.Predict(ctx, forward) }()
	go func() { defer wg.Done(); b = m.B.Predict(ctx, forward) }()
	wg.Wait()
	out := make([]serving.Outcome, len(rows))
	for i, row := range rows {
		o := &out[i]
		o.ID, o.Attempts = row.ID, 1
		o.Latency = max(a[i].Latency, b[i].Latency)
		la, errA := m.list(a[i])
		lb, errB := m.list(b[i])
		if err := errors.Join(side("A", errA), side("B", errB)); err != nil {
			o.Err = err
			continue
		}
		id := row.ID
		if m.RequestInput != "" {
			v := row.Values[m.RequestInput]
			if len(v.Strings) == 0 || v.Strings[0] == "" {
				o.Err = fmt.Errorf("interleave: no request id in input %q", m.RequestInput)
				continue
			}
			id = v.Strings[0]
		}
		il := TeamDraft(la, lb, m.K, RequestRand(m.Seed, id))
		items := make([]string, m.K)
		teams := make([]string, m.K)
		copy(items, il.Items)
		copy(teams, il.TeamNames())
		o.Outputs = map[string]serving.Value{
			m.Items:     serving.StringVector(items...),
			TeamsOutput: serving.StringVector(teams...),
		}
		if m.Log != nil {
			im := Impression{ID: id, Items: il.Items, Teams: il.TeamNames(), Clicks: []string{}}
			if v, ok := row.Values[m.UserInput]; ok && m.UserInput != "" && len(v.Strings) > 0 {
				im.User = v.Strings[0]
			}
			m.Log(im)
		}
	}
	return out
}

func side(name string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("interleave: ranker %s: %w", name, err)
}

// list returns the ranked list of one ranker's outcome, padding removed.
func (m *Middleware) list(o serving.Outcome) ([]string, error) {
	if o.Err != nil {
		return nil, o.Err
	}
	v, ok := o.Outputs[m.Items]
	if !ok {
		return nil, fmt.Errorf("no output %q", m.Items)
	}
	if len(v.Strings) == 0 && len(v.Numbers) > 0 {
		return nil, fmt.Errorf("output %q holds numbers, want item ids (BYTES)", m.Items)
	}
	list := make([]string, 0, len(v.Strings))
	for _, s := range v.Strings {
		if s != "" {
			list = append(list, s)
		}
	}
	return list, nil
}

// Model wraps the middleware as a serving.Model of that name, for the
// protocol handlers (serving.NewV2Handler, NewJSONHandler): the interleaved
// list and its teams as BYTES outputs of shape [K]. A batch in which any
// row failed fails as a whole with the first row's error, as a model would.
func (m *Middleware) Model(name string) serving.Model {
	return serving.Model{
		Name: name,
		Outputs: []serving.TensorSpec{
			{Name: m.Items, Datatype: serving.Bytes, Shape: []int{m.K}},
			{Name: TeamsOutput, Datatype: serving.Bytes, Shape: []int{m.K}},
		},
		Predict: func(ctx context.Context, rows []serving.Row) ([]map[string]serving.Value, error) {
			outs := make([]map[string]serving.Value, len(rows))
			for i, o := range m.Predict(ctx, rows) {
				if o.Err != nil {
					return nil, fmt.Errorf("row %q: %w", o.ID, o.Err)
				}
				outs[i] = o.Outputs
			}
			return outs, nil
		},
	}
}
