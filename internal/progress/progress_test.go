package progress

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/mltest/mltest/internal/testtool"
)

func TestLineShowsPercentRowsAndRate(t *testing.T) {
	m := New(nil, "reading p.csv", 500e6, 0, 0)
	m.AddBytes(210e6)
	m.AddRows(3100000)
	got := m.Line(2 * time.Second)
	want := "reading p.csv   42% 210.0/500.0 MB  3,100,000 rows  105.0 MB/s"
	if got != want {
		t.Fatalf("Line = %q, want %q", got, want)
	}
	m = New(nil, "stdin", 0, 0, 0)
	m.AddBytes(1e6)
	if got, want := m.Line(time.Second), "stdin  1.0 MB  1.0 MB/s"; got != want {
		t.Fatalf("Line = %q, want %q", got, want)
	}
}

func TestShortRunPrintsNothing(t *testing.T) {
	var out testtool.Buffer // the meter goroutine writes while the test reads
	m := New(&out, "x", 10, time.Hour, time.Millisecond)
	io.Copy(io.Discard, m.Reader(strings.NewReader("0123456789")))
	m.Done()
	if out.String() != "" {
		t.Fatalf("printed %q for a run shorter than the delay", out.String())
	}
}

func TestLongRunDrawsAndClears(t *testing.T) {
	var out testtool.Buffer // the meter goroutine writes while the test reads
	m := New(&out, "x", 10, 0, time.Millisecond)
	io.Copy(io.Discard, m.Reader(strings.NewReader("0123456789")))
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "100%") && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	m.Done()
	s := out.String()
	if !strings.Contains(s, "x  100% 0.0/0.0 MB") {
		t.Fatalf("no progress line in %q", s)
	}
	if !strings.HasSuffix(s, "\r\033[K") {
		t.Fatalf("line not cleared at the end: %q", s)
	}
}

func TestSilentMeterCounts(t *testing.T) {
	m := ForStderr("x", 0, true)
	n, _ := io.Copy(io.Discard, m.Reader(strings.NewReader("abc")))
	m.Done()
	if n != 3 || m.bytes.Load() != 3 {
		t.Fatalf("counted %d bytes, copied %d", m.bytes.Load(), n)
	}
}
