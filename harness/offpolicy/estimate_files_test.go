package offpolicy

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/metrics/ope"
)

func TestEstimateFilesJoinsByID(t *testing.T) {
	got, err := EstimateFiles(Files{Log: "testdata/log.jsonl", Target: "testdata/target.jsonl", RewardModel: "testdata/reward_model.jsonl"}, nil, ope.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// The same events, joined by hand: the target's probability of the
	// logged action, the model's prediction for it, and its expectation
	// under the target.
	want, err := ope.Estimate(ope.Bandit{
		Reward:     []float64{1, 0, 1, 0},
		Propensity: []float64{0.5, 0.25, 0.25, 0.5},
		Target:     []float64{0.5, 0, 1, 0.2},
		QLogged:    []float64{0.6, 0.2, 0.7, 0.3},
		QTarget:    []float64{0.5*0.6 + 0.5*0.4, 0.5, 0.7, 0.2*0.3 + 0.2*0.3 + 0.6*0.5},
	}, ope.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-15), cmpopts.EquateNaNs()); d != "" {
		t.Errorf("EstimateFiles (-want +got):\n%s", d)
	}
}

func TestEstimateFilesSlates(t *testing.T) {
	got, err := EstimateFiles(Files{Log: "testdata/slate_log.jsonl", Target: "testdata/slate_target.jsonl"}, nil, ope.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	want, err := ope.EstimateSlates(ope.Slates{
		Reward:     [][]float64{{0, 1}, {1, 1}, {0, 0}},
		Propensity: [][]float64{{0.2, 0.5}, {0.5, 0.25}, {0.4, 0.5}},
		Target:     [][]float64{{0.5, 1}, {1, 0}, {0.1, 0.3}},
	}, ope.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-15), cmpopts.EquateNaNs()); d != "" {
		t.Errorf("EstimateFiles on slates (-want +got):\n%s", d)
	}
}

// files writes a log, a target and a reward model under a temporary
// directory and returns their paths.
func files(t *testing.T, log, target, model string) Files {
	dir := t.TempDir()
	f := Files{Log: filepath.Join(dir, "log.jsonl"), Target: filepath.Join(dir, "target.jsonl")}
	write := func(path, text string) {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(f.Log, log)
	write(f.Target, target)
	if model != "" {
		f.RewardModel = filepath.Join(dir, "model.jsonl")
		write(f.RewardModel, model)
	}
	return f
}

func TestEstimateFilesErrorsNameFileLineAndField(t *testing.T) {
	log := "{\"id\": \"e1\", \"action\": \"a1\", \"propensity\": 0.5, \"reward\": 1}\n{\"id\": \"e2\", \"action\": \"a2\", \"propensity\": 0.5, \"reward\": 0}\n"
	target := "{\"id\": \"e1\", \"action\": \"a1\"}\n{\"id\": \"e2\", \"probs\": {\"a1\": 0.5, \"a2\": 0.5}}\n"
	model := "{\"id\": \"e1\", \"q\": {\"a1\": 0.5}}\n{\"id\": \"e2\", \"q\": {\"a1\": 0.5, \"a2\": 0.1}}\n"
	slateLog := `{"id": "s1", "slate": ["i1", "i2"], "propensities": [0.5, 0.5], "rewards": [1, 0]}` + "\n"
	for _, c := range []struct {
		log, target, model string
		want               string
	}{
		{"", target, "", "log.jsonl: no events"},
		{strings.Replace(log, "0.5, \"reward\": 1", "0, \"reward\": 1", 1), target, "", "log.jsonl:1: propensity: 0, want a probability in (0, 1]"},
		{strings.Replace(log, "0.5, \"reward\": 0", "1.5, \"reward\": 0", 1), target, "", "log.jsonl:2: propensity: 1.5, want a probability"},
		{strings.Replace(log, "\"reward\": 1", "\"reward\": \"NaN\"", 1), target, "", `log.jsonl:1: reward: want a number, got "NaN"`},
		{strings.Replace(log, "e2", "e1", 1), target, "", `log.jsonl:2: id: duplicate id "e1" (first on line 1)`},
		{log + slateLog, target, "", "log.jsonl:3: a slate row in a bandit log"},
		{log, strings.Replace(target, "e2", "e9", 1), "", `target.jsonl:2: id: id "e9" is not in the log`},
		{log, strings.SplitAfter(target, "\n")[0], "", `log.jsonl:2: id: event "e2" has no row in the target file`},
		{log, strings.Replace(target, `"a1": 0.5, "a2": 0.5`, `"a1": 0.5, "a7": 0.5`, 1), "", `target.jsonl:2: probs[a7]: target probability 0.5 for "a7", which the log never saw`},
		{log, strings.Replace(target, `"action": "a1"`, `"action": "a8"`, 1), "", `target.jsonl:1: action: the target takes action "a8", which the log never saw`},
		{log, strings.Replace(target, `"a2": 0.5`, `"a2": 0.4`, 1), "", "target.jsonl:2: probs: probabilities sum to 0.9, want 1"},
		{log, strings.Replace(target, `"a2": 0.5`, `"a2": -0.5`, 1), "", "target.jsonl:2: probs[a2]: -0.5, want a probability in [0, 1]"},
		{log, strings.Replace(target, `"action": "a1"`, `"other": 1`, 1), "", `target.jsonl:1: want "probs"`},
		{log, target, strings.Replace(model, `{"a1": 0.5, "a2": 0.1}`, `{"a2": 0.1}`, 1), `model.jsonl:2: q: no prediction for "a1", which the target may take (probability 0.5)`},
		{log, target, strings.Replace(model, `"q": {"a1": 0.5}`, `"q": {"a2": 0.5}`, 1), `model.jsonl:1: q: no prediction for "a1", the logged action`},
		{log, target, strings.SplitAfter(model, "\n")[1], `log.jsonl:1: id: event "e1" has no row in the reward model`},
		{slateLog, `{"id": "s1", "probs": [{"i1": 1}]}`, "", "target.jsonl:1: probs: 1 positions for a logged slate of 2"},
		{slateLog, `{"id": "s1", "slate": ["i1", "i5"]}`, "", `target.jsonl:1: slate[1]: the target shows item "i5", which the log never saw`},
		{slateLog, `{"id": "s1", "slate": ["i1", "i2"]}`, `{"id": "s1", "q": {}}`, "model.jsonl: a reward model is for bandit logs"},
		{strings.Replace(slateLog, "[1, 0]", "[1]", 1), "", "", "log.jsonl:1: rewards: 1 values for a slate of 2 items"},
		{strings.Replace(slateLog, "[0.5, 0.5]", "[0.5, 0]", 1), "", "", "log.jsonl:1: propensities[1]: 0, want a probability"},
	} {
		f := files(t, c.log, c.target, c.model)
		_, err := EstimateFiles(f, nil, ope.Options{Resamples: 10})
		var ie *dataio.InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want an InputError containing %q", err, c.want)
			continue
		}
		// The file is named as the user gave it: the full path.
		if !strings.HasPrefix(err.Error(), filepath.Dir(f.Log)) {
			t.Errorf("error %q does not start with the file's path", err)
		}
	}
}

// FuzzDecodeFiles: any log, target and reward model either decode, and
// then estimate without error, or fail with an *InputError.
func FuzzDecodeFiles(f *testing.F) {
	for _, names := range [][3]string{{"log.jsonl", "target.jsonl", "reward_model.jsonl"}, {"slate_log.jsonl", "slate_target.jsonl", ""}} {
		var in [3][]byte
		for i, n := range names {
			if n != "" {
				in[i], _ = os.ReadFile(filepath.Join("testdata", n))
			}
		}
		f.Add(in[0], in[1], in[2])
	}
	f.Fuzz(func(t *testing.T, log, target, model []byte) {
		isInput := func(err error) {
			var ie *dataio.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *InputError", err)
			}
		}
		l, err := DecodeLog(bytes.NewReader(log), "log")
		if err != nil {
			isInput(err)
			return
		}
		if err := l.DecodeTarget(bytes.NewReader(target), "target"); err != nil {
			isInput(err)
			return
		}
		if len(model) > 0 {
			if err := l.DecodeRewardModel(bytes.NewReader(model), "model"); err != nil {
				isInput(err)
				return
			}
		}
		if l.Slate {
			_, err = ope.EstimateSlates(l.Slates(), ope.Options{Resamples: 5})
		} else {
			_, err = ope.Estimate(l.Bandit(), ope.Options{Resamples: 5})
		}
		if err != nil {
			t.Fatalf("decoded input must estimate: %v", err)
		}
	})
}
