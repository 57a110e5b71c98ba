package reclog

import (
	"bytes"
	"container/heap"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/mltest/mltest/examples/recommender/recdata"
)

// Clock is a settable clock for the Logger (Logger.Now = clock.Now).
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Set moves the clock.
func (c *Clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// SimOptions shape the simulated traffic.
type SimOptions struct {
	Seed      uint64
	K         int           // list length; 0 means 10
	ClickRate float64       // chance a user clicks a listed item they go on to use; 0 means 0.7
	MeanDelay time.Duration // mean of the exponential click delay; 0 means 20 minutes
	VisitGap  time.Duration // a user visits at most once per gap; 0 means 24h
}

// Simulate plays the test period of d against the Handler at baseURL: each
// eval user's test events become visits (at most one per VisitGap), each
// visit a POST /recommend at the event's time; a listed item the user goes
// on to use in the test period is clicked with probability ClickRate,
// after an exponential delay (some come hours later: late labels). Events
// are played in time order with the clock set to each one's time, so the
// logs come out in time order, the same on every run for a seed. It
// returns the number of requests and clicks.
func Simulate(ctx context.Context, baseURL string, d *recdata.Dataset, clock *Clock, opt SimOptions) (requests, clicks int, err error) {
	if opt.K == 0 {
		opt.K = 10
	}
	if opt.ClickRate == 0 {
		opt.ClickRate = 0.7
	}
	if opt.MeanDelay == 0 {
		opt.MeanDelay = 20 * time.Minute
	}
	if opt.VisitGap == 0 {
		opt.VisitGap = 24 * time.Hour
	}
	r := rand.New(rand.NewPCG(opt.Seed, 19))
	relevant := map[int]map[string]bool{}
	for _, e := range d.Test {
		if relevant[e.User] == nil {
			relevant[e.User] = map[string]bool{}
		}
		relevant[e.User][d.Items[e.Item]] = true
	}
	eval := map[int]bool{}
	for _, u := range d.EvalUsers() {
		eval[u] = true
	}
	type event struct {
		t     time.Time
		user  int
		click string // "" for a visit
	}
	var visits []event
	last := map[int]time.Time{}
	for _, e := range d.Test {
		t := time.Unix(e.Time, 0).UTC()
		if !eval[e.User] || (!last[e.User].IsZero() && t.Sub(last[e.User]) < opt.VisitGap) {
			continue
		}
		last[e.User] = t
		visits = append(visits, event{t: t, user: e.User})
	}
	post := func(path string, body any, out any) error {
		b, _ := json.Marshal(body)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+path, bytes.NewReader(b))
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			msg, _ := io.ReadAll(resp.Body)
			return fmt.Errorf("%s: %s: %s", path, resp.Status, bytes.TrimSpace(msg))
		}
		if out != nil {
			return json.NewDecoder(resp.Body).Decode(out)
		}
		return nil
	}
	queue := &eventQueue{}
	for i, v := range visits {
		heap.Push(queue, queued{v.t, i, v.user, ""})
	}
	seq := len(visits)
	for queue.Len() > 0 {
		ev := heap.Pop(queue).(queued)
		clock.Set(ev.t)
		if ev.click != "" {
			if err := post("/click", ClickRequest{ID: ev.click}, nil); err != nil {
				return requests, clicks, err
			}
			clicks++
			continue
		}
		id := requestName(requests)
		requests++
		user := d.Users[ev.user]
		var out struct{ Items []string }
		if err := post("/recommend", RecommendRequest{RequestID: id, User: user, K: opt.K}, &out); err != nil {
			return requests, clicks, err
		}
		for _, item := range out.Items {
			if item != "" && relevant[ev.user][item] && r.Float64() < opt.ClickRate {
				delay := time.Duration(math.Round(r.ExpFloat64()*float64(opt.MeanDelay)/float64(time.Second))+1) * time.Second
				heap.Push(queue, queued{ev.t.Add(delay), seq, ev.user, RowID(id, item)})
				seq++
			}
		}
	}
	return requests, clicks, nil
}

// queued is an event waiting to be played: a visit (click "") or a click;
// seq breaks ties in time by the order events were made.
type queued struct {
	t     time.Time
	seq   int
	user  int
	click string
}

type eventQueue []queued

func (q eventQueue) Len() int { return len(q) }
func (q eventQueue) Less(i, j int) bool {
	if !q[i].t.Equal(q[j].t) {
		return q[i].t.Before(q[j].t)
	}
	return q[i].seq < q[j].seq
}
func (q eventQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *eventQueue) Push(x any)   { *q = append(*q, x.(queued)) }
func (q *eventQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}
