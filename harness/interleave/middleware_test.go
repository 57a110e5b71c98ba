package interleave

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mltest/mltest/harness/serving"
)

// lists is a ranker that returns a fixed list per user (input "user"),
// padded with "" to 4, and fails for user "bad".
type lists map[string][]string

func (l lists) Predict(_ context.Context, rows []serving.Row) []serving.Outcome {
	out := make([]serving.Outcome, len(rows))
	for i, r := range rows {
		out[i].ID = r.ID
		if _, ok := r.Values["request"]; ok {
			out[i].Err = errors.New("the ranker got the middleware's request input")
			continue
		}
		u := r.Values["user"].Strings[0]
		if u == "bad" {
			out[i].Err = errors.New("ranker down")
			continue
		}
		items := append(append([]string{}, l[u]...), "", "", "", "")[:4]
		out[i].Outputs = map[string]serving.Value{"items": serving.StringVector(items...)}
	}
	return out
}

func userRow(id, user string) serving.Row {
	return serving.Row{ID: id, Values: map[string]serving.Value{"user": serving.StringVector(user)}}
}

func TestMiddlewareServesAndLogsTheInterleaving(t *testing.T) {
	a := lists{"u1": {"x", "y", "z"}, "u2": {"p"}}
	b := lists{"u1": {"y", "w", "x"}, "u2": {"q"}}
	var log bytes.Buffer
	lw := NewLogWriter(&log)
	m := &Middleware{A: a, B: b, Items: "items", K: 4, Seed: 5, UserInput: "user", Log: lw.Log}
	rows := []serving.Row{userRow("r1", "u1"), userRow("r2", "u2"), userRow("r3", "bad")}
	out := m.Predict(context.Background(), rows)

	want := TeamDraft([]string{"x", "y", "z"}, []string{"y", "w", "x"}, 4, RequestRand(5, "r1"))
	if got := out[0].Outputs["items"].Strings; !cmp.Equal(got, want.Items) {
		t.Errorf("r1 served %v, want the team draft %v", got, want.Items)
	}
	if got := out[0].Outputs[TeamsOutput].Strings; !cmp.Equal(got, want.TeamNames()) {
		t.Errorf("r1 teams %v, want %v", got, want.TeamNames())
	}
	// Padding: two items served, two "" to fill the tensor.
	if got := out[1].Outputs["items"].Strings; len(got) != 4 || got[2] != "" || got[3] != "" || got[0] == "" {
		t.Errorf("r2 served %q, want two items then padding", got)
	}
	if out[2].Err == nil || !strings.Contains(out[2].Err.Error(), "ranker A: ranker down") || !strings.Contains(out[2].Err.Error(), "ranker B: ranker down") {
		t.Errorf("r3: error %v, want both rankers' failures", out[2].Err)
	}
	imps, err := DecodeLog(&log, "log", "user")
	if err != nil {
		t.Fatal(err)
	}
	wantLog := []Impression{
		{ID: "r1", User: "u1", Items: want.Items, Teams: want.TeamNames(), Clicks: []string{}},
		{ID: "r2", User: "u2", Items: out[1].Outputs["items"].Strings[:2], Teams: out[1].Outputs[TeamsOutput].Strings[:2], Clicks: []string{}},
	}
	if d := cmp.Diff(wantLog, imps); d != "" {
		t.Errorf("log (-want +got):\n%s", d)
	}
	// The same request is served the same list again.
	if again := m.Predict(context.Background(), rows[:1]); !cmp.Equal(again[0].Outputs, out[0].Outputs) {
		t.Errorf("r1 served %v, then %v", out[0].Outputs, again[0].Outputs)
	}
}

func TestMiddlewareModelServesOverJSON(t *testing.T) {
	var log bytes.Buffer
	lw := NewLogWriter(&log)
	m := &Middleware{A: lists{"u1": {"x", "y"}}, B: lists{"u1": {"y", "z"}}, Items: "items", K: 3, Seed: 1,
		RequestInput: "request", UserInput: "user", Log: lw.Log}
	srv := httptest.NewServer(serving.NewJSONHandler(m.Model("rec")))
	defer srv.Close()
	client := serving.NewClient(serving.NewJSON(srv.URL, nil))
	row := func(req, user string) serving.Row {
		return serving.Row{ID: req, Values: map[string]serving.Value{
			"request": serving.StringVector(req), "user": serving.StringVector(user)}}
	}
	out := client.Predict(context.Background(), []serving.Row{row("r1", "u1"), row("r2", "u1"), row("r3", "bad")})
	for i, req := range []string{"r1", "r2"} {
		want := TeamDraft([]string{"x", "y"}, []string{"y", "z"}, 3, RequestRand(1, req))
		if out[i].Err != nil {
			t.Fatal(out[i].Err)
		}
		if got := out[i].Outputs["items"].Strings; !cmp.Equal(got, want.Items) {
			t.Errorf("%s served %v, want %v", req, got, want.Items)
		}
	}
	if out[2].Err == nil || !strings.Contains(out[2].Err.Error(), "ranker down") {
		t.Errorf("a failing row: error %v", out[2].Err)
	}
	imps, err := DecodeLog(&log, "log", "user")
	if err != nil {
		t.Fatal(err)
	}
	// The client sends rows concurrently: the log is in the order they were
	// served.
	slices.SortFunc(imps, func(a, b Impression) int { return strings.Compare(a.ID, b.ID) })
	if len(imps) != 2 || imps[0].ID != "r1" || imps[1].ID != "r2" || imps[1].User != "u1" {
		t.Errorf("logged %+v, want r1 and r2 by their request ids", imps)
	}
}
