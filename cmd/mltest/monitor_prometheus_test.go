package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/mltest/mltest/internal/testtool"
	"github.com/stretchr/testify/require"
)

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// promQuery asks Prometheus's HTTP API for the value of an instant query,
// and false while it has none.
func promQuery(t *testing.T, base, query string) (float64, bool) {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/query?query=" + url.QueryEscape(query))
	if err != nil {
		return 0, false
	}
	defer resp.Body.Close()
	var body struct {
		Status string
		Data   struct {
			Result []struct {
				Value [2]any
			}
		}
	}
	if json.NewDecoder(resp.Body).Decode(&body) != nil || body.Status != "success" || len(body.Data.Result) != 1 {
		return 0, false
	}
	s, _ := body.Data.Result[0].Value[1].(string)
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// A real Prometheus server (Debian's prometheus) scrapes `mltest monitor
// --follow --listen`, and what its query API returns is what the monitor
// printed for its latest window: the metric, per slice, and the counters.
func TestMonitorPrometheusScrape(t *testing.T) {
	promBin := testtool.Need(t, "prometheus", "prometheus")
	dir := t.TempDir()
	bin := filepath.Join(dir, "mltest")
	build := exec.Command("go", "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))
	rows := genServed(4, []int{600, 600, 600}, nil)
	preds, labels := writeServed(t, dir, rows)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	mon := exec.CommandContext(ctx, bin, "monitor", "--predictions", preds, "--labels", labels, "--id", "id", "--time", "time",
		"--score", "score", "--label", "clicked", "--slice", "device", "--metrics", "roc_auc,accuracy", "--window", "1h",
		"--label-delay", "15m", "--follow", "--listen", "127.0.0.1:0")
	stdout, err := mon.StdoutPipe()
	require.NoError(t, err)
	stderr, err := mon.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, mon.Start())
	defer mon.Process.Kill()
	addrLine := regexp.MustCompile(`Prometheus metrics at http://(\S+)/metrics`)
	addrc := make(chan string, 1)
	// errText is written by the scanning goroutine and read by the test;
	// stderrDone closes when the pipe is drained, which must come before
	// mon.Wait closes it.
	var errText testtool.Buffer
	stderrDone := make(chan struct{})
	go func() {
		defer close(stderrDone)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			errText.WriteString(sc.Text() + "\n")
			if m := addrLine.FindStringSubmatch(sc.Text()); m != nil {
				addrc <- m[1]
			}
		}
	}()
	var target string
	select {
	case target = <-addrc:
	case <-time.After(30 * time.Second):
		t.Fatalf("mltest monitor did not say where it listens:\n%s", errText.String())
	}
	lines := make(chan string, 10)
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	// Following, the monitor emits the windows the watermark (the latest
	// event time minus the label delay) has closed, and no more.
	maxT := int64(0)
	for _, r := range rows {
		maxT = max(maxT, r.labelT)
	}
	closed := int((maxT - 15*60 - monitorT0) / 3600)
	require.Less(t, closed, 4, "the last hour stays open")
	var latest map[string]any
	for range closed {
		select {
		case l := <-lines:
			latest = decodeJSON(t, l)
		case <-time.After(60 * time.Second):
			t.Fatal("no window from the following monitor")
		}
	}

	promAddr := freePort(t)
	cfg := filepath.Join(dir, "prometheus.yml")
	require.NoError(t, os.WriteFile(cfg, []byte(fmt.Sprintf(`global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: mltest
    static_configs:
      - targets: ['%s']
`, target)), 0o644))
	prom := exec.CommandContext(ctx, promBin, "--config.file="+cfg, "--storage.tsdb.path="+filepath.Join(dir, "tsdb"),
		"--web.listen-address="+promAddr, "--log.level=warn")
	var promLog testtool.Buffer
	prom.Stdout, prom.Stderr = &promLog, &promLog
	require.NoError(t, prom.Start())
	defer func() {
		prom.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { prom.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			prom.Process.Kill()
		}
	}()

	base := "http://" + promAddr
	// check waits until Prometheus has scraped the value wanted (the
	// monitor may still be reading when the first scrape comes).
	check := func(want float64, q string) {
		t.Helper()
		deadline := time.Now().Add(90 * time.Second)
		last, seen := 0.0, false
		for time.Now().Before(deadline) {
			if v, ok := promQuery(t, base, q); ok {
				if v == want {
					return
				}
				last, seen = v, true
			}
			time.Sleep(500 * time.Millisecond)
		}
		t.Fatalf("Prometheus: %s = %v (a value: %v), want %v\n%s", q, last, seen, want, promLog.String())
	}
	num := func(v any) float64 {
		f, err := v.(json.Number).Float64()
		require.NoError(t, err)
		return f
	}
	metrics := latest["metrics"].(map[string]any)
	check(num(metrics["roc_auc"]), `mltest_monitor_metric{metric="roc_auc",slice=""}`)
	check(num(metrics["accuracy"]), `mltest_monitor_metric{metric="accuracy",slice=""}`)
	for _, s := range latest["slices"].([]any) {
		sl := s.(map[string]any)
		name := "device=" + sl["key"].(map[string]any)["device"].(string)
		check(num(sl["metrics"].(map[string]any)["roc_auc"]), fmt.Sprintf(`mltest_monitor_metric{metric="roc_auc",slice=%q}`, name))
	}
	end, _ := time.Parse(time.RFC3339, latest["end"].(string))
	check(float64(end.Unix()), `mltest_monitor_window_end_seconds`)
	check(num(latest["labeled"]), `mltest_monitor_window{count="labeled"}`)
	check(float64(2*len(rows)), `mltest_monitor_rows_total`)
	late := 0
	for _, r := range rows {
		if r.labelT-r.t > 15*60 {
			late++
		}
	}
	check(float64(late), `mltest_monitor_late_labels_total`)
	check(float64(len(rows)), `mltest_monitor_labels_total`)
	check(float64(closed), `mltest_monitor_windows_total`)
	select {
	case l := <-lines:
		t.Fatalf("a window the watermark has not closed: %s", l)
	default:
	}

	// SIGTERM stops a following monitor cleanly: exit 0.
	// Both pipes are read to the end before Wait closes them.
	require.NoError(t, mon.Process.Signal(syscall.SIGTERM))
	for l := range lines {
		t.Errorf("a line after SIGTERM: %s", l)
	}
	<-stderrDone
	require.NoError(t, mon.Wait(), errText.String())
}
