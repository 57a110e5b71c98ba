package serving

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// sumModel returns y = sum of x per row, FP64.
func sumModel() Model {
	return Model{Name: "m",
		Inputs:  []TensorSpec{{Name: "x", Datatype: FP64, Shape: []int{-1}}},
		Outputs: []TensorSpec{{Name: "y", Datatype: FP64, Shape: []int{}}},
		Predict: func(ctx context.Context, rows []Row) ([]map[string]Value, error) {
			outs := make([]map[string]Value, len(rows))
			for i, r := range rows {
				s := 0.0
				for _, x := range r.Values["x"].Numbers {
					s += x
				}
				outs[i] = map[string]Value{"y": Scalar(s)}
			}
			return outs, nil
		}}
}

func sumRows(n int) []Row {
	rows := make([]Row, n)
	for i := range rows {
		rows[i] = Row{ID: fmt.Sprint("r", i), Values: map[string]Value{"x": Vector(float64(i), 1)}}
	}
	return rows
}

// checkAccounted fails unless there is exactly one outcome per row, in
// order, each with exactly one of outputs and error.
func checkAccounted(t *testing.T, rows []Row, outcomes []Outcome) (ok, failed int) {
	t.Helper()
	if len(outcomes) != len(rows) {
		t.Fatalf("%d outcomes for %d rows", len(outcomes), len(rows))
	}
	for i, o := range outcomes {
		if o.ID != rows[i].ID {
			t.Errorf("outcome %d has ID %q, want %q", i, o.ID, rows[i].ID)
		}
		switch {
		case o.Err == nil && o.Outputs != nil:
			ok++
		case o.Err != nil && o.Outputs == nil:
			failed++
		default:
			t.Errorf("outcome %d: outputs %v and error %v", i, o.Outputs, o.Err)
		}
	}
	return ok, failed
}

// counting wraps a handler, counting the infer requests it sees and
// answering some of them itself.
type counting struct {
	h      http.Handler
	n      atomic.Int64
	answer func(n int64, w http.ResponseWriter, r *http.Request) bool // true if it answered
}

func (c *counting) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		n := c.n.Add(1)
		if c.answer != nil && c.answer(n, w, r) {
			return
		}
	}
	c.h.ServeHTTP(w, r)
}

func TestClientRetriesFlakyServer(t *testing.T) {
	srv := &counting{h: NewV2Handler(sumModel()), answer: func(n int64, w http.ResponseWriter, r *http.Request) bool {
		switch n % 3 {
		case 1:
			writeError(w, http.StatusServiceUnavailable, "warming up")
			return true
		case 2:
			if n == 2 {
				w.Header().Set("Retry-After", "0")
				writeError(w, http.StatusTooManyRequests, "slow down")
				return true
			}
		}
		return false
	}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	rows := sumRows(40)
	c := NewClient(NewV2(ts.URL, "m", nil))
	c.BatchSize, c.Concurrency, c.Retries, c.Backoff = 4, 3, 5, time.Millisecond
	outcomes := c.Predict(context.Background(), rows)
	ok, failed := checkAccounted(t, rows, outcomes)
	if ok != len(rows) || failed != 0 {
		t.Fatalf("ok %d failed %d, want %d ok", ok, failed, len(rows))
	}
	attempts := 0
	for i, o := range outcomes {
		if got := o.Outputs["y"].Numbers[0]; got != float64(i)+1 {
			t.Errorf("row %d: y = %v, want %v", i, got, i+1)
		}
		if i%4 == 0 {
			attempts += o.Attempts
		}
		if o.Attempts < 1 || o.Attempts != outcomes[i-i%4].Attempts {
			t.Errorf("row %d: %d attempts, its batch's first row %d", i, o.Attempts, outcomes[i-i%4].Attempts)
		}
	}
	if int64(attempts) != srv.n.Load() {
		t.Errorf("outcomes count %d attempts, the server saw %d requests", attempts, srv.n.Load())
	}
	if attempts <= 10 {
		t.Errorf("%d attempts for 10 batches: the failures were not retried", attempts)
	}
}

func TestClientHonoursRetryAfter(t *testing.T) {
	srv := &counting{h: NewV2Handler(sumModel()), answer: func(n int64, w http.ResponseWriter, r *http.Request) bool {
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			writeError(w, http.StatusTooManyRequests, "slow down")
			return true
		}
		return false
	}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c := NewClient(NewV2(ts.URL, "m", nil))
	c.Backoff = time.Millisecond
	start := time.Now()
	outcomes := c.Predict(context.Background(), sumRows(1))
	if took := time.Since(start); took < time.Second {
		t.Errorf("retried after %v, the server asked for 1s", took)
	}
	if o := outcomes[0]; o.Err != nil || o.Attempts != 2 {
		t.Errorf("outcome %+v, want success on attempt 2", o)
	}
}

func TestClientDoesNotRetryClientErrors(t *testing.T) {
	srv := &counting{h: NewV2Handler(sumModel()), answer: func(n int64, w http.ResponseWriter, r *http.Request) bool {
		writeError(w, http.StatusBadRequest, "no such thing")
		return true
	}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c := NewClient(NewV2(ts.URL, "m", nil))
	outcomes := c.Predict(context.Background(), sumRows(3))
	want := `serving: v2 infer model "m": HTTP 400: {"error":"no such thing"}`
	for _, o := range outcomes {
		if o.Err == nil || o.Err.Error() != want || o.Attempts != 1 {
			t.Errorf("outcome %+v, want error %s after 1 attempt", o, want)
		}
		var e *Error
		if !errors.As(o.Err, &e) || e.StatusCode != 400 || e.Temporary() {
			t.Errorf("error %#v is not a permanent *Error with status 400", o.Err)
		}
	}
	if srv.n.Load() != 1 {
		t.Errorf("%d requests, want 1", srv.n.Load())
	}
}

func TestClientTimesOutSlowServer(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	srv := &counting{h: NewV2Handler(sumModel()), answer: func(n int64, w http.ResponseWriter, r *http.Request) bool {
		io.Copy(io.Discard, r.Body) // the server notices a closed connection only once the body is read
		select {
		case <-r.Context().Done():
		case <-release:
		}
		return true
	}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c := NewClient(NewV2(ts.URL, "m", nil))
	c.Timeout, c.Retries, c.Backoff, c.BatchSize = 50*time.Millisecond, 1, time.Millisecond, 2
	start := time.Now()
	rows := sumRows(4)
	outcomes := c.Predict(context.Background(), rows)
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %v for 2 batches of 2 attempts of 50ms", took)
	}
	if _, failed := checkAccounted(t, rows, outcomes); failed != 4 {
		t.Fatalf("%d failed, want 4", failed)
	}
	for _, o := range outcomes {
		if o.Attempts != 2 || !strings.Contains(o.Err.Error(), "(request timeout 50ms)") || !errors.Is(o.Err, context.DeadlineExceeded) {
			t.Errorf("outcome %+v, want a timeout after 2 attempts", o)
		}
		if o.Latency < 50*time.Millisecond {
			t.Errorf("latency %v of a request that timed out after 50ms", o.Latency)
		}
	}
	if srv.n.Load() != 4 {
		t.Errorf("server saw %d requests, want 4", srv.n.Load())
	}
}

func TestClientConnectionRefused(t *testing.T) {
	ts := httptest.NewServer(NewTFServingHandler(sumModel()))
	url := ts.URL
	ts.Close()
	c := NewClient(NewTFServing(url, "m", nil))
	c.Retries, c.Backoff = 2, time.Millisecond
	rows := sumRows(5)
	outcomes := c.Predict(context.Background(), rows)
	if _, failed := checkAccounted(t, rows, outcomes); failed != 5 {
		t.Fatalf("%d failed, want 5", failed)
	}
	for _, o := range outcomes {
		if o.Attempts != 3 || !strings.Contains(o.Err.Error(), "connection refused") ||
			!strings.HasPrefix(o.Err.Error(), `serving: tfserving predict model "m": Post "`) {
			t.Errorf("outcome %+v, want connection refused after 3 attempts", o)
		}
	}

	// v2 needs the metadata first: its fetch is retried, then every row fails.
	c.Protocol = NewV2(url, "m", nil)
	outcomes = c.Predict(context.Background(), rows)
	if _, failed := checkAccounted(t, rows, outcomes); failed != 5 {
		t.Fatalf("v2: %d failed, want 5", failed)
	}
	if err := outcomes[0].Err.Error(); !strings.HasPrefix(err, `serving: v2 metadata model "m": Get "`) || !strings.Contains(err, "connection refused") {
		t.Errorf("v2 error %s", err)
	}
}

func TestClientMalformedResponses(t *testing.T) {
	meta := `{"name":"m","platform":"x","inputs":[{"name":"x","datatype":"FP64","shape":[-1,2]}],"outputs":[{"name":"y","datatype":"FP32","shape":[-1]}]}`
	for _, c := range []struct{ body, want string }{
		{`{"outputs":[{"name":"y","datatype":"FP32","shape":[2],"data":[1,2]`, `malformed response: unexpected end of JSON input`},
		{`not json`, `malformed response: invalid character 'o' in literal null (expecting 'u')`},
		{`{"outputs":[]}`, `malformed response: no outputs`},
		{`{"outputs":[{"name":"z","datatype":"FP32","shape":[2],"data":[1,2]}]}`, `malformed response: output "y" is missing`},
		{`{"outputs":[{"name":"y","datatype":"FP32","shape":[3],"data":[1,2,3]}]}`, `malformed response: output "y" has shape [3] for a batch of 2`},
		{`{"outputs":[{"name":"y","datatype":"FP32","shape":[2],"data":[1,2,3]}]}`, `malformed response: output "y": 3 data elements for shape [2]`},
		{`{"outputs":[{"name":"y","datatype":"FP32","shape":[],"data":[1]}]}`, `malformed response: output "y" has shape [] for a batch of 2`},
		{`{"outputs":[{"name":"y","datatype":"FP33","shape":[2],"data":[1,2]}]}`, `malformed response: output "y" has unknown datatype "FP33"`},
		{`{"outputs":[{"name":"y","datatype":"FP32","shape":[2],"data":["a","b"]}]}`, `malformed response: output "y": FP32 data holds a string`},
		{`{"outputs":[{"name":"y","datatype":"INT32","shape":[2],"data":[1,2.5]}]}`, `malformed response: output "y": element 1: 2.5 is not a INT32`},
		{`{"outputs":[{"name":"y","datatype":"FP32","shape":[2],"data":[1,null]}]}`, `malformed response: output "y": data: null is not a tensor element`},
		{`{"outputs":[{"name":"y","datatype":"FP32","shape":[2]}]}`, `malformed response: output "y" has no data`},
		{`{"outputs":[{"name":"y","datatype":"FP32","shape":[2],"data":[1,2]},{"name":"y","datatype":"FP32","shape":[2],"data":[1,2]}]}`, `malformed response: output "y" appears twice`},
	} {
		var posts atomic.Int64
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet {
				w.Write([]byte(meta))
				return
			}
			posts.Add(1)
			w.Write([]byte(c.body))
		}))
		cl := NewClient(NewV2(ts.URL, "m", nil))
		rows := sumRows(2)
		outcomes := cl.Predict(context.Background(), rows)
		ts.Close()
		checkAccounted(t, rows, outcomes)
		want := fmt.Sprintf(`serving: v2 infer model "m": %s: body %q`, c.want, c.body)
		for _, o := range outcomes {
			if o.Err == nil || o.Err.Error() != want || o.Attempts != 1 {
				t.Errorf("response %s:\noutcome %+v\nwant error %s after 1 attempt", c.body, o, want)
			}
		}
		if posts.Load() != 1 {
			t.Errorf("response %s: %d posts, want 1 (no retry)", c.body, posts.Load())
		}
	}
}

func TestClientMalformedTFServingResponses(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{`{"predictions":[1]}`, `malformed response: 1 predictions for a batch of 2`},
		{`{"predictions":{"y":[1,2]}}`, `malformed response: json: cannot unmarshal object into Go struct field .predictions of type []json.RawMessage`},
		{`{"outputs":[1,2]}`, `malformed response: no "predictions" array`},
		{`{"predictions":[1,"a"]}`, ``},
		{`{"predictions":[[1,2],[3]]}`, ``},
		{`{"predictions":[{"y":1},{"z":2}]}`, `malformed response: prediction 1: output "y" is missing`},
		{`{"predictions":[[1,[2]],3]}`, `malformed response: prediction 0 output "predictions": nested arrays are not rectangular`},
	} {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(c.body)) }))
		p := NewTFServing(ts.URL, "m", nil)
		p.Outputs = nil
		if strings.Contains(c.body, `"y"`) {
			p.Outputs = []string{"y"}
		}
		outcomes := NewClient(p).Predict(context.Background(), sumRows(2))
		ts.Close()
		for _, o := range outcomes {
			if c.want == "" { // rows may differ in shape or kind: each is its own value
				if o.Err != nil {
					t.Errorf("response %s: %v", c.body, o.Err)
				}
				continue
			}
			want := fmt.Sprintf(`serving: tfserving predict model "m": %s: body %q`, c.want, c.body)
			if o.Err == nil || o.Err.Error() != want || o.Attempts != 1 {
				t.Errorf("response %s:\noutcome %+v\nwant error %s after 1 attempt", c.body, o, want)
			}
		}
	}
}

func TestClientRejectsBadRowsAlone(t *testing.T) {
	ts := httptest.NewServer(NewV2Handler(sumModel()))
	defer ts.Close()
	rows := sumRows(6)
	rows[1].Values["x"] = Value{Numbers: []float64{1, 2, 3}, Shape: []int{2}}
	rows[3].Values = map[string]Value{"w": Vector(1, 2)}
	rows[4].Values["x"] = StringVector("a", "b")
	c := NewClient(NewV2(ts.URL, "m", nil))
	outcomes := c.Predict(context.Background(), rows)
	ok, failed := checkAccounted(t, rows, outcomes)
	if ok != 3 || failed != 3 {
		t.Errorf("ok %d failed %d, want 3 and 3", ok, failed)
	}
	for i, want := range map[int]string{
		1: `serving: v2 infer model "m": row "r1" input "x": 3 elements for shape [2]`,
		3: `serving: v2 infer model "m": row "r3" has no input "x"`,
		4: `serving: v2 infer model "m": row "r4": input "x" is FP64 in the metadata, the row holds strings`,
	} {
		if o := outcomes[i]; o.Err == nil || o.Err.Error() != want || o.Attempts != 0 {
			t.Errorf("row %d: outcome %+v, want %s before sending", i, o, want)
		}
	}
}

func TestClientCancellationFailsRemainingRows(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var once sync.Once
	srv := &counting{h: NewV2Handler(sumModel()), answer: func(n int64, w http.ResponseWriter, r *http.Request) bool {
		if n >= 3 {
			once.Do(cancel)
			io.Copy(io.Discard, r.Body)
			<-r.Context().Done()
			return true
		}
		return false
	}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	rows := sumRows(100)
	c := NewClient(NewV2(ts.URL, "m", nil))
	c.BatchSize, c.Concurrency = 5, 2
	outcomes := c.Predict(ctx, rows)
	ok, failed := checkAccounted(t, rows, outcomes)
	// The first POST is answered; the third cancels ctx, which also aborts
	// the second if it is still in flight: at least one batch of 5 is ok.
	if ok < 5 || ok%5 != 0 || ok+failed != 100 || failed < 80 {
		t.Errorf("ok %d failed %d", ok, failed)
	}
	for _, o := range outcomes {
		if o.Err != nil && !errors.Is(o.Err, context.Canceled) {
			t.Errorf("outcome %+v: want context.Canceled", o)
		}
	}
}

func TestClientRateLimit(t *testing.T) {
	const rate, n = 40.0, 12
	var mu sync.Mutex
	var arrivals []time.Duration
	var start time.Time
	srv := &counting{h: NewJSONHandler(sumModel()), answer: func(_ int64, w http.ResponseWriter, r *http.Request) bool {
		mu.Lock()
		arrivals = append(arrivals, time.Since(start))
		mu.Unlock()
		return false
	}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c := NewClient(NewJSON(ts.URL, nil))
	c.RequestsPerSecond, c.Concurrency = rate, 4
	start = time.Now()
	outcomes := c.Predict(context.Background(), sumRows(n))
	if ok, _ := checkAccounted(t, sumRows(n), outcomes); ok != n {
		t.Fatalf("ok %d, want %d", ok, n)
	}
	slices.Sort(arrivals)
	// With a burst of 1, request k (0-based) cannot start before k/rate.
	// Slowness only delays arrivals, so this lower bound cannot flake.
	for k, a := range arrivals {
		if due := time.Duration(float64(k) / rate * float64(time.Second)); a < due {
			t.Errorf("request %d arrived at %v, the limit allows it from %v", k, a, due)
		}
	}
	if len(arrivals) != n {
		t.Errorf("%d requests, want %d", len(arrivals), n)
	}
}

func TestClientProgress(t *testing.T) {
	ts := httptest.NewServer(NewV2Handler(sumModel()))
	defer ts.Close()
	rows := sumRows(50)
	rows[7].Values = nil
	var calls [][2]int
	c := NewClient(NewV2(ts.URL, "m", nil))
	c.BatchSize = 8
	c.Progress = func(done, total int) { calls = append(calls, [2]int{done, total}) }
	c.Predict(context.Background(), rows)
	// One call for the rejected row, one per batch of the 49 others.
	if len(calls) != 1+7 || calls[0] != [2]int{1, 50} || calls[len(calls)-1] != [2]int{50, 50} {
		t.Fatalf("progress calls %v", calls)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] <= calls[i-1][0] {
			t.Errorf("progress went from %v to %v", calls[i-1], calls[i])
		}
	}
}

func TestV2MetadataFetchedOnce(t *testing.T) {
	var gets atomic.Int64
	h := NewV2Handler(sumModel())
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			gets.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	defer ts.Close()
	c := NewClient(NewV2(ts.URL, "m", nil))
	c.Predict(context.Background(), sumRows(70))
	c.Predict(context.Background(), sumRows(70))
	if gets.Load() != 1 {
		t.Errorf("%d metadata requests, want 1", gets.Load())
	}
}

func TestBackoffIsSeededAndBounded(t *testing.T) {
	c := NewClient(nil)
	c.Backoff, c.MaxBackoff = 100*time.Millisecond, 300*time.Millisecond
	waits := func(seed uint64) []time.Duration {
		c.Seed = seed
		var ws []time.Duration
		for k := 1; k <= 4; k++ {
			ws = append(ws, c.backoff(k, newRand(c.Seed, 1)))
		}
		return ws
	}
	a, b := waits(7), waits(7)
	if !slices.Equal(a, b) {
		t.Errorf("seed 7 gave %v then %v", a, b)
	}
	for k, w := range a {
		d := min(100*time.Millisecond<<k, 300*time.Millisecond)
		if w < d/2 || w > d {
			t.Errorf("seed 7 retry %d waits %v, want within [%v, %v]", k+1, w, d/2, d)
		}
	}
}

func TestSummarizeLatency(t *testing.T) {
	var outcomes []Outcome
	for i := 1; i <= 200; i++ {
		outcomes = append(outcomes, Outcome{Latency: time.Duration(i) * time.Millisecond})
	}
	outcomes = append(outcomes, Outcome{Err: errors.New("x"), Latency: time.Hour})
	got := SummarizeLatency(outcomes)
	want := LatencySummary{N: 200, P50: 100 * time.Millisecond, P95: 190 * time.Millisecond, P99: 198 * time.Millisecond, Max: 200 * time.Millisecond}
	if got != want {
		t.Errorf("SummarizeLatency = %+v, want %+v", got, want)
	}
	if got := SummarizeLatency(outcomes[:1]); got != (LatencySummary{N: 1, P50: time.Millisecond, P95: time.Millisecond, P99: time.Millisecond, Max: time.Millisecond}) {
		t.Errorf("one outcome: %+v", got)
	}
	if got := SummarizeLatency(nil); got != (LatencySummary{}) {
		t.Errorf("none: %+v", got)
	}
}

// Infer called directly, without Client's checks and grouping, still
// refuses what it cannot send.
func TestV2InferDirectRefusesBadBatches(t *testing.T) {
	ts := httptest.NewServer(NewV2Handler(sumModel()))
	defer ts.Close()
	p := NewV2(ts.URL, "m", nil)
	ctx := context.Background()
	for _, c := range []struct {
		batch []Row
		want  string
	}{
		{[]Row{{ID: "a", Values: map[string]Value{"x": Vector(1)}}, {ID: "b", Values: map[string]Value{"x": Vector(1, 2)}}},
			`serving: v2 infer model "m": input "x": rows "a" and "b" differ in shape or kind`},
		{[]Row{{ID: "a", Values: map[string]Value{"z": Vector(1)}}},
			`serving: v2 infer model "m": row "a": model "m" has no input "z"`},
		{[]Row{{ID: "a", Values: map[string]Value{"x": {Numbers: []float64{1, 2}}}}},
			`serving: v2 infer model "m": row "a" input "x": 2 elements for shape []`},
	} {
		outs, err := p.Infer(ctx, c.batch)
		if err == nil || err.Error() != c.want || outs != nil {
			t.Errorf("Infer = %v, %v; want error %s", outs, err, c.want)
		}
		if ok, _ := temporary(err); ok {
			t.Errorf("error %v is temporary", err)
		}
	}
	outs, err := p.Infer(ctx, sumRows(3))
	if err != nil || len(outs) != 3 || outs[2]["y"].Numbers[0] != 3 {
		t.Errorf("Infer = %v, %v", outs, err)
	}
}

// TestClientReusedBodiesKeepOutputs: the v2 client reuses request and
// response buffers between requests; every row's outputs are still its
// own after thousands of requests, eight at a time, at batch 1 and 3, with
// rows of two sizes (so a reused buffer is sometimes too short) and one
// response of over 64 KiB (never pooled).
func TestClientReusedBodiesKeepOutputs(t *testing.T) {
	srv := httptest.NewServer(NewV2Handler(trivialModel()))
	defer srv.Close()
	rows := make([]Row, 3000)
	for i := range rows {
		n := 4
		if i%7 == 0 {
			n = 40
		}
		if i == 1234 {
			n = 20000
		}
		xs := make([]float64, n)
		for k := range xs {
			xs[k] = float64(i) + float64(k)/8
		}
		rows[i] = Row{ID: fmt.Sprint(i), Values: map[string]Value{"x": Vector(xs...)}}
	}
	for _, size := range []int{1, 3} {
		c := NewClient(NewV2(srv.URL, "trivial", nil))
		c.BatchSize = size
		for i, o := range c.Predict(t.Context(), rows) {
			want := rows[i].Values["x"].Numbers
			got := o.Outputs["y"].Numbers
			if o.Err != nil || !slices.Equal(got, want) {
				t.Fatalf("batch size %d row %d: %v, outputs %v, want %v", size, i, o.Err, got, want)
			}
		}
	}
}
