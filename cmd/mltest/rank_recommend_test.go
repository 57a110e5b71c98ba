package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recommendersCase is a case of metrics' Recommenders reference
// (metrics/testdata/recommenders/ranking_vectors.json, from gen_ranking.py):
// users are queries, relevant items judged 1, lists the run.
type recommendersCase struct {
	Truth           [][2]string        `json:"truth"`
	Pred            [][3]any           `json:"pred"`
	Train           [][2]string        `json:"train"`
	Measures        map[string]float64 `json:"measures"`
	UserDiversity   map[string]float64 `json:"user_diversity"`
	UserSerendipity map[string]float64 `json:"user_serendipity"`
}

// writeRecommendersCase writes the case as qrels, a run (lines in the
// case's order, which --ties input keeps for equal scores) and training
// interactions.
func writeRecommendersCase(t *testing.T, c recommendersCase) (qrels, run, train string) {
	t.Helper()
	var q, r, tr strings.Builder
	for _, x := range c.Truth {
		fmt.Fprintf(&q, "%s 0 %s 1\n", x[0], x[1])
	}
	for i, x := range c.Pred {
		fmt.Fprintf(&r, "%s Q0 %s %d %v rec\n", x[0], x[1], i+1, x[2])
	}
	for _, x := range c.Train {
		fmt.Fprintf(&tr, "%s %s\n", x[0], x[1])
	}
	return writeTemp(t, "rec.qrels", q.String()), writeTemp(t, "rec.run", r.String()), writeTemp(t, "train.txt", tr.String())
}

func readRecommendersCases(t *testing.T) []recommendersCase {
	b, err := os.ReadFile(filepath.Join("..", "..", "metrics", "testdata", "recommenders", "ranking_vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []recommendersCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestRankRecommenderMeasures: mltest rank -m with Recommenders' names
// prints Recommenders' values (--ties input: its order of equal scores),
// per user with -q for diversity and serendipity.
func TestRankRecommenderMeasures(t *testing.T) {
	for ci, c := range readRecommendersCases(t) {
		qrels, run, train := writeRecommendersCase(t, c)
		code, out, errOut := rankCLI(t, "", "-q", "--ties", "input", "--train", train, "--format", "json",
			"-m", "precision_at_k.1,3,5,10", "-m", "recall_at_k.1,3,5,10", "-m", "ndcg_at_k.1,3,5,10",
			"-m", "map_at_k.1,3,5,10", "-m", "diversity", "-m", "serendipity", qrels, run)
		if code != exitOK {
			t.Fatalf("case %d: exit %d: %s", ci, code, errOut)
		}
		var got struct {
			Measures map[string]any            `json:"measures"`
			PerQuery map[string]map[string]any `json:"per_query"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Measures) != 18 {
			t.Errorf("case %d: %d measures, want the 16 ranking values, diversity and serendipity: %v", ci, len(got.Measures), got.Measures)
		}
		for name, want := range c.Measures {
			if v, ok := got.Measures[name].(float64); !ok || math.Abs(v-want) > 1e-12 {
				t.Errorf("case %d: %s = %v, Recommenders %v", ci, name, got.Measures[name], want)
			}
		}
		for name, per := range map[string]map[string]float64{"diversity": c.UserDiversity, "serendipity": c.UserSerendipity} {
			for user, want := range per {
				if v, ok := got.PerQuery[user][name].(float64); !ok || math.Abs(v-want) > 1e-12 {
					t.Errorf("case %d: %s of %s = %v, Recommenders %v", ci, name, user, got.PerQuery[user][name], want)
				}
			}
		}
	}
}

// TestRankRecommenderFlags: -M cuts the lists of the recommender measures,
// the beyond-accuracy ones need --train, the default k is Recommenders' 10,
// and a "user item" header in a whitespace training file is an error.
func TestRankRecommenderFlags(t *testing.T) {
	c := readRecommendersCases(t)[0]
	qrels, run, train := writeRecommendersCase(t, c)
	value := func(args ...string) string {
		t.Helper()
		code, out, errOut := rankCLI(t, "", append(args, qrels, run)...)
		if code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		return out
	}
	full := value("--ties", "input", "-m", "precision_at_k.1", "-m", "precision_at_k")
	if !strings.Contains(full, fmt.Sprintf("precision_at_k        \tall\t%6.4f\n", c.Measures["precision_at_k_10"])) {
		t.Errorf("precision_at_k is not Recommenders' k=10:\n%s", full)
	}
	// With -M 1 every list is its first item: precision at 10 is precision
	// at 1 over 10.
	cut := value("--ties", "input", "-M", "1", "-m", "precision_at_k")
	if !strings.Contains(cut, fmt.Sprintf("\tall\t%6.4f\n", c.Measures["precision_at_k_1"]/10)) {
		t.Errorf("-M 1 precision_at_k = %s, want %6.4f", cut, c.Measures["precision_at_k_1"]/10)
	}
	code, _, errOut := rankCLI(t, "", "-m", "novelty", qrels, run)
	if code != exitUsage || !strings.Contains(errOut, "measure novelty needs training interactions (--train FILE)") {
		t.Errorf("novelty without --train: exit %d, %q", code, errOut)
	}
	header := writeTemp(t, "header.txt", "user item\n"+strings.SplitN(readFile(t, train), "\n", 2)[0]+"\n")
	code, _, errOut = rankCLI(t, "", "-m", "novelty", "--train", header, qrels, run)
	if code != exitUsage || !strings.Contains(errOut, header+`:1: "user item" looks like a header`) {
		t.Errorf("header in the train file: exit %d, %q", code, errOut)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
