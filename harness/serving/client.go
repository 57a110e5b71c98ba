package serving

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Client calls a served model through a Protocol the way a production
// client must: several requests at once, rows batched, each request bounded
// in time, temporary failures retried, the request rate limited. It is a
// Predictor: Predict returns exactly one Outcome per row, in input order.
//
// Retry policy: a request is retried, up to Retries times, when it gets no
// response (connection refused or reset), when it times out, and on HTTP 429
// and 5xx. Any other 4xx, a malformed response and a row the protocol
// cannot encode fail at once. Before retry k (1-based) the client waits a
// random duration in [d/2, d], d = min(Backoff * 2^(k-1), MaxBackoff), drawn
// from a generator seeded with Seed and the batch's index, so a run's waits
// are reproducible; if the server sent Retry-After, it waits at least that
// long. Every attempt, retries included, takes a token from the rate limit.
//
// Set fields before calling Predict and do not change them during it; a
// Client may run several Predict calls at once.
//
// Predict returns every outcome at once, so its memory grows with the
// rows (about 1 KB a row of one small output). A caller with a long stream
// of rows calls Predict on chunks of a few thousand and drops each chunk's
// outcomes when done with them: the memory is then reused, which on a
// virtual machine, where first touching fresh memory is slow, saved 14% of
// the client's CPU a request in the benchmarks (BENCHMARKS.md, the serving
// client's fifth pass).
type Client struct {
	Protocol Protocol
	// Concurrency is the most requests in flight at once (at least 1).
	Concurrency int
	// BatchSize is the most rows one request carries (at least 1; the
	// protocol may allow fewer). Rows whose inputs differ in shape or kind
	// go in different requests.
	BatchSize int
	// Timeout bounds each attempt; 0 means no bound beyond ctx.
	Timeout time.Duration
	// Retries is how many times a temporary failure is retried.
	Retries int
	// Backoff and MaxBackoff set the wait before a retry, as above.
	Backoff, MaxBackoff time.Duration
	// RequestsPerSecond limits the rate at which attempts start, with up to
	// Burst at once (at least 1); 0 means no limit. The limit is per
	// Predict call.
	RequestsPerSecond float64
	Burst             int
	// Seed seeds the jitter of the backoff.
	Seed uint64
	// Progress, if set, is called after each request (and once for rows
	// rejected before sending) with the rows done so far and the total.
	// Calls are serialized and done only grows.
	Progress func(done, total int)
}

// NewClient returns a Client of p with the defaults: Concurrency 8,
// BatchSize 32, Timeout 5s, Retries 2, Backoff 50ms, MaxBackoff 2s, no rate
// limit.
func NewClient(p Protocol) *Client {
	return &Client{Protocol: p, Concurrency: 8, BatchSize: 32, Timeout: 5 * time.Second,
		Retries: 2, Backoff: 50 * time.Millisecond, MaxBackoff: 2 * time.Second}
}

// batch is the indices of the rows one request carries.
type batch []int

// Predict sends rows and returns their outcomes, one per row in order. A
// row the protocol rejects before sending fails with Attempts 0; a batch
// that still fails after retries fails each of its rows with that error;
// rows not sent when ctx ends fail with ctx's error. No row is dropped.
func (c *Client) Predict(ctx context.Context, rows []Row) []Outcome {
	outcomes := make([]Outcome, len(rows))
	for i, r := range rows {
		outcomes[i].ID = r.ID
	}
	if len(rows) == 0 {
		return outcomes
	}
	limit := newTokenBucket(c.RequestsPerSecond, c.Burst)
	if p, ok := c.Protocol.(preparer); ok {
		if _, _, err := c.attempt(ctx, limit, 0, p.Prepare); err != nil {
			for i := range outcomes {
				outcomes[i].Err = err
			}
			c.progress(len(rows), len(rows))
			return outcomes
		}
	}
	batches, rejected := c.plan(rows, outcomes)
	prog := &progress{done: rejected, total: len(rows), report: c.Progress}
	if rejected > 0 {
		prog.add(0)
	}

	// Each worker takes the next batch in order as it comes free: a
	// counter, not a channel, so no goroutine hands batches out.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(max(c.Concurrency, 1), len(batches)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := int(next.Add(1) - 1); k < len(batches); k = int(next.Add(1) - 1) {
				c.run(ctx, limit, k, batches[k], rows, outcomes)
				prog.add(len(batches[k]))
			}
		}()
	}
	wg.Wait()
	return outcomes
}

func (c *Client) progress(done, total int) {
	if c.Progress != nil {
		c.Progress(done, total)
	}
}

type progress struct {
	mu          sync.Mutex
	done, total int
	report      func(done, total int)
}

func (p *progress) add(n int) {
	if p.report == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	p.report(p.done, p.total)
}

// plan checks each row with the protocol (failing those it rejects) and
// groups the rest into batches of rows with the same input names, shapes
// and kinds, in input order, at most the batch size. It returns the batches
// and the number of rows rejected.
func (c *Client) plan(rows []Row, outcomes []Outcome) ([]batch, int) {
	size := max(c.BatchSize, 1)
	if mb, ok := c.Protocol.(maxBatcher); ok && mb.MaxBatch() > 0 {
		size = min(size, mb.MaxBatch())
	}
	check, _ := c.Protocol.(rowChecker)
	batches := make([]batch, 0, (len(rows)+size-1)/size) // enough unless rows differ in shape
	open := map[string]int{}                             // signature -> index of its open batch
	var ones []int                                       // the backing of one-row batches
	rejected := 0
	for i, r := range rows {
		if check != nil {
			if err := check.CheckRow(r); err != nil {
				outcomes[i].Err = err
				rejected++
				continue
			}
		}
		if size == 1 { // every row is a batch of its own: no grouping
			if len(ones) == cap(ones) {
				ones = make([]int, 0, min(len(rows)-i, 4096))
			}
			ones = append(ones, i)
			batches = append(batches, ones[len(ones)-1:len(ones):len(ones)])
			continue
		}
		sig := signature(r)
		k, ok := open[sig]
		if !ok || len(batches[k]) == size {
			k = len(batches)
			batches = append(batches, make(batch, 0, size))
			open[sig] = k
		}
		batches[k] = append(batches[k], i)
	}
	return batches, rejected
}

// signature identifies the rows that can share a request: same input names,
// and for each the same shape and kind of elements.
func signature(r Row) string {
	var b strings.Builder
	for _, name := range sortedKeys(r.Values) {
		v := r.Values[name]
		b.WriteString(strconv.Quote(name))
		if v.Strings != nil {
			b.WriteByte('s')
		} else {
			b.WriteByte('n')
		}
		for _, d := range v.Shape {
			b.WriteByte(',')
			b.WriteString(strconv.Itoa(d))
		}
		b.WriteByte(';')
	}
	return b.String()
}

// run sends batch k with retries and records the outcome of its rows.
func (c *Client) run(ctx context.Context, limit *tokenBucket, k int, b batch, rows []Row, outcomes []Outcome) {
	if err := ctx.Err(); err != nil {
		for _, i := range b {
			outcomes[i].Err = fmt.Errorf("serving: %w before the request was sent", err)
		}
		return
	}
	var reqRows []Row
	if b[len(b)-1]-b[0] == len(b)-1 { // consecutive rows: no copy
		reqRows = rows[b[0] : b[0]+len(b) : b[0]+len(b)]
	} else {
		reqRows = make([]Row, len(b))
		for j, i := range b {
			reqRows[j] = rows[i]
		}
	}
	var outs []map[string]Value
	attempts, latency, err := c.attempt(ctx, limit, uint64(k)+1, func(ctx context.Context) error {
		o, err := c.Protocol.Infer(ctx, reqRows)
		if err == nil {
			err = checkOutputs(o, len(reqRows))
		}
		outs = o
		return err
	})
	for j, i := range b {
		outcomes[i].Attempts = attempts
		outcomes[i].Latency = latency
		if err != nil {
			outcomes[i].Err = err
		} else {
			outcomes[i].Outputs = outs[j]
		}
	}
}

// checkOutputs guards against a Protocol that returns the wrong number of
// rows or a nil row, which would otherwise leave a row with neither outputs
// nor error.
func checkOutputs(outs []map[string]Value, n int) error {
	if len(outs) != n {
		return &Error{Op: "infer", Err: fmt.Errorf("the protocol returned %d rows for %d", len(outs), n), kind: kindMalformed}
	}
	for j, o := range outs {
		if o == nil {
			return &Error{Op: "infer", Err: fmt.Errorf("the protocol returned no outputs for row %d", j), kind: kindMalformed}
		}
	}
	return nil
}

// attempt calls call until it succeeds, fails permanently or has been
// retried c.Retries times, under the rate limit, the per-attempt timeout
// and the backoff, whose jitter is drawn from stream k of the seed (made on
// the first retry). It returns the number of attempts and the latency of
// the last.
func (c *Client) attempt(ctx context.Context, limit *tokenBucket, k uint64, call func(context.Context) error) (int, time.Duration, error) {
	var rng *rand.Rand
	attempts := 0
	var latency time.Duration
	var last error
	for {
		if err := limit.wait(ctx); err != nil {
			return attempts, latency, canceled(err, last)
		}
		attempts++
		start := time.Now()
		var err error
		timedOut := false
		if c.Timeout > 0 {
			a := newAttemptCtx(ctx, start, c.Timeout)
			err = call(a)
			end := time.Now()
			latency = end.Sub(start)
			timedOut = a.finish(end)
		} else {
			err = call(ctx)
			latency = time.Since(start)
		}
		if err == nil {
			return attempts, latency, nil
		}
		if ctx.Err() != nil {
			return attempts, latency, canceled(ctx.Err(), err)
		}
		retry, after := temporary(err)
		if timedOut {
			retry = true
			err = fmt.Errorf("%w (request timeout %v)", err, c.Timeout)
		}
		last = err
		if !retry || attempts > c.Retries {
			return attempts, latency, err
		}
		if rng == nil {
			rng = newRand(c.Seed, k)
		}
		if err := sleep(ctx, max(c.backoff(attempts, rng), after)); err != nil {
			return attempts, latency, canceled(err, last)
		}
	}
}

// backoff is the jittered wait before retry k (1-based).
func (c *Client) backoff(k int, rng *rand.Rand) time.Duration {
	d := c.Backoff
	for i := 1; i < k && d < c.MaxBackoff; i++ {
		d *= 2
	}
	if c.MaxBackoff > 0 && d > c.MaxBackoff {
		d = c.MaxBackoff
	}
	if d <= 0 {
		return 0
	}
	return d/2 + time.Duration(rng.Int64N(int64(d/2)+1))
}

func canceled(ctxErr, last error) error {
	if last == nil {
		return fmt.Errorf("serving: %w", ctxErr)
	}
	return fmt.Errorf("serving: %w; last attempt: %v", ctxErr, last)
}

// newRand is the jitter generator of stream k (0 for Prepare, batch index+1
// for a batch).
func newRand(seed, k uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, k)) }
