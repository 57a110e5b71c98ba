package monitor

import (
	"context"
	"errors"
	"io"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/metrics/evaluate"
)

// Columns names the columns of the logs. A predictions row holds ID, Time
// and Scores (and Weight, Slices and Features when named); a label row ID,
// Time and Label; a row may hold both. In a separate labels file only ID,
// Time and Label are read.
type Columns struct {
	ID, Time string
	Label    string
	Scores   []string // one, one per class, or one JSON-array column
	Classes  []string // multiclass: class names, in score order, when labels are names
	Weight   string
	Slices   []string
	Features []string // compared with the reference (drift)
}

// A source reads one log into events, in its own goroutine, through the one
// row decoder (fixtures/table, a partial table): the time and feature
// columns travel as slice columns, as written.
type source struct {
	index  int
	name   string
	follow bool
	cols   Columns
	table  table.Columns
	rows   *table.Rows
	closer io.Closer
	feed   *feed
	offset int  // a row's line in the file is its table line plus offset
	skip   bool // the first row was applied before the checkpoint
	out    chan batch
	cur    batch
}

// batch is a run of events, passed between goroutines together.
type batch struct {
	events []Event
	err    error // with the last batch of a source: why it ended (nil: its end)
	end    bool
}

const batchEvents = 512

// openSource opens one log, resuming after line resumeAt (0: from the start).
func openSource(ctx context.Context, index int, name, format string, stdin io.Reader, cols Columns, task evaluate.Task, labelsOnly, predictionsOnly, follow bool, resumeAt int) (*source, error) {
	tc := table.Columns{Task: task, ID: cols.ID, Classes: cols.Classes, Partial: true, Format: format}
	tc.Slices = append([]string{cols.Time}, cols.Slices...)
	tc.Slices = append(tc.Slices, cols.Features...)
	if !predictionsOnly {
		tc.Label = cols.Label
	}
	if !labelsOnly {
		tc.Scores, tc.Weight = cols.Scores, cols.Weight
	} else {
		tc.Slices = tc.Slices[:1]
		tc.Classes = cols.Classes
	}
	if tc.Format == "" {
		tc.Format = table.FormatOf(name)
		if tc.Format == "" {
			return nil, &table.InputError{File: name, Msg: "cannot tell the format from the name: use .csv, .jsonl or .ndjson (optionally .gz), or name the format"}
		}
	}
	if tc.Format != "csv" && tc.Format != "jsonl" {
		return nil, &table.InputError{File: name, Msg: "a log to monitor is CSV or JSONL (read as it grows), not " + tc.Format}
	}
	s := &source{index: index, name: name, follow: follow, cols: cols, table: tc, out: make(chan batch, 4)}
	header := tc.Format == "csv"
	fd, err := openFeed(ctx, name, stdin, follow, header, resumeAt)
	if err != nil {
		return nil, err
	}
	s.feed = fd
	fd.idle = s.flush
	if resumeAt > 0 {
		s.skip = true
		s.offset = resumeAt - 1
		if header {
			s.offset = resumeAt - 2
		}
	}
	rows, closer, err := table.Open("-", tc, table.Options{Stdin: fd})
	if err != nil {
		return nil, s.fix(err)
	}
	s.rows, s.closer = rows, closer
	return s, nil
}

// fix names the real file and line in an error of the decoder, which read
// the feed as standard input.
func (s *source) fix(err error) error {
	var ie *table.InputError
	if errors.As(err, &ie) && ie.File == "-" {
		c := *ie
		c.File = s.name
		if c.Line > 0 {
			c.Line += s.offset
		}
		return &c
	}
	return err
}

// run decodes rows into events until the input ends, then closes out.
func (s *source) run() {
	defer close(s.out)
	defer s.closer.Close()
	nSlices := len(s.cols.Slices)
	if s.table.Scores == nil {
		nSlices = 0
	}
	for s.rows.Next() {
		r := s.rows.Row()
		if s.skip {
			s.skip = false
			continue
		}
		ev := Event{Source: s.index, File: s.name, Line: r.Line + s.offset, ID: r.ID}
		t, err := ParseTime(r.Slices[0])
		if err != nil {
			s.cur.err = &table.InputError{File: s.name, Line: ev.Line, Field: s.cols.Time, Msg: err.Error()}
			break
		}
		ev.Time = t
		if !r.NoScores {
			ev.HasPrediction = true
			ev.Scores = append([]float64(nil), r.Scores...)
			ev.Weight = r.Weight
			ev.Slices = append([]string(nil), r.Slices[1:1+nSlices]...)
			ev.Features = append([]string(nil), r.Slices[1+nSlices:]...)
		}
		if !r.NoLabel {
			ev.HasLabel, ev.Label = true, r.Label
		}
		s.cur.events = append(s.cur.events, ev)
		if len(s.cur.events) == batchEvents {
			s.flush()
		}
	}
	if s.cur.err == nil {
		if err := s.rows.Err(); err != nil && !errors.Is(err, io.EOF) {
			s.cur.err = s.fix(err)
		}
	}
	s.cur.end = true
	select {
	case s.out <- s.cur:
	case <-s.feed.done:
	}
}

// flush delivers the events decoded so far.
func (s *source) flush() {
	if len(s.cur.events) == 0 {
		return
	}
	select {
	case s.out <- s.cur:
	case <-s.feed.done:
	}
	s.cur = batch{}
}
