package suite

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// everyKey is a suite that uses every key the parser accepts.
const everyKey = `
name: every key
description: uses every key
model_version: ${VERSION}
vars:
  DIR: .
  URL: http://127.0.0.1:1
concurrency: 2
data:
  preds:
    path: ${DIR}/preds.csv
    format: csv
    label: label
    score: score
    weight: weight
    id: id
    cluster: user
    slices: [device]
  other:
    path: preds_b.csv
    label: label
    score: [score]
    id: id
    slices: device
  multi:
    path: ../../../examples/data/multiclass.jsonl
    label: label
    score: probs
    classes: [cat, dog, bird]
  ranked:
    qrels: rank.qrels
    run: rank.run
    queries: queries.csv
    query_id: qid
    slices: [market]
    relevance_level: 1
    complete: true
checks:
  - name: auc
    type: metric
    severity: warn
    description: the AUC
    data: preds
    task: binary
    metric: roc_auc
    threshold: {min: 0.5, max: "baseline + 0.5", max_drop: 0.01, direction: higher}
    per_slice: true
    min_slice_n: 2
    ci: 0.9
    bootstrap: 50
    seed: 3
    require_interval: true
    decision_threshold: 0.4
    k: 2
  - name: cmp
    type: compare
    baseline: preds
    candidate: other
    task: binary
    metrics: [roc_auc, accuracy]
    max_regression: {roc_auc: 0.1}
    require_better: [accuracy]
    alpha: 0.1
    ci: 0.9
    bootstrap: 100
    trials: 100
    seed: 2
    per_slice: true
    min_slice_n: 2
    decision_threshold: 0.5
    k: 2
  - name: par
    type: parity
    requests: requests.jsonl
    offline: offline.jsonl
    protocol: v2
    url: ${URL}
    model: m
    abs_tol: 1e-6
    rel_tol: 0
    rank_k: 5
    concurrency: 2
    batch: 4
    timeout: 2s
    retries: 1
    max_mismatches: 0
    binary_data: true
    stages: {encode: [y]}
  - name: gold
    type: golden
    file: out.txt
    golden: golden.txt
  - name: drift
    type: drift
    reference: preds
    current: other
    features: [score, device]
    categorical: [device]
    bins: 4
    thresholds: {psi: 0.2, ks_pvalue: 0.01}
  - name: rank
    type: metric
    data: ranked
    metric: ndcg_cut_10
    threshold: {min: 0.1}
  - name: interleaved
    type: interleave
    log: impressions.jsonl
    user: user
    require: A
    min_delta_ab: -0.01
    sequential: true
    ci: 0.9
    bootstrap: 200
    seed: 4
  - name: off-policy
    type: ope
    log: ope_log.jsonl
    target: ope_target.jsonl
    reward_model: ope_model.jsonl
    estimators: [ips, dr]
    clip: 10
    min: {dr: -1}
    max: {ips: 2}
    min_ess: 50
    require_interval: true
    ci: 0.9
    bootstrap: 100
    seed: 2
  - name: grpc against rest
    type: parity
    requests: requests.jsonl
    protocol: v2-grpc
    url: grpc://127.0.0.1:2
    model: m
    grpc_contents: typed
    headers: {authorization: Bearer x}
    tls: true
    tls_ca: golden.txt
    tls_cert: out.txt
    tls_key: golden.txt
    against: {url: "${URL}", protocol: v2}
  - name: tf serving grpc
    type: parity
    requests: requests.jsonl
    offline: offline.jsonl
    protocol: tfserving-grpc
    url: 127.0.0.1:3
    model: m
    signature: scores
  - name: served
    type: monitor
    predictions: served.jsonl
    labels: clicks.jsonl
    id: id
    time: time
    score: score
    label: clicked
    weight: w
    task: binary
    metrics: [roc_auc, accuracy]
    slices: [device]
    window: 1h
    every: 30m
    label_delay: 10m
    unlabeled_as: 0
    estimate: true
    alerts: ["roc_auc < 0.6", "estimated.roc_auc < 0.6"]
    ci: 0.9
    bootstrap: 50
    seed: 2
    min_slice_n: 5
    decision_threshold: 0.4
`

func parseString(t *testing.T, text string, env map[string]string) (*Suite, error) {
	t.Helper()
	return Parse([]byte(text), "suite.yaml", LoadOptions{Dir: "testdata", Getenv: func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	}})
}

func TestParseEveryKey(t *testing.T) {
	s, err := parseString(t, everyKey, map[string]string{"VERSION": "v7"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "every key" || s.ModelVersion != "v7" || s.Concurrency != 2 || len(s.Checks) != 11 {
		t.Fatalf("suite = %+v", s)
	}
	if got := s.Order; !slices.Equal(got, []string{"preds", "other", "multi", "ranked"}) {
		t.Errorf("Order = %v", got)
	}
	p := s.Sources["preds"]
	if p.Path != filepath.Join("testdata", "preds.csv") || p.Cluster != "user" || !slices.Equal(p.Slices, []string{"device"}) {
		t.Errorf("preds = %+v", p)
	}
	if o := s.Sources["other"]; !slices.Equal(o.Scores, []string{"score"}) || !slices.Equal(o.Slices, []string{"device"}) {
		t.Errorf("other = %+v", o)
	}
	m := s.Checks[0].Metric
	if s.Checks[0].Severity != SeverityWarn || m.Data != "preds" || m.CI != 0.9 || m.Bootstrap != 50 || m.Seed != 3 ||
		!m.RequireInterval || m.DecisionThreshold != 0.4 || m.MinSliceN != 2 || !m.PerSlice {
		t.Errorf("metric = %+v", m)
	}
	th := m.Threshold
	if th.Min.Offset != 0.5 || th.Min.Baseline || !th.Max.Baseline || th.Max.Offset != 0.5 || *th.MaxDrop != 0.01 || th.Direction != "higher" {
		t.Errorf("threshold = %+v %+v %+v", th, th.Min, th.Max)
	}
	c := s.Checks[1].Compare
	if c.Baseline != "preds" || c.Candidate != "other" || c.Alpha != 0.1 || c.MaxRegression["roc_auc"] != 0.1 || c.Trials != 100 {
		t.Errorf("compare = %+v", c)
	}
	pc := s.Checks[2].Parity
	if len(pc.Stages) != 1 || pc.Stages[0].Name != "encode" || pc.Stages[0].Outputs[0] != "y" {
		t.Errorf("stages = %+v", pc.Stages)
	}
	if pc.URL != "http://127.0.0.1:1" || pc.Timeout != 2*time.Second || pc.Batch != 4 || pc.RankK != 5 || pc.Retries != 1 {
		t.Errorf("parity = %+v", pc)
	}
	d := s.Checks[4].Drift
	if d.Bins != 4 || d.Thresholds["ks_pvalue"] != 0.01 || d.Reference != "preds" {
		t.Errorf("drift = %+v", d)
	}
	if s.Checks[5].Metric.Task != "ranking" {
		t.Errorf("ranking task = %q", s.Checks[5].Metric.Task)
	}
	if mc := s.Checks[10].Monitor; mc.Labels != filepath.Join("testdata", "clicks.jsonl") || mc.Every != 30*time.Minute ||
		mc.LabelDelay != 10*time.Minute || *mc.UnlabeledAs != 0 || !mc.Estimate || len(mc.Alerts) != 2 || mc.MinSliceN != 5 {
		t.Errorf("monitor = %+v", mc)
	}
	if r := s.Sources["ranked"]; !r.Complete || s.Sources["preds"].Complete {
		t.Errorf("complete: ranked %v, preds %v; want true, false", r.Complete, s.Sources["preds"].Complete)
	}
	il := s.Checks[6].Interleave
	if il.Log != filepath.Join("testdata", "impressions.jsonl") || il.User != "user" || il.Require != "A" || *il.MinDeltaAB != -0.01 ||
		!il.Sequential || il.CI != 0.9 || il.Bootstrap != 200 || il.Seed != 4 {
		t.Errorf("interleave = %+v", il)
	}
	o := s.Checks[7].OPE
	if o.RewardModel != filepath.Join("testdata", "ope_model.jsonl") || !slices.Equal(o.Estimators, []string{"ips", "dr"}) || o.Clip != 10 ||
		o.Min["dr"] != -1 || o.Max["ips"] != 2 || *o.MinESS != 50 || !o.RequireInterval || o.CI != 0.9 || o.Bootstrap != 100 || o.Seed != 2 {
		t.Errorf("ope = %+v", o)
	}
	if !pc.BinaryData {
		t.Errorf("binary_data = false")
	}
	g := s.Checks[8].Parity
	if !g.TypedContents || g.Headers["authorization"] != "Bearer x" || !g.TLS.Enable || g.TLS.CAFile != filepath.Join("testdata", "golden.txt") ||
		g.TLS.CertFile != filepath.Join("testdata", "out.txt") || g.Against == nil || *g.Against != (ParityEndpoint{URL: "http://127.0.0.1:1", Protocol: "v2", Model: "m"}) {
		t.Errorf("grpc parity = %+v against %+v", g, g.Against)
	}
	if tf := s.Checks[9].Parity; tf.Signature != "scores" || tf.URL != "127.0.0.1:3" {
		t.Errorf("tf parity = %+v", tf)
	}
}

// TestEveryKeyIsExercised keeps everyKey honest: it uses every key of Keys().
func TestEveryKeyIsExercised(t *testing.T) {
	for part, keys := range Keys() {
		for _, k := range keys {
			if !regexp.MustCompile(`(?m)[\s{,]` + regexp.QuoteMeta(k) + `:`).MatchString(everyKey) {
				t.Errorf("%s key %q is not in the everyKey suite", part, k)
			}
		}
	}
}

// TestKeysDocumented checks that docs/suite.md documents every key the parser
// accepts, in the section of the part that holds it.
func TestKeysDocumented(t *testing.T) {
	data, err := os.ReadFile("../../docs/suite.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	sections := map[string]string{
		"suite": "## Top-level keys", "data source": "## Data sources", "check": "## Checks",
		"threshold": "### `type: metric`", TypeMetric: "### `type: metric`", TypeCompare: "### `type: compare`",
		TypeParity: "### `type: parity`", TypeGolden: "### `type: golden`", TypeDrift: "### `type: drift`",
		TypeInterleave: "### `type: interleave`", TypeOPE: "### `type: ope`",
		TypeMonitor: "### `type: monitor`",
	}
	for part, keys := range Keys() {
		head, ok := sections[part]
		if !ok {
			t.Errorf("no docs section for %q", part)
			continue
		}
		i := strings.Index(doc, head)
		if i < 0 {
			t.Errorf("docs/suite.md has no heading %q", head)
			continue
		}
		body := doc[i+len(head):]
		if j := strings.Index(body, "\n#"); j >= 0 {
			body = body[:j]
		}
		for _, k := range keys {
			if !strings.Contains(body, "| `"+k+"` |") {
				t.Errorf("docs/suite.md section %q does not document key %q (as a table row \"| `%s` |\")", head, k, k)
			}
		}
	}
	for _, st := range DriftStats {
		if !strings.Contains(doc, "`"+st+"`") {
			t.Errorf("docs/suite.md does not name drift statistic %q", st)
		}
	}
}

const minimal = `name: m
data:
  preds:
    path: preds.csv
    label: label
    score: score
    id: id
checks:
  - name: auc
    type: metric
    data: preds
    task: binary
    metric: roc_auc
    threshold:
      min: 0.5
`

func TestParseErrors(t *testing.T) {
	replace := func(old, new string) string {
		if !strings.Contains(minimal, old) {
			t.Fatalf("minimal has no %q", old)
		}
		return strings.Replace(minimal, old, new, 1)
	}
	cases := []struct {
		name, text, want string
	}{
		{"unknown threshold key", replace("min: 0.5", "mn: 0.5"),
			`suite.yaml:15: checks[0].threshold: unknown key "mn" (expected min, max, max_drop, direction)`},
		{"unknown top key", minimal + "extra: 1\n", `suite.yaml:16: unknown key "extra" (expected name, description, model_version, vars, concurrency, data, checks)`},
		{"unknown key of type", replace("task: binary", "task: binary\n    url: x"), `suite.yaml:13: checks[0]: unknown key "url" (expected name, type, severity, description, data, task, metric,`},
		{"bad number", replace("min: 0.5", "min: high"), `suite.yaml:15: checks[0].threshold.min: "high": want a number, "baseline", "baseline - X" or "baseline + X"`},
		{"bad baseline expr", replace("min: 0.5", "min: baseline * 2"), `suite.yaml:15: checks[0].threshold.min: "baseline * 2": want "baseline - X" or "baseline + X"`},
		{"bad bool", replace("task: binary", "task: binary\n    per_slice: yes please"), `suite.yaml:13: checks[0].per_slice: "yes please": want true or false`},
		{"list for string", replace("name: auc", "name: [a, b]"), `suite.yaml:9: checks[0].name: want a string, got a list`},
		{"bad level", replace("task: binary", "task: binary\n    ci: 95"), `suite.yaml:13: checks[0].ci: 95: want a level between 0 and 1, such as 0.95`},
		{"nan", replace("min: 0.5", "min: .nan"), `suite.yaml:15: checks[0].threshold.min: ".nan": want a finite number`},
		{"duplicate check", minimal + "  - name: auc\n    type: golden\n    file: out.txt\n    golden: golden.txt\n",
			`suite.yaml:16: checks[1].name: duplicate check name "auc" (first at line 9): names must be unique`},
		{"duplicate key", replace("task: binary", "task: binary\n    task: binary"), `suite.yaml:13: checks[0]: duplicate key "task" (first at line 12)`},
		{"missing file", replace("path: preds.csv", "path: nope.csv"), `suite.yaml:4: data.preds.path: testdata/nope.csv: no such file or directory`},
		{"unknown source", replace("data: preds", "data: pred"), `suite.yaml:11: checks[0].data: no data source "pred" (defined: preds)`},
		{"unknown metric", replace("metric: roc_auc", "metric: auc"), `suite.yaml:13: checks[0].metric: unknown binary metric "auc"`},
		{"unknown type", replace("type: metric", "type: metrics"), `suite.yaml:10: checks[0].type: "metrics": want one of metric, compare, parity, golden, drift`},
		{"missing type", replace("    type: metric\n", ""), `suite.yaml:9: checks[0].type: required: metric, compare, parity, golden, drift, interleave, ope or monitor`},
		{"missing threshold", replace("    threshold:\n      min: 0.5\n", ""), `suite.yaml:9: checks[0].threshold: required for a metric check`},
		{"empty threshold", replace("      min: 0.5\n", "      {}\n"), `suite.yaml:15: checks[0].threshold: empty: give min, max or max_drop`},
		{"min above max", replace("min: 0.5", "min: 0.5\n      max: 0.4"), `suite.yaml:15: checks[0].threshold: min 0.5 is above max 0.4: no value can pass`},
		{"undefined var", replace("path: preds.csv", "path: ${NOPE}/preds.csv"), `suite.yaml:4: data.preds.path: undefined variable ${NOPE}: set it in the environment or under vars:`},
		{"alias", replace("min: 0.5", "min: &x 0.5\n      max: *x"), `suite.yaml:15: YAML anchors and aliases`},
		{"not yaml", "name: [\n", `suite.yaml:1: not valid YAML: did not find expected node content`},
		{"empty", "", `suite.yaml: empty suite`},
		{"scalar doc", "hello\n", `suite.yaml:1: want a mapping (key: value lines), got "hello"`},
		{"no name", strings.Replace(minimal, "name: m\n", "", 1), `suite.yaml:1: name: required`},
		{"no checks", "name: x\n", `suite.yaml:1: checks: required: a list of checks`},
		{"per_slice without slices", replace("task: binary", "task: binary\n    per_slice: true"), `suite.yaml:13: checks[0].per_slice: data source "preds" (line 4) names no slices`},
		{"require_interval without ci", replace("task: binary", "task: binary\n    require_interval: true"), `checks[0].require_interval: needs an interval: set ci`},
		{"table without task", replace("    task: binary\n", ""), `suite.yaml:11: checks[0].task: required for a predictions table`},
		{"severity", replace("type: metric", "type: metric\n    severity: error"), `suite.yaml:11: checks[0].severity: "error": want one of fail, warn`},
		{"format unknown", replace("path: preds.csv", "path: out.txt"), `suite.yaml:4: data.preds.path: testdata/out.txt: cannot tell the format from the name`},
		{"complete on a table", replace("path: preds.csv", "path: preds.csv\n    complete: true"), `suite.yaml:4: data.preds.complete: applies to a ranking (qrels and run) only`},
		{"source both", replace("path: preds.csv", "path: preds.csv\n    qrels: rank.qrels\n    run: rank.run"), `suite.yaml:4: data.preds: give either path`},
		{"compare no id", `name: c
data:
  a: {path: preds.csv, label: label, score: score}
  b: {path: preds_b.csv, label: label, score: score, id: id}
checks:
  - {name: c, type: compare, task: binary, baseline: a, candidate: b}
`, `suite.yaml:6: checks[0]: data source "a" (line 3) names no id column: compare joins rows by id`},
		{"compare gate not compared", `name: c
data:
  a: {path: preds.csv, label: label, score: score, id: id}
  b: {path: preds_b.csv, label: label, score: score, id: id}
checks:
  - {name: c, type: compare, task: binary, baseline: a, candidate: b, metrics: [roc_auc], max_regression: {f1: 0.1}}
`, `suite.yaml:6: checks[0].max_regression.f1: not a compared metric (compared: roc_auc)`},
		{"ranking measure", `name: r
data:
  r: {qrels: rank.qrels, run: rank.run}
checks:
  - {name: r, type: metric, data: r, metric: ndcg_cut_x, threshold: {min: 0}}
`, `suite.yaml:5: checks[0].metric:`},
		{"drift on ranking", `name: r
data:
  r: {qrels: rank.qrels, run: rank.run}
  t: {path: preds.csv}
checks:
  - {name: d, type: drift, reference: r, current: t, features: [score]}
`, `suite.yaml:6: checks[0].reference: data source "r" (line 3) is a ranking`},
		{"drift bad stat", `name: r
data:
  t: {path: preds.csv}
  u: {path: preds_b.csv}
checks:
  - {name: d, type: drift, reference: t, current: u, features: [score], thresholds: {psi: 0.1, ks: 0.1}}
`, `suite.yaml:6: checks[0].thresholds: unknown key "ks" (expected psi, js_distance, linf, ks_d, wasserstein_norm, smd, missing_rate_diff, ks_pvalue)`},
		{"parity url", `name: p
checks:
  - {name: p, type: parity, requests: requests.jsonl, offline: offline.jsonl, url: localhost:8000, model: m}
`, `suite.yaml:3: checks[0].url: "localhost:8000": want an http:// or https:// URL`},
		{"parity grpc url", `name: p
checks:
  - {name: p, type: parity, requests: requests.jsonl, offline: offline.jsonl, protocol: v2-grpc, url: "http://x:1", model: m}
`, `suite.yaml:3: checks[0].url: gRPC endpoint "http://x:1": want HOST:PORT, grpc://HOST:PORT or grpcs://HOST:PORT`},
		{"parity offline and against", `name: p
checks:
  - {name: p, type: parity, requests: requests.jsonl, offline: offline.jsonl, url: "http://x", model: m, against: {url: "x:1", protocol: v2-grpc}}
`, `suite.yaml:3: checks[0].against: a parity check compares with offline or against, not both`},
		{"parity neither", `name: p
checks:
  - {name: p, type: parity, requests: requests.jsonl, url: "http://x", model: m}
`, `suite.yaml:3: checks[0].offline: required for a parity check (or against: a second endpoint)`},
		{"parity against url", `name: p
checks:
  - {name: p, type: parity, requests: requests.jsonl, url: "http://x", model: m, against: {url: "x:1"}}
`, `suite.yaml:3: checks[0].against.url: "x:1": want an http:// or https:// URL`},
		{"parity signature", `name: p
checks:
  - {name: p, type: parity, requests: requests.jsonl, offline: offline.jsonl, url: "http://x", model: m, signature: s}
`, `suite.yaml:3: checks[0].signature: applies to protocol tfserving-grpc, not v2`},
		{"parity timeout", `name: p
checks:
  - {name: p, type: parity, requests: requests.jsonl, offline: offline.jsonl, url: "http://x", model: m, timeout: 5}
`, `suite.yaml:3: checks[0].timeout: "5": want a positive duration such as 500ms or 5s`},
		{"checks not list", "name: x\nchecks:\n  a: 1\n", `suite.yaml:3: checks: want a list of checks (lines starting with -), got a mapping`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseString(t, tc.text, nil)
			if err == nil {
				t.Fatalf("no error; want %q", tc.want)
			}
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("error %T %v is not a *suite.Error", err, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, tc.want)
			}
		})
	}
}

func TestVarsPrecedence(t *testing.T) {
	text := "name: ${A}-${B}-${C}\nvars: {A: suite, B: suite, C: suite}\nchecks:\n  - {name: g, type: golden, file: out.txt, golden: golden.txt}\n"
	s, err := Parse([]byte(text), "s.yaml", LoadOptions{Dir: "testdata", Vars: map[string]string{"A": "caller"},
		Getenv: func(k string) (string, bool) {
			if k == "A" || k == "B" {
				return "env", true
			}
			return "", false
		}})
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "caller-env-suite" {
		t.Errorf("name = %q, want caller-env-suite (caller > environment > vars:)", s.Name)
	}
}

func TestExpand(t *testing.T) {
	look := func(k string) (string, bool) {
		if k == "X" {
			return "1", true
		}
		return "", false
	}
	for in, want := range map[string]string{"a${X}b": "a1b", "$$X": "$X", "$": "$", "a$b": "a$b", "${X}${X}": "11", "$${X}": "${X}"} {
		got, err := expand(in, look)
		if err != nil || got != want {
			t.Errorf("expand(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"${Y}", "${X", "${}", "${1A}", "${a-b}"} {
		if _, err := expand(in, look); err == nil {
			t.Errorf("expand(%q): no error", in)
		}
	}
}

func TestLoadResolvesAgainstSuiteDir(t *testing.T) {
	s, err := Load(filepath.Join("testdata", "nested", "suite.yaml"), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join("testdata", "nested", "..", "preds.csv"); s.Sources["p"].Path != want {
		t.Errorf("path = %q, want %q", s.Sources["p"].Path, want)
	}
	if _, err := Load(filepath.Join("testdata", "missing.yaml"), LoadOptions{}); err == nil || !strings.Contains(err.Error(), "testdata/missing.yaml: cannot read the suite") {
		t.Errorf("missing suite: %v", err)
	}
}
