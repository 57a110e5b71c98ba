package report

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestProblemsNamesFailedAndErroredChecksOnly(t *testing.T) {
	r := Report{Checks: []Check{
		{Name: "auc", Status: Pass, Message: "roc_auc 0.9"},
		{Name: "drift", Status: Fail, Message: "2 features drifted\nx: psi 0.3"},
		{Name: "lists", Status: Warn, Message: "changed"},
		{Name: "served\x1b[31m", Status: Error, Message: "every request failed"},
	}}
	want := []string{
		"check failed: drift: 2 features drifted",
		"check could not run: served: every request failed",
	}
	if diff := cmp.Diff(want, Problems(r)); diff != "" {
		t.Errorf("Problems (-want +got):\n%s", diff)
	}
}
