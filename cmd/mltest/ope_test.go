package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const opeData = "../../harness/offpolicy/testdata/"

func TestOPECLIJSON(t *testing.T) {
	code, stdout, stderr := runCLI(t, "", "ope", "--log", opeData+"log.jsonl", "--target", opeData+"target.jsonl",
		"--reward-model", opeData+"reward_model.jsonl", "--format", "json")
	require.Equal(t, exitOK, code, stderr)
	var got struct {
		N         int `json:"n"`
		Estimates map[string]struct {
			Value float64    `json:"value"`
			CI    [2]float64 `json:"ci"`
		} `json:"estimates"`
		ESS       float64  `json:"ess"`
		MaxWeight float64  `json:"max_weight"`
		Warnings  []string `json:"warnings"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	assert.Equal(t, 4, got.N)
	assert.InDelta(t, 1.25, got.Estimates["ips"].Value, 1e-15)
	assert.InDelta(t, 5/5.4, got.Estimates["snips"].Value, 1e-15)
	assert.InDelta(t, 0.53, got.Estimates["dm"].Value, 1e-15)
	assert.InDelta(t, 0.9, got.Estimates["dr"].Value, 1e-15)
	assert.InDelta(t, 5.4*5.4/17.16, got.ESS, 1e-12)
	assert.Equal(t, 4.0, got.MaxWeight)
	require.Len(t, got.Warnings, 1)
	assert.Contains(t, got.Warnings[0], "effective sample size 1.699 of 4 events")
	// The estimators in the order asked.
	assert.Less(t, strings.Index(stdout, `"ips"`), strings.Index(stdout, `"snips"`))
}

func TestOPECLITableAndOptions(t *testing.T) {
	code, stdout, stderr := runCLI(t, "", "ope", "--log", opeData+"log.jsonl", "--target", opeData+"target.jsonl",
		"--estimators", "snips, ips", "--clip", "2", "--ci", "0.9", "--bootstrap", "200", "--seed", "3")
	require.Equal(t, exitOK, code, stderr)
	checkGolden(t, "ope/table.golden", stdout)
	code, stdout, stderr = runCLI(t, "", "ope", "--log", opeData+"slate_log.jsonl", "--target", opeData+"slate_target.jsonl", "--format", "json")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, `"iips"`)
	assert.Contains(t, stdout, `"pi"`)
}

func TestOPECLIBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	log := write("log.jsonl", `{"id": "e1", "action": "a1", "propensity": 0.5, "reward": 1}`+"\n"+`{"id": "e2", "action": "a2", "propensity": 0, "reward": 1}`+"\n")
	good := write("good.jsonl", `{"id": "e1", "action": "a1", "propensity": 0.5, "reward": 1}`+"\n")
	target := write("target.jsonl", `{"id": "e1", "probs": {"a1": 0.5, "a5": 0.5}}`+"\n")
	other := write("other.jsonl", `{"id": "e7", "action": "a1"}`+"\n")
	okTarget := write("ok_target.jsonl", `{"id": "e1", "action": "a1"}`+"\n")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--log", log, "--target", target}, "mltest: " + log + ":2: propensity: 0, want a probability in (0, 1]"},
		{[]string{"--log", good, "--target", target}, "mltest: " + target + `:1: probs[a5]: target probability 0.5 for "a5", which the log never saw`},
		{[]string{"--log", good, "--target", other}, "mltest: " + other + `:1: id: id "e7" is not in the log`},
		{[]string{"--log", good, "--target", okTarget, "--estimators", "dm"}, "ope: estimator dm needs a reward model"},
		{[]string{"--log", good, "--target", okTarget, "--estimators", "iips"}, `unknown estimator "iips" for bandit logs`},
		{[]string{"--log", good}, "--log FILE and --target FILE are required"},
		{[]string{"--log", good, "--target", okTarget, "--clip", "-1"}, "--clip -1"},
		{[]string{"--log", "-", "--target", "-"}, "at most one of the files can be standard input"},
	} {
		code, _, stderr := runCLI(t, "", append([]string{"ope"}, c.args...)...)
		assert.Equal(t, exitUsage, code, c.args)
		assert.Contains(t, stderr, c.want, c.args)
	}
	code, stdout, _ := runCLI(t, "", "ope", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "pseudo-inverse")
}
