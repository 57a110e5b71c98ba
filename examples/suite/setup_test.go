package suite

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/internal/report"
	"github.com/mltest/mltest/internal/suite"
)

// TestGoldenMatchesTraining checks that the committed golden file is what
// training produces (MLTEST_UPDATE=1 rewrites it), and that the files the
// suite names exist.
func TestGoldenMatchesTraining(t *testing.T) {
	dir := t.TempDir()
	env, err := Setup(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	got, err := os.ReadFile(filepath.Join(dir, "recommendations.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("MLTEST_UPDATE") == "1" {
		if err := os.WriteFile("recommendations.golden.tsv", got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(got, golden) {
		t.Errorf("recommendations.tsv differs from the embedded recommendations.golden.tsv; if training changed on purpose, run MLTEST_UPDATE=1 go test ./examples/suite/\ngot:\n%s", got)
	}
	for _, name := range []string{"test.qrels", "model.run", "popularity.run", "users.csv", "scores.csv", "train_events.csv", "test_events.csv", "requests.jsonl", "offline.jsonl", "recommendations.golden.tsv",
		"impressions.jsonl", "ope_log.jsonl", "ope_target.jsonl", "ope_reward_model.jsonl"} {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s: missing or empty (%v)", name, err)
		}
	}
}

// TestSetupSmall checks the options: a smaller example still writes every file.
func TestSetupSmall(t *testing.T) {
	dir := t.TempDir()
	env, err := SetupWith(context.Background(), dir, Options{Data: recdata.Options{Users: 200, Items: 100, Seed: 3}, ParityUsers: 10, ListDepth: 20})
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	if env.Vars["MODEL_URL"] == "" || env.Vars["MODEL_GRPC"] == "" || env.Vars["MODEL_VERSION"] == "" || env.Vars["MODEL_NAME"] != ModelName {
		t.Errorf("Vars = %v", env.Vars)
	}
	data, err := os.ReadFile(filepath.Join(dir, "requests.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(data, []byte("\n")); n != 10 {
		t.Errorf("requests.jsonl has %d rows, want 10", n)
	}
}

// TestSuiteCatchesServingBug runs the example suite against a server with the
// recommender's deliberate bug: the parity check against the offline outputs
// fails and names the encode stage; every other check still passes, the
// gRPC-against-REST check included (both endpoints serve the same buggy
// model: two live endpoints agree on a bug they share, which is why the
// offline comparison is there).
func TestSuiteCatchesServingBug(t *testing.T) {
	dir := t.TempDir()
	env, err := SetupWith(context.Background(), dir, Options{ServeUnbucketedPopularity: true})
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	s, err := suite.Parse(YAML, Name, suite.LoadOptions{Vars: env.Vars, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	rep := suite.Run(context.Background(), s, suite.Options{})
	for _, c := range rep.Checks {
		want := report.Pass
		if c.Kind == suite.TypeParity && c.Name == "online matches offline" {
			want = report.Fail
			if c.Parity == nil || c.Parity.FirstStage != "encode" || c.Parity.Mismatched == 0 {
				t.Errorf("parity detail %+v, want mismatches first differing at encode", c.Parity)
			}
		}
		if c.Status != want {
			t.Errorf("%s: %s (%s), want %s", c.Name, c.Status, c.Message, want)
		}
	}
}
