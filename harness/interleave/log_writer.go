package interleave

import (
	"encoding/json"
	"io"
	"sync"
)

// LogWriter writes impressions as the JSONL log ReadLog reads, one object a
// line. It is safe for concurrent use, so one LogWriter can take the
// impressions of every request a server handles.
type LogWriter struct {
	mu  sync.Mutex
	enc *json.Encoder
	err error
}

// NewLogWriter returns a LogWriter on w.
func NewLogWriter(w io.Writer) *LogWriter { return &LogWriter{enc: json.NewEncoder(w)} }

// Log writes one impression; it has the signature of Middleware.Log. The
// first write error is kept (Err) and later impressions are dropped.
func (l *LogWriter) Log(im Impression) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return
	}
	if im.Clicks == nil {
		im.Clicks = []string{}
	}
	l.err = l.enc.Encode(im)
}

// Err returns the first write error, if any.
func (l *LogWriter) Err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}
