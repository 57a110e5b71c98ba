package metrics

import "testing"

type regressionVector struct {
	Name        string           `json:"name"`
	Targets     []float64        `json:"targets"`
	Predictions []float64        `json:"predictions"`
	Weights     []float64        `json:"weights"`
	Expected    map[string]skRef `json:"expected"`
}

func TestRegressionMatchesSklearn(t *testing.T) {
	var vectors []regressionVector
	loadSklearnVectors(t, "regression.json", &vectors)
	if len(vectors) < 10 {
		t.Fatalf("only %d regression vectors", len(vectors))
	}
	funcs := map[string]func(y, p, w []float64) (float64, error){
		"mse": MSE, "rmse": RMSE, "mae": MAE, "r2": R2, "mape": MAPE, "explained_variance": ExplainedVariance,
	}
	for _, v := range vectors {
		t.Run(v.Name, func(t *testing.T) {
			for _, name := range RegressionMetricNames() {
				want, ok := v.Expected[name]
				if !ok {
					t.Fatalf("no expected %s", name)
				}
				got, err := funcs[name](v.Targets, v.Predictions, v.Weights)
				checkSkRef(t, name, got, err, want)
				acc, err := NewRegressionAccumulator(name)
				if err != nil {
					t.Fatal(err)
				}
				for i, y := range v.Targets {
					acc.Add(y, v.Predictions[i], weightAt(v.Weights, i))
				}
				got, err = acc.Result()
				checkSkRef(t, name+" accumulator", got, err, want)
			}
		})
	}
}
