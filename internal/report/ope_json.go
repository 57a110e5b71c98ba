package report

import (
	"fmt"
	"io"

	"github.com/mltest/mltest/metrics/ope"
)

// opeJSON is the --format json document of mltest ope (issue 18,
// CONTRACTS.md "Additions"): estimates keyed by estimator in the order
// asked.
type opeJSON struct {
	N         int          `json:"n"`
	Estimates opeEstimates `json:"estimates"`
	ESS       Float        `json:"ess"`
	MaxWeight Float        `json:"max_weight"`
	Warnings  []string     `json:"warnings,omitempty"`
}

type opeEstimate struct {
	Value Float    `json:"value"`
	CI    [2]Float `json:"ci"`
}

// opeEstimates marshals as an object whose keys keep the estimators' order.
type opeEstimates struct {
	names []string
	vals  map[string]ope.PolicyValue
}

func (e opeEstimates) MarshalJSON() ([]byte, error) {
	o := &jsonObject{}
	for _, name := range e.names {
		v := e.vals[name]
		o.set(name, opeEstimate{Value: Float(v.Value), CI: [2]Float{Float(v.CI[0]), Float(v.CI[1])}})
	}
	return o.MarshalJSON()
}

// WriteOPE writes an off-policy evaluation as format "table" (for people:
// one row per estimator with its interval, the weight diagnostics,
// warnings) or "json" (one object). A value that is not a finite number is
// null in JSON and "-" in the table; the result's warnings say why.
func WriteOPE(w io.Writer, format string, r ope.Result) error {
	switch format {
	case "json":
		return writeJSONDoc(w, opeJSON{
			N: r.N, Estimates: opeEstimates{names: r.Estimators, vals: r.Values},
			ESS: Float(r.ESS), MaxWeight: Float(r.MaxWeight), Warnings: r.Warnings,
		})
	case "table":
		return writeOPETable(w, r)
	}
	return fmt.Errorf("report: ope format %q: want table or json", format)
}
