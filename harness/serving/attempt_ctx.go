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
	ended   bool        // finish was called in time
	expired bool        // the timeout passed by a connection's deadline
}

// newAttemptCtx is the attemptCtx of a timeout d from start.
func newAttemptCtx(parent context.Context, start time.Time, d time.Duration) *attemptCtx {
	c := &attemptCtx{parent: parent, own: start.Add(d)}
	c.deadline = c.own
	if pd, ok := parent.Deadline(); ok && pd.Before(c.deadline) {
		c.deadline = pd
	}
	return c
}

func (c *attemptCtx) Deadline() (time.Time, bool) { return c.deadline, true }
func (c *attemptCtx) Value(key any) any           { return c.parent.Value(key) }

// Done returns a channel closed at the timeout's deadline, when the parent ends or
// when the attempt finishes, made on the first call.
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
// from the clock, the parent and finish, as Done would close.
func (c *attemptCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done != nil {
		return c.err
	}
	return c.errLocked()
}

func (c *attemptCtx) errLocked() error { return c.errAtLocked(time.Now()) }

// errAtLocked is errLocked with the clock reading now.
func (c *attemptCtx) errAtLocked(now time.Time) error {
	switch {
	case c.ended:
		return context.Canceled
	case c.parent.Err() != nil:
		return c.parent.Err()
	case c.expired || !now.Before(c.own):
		return context.DeadlineExceeded
	}
	return nil
}

// finish ends an attempt that returned at end: it reports whether the
// timeout had passed by then (or a connection's deadline said so) while
// the parent had not ended, and ends the context (context.Canceled unless
// the timeout had passed), as a CancelFunc does, reading the clock once:
// the caller's end.
func (c *attemptCtx) finish(end time.Time) (timedOut bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var err error
	if c.done != nil {
		err = c.err
		if err == nil {
			err = c.errAtLocked(end)
		}
		c.closeLocked(context.Canceled)
	} else if err = c.errAtLocked(end); err == nil {
		c.ended = true
	} else {
		c.expired = err == context.DeadlineExceeded // as the clock said at end
	}
	return err == context.DeadlineExceeded && c.parent.Err() == nil
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
