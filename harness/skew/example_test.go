package skew_test

import (
	"fmt"

	"github.com/mltest/mltest/harness/skew"
)

// Training data against a serving log, column by column: the serving
// model sees older users (AddNumbers) and a country it was never trained
// on (AddTexts), and a few countries are missing from the log.
func ExampleCompare() {
	features := []string{"age", "country"}
	train := skew.NewProfile(features, nil)
	serve := skew.NewProfile(features, nil)
	var trainAge, serveAge []float64
	var trainCountry, serveCountry []string
	for i := range 500 {
		trainAge = append(trainAge, float64(18+i%50))
		serveAge = append(serveAge, float64(23+i%50))
		trainCountry = append(trainCountry, []string{"fr", "de", "es"}[i%3])
		serveCountry = append(serveCountry, []string{"fr", "de", "es", "it", ""}[i%5])
	}
	train.AddNumbers("age", trainAge)
	serve.AddNumbers("age", serveAge)
	if err := train.AddTexts("country", trainCountry); err != nil {
		fmt.Println(err)
		return
	}
	if err := serve.AddTexts("country", serveCountry); err != nil {
		fmt.Println(err)
		return
	}
	report, err := skew.Compare(train, serve, skew.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range report.Features {
		fmt.Printf("%-7s %-11s psi %.4f  js %.4f  missing %.1f%% -> %.1f%%  drifted %v\n",
			f.Name, f.Kind, f.PSI, f.JSDistance, 100*f.MissingRateRef, 100*f.MissingRateCur, f.Drifted)
	}
	country, _ := report.Feature("country")
	fmt.Println("unseen countries:", country.TopUnseen)
	fmt.Println("drifted:", report.Drifted())
	// Output:
	// age     numeric     psi 0.7594  js 0.2495  missing 0.0% -> 0.0%  drifted true
	// country categorical psi 2.0272  js 0.3714  missing 0.0% -> 20.0%  drifted true
	// unseen countries: [{it 100}]
	// drifted: [age country]
}

// Two files, a training CSV and a gzip-compressed JSONL serving log, with
// the zip code declared categorical (it parses as a number).
func ExampleCompareFiles() {
	report, err := skew.CompareFiles("testdata/files/ref.csv", "testdata/files/cur.jsonl.gz",
		[]string{"age", "income", "city", "clicks", "zip"},
		skew.Options{Kinds: map[string]skew.Kind{"zip": skew.Categorical}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range report.Features {
		fmt.Printf("%-6s %-11s psi %.3f  js %.3f  drifted %v\n", f.Name, f.Kind, f.PSI, f.JSDistance, f.Drifted)
	}
	city, _ := report.Feature("city")
	fmt.Println("unseen cities:", city.TopUnseen)
	for _, e := range report.Exceeds(skew.Thresholds{PSI: 0.25}) {
		fmt.Println(e)
	}
	// Output:
	// age    numeric     psi 0.074  js 0.115  drifted true
	// income numeric     psi 0.045  js 0.090  drifted true
	// city   categorical psi 0.641  js 0.233  drifted true
	// clicks numeric     psi 0.020  js 0.059  drifted true
	// zip    categorical psi 0.102  js 0.134  drifted true
	// unseen cities: [{Lille 150} {Rennes 97}]
	// city: psi = 0.6406 > 0.25
}
