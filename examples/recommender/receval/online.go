package receval

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/fixtures"
	"github.com/mltest/mltest/harness/interleave"
	"github.com/mltest/mltest/harness/serving"
)

// OnlineOptions configures the simulated online experiment.
type OnlineOptions struct {
	// Sessions is the number of requests each evaluation user makes; 0
	// means 5.
	Sessions int
	// Seed seeds the interleaving (with each request id) and the clicks.
	Seed uint64
}

// clickProbability is the simulated users' click model, position-based:
// user u looks at list position p (0 is the top) with probability 1/(p+1)
// and, looking, clicks item i with the generator's true probability that u
// interacts with i.
func clickProbability(truth *fixtures.ImplicitData, u, i, p int) float64 {
	return truth.Probability(u, i) / float64(p+1)
}

// SimulateInterleaving runs the example's online experiment on simulated
// users: every evaluation user makes opt.Sessions requests (ids
// "<user>-<session>") served by the model's interleaved middleware
// (rec.Model.Interleaved: the model as ranker A, the popularity baseline as
// B), and clicks on the list served under the position-based model whose
// attraction is the generator's true preference. It returns the log, clicks
// included, as `mltest interleave` reads it.
func SimulateInterleaving(m *rec.Model, d *recdata.Dataset, truth *fixtures.ImplicitData, opt OnlineOptions) ([]interleave.Impression, error) {
	if opt.Sessions == 0 {
		opt.Sessions = 5
	}
	var log []interleave.Impression
	mw := m.Interleaved(opt.Seed, func(im interleave.Impression) { log = append(log, im) })
	var rows []serving.Row
	for _, u := range d.EvalUsers() {
		for s := range opt.Sessions {
			rows = append(rows, serving.Row{ID: fmt.Sprint(len(rows)), Values: map[string]serving.Value{
				rec.InputUser:    serving.StringVector(d.Users[u]),
				rec.InputRequest: serving.StringVector(fmt.Sprintf("%s-%d", d.Users[u], s)),
			}})
		}
	}
	for _, o := range mw.Predict(context.Background(), rows) {
		if o.Err != nil {
			return nil, o.Err
		}
	}
	user, item := indexOf(d.Users), indexOf(d.Items)
	rng := rand.New(rand.NewPCG(opt.Seed, 0xc11c))
	for k := range log {
		u := user[log[k].User]
		log[k].Clicks = []string{}
		for p, it := range log[k].Items {
			if rng.Float64() < clickProbability(truth, u, item[it], p) {
				log[k].Clicks = append(log[k].Clicks, it)
			}
		}
	}
	return log, nil
}

// ExpectedClicks returns the exact expected number of clicks per request on
// a ranker's own list (predict: rec.Model.PredictRow or
// rec.Popularity.PredictRow) under the simulated users' click model,
// averaged over the evaluation users: the ranker's true online quality,
// which the interleaving experiment must rank correctly.
func ExpectedClicks(predict func(serving.Row) (map[string]serving.Value, error), d *recdata.Dataset, truth *fixtures.ImplicitData) (float64, error) {
	item := indexOf(d.Items)
	users := d.EvalUsers()
	var sum float64
	for _, u := range users {
		out, err := predict(serving.Row{ID: d.Users[u], Values: map[string]serving.Value{rec.InputUser: serving.StringVector(d.Users[u])}})
		if err != nil {
			return 0, err
		}
		for p, it := range out[rec.OutputItems].Strings {
			if it != "" {
				sum += clickProbability(truth, u, item[it], p)
			}
		}
	}
	return sum / float64(len(users)), nil
}

func indexOf(ids []string) map[string]int {
	m := make(map[string]int, len(ids))
	for i, id := range ids {
		m[id] = i
	}
	return m
}
