package metrics

import (
	"fmt"
	"strings"
	"testing"
)

type multiclassVector struct {
	Name     string              `json:"name"`
	Classes  int                 `json:"classes"`
	Labels   []int               `json:"labels"`
	Probs    [][]float64         `json:"probs"`
	Weights  []float64           `json:"weights"`
	Expected map[string]skRef    `json:"expected"`
	Warnings map[string][]string `json:"warnings"`
}

func TestMulticlassMatchesSklearn(t *testing.T) {
	var vectors []multiclassVector
	loadSklearnVectors(t, "multiclass.json", &vectors)
	if len(vectors) < 10 {
		t.Fatalf("only %d multiclass vectors", len(vectors))
	}
	for _, v := range vectors {
		t.Run(v.Name, func(t *testing.T) {
			funcs := map[string]func() (float64, error){
				"accuracy":    func() (float64, error) { return MulticlassAccuracy(v.Labels, v.Probs, v.Weights) },
				"log_loss":    func() (float64, error) { return MulticlassLogLoss(v.Labels, v.Probs, v.Weights) },
				"macro_f1":    func() (float64, error) { return MacroF1(v.Labels, v.Probs, v.Weights) },
				"micro_f1":    func() (float64, error) { return MicroF1(v.Labels, v.Probs, v.Weights) },
				"weighted_f1": func() (float64, error) { return WeightedF1(v.Labels, v.Probs, v.Weights) },
				"roc_auc_ovr": func() (float64, error) { return ROCAUCOVR(v.Labels, v.Probs, v.Weights) },
			}
			for _, name := range MulticlassMetricNames() {
				if name == "top_k_accuracy" {
					continue // per k below
				}
				want, ok := v.Expected[name]
				if !ok {
					t.Fatalf("no expected %s", name)
				}
				got, err := funcs[name]()
				checkSkRef(t, name, got, err, want)
				acc, err := NewMulticlassAccumulator(name, MulticlassOptions{Classes: v.Classes})
				if err != nil {
					t.Fatal(err)
				}
				addMulticlass(acc, v.Labels, v.Probs, v.Weights)
				got, err = acc.Result()
				checkSkRef(t, name+" accumulator", got, err, want)
			}
			for k := 1; k <= 3; k++ {
				key := fmt.Sprintf("top_%d_accuracy", k)
				want := v.Expected[key]
				if len(v.Warnings[key]) > 0 && strings.Contains(v.Warnings[key][0], "meaningless") {
					// scikit-learn returns 1 and warns; mltest says undefined.
					want = skRef{raw: []byte(`{"undefined": "k >= classes"}`)}
				}
				got, err := TopKAccuracy(v.Labels, v.Probs, v.Weights, k)
				checkSkRef(t, fmt.Sprintf("TopKAccuracy k=%d", k), got, err, want)
				acc, err := NewMulticlassAccumulator("top_k_accuracy", MulticlassOptions{Classes: v.Classes, K: k})
				if err != nil {
					t.Fatal(err)
				}
				addMulticlass(acc, v.Labels, v.Probs, v.Weights)
				got, err = acc.Result()
				checkSkRef(t, fmt.Sprintf("top_k_accuracy accumulator k=%d", k), got, err, want)
			}
		})
	}
}

func addMulticlass(acc MulticlassAccumulator, labels []int, probs [][]float64, weights []float64) {
	for i, l := range labels {
		acc.Add(l, probs[i], weightAt(weights, i))
	}
}
