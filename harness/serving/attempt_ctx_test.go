package serving

import (
	"context"
	"errors"
	"testing"
	"time"
)

// withAttemptTimeout is context.WithTimeout(parent, d) as an attemptCtx;
// release ends it as an attempt that returned now (as CancelFunc does,
// with context.Canceled unless the timeout had passed).
func withAttemptTimeout(parent context.Context, d time.Duration) (*attemptCtx, func()) {
	c := newAttemptCtx(parent, time.Now(), d)
	return c, func() { c.finish(time.Now()) }
}

// TestAttemptCtx: an attempt's context ends as context.WithTimeout's does:
// at its timeout, with its parent, and on release, Err agreeing with Done.
func TestAttemptCtx(t *testing.T) {
	// The timeout, without and with a Done channel.
	for _, early := range []bool{false, true} {
		c, release := withAttemptTimeout(context.Background(), 20*time.Millisecond)
		if early {
			c.Done()
		}
		if c.Err() != nil {
			t.Fatal(c.Err())
		}
		if dl, ok := c.Deadline(); !ok || time.Until(dl) > 20*time.Millisecond {
			t.Fatalf("deadline %v %v", dl, ok)
		}
		select {
		case <-c.Done():
		case <-time.After(2 * time.Second):
			t.Fatal("Done not closed at the deadline")
		}
		if !errors.Is(c.Err(), context.DeadlineExceeded) {
			t.Fatalf("Err %v", c.Err())
		}
		release()
		if !errors.Is(c.Err(), context.DeadlineExceeded) {
			t.Fatalf("Err after release %v", c.Err())
		}
	}
	// The parent's cancellation, before and after Done is made.
	for _, early := range []bool{false, true} {
		type key struct{}
		parent, cancel := context.WithCancel(context.WithValue(context.Background(), key{}, 7))
		c, release := withAttemptTimeout(parent, time.Hour)
		if c.Value(key{}) != 7 {
			t.Fatal("value lost")
		}
		if early {
			c.Done()
		}
		cancel()
		<-c.Done()
		if !errors.Is(c.Err(), context.Canceled) {
			t.Fatalf("Err %v", c.Err())
		}
		release()
	}
	// A parent's earlier deadline is the context's deadline.
	parent, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	c, release := withAttemptTimeout(parent, time.Hour)
	if dl, _ := c.Deadline(); time.Until(dl) > time.Millisecond {
		t.Fatalf("deadline %v", dl)
	}
	<-c.Done()
	if !errors.Is(c.Err(), context.DeadlineExceeded) {
		t.Fatalf("Err %v", c.Err())
	}
	release()
	// Release ends it.
	for _, early := range []bool{false, true} {
		c, release := withAttemptTimeout(context.Background(), time.Hour)
		if early {
			c.Done()
		}
		release()
		<-c.Done()
		if !errors.Is(c.Err(), context.Canceled) {
			t.Fatalf("Err %v", c.Err())
		}
	}
}

// TestAttemptCtxFinish: finish reports a timeout exactly when the attempt
// ended at or after its deadline (or a connection said it passed) and the
// parent had not ended, with and without a Done channel, and releases the
// context as release does.
func TestAttemptCtxFinish(t *testing.T) {
	start := time.Now()
	for _, early := range []bool{false, true} {
		for _, tc := range []struct {
			name    string
			end     time.Duration // after start
			expired bool
			cancel  bool
			want    bool
		}{
			{"in time", time.Second, false, false, false},
			{"at the deadline", time.Hour, false, false, true},
			{"after it", 2 * time.Hour, false, false, true},
			{"a connection's deadline", time.Second, true, false, true},
			{"the parent ended", 2 * time.Hour, false, true, false},
		} {
			parent, cancel := context.WithCancel(context.Background())
			c := newAttemptCtx(parent, start, time.Hour)
			if early {
				c.Done()
			}
			if tc.expired {
				c.expire()
			}
			if tc.cancel {
				cancel()
				if early {
					<-c.Done()
				}
			}
			if got := c.finish(start.Add(tc.end)); got != tc.want {
				t.Errorf("%s (Done made %v): timed out %v, want %v", tc.name, early, got, tc.want)
			}
			if c.Err() == nil {
				t.Errorf("%s (Done made %v): Err nil after finish", tc.name, early)
			}
			cancel()
		}
	}
}
