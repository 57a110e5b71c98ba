package receval

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/fixtures"
	"github.com/mltest/mltest/harness/serving"
)

// OffPolicyLog is the example's off-policy data: one slot of a page (the
// "hero" item) that the current policy filled by exploring uniformly over
// the union of the model's and the popularity baseline's top 10 for the
// user, and a target policy, the model's top item, evaluated from those
// logs before it serves anyone.
type OffPolicyLog struct {
	// Events are the logged impressions, in order.
	Events []OffPolicyEvent
	// TargetValue is the target policy's exact expected reward: the mean
	// over the events' users of the true probability that the user takes
	// the model's top item. LoggingValue is the logging policy's.
	TargetValue, LoggingValue float64
}

// OffPolicyEvent is one logged impression with the target's choice and a
// reward model's predictions for its candidates.
type OffPolicyEvent struct {
	ID, User   string
	Action     string  // the item shown
	Propensity float64 // the logging policy's probability of showing it
	Reward     float64 // 1 when the user took it
	Target     string  // the item the target policy (the model) would show
	// Q is the reward model's prediction per candidate: the item's share of
	// training interactions scaled to the mean reward, a popularity guess
	// that knows nothing of the user (so DM is biased and DR is not).
	Q map[string]float64
}

// SimulateLoggedPolicy logs opt.Sessions impressions of the hero slot per
// evaluation user under the uniform exploration policy and draws each
// reward from the generator's true preference (truth.Probability), with
// the target's choice and the reward model's predictions joined.
func SimulateLoggedPolicy(m *rec.Model, d *recdata.Dataset, truth *fixtures.ImplicitData, opt OnlineOptions) (*OffPolicyLog, error) {
	if opt.Sessions == 0 {
		opt.Sessions = 5
	}
	item := indexOf(d.Items)
	counts := make([]float64, len(d.Items))
	for _, e := range d.Train {
		counts[e.Item]++
	}
	top := func(predict func(serving.Row) (map[string]serving.Value, error), user string) ([]string, error) {
		out, err := predict(serving.Row{ID: user, Values: map[string]serving.Value{rec.InputUser: serving.StringVector(user)}})
		if err != nil {
			return nil, err
		}
		return slices.DeleteFunc(slices.Clone(out[rec.OutputItems].Strings), func(s string) bool { return s == "" }), nil
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x09e))
	log := &OffPolicyLog{}
	var qScale, qSum float64
	for _, u := range d.EvalUsers() {
		user := d.Users[u]
		mine, err := top(m.PredictRow, user)
		if err != nil {
			return nil, err
		}
		theirs, err := top(m.Baseline().PredictRow, user)
		if err != nil {
			return nil, err
		}
		if len(mine) == 0 {
			continue
		}
		cands := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(mine), theirs...))))
		p := 1 / float64(len(cands))
		var vLog float64
		for _, c := range cands {
			vLog += p * truth.Probability(u, item[c])
		}
		for s := range opt.Sessions {
			a := cands[rng.IntN(len(cands))]
			ev := OffPolicyEvent{ID: fmt.Sprintf("%s-%d", user, s), User: user, Action: a, Propensity: p, Target: mine[0], Q: map[string]float64{}}
			if rng.Float64() < truth.Probability(u, item[a]) {
				ev.Reward = 1
			}
			for _, c := range cands {
				ev.Q[c] = counts[item[c]]
				qSum += counts[item[c]]
			}
			qScale += float64(len(cands))
			log.Events = append(log.Events, ev)
			log.TargetValue += truth.Probability(u, item[mine[0]])
			log.LoggingValue += vLog
		}
	}
	n := float64(len(log.Events))
	if n == 0 {
		return nil, fmt.Errorf("receval: no evaluation user has a list to log")
	}
	log.TargetValue /= n
	log.LoggingValue /= n
	// Scale the popularity counts so that the model's mean prediction is
	// the logging policy's mean reward: a calibrated-on-average but
	// user-blind reward model.
	scale := log.LoggingValue / (qSum / qScale)
	for _, ev := range log.Events {
		for c := range ev.Q {
			ev.Q[c] *= scale
		}
	}
	return log, nil
}

// Write writes the log, the target and the reward model as the JSONL files
// `mltest ope` reads.
func (l *OffPolicyLog) Write(logW, targetW, modelW io.Writer) error {
	encLog, encTarget, encModel := json.NewEncoder(logW), json.NewEncoder(targetW), json.NewEncoder(modelW)
	for _, ev := range l.Events {
		if err := encLog.Encode(map[string]any{"id": ev.ID, "action": ev.Action, "propensity": ev.Propensity, "reward": ev.Reward}); err != nil {
			return err
		}
		if err := encTarget.Encode(map[string]any{"id": ev.ID, "action": ev.Target}); err != nil {
			return err
		}
		if err := encModel.Encode(map[string]any{"id": ev.ID, "q": ev.Q}); err != nil {
			return err
		}
	}
	return nil
}
