package monitor

import (
	"context"
	"errors"
	"io"
	"time"
)

// Config is what Run reads and how.
type Config struct {
	// Predictions is the log of predictions ("-": Stdin), which may hold
	// the labels too, as rows of their own or beside the scores.
	Predictions string
	// Labels is a second log holding the labels (ID, Time, Label), or "".
	// The two logs are read side by side, merged by event time.
	Labels string
	// Format is "csv" or "jsonl" when the names do not say (standard input).
	Format  string
	Columns Columns
	Options Options
	// Follow keeps reading as the logs grow, until the context is done;
	// windows are then emitted only as the watermark closes them.
	// Without it the input ends at the end of the files, and every window
	// is flushed.
	Follow bool
	// StateDir, when not "", holds a checkpoint: Run resumes from it and
	// keeps it up to date, so that a restarted run neither loses nor counts
	// twice a row.
	StateDir string
	// CheckpointEvery is how often, at most, the checkpoint is written while
	// no window closes; 0 means 10 seconds.
	CheckpointEvery time.Duration
	Stdin           io.Reader
}

// Check reports a Config that names no prediction log, no id, time, label
// or score column or no window, that reads standard input without a
// Format, or the labels from standard input, before any file is read. The
// messages name the flags of mltest monitor.
func (cfg Config) Check() error {
	switch {
	case cfg.Predictions == "":
		return errors.New("--predictions is required")
	case cfg.Columns.ID == "" || cfg.Columns.Time == "":
		return errors.New("--id and --time are required")
	case cfg.Columns.Label == "" || len(cfg.Columns.Scores) == 0:
		return errors.New("--label and --score are required")
	case cfg.Options.Window <= 0:
		return errors.New("--window is required: a positive duration such as 1h")
	case cfg.Predictions == "-" && cfg.Format == "":
		return errors.New("reading standard input: name its format with --input-format csv|jsonl")
	case cfg.Labels == "-":
		return errors.New("--labels - : the labels are read from a file (standard input can carry the predictions)")
	}
	return nil
}

// Observer receives what Run produces as it goes.
type Observer struct {
	// Window receives each closed window, in order. An error stops Run.
	Window func(Window) error
	// Counts receives the running totals after each batch of events.
	Counts func(Counts, Watermark)
	// Warning receives a message about the data (an undefined value, the
	// scores not calibrated), once each.
	Warning func(string)
}

// Watermark is the monitor's event-time progress.
type Watermark struct {
	Time  int64 // latest event time minus the label delay, ns
	Valid bool  // false before the first event
}

// Result is what a Run leaves.
type Result struct {
	Counts  Counts
	Resumed bool // started from a checkpoint
	Stopped bool // ended by the context (Follow), not by the end of the input
}

// Run is the flow of `mltest monitor`: it reads the logs event by event,
// through a Monitor, and hands each closed window to obs.Window. Bad input
// (a malformed row, a time that does not parse, a duplicate prediction id)
// is a *table.InputError naming the file, line and column; Run stops there,
// and the checkpoint (when kept) stays at the last good row.
func Run(ctx context.Context, cfg Config, obs Observer) (Result, error) {
	var res Result
	m, err := New(cfg.Options)
	if err != nil {
		return res, err
	}
	lines := []int{0, 0}
	fp := fingerprint(cfg)
	if cfg.StateDir != "" {
		st, ok, err := loadState(cfg.StateDir, fp)
		if err != nil {
			return res, err
		}
		if ok {
			if err := m.restore(st.Monitor); err != nil {
				return res, err
			}
			lines = st.Lines
			res.Resumed = true
		}
	}
	readCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	task := cfg.Options.Evaluate.Task
	var curs []*cursor
	pred, err := openSource(readCtx, 0, cfg.Predictions, cfg.Format, cfg.Stdin, cfg.Columns, task, false, cfg.Labels != "", cfg.Follow, lines[0])
	if err != nil {
		if ctx.Err() != nil { // stopped while waiting for a CSV header
			res.Stopped = true
			return res, nil
		}
		return res, err
	}
	curs = append(curs, &cursor{src: pred})
	if cfg.Labels != "" {
		lab, err := openSource(readCtx, 1, cfg.Labels, cfg.Format, cfg.Stdin, cfg.Columns, task, true, false, cfg.Follow, lines[1])
		if err != nil {
			pred.closer.Close()
			if ctx.Err() != nil {
				res.Stopped = true
				return res, nil
			}
			return res, err
		}
		curs = append(curs, &cursor{src: lab})
	}
	for _, c := range curs {
		go c.src.run()
	}
	every := cfg.CheckpointEvery
	if every == 0 {
		every = 10 * time.Second
	}
	save := func() error {
		if cfg.StateDir == "" {
			return nil
		}
		return saveState(cfg.StateDir, state{Version: stateVersion, Fingerprint: fp, Lines: lines, Monitor: m.snapshot()})
	}
	emit := func(ws []Window) error {
		for _, w := range ws {
			if obs.Warning != nil {
				for _, msg := range w.Warnings {
					obs.Warning(FormatTime(w.Start) + ": " + msg)
				}
			}
			if obs.Window != nil {
				if err := obs.Window(w); err != nil {
					return err
				}
			}
		}
		return nil
	}
	report := func() {
		if obs.Counts != nil {
			t, ok := m.Watermark()
			obs.Counts(m.Counts(), Watermark{t, ok})
		}
	}
	lastSave, dirty := time.Now(), false
	for n := 0; ctx.Err() == nil; n++ {
		c, err := next(ctx, curs, cfg.Follow)
		if err != nil {
			if ctx.Err() != nil {
				break // stopped: a half-read row at the end is not an error
			}
			return res, err
		}
		if c == nil {
			break
		}
		ev := &c.b.events[c.i]
		c.i++
		ws, err := m.Add(ev)
		if err != nil {
			return res, err
		}
		lines[ev.Source] = ev.Line
		dirty = true
		if err := emit(ws); err != nil {
			return res, err
		}
		if len(ws) > 0 || (n%4096 == 0 && time.Since(lastSave) > every) {
			if err := save(); err != nil {
				return res, err
			}
			lastSave, dirty = time.Now(), false
		}
		if c.i == len(c.b.events) || len(ws) > 0 {
			report()
		}
	}
	res.Stopped = ctx.Err() != nil
	if !res.Stopped {
		ws, err := m.Flush()
		if err != nil {
			return res, err
		}
		if err := emit(ws); err != nil {
			return res, err
		}
		dirty = true
	}
	if dirty || res.Stopped {
		if err := save(); err != nil {
			return res, err
		}
	}
	report()
	res.Counts = m.Counts()
	return res, nil
}

// cursor steps through the batches of one source.
type cursor struct {
	src   *source
	b     batch
	i     int
	ended bool
	err   error
}

// fill makes an event ready, waiting at most wait (negative: as long as it
// takes); it reports whether one is.
func (c *cursor) fill(wait time.Duration) bool {
	for c.i >= len(c.b.events) && !c.ended {
		var b batch
		var ok bool
		if wait < 0 {
			b, ok = <-c.src.out
		} else {
			select {
			case b, ok = <-c.src.out:
			case <-time.After(wait):
				return false
			}
		}
		if !ok {
			c.ended = true
			break
		}
		c.b, c.i = b, 0
		if b.end {
			c.ended, c.err = true, b.err
		}
	}
	return c.i < len(c.b.events)
}

// next returns the cursor whose event comes next (the earlier event time,
// predictions first on a tie), nil at the end of every input. With one
// input it is that input's next row. Following two inputs, one that has
// nothing new for a poll interval does not hold the other back.
func next(ctx context.Context, curs []*cursor, follow bool) (*cursor, error) {
	if len(curs) == 1 {
		c := curs[0]
		if c.fill(-1) {
			return c, nil
		}
		return nil, c.err
	}
	for {
		a, b := curs[0], curs[1]
		wait := time.Duration(-1)
		if follow {
			wait = pollInterval
		}
		ha, hb := a.fill(wait), b.fill(wait)
		for _, c := range curs {
			if c.err != nil && c.i >= len(c.b.events) {
				return nil, c.err
			}
		}
		switch {
		case ha && hb:
			if b.b.events[b.i].Time < a.b.events[a.i].Time {
				return b, nil
			}
			return a, nil
		case ha && (b.ended || follow):
			return a, nil
		case hb && (a.ended || follow):
			return b, nil
		case a.ended && b.ended:
			return nil, nil
		}
		if ctx.Err() != nil && follow {
			return nil, errors.New("stopped")
		}
	}
}
