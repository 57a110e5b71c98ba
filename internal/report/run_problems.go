package report

import "strings"

// Problems returns one line per check of r that failed or could not run,
// in suite order, for a command's standard error:
//
//	check failed: auc: roc_auc: value 0.82 not >= 0.84
//	check could not run: auc on bad data: testdata/nan.csv:3: score: ...
//
// Each line holds the check's name and the first line of its message,
// cleaned of control characters and ANSI escapes as in WriteTable. Checks
// that passed or warned give no line.
func Problems(r Report) []string {
	var out []string
	for _, c := range r.Checks {
		var what string
		switch c.Status {
		case Fail:
			what = "check failed: "
		case Error:
			what = "check could not run: "
		default:
			continue
		}
		first, _, _ := strings.Cut(c.Message, "\n")
		out = append(out, what+cleanText(c.Name)+": "+cleanText(first))
	}
	return out
}
