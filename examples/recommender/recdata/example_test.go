package recdata_test

import (
	"fmt"

	"github.com/mltest/mltest/examples/recommender/recdata"
)

// The example's data: generated from a seed, split by time.
func ExampleGenerate() {
	d, _ := recdata.Generate(recdata.DefaultOptions())
	fmt.Printf("%d users, %d items\n", len(d.Users), len(d.Items))
	fmt.Printf("%d train events, %d test events, %d users to evaluate\n", len(d.Train), len(d.Test), len(d.EvalUsers()))
	fmt.Println("cohort of", d.Users[0], "is", d.Cohort[0], "; category of", d.Items[0], "is", d.Category[0])
	// Output:
	// 1000 users, 500 items
	// 19787 train events, 4947 test events, 958 users to evaluate
	// cohort of u0 is c3 ; category of i0 is k1
}
