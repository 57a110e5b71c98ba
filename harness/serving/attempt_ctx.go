package serving

import (
	"context"
	"sync"
	"time"
)

// attemptCtx is the context of one attempt under Client.Timeout: its
// parent's values and cancellation, ended at deadline as well. It is
// context.WithDeadline without the timer, the parent's child list and the
// Done channel until something asks for Done: the direct HTTP path
// (directCall) sets the connection's deadline from Deadline and watches the
// parent only when the parent can be canceled, so at one row a request
// none of them is made.
type attemptCtx struct {
	parent   context.Context
	own      time.Time // the timeout's deadline
	deadline time.Time // min of own and the parent's

	mu      sync.Mutex
	done    chan struct{} // made by Done
	err     error         // set when done is closed
	timer   *time.Timer
	stopped func() bool // stops watching parent
	ended   bool        // release was called
	expired bool        // the timeout passed by a connection's deadline
}

// withAttemptTimeout is context.WithTimeout(parent, d) as an attemptCtx;
// release ends it (as CancelFunc does, with context.Canceled).
func withAttemptTimeout(parent context.Context, d time.Duration) (*attemptCtx, func()) {
	c := &attemptCtx{parent: parent, own: time.Now().Add(d)}
	c.deadline = c.own
	if pd, ok := parent.Deadline(); ok && pd.Before(c.deadline) {
		c.deadline = pd
	}
	return c, c.release
}

func (c *attemptCtx) Deadline() (time.Time, bool) { return c.deadline, true }
func (c *attemptCtx) Value(key any) any           { return c.parent.Value(key) }

// Done returns a channel closed at the timeout's deadline, when the parent ends or
// when the context is released, made on the first call.
func (c *attemptCtx) Done() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done != nil {
		return c.done
	}
	c.done = make(chan struct{})
	if err := c.errLocked(); err != nil {
		c.closeLocked(err)
		return c.done
	}
	c.timer = time.AfterFunc(time.Until(c.own), func() { c.end(context.DeadlineExceeded) })
	if c.parent.Done() != nil {
		c.stopped = context.AfterFunc(c.parent, func() { c.end(c.parent.Err()) })
	}
	return c.done
}

// Err is nil while Done is open; without a Done channel it is worked out
// from the clock, the parent and release, as Done would close.
func (c *attemptCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done != nil {
		return c.err
	}
	return c.errLocked()
}

func (c *attemptCtx) errLocked() error {
	switch {
	case c.ended:
		return context.Canceled
	case c.parent.Err() != nil:
		return c.parent.Err()
	case c.expired || !time.Now().Before(c.own):
		return context.DeadlineExceeded
	}
	return nil
}

func (c *attemptCtx) end(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closeLocked(err)
}

func (c *attemptCtx) closeLocked(err error) {
	if c.err != nil {
		return
	}
	c.err = err
	close(c.done)
	if c.timer != nil {
		c.timer.Stop()
	}
	if c.stopped != nil {
		c.stopped()
	}
}

func (c *attemptCtx) release() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done != nil {
		c.closeLocked(context.Canceled)
	} else if c.errLocked() == nil {
		c.ended = true
	}
}

// expire ends the context at its timeout now: a connection whose deadline
// is the timeout reported it passed.
func (c *attemptCtx) expire() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done != nil {
		c.closeLocked(context.DeadlineExceeded)
	} else if c.errLocked() == nil {
		c.expired = true
	}
}
