package suite

import (
	"strings"
	"testing"
)

func TestParseOnlineCheckErrors(t *testing.T) {
	for _, c := range []struct{ check, want string }{
		{"{name: i, type: interleave, log: impressions.jsonl}",
			"suite.yaml:3: checks[0]: give require (A or B) or min_delta_ab: a check needs a rule it can fail"},
		{"{name: i, type: interleave, log: impressions.jsonl, require: C}", `checks[0].require: "C": want one of A, B`},
		{"{name: i, type: interleave, require: A}", "checks[0].log: required for an interleave check"},
		{"{name: i, type: interleave, log: none.jsonl, require: A}", "checks[0].log: testdata/none.jsonl: no such file or directory"},
		{"{name: o, type: ope, log: ope_log.jsonl, target: ope_target.jsonl}",
			"checks[0]: give min, max or min_ess: a check needs a rule it can fail"},
		{"{name: o, type: ope, log: ope_log.jsonl, target: ope_target.jsonl, min: {xyz: 1}}",
			`checks[0].min: unknown key "xyz" (expected ips, snips, dm, dr, iips, pi)`},
		{"{name: o, type: ope, log: ope_log.jsonl, target: ope_target.jsonl, estimators: [ips, switch], min_ess: 1}",
			`checks[0].estimators: unknown estimator "switch": want ips, snips, dm, dr, iips or pi`},
		{"{name: o, type: ope, log: ope_log.jsonl, target: ope_target.jsonl, estimators: [ips], min: {dr: 0.1}}",
			"checks[0].min.dr: dr is not among the estimators computed (ips)"},
		{"{name: o, type: ope, log: ope_log.jsonl, target: ope_target.jsonl, min_ess: -1}", "checks[0].min_ess: -1"},
	} {
		_, err := parseString(t, "name: s\nchecks:\n  - "+c.check+"\n", nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s:\nerror %v\nwant it to contain %q", c.check, err, c.want)
		}
	}
}
