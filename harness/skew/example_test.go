package skew_test

import (
	"fmt"

	"github.com/mltest/mltest/harness/skew"
)

// Training rows against serving rows, row by row: the age has moved up and
// the device mix has changed, with a device never seen in training; the
// serving log also lost some ages (empty and null are missing values).
func ExampleCompare() {
	features := []string{"age", "device"}
	train := skew.NewProfile(features, nil)
	serve := skew.NewProfile(features, nil)
	devices := []string{"ios", "android", "web", "android"}
	for i := range 400 {
		train.Add([]string{fmt.Sprint(20 + i%40), devices[i%4]})
		age := fmt.Sprint(25 + i%40)
		if i%10 == 0 {
			age = "null"
		}
		device := devices[i%3]
		if i%20 == 0 {
			device = "tv"
		}
		serve.Add([]string{age, device})
	}
	report, err := skew.Compare(train, serve, skew.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range report.Features {
		fmt.Printf("%-6s %-11s psi %.4f  js %.4f  missing %.1f%% -> %.1f%%  drifted %v\n",
			f.Name, f.Kind, f.PSI, f.JSDistance, 100*f.MissingRateRef, 100*f.MissingRateCur, f.Drifted)
	}
	device, _ := report.Feature("device")
	fmt.Println("unseen devices:", device.TopUnseen)
	fmt.Println("drifted:", report.Drifted())
	// Output:
	// age    numeric     psi 0.8675  js 0.2848  missing 0.0% -> 10.0%  drifted true
	// device categorical psi 0.4241  js 0.2131  missing 0.0% -> 0.0%  drifted true
	// unseen devices: [{tv 20}]
	// drifted: [age device]
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
