package report_test

import (
	"fmt"
	"os"

	"github.com/mltest/mltest/harness/skew"
	"github.com/mltest/mltest/internal/report"
)

// Training rows against serving rows, row by row: the age has moved up and
// the device mix has changed, with a device never seen in training; the
// serving log also lost some ages (empty and null are missing values).
func ExampleWriteSkewTable() {
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
	r, err := skew.Compare(train, serve, skew.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	report.WriteSkewTable(os.Stdout, r)
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
