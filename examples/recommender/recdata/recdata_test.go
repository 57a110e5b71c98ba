package recdata_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/fixtures"
)

// TestGenerateSplitsByTime: the generated data set is valid, split at the
// cutoff with about TrainFrac of the events in train, the same on every call,
// and every evaluated user has history and test events.
func TestGenerateSplitsByTime(t *testing.T) {
	opt := recdata.Options{Users: 300, Items: 150, Seed: 9}
	d, truth := recdata.Generate(opt)
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	n := len(d.Train) + len(d.Test)
	if n != len(truth.Events) {
		t.Fatalf("%d events in the split, %d generated", n, len(truth.Events))
	}
	if frac := float64(len(d.Train)) / float64(n); frac < 0.79 || frac > 0.8 {
		t.Errorf("train fraction %.4f, want 0.8 (less by at most the events sharing the cutoff time)", frac)
	}
	if d.Train[len(d.Train)-1].Time >= d.Cutoff || d.Test[0].Time != d.Cutoff {
		t.Errorf("cutoff %d: last train %d, first test %d", d.Cutoff, d.Train[len(d.Train)-1].Time, d.Test[0].Time)
	}
	again, _ := recdata.Generate(opt)
	if !reflect.DeepEqual(d, again) {
		t.Error("Generate is not deterministic")
	}
	hist, _ := d.TrainHistories()
	test := d.TestItems()
	for _, u := range d.EvalUsers() {
		if len(hist[u]) == 0 || len(test[u]) == 0 {
			t.Fatalf("evaluated user %s has %d train and %d test items", d.Users[u], len(hist[u]), len(test[u]))
		}
	}
	cohorts := map[string]bool{}
	for _, c := range d.Cohort {
		cohorts[c] = true
	}
	if len(cohorts) != 4 {
		t.Errorf("%d cohorts, want 4", len(cohorts))
	}
}

// TestFromMovieLens reads a hand-written u.data and checks every event: the
// rating filter, the earliest of two ratings of one pair, time order and the
// tie rule at the cutoff.
func TestFromMovieLens(t *testing.T) {
	d, err := recdata.LoadMovieLens("testdata/u.data", 4, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	// Ratings >= 4, by time: (1,10)@99 (the earlier of two), (2,10)@102,
	// (2,12)@103, (3,11)@103, (2,13)@106. Half of 5 is 2 events in train;
	// no tie at the cut (102 vs 103).
	wantUsers, wantItems := []string{"1", "2", "3"}, []string{"10", "12", "11", "13"}
	if !reflect.DeepEqual(d.Users, wantUsers) || !reflect.DeepEqual(d.Items, wantItems) {
		t.Fatalf("users %v items %v, want %v %v", d.Users, d.Items, wantUsers, wantItems)
	}
	wantTrain := []recdata.Event{{0, 0, 99}, {1, 0, 102}}
	wantTest := []recdata.Event{{1, 1, 103}, {2, 2, 103}, {1, 3, 106}}
	if !reflect.DeepEqual(d.Train, wantTrain) || !reflect.DeepEqual(d.Test, wantTest) || d.Cutoff != 103 {
		t.Fatalf("train %v test %v cutoff %d; want %v %v 103", d.Train, d.Test, d.Cutoff, wantTrain, wantTest)
	}
	// A cut inside a timestamp moves the tied events to test: 3 of 5 would
	// put (2,12)@103 in train and (3,11)@103 in test.
	if d, err = recdata.LoadMovieLens("testdata/u.data", 4, 0.6); err != nil {
		t.Fatal(err)
	}
	if len(d.Train) != 2 || d.Cutoff != 103 {
		t.Errorf("cut at a tie: %d train events, cutoff %d; want 2 and 103", len(d.Train), d.Cutoff)
	}
	if err := d.Validate(); err != nil {
		t.Error(err)
	}
	for _, c := range []struct {
		path string
		min  float64
		frac float64
		want string
	}{
		{"testdata/u.data", 6, 0.8, "no rating of at least 6"},
		{"testdata/u.data", 4, 0, "train fraction 0"},
		{"testdata/missing.data", 4, 0.8, "missing.data"},
	} {
		if _, err := recdata.LoadMovieLens(c.path, c.min, c.frac); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("LoadMovieLens(%s, %v, %v): %v, want an error containing %q", c.path, c.min, c.frac, err, c.want)
		}
	}
}

// TestFromMovieLensValid: whatever the ratings, the result satisfies
// Dataset's invariants and keeps one event per (user, item) pair rated at
// least minRating.
func TestFromMovieLensValid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 40).Draw(t, "n")
		var rs []fixtures.Rating
		pairs := map[[2]string]bool{}
		for k := range n {
			r := fixtures.Rating{
				User:  rapid.SampledFrom([]string{"a", "b", "c", "d"}).Draw(t, "user"),
				Item:  rapid.SampledFrom([]string{"x", "y", "z"}).Draw(t, "item"),
				Value: float64(rapid.IntRange(1, 10).Draw(t, "half-stars")) / 2,
				Time:  time.Unix(int64(rapid.IntRange(0, 20).Draw(t, "time")), 0),
				Line:  k + 1,
			}
			rs = append(rs, r)
			if r.Value >= 3 {
				pairs[[2]string{r.User, r.Item}] = true
			}
		}
		frac := rapid.Float64Range(0.01, 1).Draw(t, "frac")
		d, err := recdata.FromMovieLens(rs, 3, frac)
		if len(pairs) == 0 {
			if err == nil {
				t.Fatal("no interaction and no error")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Validate(); err != nil {
			t.Fatal(err)
		}
		if got := len(d.Train) + len(d.Test); got != len(pairs) {
			t.Fatalf("%d events, want %d distinct pairs", got, len(pairs))
		}
	})
}

// FuzzLoadMovieLensDataset: no file makes the reader or FromMovieLens panic,
// and whatever loads is a valid data set.
func FuzzLoadMovieLensDataset(f *testing.F) {
	f.Add("1\t10\t5\t100\n2\t10\t4\t102\n")
	f.Add("userId,movieId,rating,timestamp\n1,10,4.5,100\n1,11,4,100\n")
	f.Add("1::10::5::100\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		rs, err := fixtures.ReadMovieLens(strings.NewReader(text), "fuzz.data")
		if err != nil {
			return
		}
		d, err := recdata.FromMovieLens(rs, 0, 0.8)
		if err != nil {
			return
		}
		if err := d.Validate(); err != nil {
			t.Fatal(err)
		}
	})
}

// TestValidationSplitErrors: a fraction outside (0, 1) or a cut leaving one
// side empty is an error, not an empty split.
func TestValidationSplitErrors(t *testing.T) {
	d, _ := recdata.Generate(recdata.Options{Users: 50, Items: 30, Seed: 1})
	for _, frac := range []float64{0, 1, -0.5, 1e-9} {
		if _, err := d.ValidationSplit(frac); err == nil {
			t.Errorf("ValidationSplit(%v): no error", frac)
		}
	}
	v, err := d.ValidationSplit(0.5)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Validate(); err != nil {
		t.Fatal(err)
	}
}
