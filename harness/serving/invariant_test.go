package serving

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// chaosServer answers each infer request, at random from a seeded
// generator, correctly or with one of the faults a real deployment shows.
type chaosServer struct {
	h   http.Handler
	mu  sync.Mutex
	rng *rand.Rand
}

func (c *chaosServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		c.h.ServeHTTP(w, r)
		return
	}
	c.mu.Lock()
	fault := c.rng.IntN(20)
	c.mu.Unlock()
	switch fault {
	case 0, 1:
		writeError(w, http.StatusServiceUnavailable, "overloaded")
	case 2:
		w.Header().Set("Retry-After", "0")
		writeError(w, http.StatusTooManyRequests, "slow down")
	case 3:
		writeError(w, http.StatusBadRequest, "rejected")
	case 4:
		w.Write([]byte(`{"outputs":[{"name":"y","datatype":"FP64","shape":[1],"data":[1`))
	case 5:
		io.Copy(io.Discard, r.Body)
		<-r.Context().Done() // slower than any timeout
	case 6:
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close() // connection reset, no response
		}
	case 7:
		w.Write([]byte(`{"outputs":[{"name":"y","datatype":"FP64","shape":[0],"data":[]}]}`)) // wrong batch size
	default:
		c.h.ServeHTTP(w, r)
	}
}

// TestClientAccountsForEveryRow is the client's invariant under random
// faults, configurations, bad rows and cancellation: exactly one outcome
// per row, in order, each either correct outputs or an error; no panic,
// no hang.
func TestClientAccountsForEveryRow(t *testing.T) {
	cases := 30
	if testing.Short() {
		cases = 8
	}
	for seed := uint64(1); seed <= uint64(cases); seed++ {
		rng := rand.New(rand.NewPCG(seed, 99))
		srv := httptest.NewServer(&chaosServer{h: NewV2Handler(sumModel()), rng: rand.New(rand.NewPCG(seed, 7))})
		protocols := []Protocol{NewV2(srv.URL, "m", nil)}
		c := NewClient(protocols[0])
		c.Timeout, c.Backoff, c.Seed = 30*time.Millisecond, time.Millisecond, seed
		c.Retries, c.BatchSize, c.Concurrency = rng.IntN(4), 1+rng.IntN(10), 1+rng.IntN(8)
		rows := sumRows(rng.IntN(60))
		for i := range rows {
			switch rng.IntN(10) {
			case 0:
				rows[i].Values["x"] = Value{Numbers: []float64{1}, Shape: []int{3}} // rejected before sending
			case 1:
				rows[i].Values["x"] = Vector(1, 2, float64(i)) // another shape: another batch
			}
		}
		ctx, cancel := context.WithCancel(context.Background())
		if rng.IntN(4) == 0 {
			time.AfterFunc(time.Duration(rng.IntN(40))*time.Millisecond, cancel)
		}
		outcomes := c.Predict(ctx, rows)
		cancel()
		srv.Close()

		if len(outcomes) != len(rows) {
			t.Fatalf("seed %d: %d outcomes for %d rows", seed, len(outcomes), len(rows))
		}
		for i, o := range outcomes {
			if o.ID != rows[i].ID {
				t.Fatalf("seed %d: outcome %d has ID %q, want %q", seed, i, o.ID, rows[i].ID)
			}
			if (o.Err == nil) == (o.Outputs == nil) {
				t.Fatalf("seed %d: row %d: outputs %v and error %v", seed, i, o.Outputs, o.Err)
			}
			if o.Attempts > c.Retries+1 {
				t.Fatalf("seed %d: row %d: %d attempts with %d retries", seed, i, o.Attempts, c.Retries)
			}
			if o.Err != nil {
				if !strings.HasPrefix(o.Err.Error(), "serving: ") {
					t.Fatalf("seed %d: row %d: error %q", seed, i, o.Err)
				}
				continue
			}
			want := 0.0
			for _, x := range rows[i].Values["x"].Numbers {
				want += x
			}
			if got := o.Outputs["y"].Numbers; len(got) != 1 || got[0] != want {
				t.Fatalf("seed %d: row %d: y = %v, want %v", seed, i, got, want)
			}
		}
	}
}

// TestRoundTripVersionsAndNames checks the version paths and the output
// selection of the clients against the handlers.
func TestRoundTripVersionsAndNames(t *testing.T) {
	m := affineModel()
	v2 := httptest.NewServer(NewV2Handler(m))
	defer v2.Close()
	tf := httptest.NewServer(NewTFServingHandler(m))
	defer tf.Close()
	row := []Row{{ID: "a", Values: map[string]Value{"x": Vector(1, 2), "user": {Strings: []string{"u"}}}}}

	p := NewV2(v2.URL+"/", "affine", nil)
	p.Version, p.Outputs = "3", []string{"score"}
	o := NewClient(p).Predict(context.Background(), row)[0]
	if o.Err != nil || len(o.Outputs) != 1 || o.Outputs["score"].Numbers[0] != 4 {
		t.Errorf("v2 version 3, output score: %+v", o)
	}
	p.Version = "4"
	p.meta.Store(nil)
	o = NewClient(p).Predict(context.Background(), row)[0]
	if want := `serving: v2 metadata model "affine": HTTP 404: {"error":"model \"affine\" version \"4\" not found"}`; o.Err == nil || o.Err.Error() != want {
		t.Errorf("v2 version 4: %+v, want %s", o, want)
	}

	q := NewTFServing(tf.URL, "affine", nil)
	q.Version, q.Outputs = "3", []string{"user", "positive"}
	o = NewClient(q).Predict(context.Background(), row)[0]
	if o.Err != nil || len(o.Outputs) != 2 || o.Outputs["user"].Strings[0] != "u" || o.Outputs["positive"].Numbers[0] != 1 {
		t.Errorf("tfserving version 3: %+v", o)
	}
}
