package progress

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Meter reports progress of reading total bytes (0 when unknown).
type Meter struct {
	w        io.Writer
	label    string
	total    int64
	bytes    atomic.Int64
	rows     atomic.Int64
	start    time.Time
	delay    time.Duration
	interval time.Duration

	mu    sync.Mutex
	drawn bool
	stop  chan struct{}
	done  chan struct{}
}

// New starts a meter drawing on w, or a silent one when w is nil. The first
// line appears after delay; later ones every interval.
func New(w io.Writer, label string, total int64, delay, interval time.Duration) *Meter {
	m := &Meter{w: w, label: label, total: total, start: time.Now(), delay: delay, interval: interval}
	if w != nil {
		m.stop, m.done = make(chan struct{}), make(chan struct{})
		go m.loop()
	}
	return m
}

// ForStderr returns a meter on os.Stderr when it is a terminal and quiet is
// false, otherwise a silent one: the default for the CLI's long reads.
func ForStderr(label string, total int64, quiet bool) *Meter {
	if quiet || !IsTerminal(os.Stderr) {
		return New(nil, label, total, 0, 0)
	}
	return New(os.Stderr, label, total, 1500*time.Millisecond, 200*time.Millisecond)
}

// Counter returns a callback that takes running totals of rows done (the
// first argument; calls serialized, as serving.Client.Progress makes them)
// and adds to m the rows done since the last call.
func (m *Meter) Counter() func(done, total int) {
	last := 0
	return func(done, _ int) {
		m.AddRows(int64(done - last))
		last = done
	}
}

// AddBytes records n more bytes read. Safe for concurrent use.
func (m *Meter) AddBytes(n int64) { m.bytes.Add(n) }

// AddRows records n more rows read. Safe for concurrent use.
func (m *Meter) AddRows(n int64) { m.rows.Add(n) }

// Reader wraps r so that reading through it counts bytes.
func (m *Meter) Reader(r io.Reader) io.Reader { return &countingReader{r: r, m: m} }

// Done stops the meter and clears its line. Call it once.
func (m *Meter) Done() {
	if m.stop == nil {
		return
	}
	close(m.stop)
	<-m.done
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.drawn {
		fmt.Fprint(m.w, clearLine)
	}
}

func (m *Meter) loop() {
	defer close(m.done)
	select {
	case <-m.stop:
		return
	case <-time.After(m.delay):
	}
	t := time.NewTicker(m.interval)
	defer t.Stop()
	for {
		m.draw()
		select {
		case <-m.stop:
			return
		case <-t.C:
		}
	}
}

func (m *Meter) draw() {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprint(m.w, clearLine+m.Line(time.Since(m.start)))
	m.drawn = true
}

// Line is the status text after elapsed time, e.g.
// "reading preds.csv  42% 210.0/500.0 MB  3,100,000 rows  105.0 MB/s".
func (m *Meter) Line(elapsed time.Duration) string {
	b, rows := m.bytes.Load(), m.rows.Load()
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(b) / 1e6 / s
	}
	s := m.label
	if m.total > 0 {
		pct := 100 * float64(b) / float64(m.total)
		if pct > 100 {
			pct = 100
		}
		s += fmt.Sprintf("  %3.0f%% %.1f/%.1f MB", pct, float64(b)/1e6, float64(m.total)/1e6)
	} else {
		s += fmt.Sprintf("  %.1f MB", float64(b)/1e6)
	}
	if rows > 0 {
		s += "  " + groupThousands(rows) + " rows"
	}
	return s + fmt.Sprintf("  %.1f MB/s", rate)
}

func groupThousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

type countingReader struct {
	r io.Reader
	m *Meter
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.m.bytes.Add(int64(n))
	return n, err
}
