package features_test

import (
	"fmt"

	"github.com/mltest/mltest/examples/features"
	"github.com/mltest/mltest/harness/model"
)

func ExampleEncoder_Encode() {
	enc, err := features.NewEncoder([]float64{10, 50, 200}, []string{"books", "garden"}, 16)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range []features.Listing{
		{Price: 9.99, Category: "Books", City: "Paris"},
		{Price: 50, Category: "toys", City: "lyon"},
	} {
		f, err := enc.Encode(l)
		fmt.Printf("%+v %v\n", f, err)
	}
	// Output:
	// {PriceBucket:0 CategoryID:1 CityHash:0} <nil>
	// {PriceBucket:2 CategoryID:0 CityHash:15} <nil>
}

func ExampleCTR() {
	enc, _ := features.NewEncoder([]float64{10}, []string{"books"}, 2)
	m := &features.CTR{
		Encoder:    enc,
		Bias:       -1,
		Price:      []float64{0.5, -0.5}, // cheap listings click more
		Category:   []float64{0, 1},
		City:       []float64{0, 0},
		BoostAbove: 0.6,
	}
	s, err := model.Trace[features.Listing, features.Features, float64, features.Prediction](m, features.Listing{Price: 5, Category: "books"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("features %+v\nlogit %v\nshown %+v\n", s.Features, s.Raw, s.Output)
	// Output:
	// features {PriceBucket:0 CategoryID:1 CityHash:1}
	// logit 0.5
	// shown {Probability:0.6224593312018546 Boost:true}
}
