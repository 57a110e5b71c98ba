package suite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mltest/mltest/harness/interleave"
	"github.com/mltest/mltest/harness/offpolicy"
	"github.com/mltest/mltest/internal/report"
	"github.com/mltest/mltest/metrics/ope"
)

const onlineSuite = `name: online
checks:
  - name: a preferred
    type: interleave
    log: impressions.jsonl
    user: user
    require: A
    min_delta_ab: 0.05
  - name: b preferred
    type: interleave
    log: impressions.jsonl
    require: B
  - name: a not much worse
    type: interleave
    log: impressions.jsonl
    min_delta_ab: 0.2
    severity: warn
  - name: target value
    type: ope
    log: ope_log.jsonl
    target: ope_target.jsonl
    reward_model: ope_model.jsonl
    min: {dr: 0.4, snips: 0.3}
    max: {ips: 2}
    min_ess: 50
  - name: target value too high a bar
    type: ope
    log: ope_log.jsonl
    target: ope_target.jsonl
    min: {snips: 0.5}
    require_interval: true
  - name: no slates here
    type: ope
    log: ope_log.jsonl
    target: ope_target.jsonl
    min: {iips: 0.1}
`

// TestOnlineChecks runs interleave and ope checks: each gives the numbers
// of its command's flow on the same file (interleave.Analyze,
// offpolicy.EstimateFiles), passes and fails by its rules, and errors when
// it cannot run.
func TestOnlineChecks(t *testing.T) {
	s := writeSuite(t, onlineSuite)
	rep := Run(context.Background(), s, Options{})
	byName := map[string]report.Check{}
	for _, c := range rep.Checks {
		byName[c.Name] = c
	}
	status := map[string]report.Status{}
	for name, c := range byName {
		status[name] = c.Status
	}
	want := map[string]report.Status{"a preferred": report.Pass, "b preferred": report.Fail, "a not much worse": report.Warn,
		"target value": report.Pass, "target value too high a bar": report.Fail, "no slates here": report.Error}
	if d := cmp.Diff(want, status); d != "" {
		t.Fatalf("statuses (-want +got):\n%s\n%+v", d, rep.Checks)
	}

	imps, err := interleave.ReadLog(filepath.Join("testdata", "impressions.jsonl"), nil, "user")
	if err != nil {
		t.Fatal(err)
	}
	res, err := interleave.Analyze(imps, interleave.Options{ByUser: true, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(report.NewInterleaveDetail(res), byName["a preferred"].Interleave); d != "" {
		t.Errorf("the check's numbers differ from interleave.Analyze's (-want +got):\n%s", d)
	}
	if m := byName["b preferred"].Message; !strings.Contains(m, "B is not significantly preferred (preferred: A") {
		t.Errorf("b preferred: message %q", m)
	}
	if m := byName["a not much worse"].Message; !strings.HasPrefix(m, "delta_ab 0.134") || !strings.Contains(m, "want >= 0.2 (min_delta_ab: 0.2)") {
		t.Errorf("a not much worse: message %q", m)
	}

	est, err := offpolicy.EstimateFiles(offpolicy.Files{Log: "testdata/ope_log.jsonl", Target: "testdata/ope_target.jsonl",
		RewardModel: "testdata/ope_model.jsonl"}, nil, ope.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(report.NewOPEDetail(est), byName["target value"].OPE); d != "" {
		t.Errorf("the check's numbers differ from offpolicy.EstimateFiles's (-want +got):\n%s", d)
	}
	if m := byName["target value too high a bar"].Message; !strings.Contains(m, "snips: interval lower bound") || !strings.Contains(m, "not >= 0.5 (min: 0.5)") {
		t.Errorf("too high a bar: message %q", m)
	}
	if m := byName["no slates here"].Message; !strings.Contains(m, "a bound on iips, which this log does not give (computed: ips, snips)") {
		t.Errorf("no slates: message %q", m)
	}
	var b strings.Builder
	if err := report.WriteJSON(&b, *rep); err != nil {
		t.Errorf("report.json of the online checks: %v", err)
	}
}

func TestOnlineCheckBadLogIsAnError(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(log, []byte(`{"id": "a", "items": ["x"], "teams": ["C"], "clicks": []}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Parse([]byte("name: s\nchecks:\n  - {name: i, type: interleave, log: bad.jsonl, require: A}\n"), "s.yaml", LoadOptions{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	c := Run(context.Background(), s, Options{}).Checks[0]
	if c.Status != report.Error || !strings.Contains(c.Message, `bad.jsonl:1: teams[0]: team "C"`) {
		t.Errorf("bad log: %s %q", c.Status, c.Message)
	}
}
