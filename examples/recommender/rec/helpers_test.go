package rec_test

import (
	"sync"
	"testing"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/recdata"
)

var (
	fixtureOnce  sync.Once
	fixtureData  *recdata.Dataset
	fixtureModel *rec.Model
	fixtureErr   error
)

// trained returns the example's data (recdata.DefaultOptions) and the model
// trained on it with the default hyperparameters, built once per test
// binary. Tests must not modify them.
func trained(t testing.TB) (*recdata.Dataset, *rec.Model) {
	t.Helper()
	fixtureOnce.Do(func() {
		fixtureData, _ = recdata.Generate(recdata.DefaultOptions())
		fixtureModel, fixtureErr = rec.Train(fixtureData, rec.DefaultHyperparameters(), rec.DefaultRules())
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixtureData, fixtureModel
}
