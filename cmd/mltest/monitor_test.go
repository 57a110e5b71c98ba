package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var monitorT0 = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC).Unix()

// served is one generated prediction with its label.
type served struct {
	id            string
	t, labelT     int64 // Unix seconds
	score, weight float64
	y             int
	device        string
}

// genServed generates predictions over hours, perHour[h] in hour h, each
// labelled 1 to 1200 seconds later. In the hours listed in noise, the
// scores carry no signal: a quality drop.
func genServed(seed uint64, perHour []int, noise map[int]bool) []served {
	r := rand.New(rand.NewPCG(seed, 9))
	var out []served
	for h, n := range perHour {
		for i := range n {
			t := monitorT0 + int64(h)*3600 + int64(i)*3600/int64(n)
			y := 0
			if r.Float64() < 0.4 {
				y = 1
			}
			s := 0.35 + 0.25*float64(y) + 0.15*r.NormFloat64()
			if noise[h] {
				s = 0.45 + 0.15*r.NormFloat64()
			}
			s = math.Round(math.Min(1, math.Max(0, s))*1000) / 1000 // ties, as real scores have
			out = append(out, served{id: fmt.Sprintf("h%d-%d", h, i), t: t, labelT: t + 1 + r.Int64N(1200), score: s,
				weight: float64(1 + r.IntN(3)), y: y, device: []string{"web", "ios"}[r.IntN(2)]})
		}
	}
	return out
}

// writeServed writes the prediction log (CSV) and the label log (JSONL,
// RFC 3339 times), each in time order.
func writeServed(t *testing.T, dir string, rows []served) (string, string) {
	var p, l bytes.Buffer
	p.WriteString("id,time,score,weight,device\n")
	for _, r := range rows {
		fmt.Fprintf(&p, "%s,%d,%s,%v,%s\n", r.id, r.t, strconv.FormatFloat(r.score, 'g', -1, 64), r.weight, r.device)
	}
	byLabel := append([]served(nil), rows...)
	for i := 1; i < len(byLabel); i++ {
		for j := i; j > 0 && byLabel[j].labelT < byLabel[j-1].labelT; j-- {
			byLabel[j], byLabel[j-1] = byLabel[j-1], byLabel[j]
		}
	}
	for _, r := range byLabel {
		fmt.Fprintf(&l, `{"id":%q,"time":%q,"clicked":%d}`+"\n", r.id, time.Unix(r.labelT, 0).UTC().Format(time.RFC3339), r.y)
	}
	preds, labels := filepath.Join(dir, "predictions.csv"), filepath.Join(dir, "clicks.jsonl")
	require.NoError(t, os.WriteFile(preds, p.Bytes(), 0o644))
	require.NoError(t, os.WriteFile(labels, l.Bytes(), 0o644))
	return preds, labels
}

// decodeLines decodes JSON lines keeping numbers as written.
func decodeLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var ws []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		d := json.NewDecoder(strings.NewReader(line))
		d.UseNumber()
		var w map[string]any
		require.NoError(t, d.Decode(&w), line)
		ws = append(ws, w)
	}
	return ws
}

func decodeJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v map[string]any
	require.NoError(t, d.Decode(&v))
	return v
}

// Each tumbling window's metrics, overall and per slice, are mltest eval's
// on the window's rows (its predictions with their labels, in the order the
// predictions came): the same engine and the same order of rows. The
// rank-based and count-based metrics are equal to the last bit; sums of
// per-row terms (log loss, Brier, ECE) to rounding, because eval cuts a
// CSV file into chunks by bytes and the window by rows, so their partial
// sums are grouped differently.
func TestMonitorWindowsEqualEval(t *testing.T) {
	dir := t.TempDir()
	rows := genServed(1, []int{70000, 3000, 2500}, nil)
	preds, labels := writeServed(t, dir, rows)
	metrics := "roc_auc,average_precision,log_loss,brier,accuracy,precision,recall,f1,mcc,ece"
	code, out, errOut := runCLI(t, "", "monitor", "--predictions", preds, "--labels", labels, "--id", "id", "--time", "time",
		"--score", "score", "--label", "clicked", "--weight", "weight", "--slice", "device", "--metrics", metrics,
		"--window", "1h", "--label-delay", "15m")
	require.Equal(t, 0, code, errOut)
	windows := decodeLines(t, out)
	require.Len(t, windows, 4) // the fourth hour holds only late labels
	require.Equal(t, json.Number("0"), windows[3]["n"])
	require.NotEqual(t, json.Number("0"), windows[3]["late_labels"])
	for wi, w := range windows[:3] {
		start, _ := time.Parse(time.RFC3339, w["start"].(string))
		end, _ := time.Parse(time.RFC3339, w["end"].(string))
		var csv bytes.Buffer
		csv.WriteString("y,s,w,device\n")
		n, labeled := 0, 0
		for _, r := range rows {
			if r.t < start.Unix() || r.t >= end.Unix() {
				continue
			}
			n++
			if r.labelT-r.t > 15*60 {
				continue // late: not joined
			}
			labeled++
			fmt.Fprintf(&csv, "%d,%s,%v,%s\n", r.y, strconv.FormatFloat(r.score, 'g', -1, 64), r.weight, r.device)
		}
		require.Equal(t, json.Number(strconv.Itoa(n)), w["n"], "window %d", wi)
		require.Equal(t, json.Number(strconv.Itoa(labeled)), w["labeled"], "window %d", wi)
		file := filepath.Join(dir, fmt.Sprintf("window%d.csv", wi))
		require.NoError(t, os.WriteFile(file, csv.Bytes(), 0o644))
		code, evalOut, errOut := runCLI(t, "", "eval", "--task", "binary", "--label", "y", "--score", "s", "--weight", "w",
			"--slice", "device", "--metrics", metrics, "--format", "json", "--quiet", file)
		require.Equal(t, 0, code, errOut)
		ev := decodeJSON(t, evalOut)
		requireSameMetrics(t, ev["metrics"], w["metrics"], fmt.Sprintf("window %d overall", wi))
		evSlices := ev["slices"].([]any)
		wSlices := w["slices"].([]any)
		require.Len(t, wSlices, len(evSlices))
		for i := range evSlices {
			es, ws := evSlices[i].(map[string]any), wSlices[i].(map[string]any)
			require.Equal(t, es["key"], ws["key"])
			requireSameMetrics(t, es["metrics"], ws["metrics"], fmt.Sprintf("window %d slice %v", wi, es["key"]))
			require.Equal(t, es["n"], ws["labeled"])
		}
	}
}

// Sliding windows merge panes: the additions are grouped differently from
// one pass over the window's rows, so sums agree to rounding (1e-12
// relative), counts-based and rank-based metrics exactly.
func TestMonitorSlidingWindowsEqualEval(t *testing.T) {
	dir := t.TempDir()
	rows := genServed(2, []int{900, 1100, 800}, nil)
	preds, labels := writeServed(t, dir, rows)
	code, out, errOut := runCLI(t, "", "monitor", "--predictions", preds, "--labels", labels, "--id", "id", "--time", "time",
		"--score", "score", "--label", "clicked", "--window", "1h", "--every", "15m", "--label-delay", "20m")
	require.Equal(t, 0, code, errOut)
	windows := decodeLines(t, out)
	require.Len(t, windows, 3*4+3)
	for wi, w := range windows {
		start, _ := time.Parse(time.RFC3339, w["start"].(string))
		end, _ := time.Parse(time.RFC3339, w["end"].(string))
		var csv bytes.Buffer
		csv.WriteString("y,s\n")
		for _, r := range rows {
			if r.t >= start.Unix() && r.t < end.Unix() {
				fmt.Fprintf(&csv, "%d,%v\n", r.y, r.score)
			}
		}
		file := filepath.Join(dir, "w.csv")
		require.NoError(t, os.WriteFile(file, csv.Bytes(), 0o644))
		code, evalOut, errOut := runCLI(t, "", "eval", "--task", "binary", "--label", "y", "--score", "s", "--format", "json", "--quiet", file)
		require.Equal(t, 0, code, errOut)
		requireSameMetrics(t, decodeJSON(t, evalOut)["metrics"], w["metrics"], fmt.Sprintf("window %d", wi))
	}
}

// requireSameMetrics holds a window's metrics to eval's: every metric to
// 1e-12 relative, and the rank-based and count-based ones (whose sums are
// of weights in the same order) to the last bit, as printed (shortest round
// trip: equal strings are equal bits).
func requireSameMetrics(t *testing.T, evalMetrics, windowMetrics any, what string) {
	t.Helper()
	want, got := evalMetrics.(map[string]any), windowMetrics.(map[string]any)
	require.Len(t, got, len(want), what)
	for name, wv := range want {
		if wv == nil {
			require.Nil(t, got[name], "%s %s", what, name)
			continue
		}
		a, _ := wv.(json.Number).Float64()
		b, _ := got[name].(json.Number).Float64()
		require.InDelta(t, a, b, 1e-12*math.Max(1, math.Abs(a)), "%s %s", what, name)
		switch name {
		case "roc_auc", "average_precision", "accuracy", "precision", "recall", "f1", "mcc":
			require.Equal(t, wv, got[name], "%s %s", what, name)
		}
	}
}

// A stream whose scores lose their signal in one hour raises the alert in
// that window only, with and without intervals; exit 1.
func TestMonitorAlertInTheDropWindowOnly(t *testing.T) {
	dir := t.TempDir()
	rows := genServed(3, []int{800, 800, 800, 800, 800, 800}, map[int]bool{3: true})
	preds, labels := writeServed(t, dir, rows)
	outDir := filepath.Join(dir, "out")
	for _, extra := range [][]string{{"--out", outDir}, {"--ci", "0.95"}} {
		args := append([]string{"monitor", "--predictions", preds, "--labels", labels, "--id", "id", "--time", "time",
			"--score", "score", "--label", "clicked", "--window", "1h", "--label-delay", "30m", "--metrics", "roc_auc",
			"--alert", "roc_auc < 0.7"}, extra...)
		code, out, errOut := runCLI(t, "", args...)
		require.Equal(t, 1, code, errOut)
		windows := decodeLines(t, out)
		require.Len(t, windows, 6)
		for i, w := range windows {
			alerts := w["alerts"].([]any)
			if i == 3 {
				require.Len(t, alerts, 1, "the drop window")
				require.Regexp(t, `^roc_auc 0\.[45]\d* (\[0\.\d+, 0\.\d+\] )?< 0\.7$`, alerts[0])
			} else {
				require.Empty(t, alerts, "window %d", i)
			}
		}
		require.Contains(t, errOut, "1 alerts")
	}
	page, err := os.ReadFile(filepath.Join(outDir, "report.html"))
	require.NoError(t, err)
	require.Contains(t, string(page), `data-plot="metric" data-metric="roc_auc"`)
	require.Contains(t, string(page), "<td>2026-12-01T13:00:00Z – 2026-12-01T14:00:00Z</td><td>roc_auc 0.")
	require.Equal(t, 1, strings.Count(string(page), `class="point alert"`))
}

// Bad input stops the command with FILE:LINE and the column: exit 2.
func TestMonitorBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	args := func(file string) []string {
		return []string{"monitor", "--predictions", file, "--id", "id", "--time", "t", "--score", "s", "--label", "y", "--window", "1h"}
	}
	for _, c := range []struct{ content, want string }{
		{"{\"id\":\"a\",\"t\":1,\"s\":0.5}\n{\"id\":\"b\",\"t\":2,\"s\":0.5\n", ":2: not a JSON object"},
		{"{\"id\":\"a\",\"t\":\"yesterday\",\"s\":0.5}\n", `:1: t: time "yesterday": want RFC 3339 (2026-12-01T10:00:00Z) or Unix seconds`},
		{"{\"id\":\"a\",\"t\":1,\"s\":0.5}\n{\"id\":\"a\",\"t\":2,\"s\":0.5}\n", `:2: duplicate prediction id "a" (first at `},
		{"{\"id\":\"a\",\"t\":1,\"s\":0.5}\n{\"id\":\"a\",\"t\":2,\"y\":2}\n", `:2: y: expected a binary label 0/1 or true/false, got "2"`},
		{"{\"id\":\"a\",\"t\":1,\"s\":\"NaN\"}\n", `:1: s: expected a number, got the JSON string "NaN"`},
		{"{\"id\":\"a\",\"t\":1}\n", ":1: neither a label nor scores"},
		{"{\"id\":\"\",\"t\":1,\"s\":0.5}\n", ":1: empty id"},
	} {
		file := write("log.jsonl", c.content)
		code, _, errOut := runCLI(t, "", args(file)...)
		require.Equal(t, 2, code, c.content)
		require.Contains(t, errOut, "mltest: "+file)
		require.Contains(t, errOut, c.want)
	}
	code, _, errOut := runCLI(t, "", append(args(write("log.jsonl", "{}\n")), "--alert", "auc < 1")...)
	require.Equal(t, 2, code)
	require.Contains(t, errOut, `unknown subject "auc"`)
	code, _, errOut = runCLI(t, "", "monitor", "--predictions", "x.jsonl")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "--id and --time are required")
}
