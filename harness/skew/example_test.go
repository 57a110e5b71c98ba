package skew_test

import (
	"fmt"
	"os"

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
	report.WriteTable(os.Stdout)
	// Output:
	// feature  kind         n_ref  n_cur  miss_ref  miss_cur  psi     js      ks_d    w/std   smd      linf    ks_p    drift
	// age      numeric      400    400    0.0%      10.0%     0.8675  0.2848  0.1500  0.4765  +0.4765  -       0.0003  DRIFT
	// device   categorical  400    400    0.0%      0.0%      0.4241  0.2131  -       -       -        0.1825  -       DRIFT
	// drifted: age: psi = 0.8675 > 0.2; js_distance = 0.2848 > 0.1; ks_d = 0.15 > 0.1; wasserstein_norm = 0.4765 > 0.1; |smd| = 0.4765 > 0.2; missing_rate_diff = 0.1 > 0.05
	// drifted: device: psi = 0.4241 > 0.2; js_distance = 0.2131 > 0.1; linf = 0.1825 > 0.1
	// device: largest change "android" 50.0% -> 31.8%; 20 unseen rows (1 category): "tv" 20
	// note: judge drift by the effect sizes (psi, js, ks_d, w/std = Wasserstein / reference std, smd, linf);
	//       with many rows the KS p-value (ks_p) is about 0 for any shift, however small.
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
