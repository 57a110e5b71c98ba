package reclog

import (
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/mltest/mltest/examples/recommender/rec"
)

// Logger writes the two logs. It is safe for concurrent use.
type Logger struct {
	mu            sync.Mutex
	preds, clicks *json.Encoder
	// Now is the serving clock; time.Now unless set (Simulate sets its own).
	Now func() time.Time
	// Cohort gives a user's segment for the prediction log's slice column;
	// nil writes none.
	Cohort func(user string) string
}

// NewLogger returns a Logger writing to the two logs.
func NewLogger(predictions, clicks io.Writer) *Logger {
	return &Logger{preds: json.NewEncoder(predictions), clicks: json.NewEncoder(clicks), Now: time.Now}
}

// PredictionRow is one row of the prediction log.
type PredictionRow struct {
	ID     string  `json:"id"` // REQUEST:ITEM
	Time   string  `json:"time"`
	User   string  `json:"user"`
	Cohort string  `json:"cohort,omitempty"`
	Item   string  `json:"item"`
	Rank   int     `json:"rank"`
	Score  float64 `json:"score"` // the ALS score clipped to [0, 1]: it fits a 0/1 preference
}

// ClickRow is one row of the click log.
type ClickRow struct {
	ID      string `json:"id"`
	Time    string `json:"time"`
	Clicked int    `json:"clicked"`
}

// RowID is the id of an item of a served list.
func RowID(request, item string) string { return request + ":" + item }

func (l *Logger) now() string { return l.Now().UTC().Format(time.RFC3339Nano) }

// Served logs a list served for a request.
func (l *Logger) Served(request, user string, out rec.Output) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.now()
	cohort := ""
	if l.Cohort != nil {
		cohort = l.Cohort(user)
	}
	var errs []error
	for i, item := range out.Items {
		if item == "" {
			continue // padding of a short list
		}
		s := math.Min(math.Max(out.Scores[i], 0), 1)
		errs = append(errs, l.preds.Encode(PredictionRow{ID: RowID(request, item), Time: t, User: user, Cohort: cohort, Item: item, Rank: i + 1, Score: s}))
	}
	return errors.Join(errs...)
}

// Clicked logs a click on a served item.
func (l *Logger) Clicked(id string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.clicks.Encode(ClickRow{ID: id, Time: l.now(), Clicked: 1})
}

// requestName numbers requests.
func requestName(n int) string { return "q" + strconv.Itoa(n) }
