package monitor

import (
	"fmt"
	"math"
	"slices"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/metrics/evaluate"
)

// Monitor evaluates a stream of events in event-time windows. Add takes
// events one at a time, in the order they arrive (out of order in event
// time is fine up to the watermark), and returns the windows that closed;
// Flush closes every window at the end of a stream. A Monitor is not safe
// for concurrent use.
//
// Memory is bounded: an open pane keeps its predictions until the
// watermark passes its end (about LabelDelay plus one pane of traffic), a
// closed pane keeps only the engine's mergeable state until the last
// window that holds it is emitted, and an id is remembered one label delay
// longer than its pane, to tell a late label from an unmatched one.
type Monitor struct {
	opt    Options
	estOpt evaluate.Options
	width  int64 // pane width, ns
	every  int64
	window int64
	delay  int64
	k      int // scores per prediction; 0 until the first multiclass prediction

	maxTime  int64 // latest event time; math.MinInt64 before the first event
	closedTo int64 // every pane ending at or before it is closed; math.MinInt64 at first
	open     map[int64]*pane
	closed   []*closedPane // in pane order, kept while a window to emit needs them
	nextK    int64         // the next window to emit: [nextK*every, nextK*every+window)
	started  bool          // nextK is set

	ids    map[string]entry
	recent []recentIDs // ids of closed panes, remembered until expire

	counts Counts
}

// entry is what the monitor remembers of an id.
type entry struct {
	kind   uint8 // pending, recent or early
	pane   int64 // pending: the prediction's pane
	i      int32 // pending: its index in the pane
	time   int64 // the prediction's time (pending, recent), the label's (early)
	label  float64
	file   string
	line   int
	labels bool // pending: a label has been joined
}

const (
	pendingID = iota
	recentID
	earlyLabel
)

type recentIDs struct {
	Expire int64
	IDs    []string
}

// Counts are the monitor's running totals: every event ends up in exactly
// one of them, so none is dropped unseen.
type Counts struct {
	Rows        int64 // events read
	Predictions int64 // predictions placed in a window
	Labels      int64 // label events (a row with both counts in both); once flushed,
	// Labels = Joined + LateLabels + UnmatchedLabels + DuplicateLabels
	Joined          int64 // labels joined to their prediction
	LateLabels      int64 // labels that came after the label delay, or after their window closed
	UnmatchedLabels int64 // labels whose prediction never came, or was forgotten
	DuplicateLabels int64 // labels for a prediction already labeled (the first stands)
	LatePredictions int64 // predictions whose window had closed when they came
	OutOfOrder      int64 // events older than an event before them (handled; counted for information)
	Windows         int64 // windows emitted
	Alerts          int64 // alerts fired
}

// New returns a Monitor, or an error for options that do not fit together.
func New(opt Options) (*Monitor, error) {
	if err := opt.check(); err != nil {
		return nil, err
	}
	width, _ := opt.paneWidth()
	m := &Monitor{opt: opt, estOpt: estimateOptions(opt), width: width, every: int64(opt.every()), window: int64(opt.Window),
		delay: int64(opt.LabelDelay), maxTime: math.MinInt64, closedTo: math.MinInt64,
		open: map[int64]*pane{}, ids: map[string]entry{}}
	switch {
	case opt.Evaluate.Task != evaluate.Multiclass:
		m.k = 1
	case opt.Evaluate.Classes > 0:
		m.k = opt.Evaluate.Classes
	}
	return m, nil
}

// Counts returns the running totals.
func (m *Monitor) Counts() Counts { return m.counts }

// Watermark returns the latest event time minus the label delay, and false
// before the first event.
func (m *Monitor) Watermark() (int64, bool) {
	if m.maxTime == math.MinInt64 {
		return 0, false
	}
	return m.maxTime - m.delay, true
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func (m *Monitor) paneOf(t int64) int64 { return floorDiv(t, m.width) }

// isClosed reports whether the pane of index p has closed.
func (m *Monitor) isClosed(p int64) bool {
	return m.closedTo != math.MinInt64 && (p+1)*m.width <= m.closedTo
}

func (m *Monitor) paneAt(p int64) *pane {
	pn := m.open[p]
	if pn == nil {
		pn = newPane(p, m)
		m.open[p] = pn
	}
	return pn
}

// errorAt is bad input at an event.
func errorAt(ev *Event, field, format string, args ...any) error {
	return &table.InputError{File: ev.File, Line: ev.Line, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// Add takes one event and returns the windows it closed, in order. A
// duplicate prediction id, a multiclass prediction with another number of
// classes, a label outside the classes, or (with Estimate) a score that is
// not a probability is an *table.InputError naming the event's file and
// line; the monitor is then unchanged.
func (m *Monitor) Add(ev *Event) ([]Window, error) {
	if err := m.check(ev); err != nil {
		return nil, err
	}
	m.counts.Rows++
	if m.maxTime != math.MinInt64 && ev.Time < m.maxTime {
		m.counts.OutOfOrder++
	}
	if ev.HasPrediction {
		m.addPrediction(ev)
	}
	if ev.HasLabel {
		m.counts.Labels++
		if !ev.HasPrediction {
			m.addLabel(ev)
		}
	}
	if ev.Time > m.maxTime {
		m.maxTime = ev.Time
	}
	return m.advance(m.maxTime-m.delay, false)
}

// check finds what makes an event unusable before anything changes.
func (m *Monitor) check(ev *Event) error {
	if ev.ID == "" {
		return errorAt(ev, "", "empty id: every row needs the id that joins a prediction and its label")
	}
	task := m.opt.Evaluate.Task
	if ev.HasPrediction {
		if e, ok := m.ids[ev.ID]; ok && e.kind != earlyLabel {
			return errorAt(ev, "", "duplicate prediction id %q (first at %s:%d): ids must be unique", ev.ID, e.file, e.line)
		}
		if task == evaluate.Multiclass && m.k != 0 && len(ev.Scores) != m.k {
			return errorAt(ev, "", "%d class scores, earlier rows have %d", len(ev.Scores), m.k)
		}
		if m.opt.Estimate {
			if err := checkProbabilities(task, ev.Scores); err != nil {
				return errorAt(ev, "", "%v", err)
			}
		}
		if len(ev.Features) != len(m.opt.Features) || len(ev.Slices) != len(m.opt.Evaluate.SliceBy) {
			panic("monitor: an event's features or slices do not match the options")
		}
	}
	if ev.HasLabel && task == evaluate.Multiclass {
		k := m.k
		if ev.HasPrediction {
			k = len(ev.Scores)
		}
		if k != 0 && int(ev.Label) >= k {
			return errorAt(ev, "", "label %v is not a class of the %d-class scores", ev.Label, k)
		}
	}
	return nil
}

func (m *Monitor) addPrediction(ev *Event) {
	p := m.paneOf(ev.Time)
	if m.isClosed(p) {
		m.counts.LatePredictions++
		if ev.HasLabel {
			m.counts.LateLabels++ // its label came with it, after the window closed
			m.paneAt(m.paneOf(m.closedTo)).late++
		}
		return
	}
	m.counts.Predictions++
	if m.k == 0 {
		m.k = len(ev.Scores)
	}
	pn := m.paneAt(p)
	q := pred{id: ev.ID, time: ev.Time, weight: ev.Weight, score: int32(len(pn.scores)), slice: pn.sliceOf(ev.Slices)}
	pn.scores = append(pn.scores, ev.Scores...)
	if pn.profile != nil {
		pn.profile.Add(ev.Features) // kinds are checked by the source
	}
	e, waiting := m.ids[ev.ID]
	switch {
	case ev.HasLabel:
		q.label, q.labeled = ev.Label, true
		m.counts.Joined++
		if waiting {
			m.counts.DuplicateLabels++ // a label came before the row that holds its own
		}
	case waiting: // the label came first
		if e.time-ev.Time > m.delay {
			m.countLate(e.time)
		} else {
			q.label, q.labeled = e.label, true
			m.counts.Joined++
		}
	}
	pn.preds = append(pn.preds, q)
	m.ids[ev.ID] = entry{kind: pendingID, pane: p, i: int32(len(pn.preds) - 1), time: ev.Time, file: ev.File, line: ev.Line, labels: q.labeled}
}

func (m *Monitor) addLabel(ev *Event) {
	e, ok := m.ids[ev.ID]
	switch {
	case !ok:
		p := m.paneOf(ev.Time)
		if m.isClosed(p) {
			m.counts.UnmatchedLabels++
			return
		}
		pn := m.paneAt(p)
		pn.early = append(pn.early, ev.ID)
		m.ids[ev.ID] = entry{kind: earlyLabel, time: ev.Time, label: ev.Label, file: ev.File, line: ev.Line}
	case e.kind == earlyLabel:
		m.counts.DuplicateLabels++
	case e.kind == recentID:
		m.countLate(ev.Time)
	case e.labels:
		m.counts.DuplicateLabels++
	case ev.Time-e.time > m.delay:
		m.countLate(ev.Time)
	default:
		pn := m.open[e.pane]
		q := &pn.preds[e.i]
		q.label, q.labeled = ev.Label, true
		e.labels = true
		m.ids[ev.ID] = e
		m.counts.Joined++
	}
}

// countLate counts a late label in the window of its own time, or, when
// that window has closed, in the next window to close.
func (m *Monitor) countLate(t int64) {
	m.counts.LateLabels++
	p := m.paneOf(t)
	if m.isClosed(p) {
		p = m.paneOf(m.closedTo) // the first pane not closed: every open pane is at or after it
	}
	m.paneAt(p).late++
}

// Flush closes every pane and emits every window that holds one: the end
// of a stream that will not go on.
func (m *Monitor) Flush() ([]Window, error) {
	if len(m.open) == 0 {
		return m.emit(true)
	}
	last := int64(math.MinInt64)
	for p := range m.open {
		last = max(last, p)
	}
	return m.advance((last+1)*m.width, true)
}

// advance closes the panes that end at or before the watermark w, then
// emits the windows that closed.
func (m *Monitor) advance(w int64, flush bool) ([]Window, error) {
	if len(m.open) > 0 {
		idx := make([]int64, 0, len(m.open))
		for p := range m.open {
			if (p+1)*m.width <= w {
				idx = append(idx, p)
			}
		}
		slices.Sort(idx)
		for _, p := range idx {
			if err := m.closePane(m.open[p]); err != nil {
				return nil, err
			}
			delete(m.open, p)
		}
	}
	if to := floorDiv(w, m.width) * m.width; to > m.closedTo {
		m.closedTo = to
	}
	m.forget()
	return m.emit(flush)
}

func (m *Monitor) closePane(pn *pane) error {
	c, err := pn.close(m)
	if err != nil {
		return fmt.Errorf("window of %s: %w", FormatTime(pn.index*m.width), err)
	}
	ids := make([]string, len(pn.preds))
	for i, q := range pn.preds {
		ids[i] = q.id
		m.ids[q.id] = entry{kind: recentID, time: q.time, file: m.ids[q.id].file, line: m.ids[q.id].line}
	}
	m.recent = append(m.recent, recentIDs{Expire: (pn.index+1)*m.width + m.delay, IDs: ids})
	for _, id := range pn.early {
		if e, ok := m.ids[id]; ok && e.kind == earlyLabel {
			delete(m.ids, id)
			m.counts.UnmatchedLabels++
		}
	}
	m.closed = append(m.closed, c)
	return nil
}

// forget drops the ids of closed panes one label delay after their pane.
func (m *Monitor) forget() {
	n := 0
	for _, r := range m.recent {
		if r.Expire > m.closedTo {
			break
		}
		for _, id := range r.IDs {
			if e, ok := m.ids[id]; ok && e.kind == recentID {
				delete(m.ids, id)
			}
		}
		n++
	}
	m.recent = m.recent[n:]
}
