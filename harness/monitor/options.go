package monitor

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/mltest/mltest/harness/skew"
	"github.com/mltest/mltest/metrics/evaluate"
)

// Options configures a Monitor.
type Options struct {
	// Evaluate is the engine's configuration for every window: task,
	// metrics, slicing columns (SliceBy), threshold, intervals. Start from
	// evaluate.DefaultOptions. Clustered must be false.
	Evaluate evaluate.Options

	// Window is the length of a window; Every the step between window
	// starts (0: Every = Window, tumbling windows; less than Window: sliding
	// windows, built from panes of gcd(Window, Every)). Windows start at
	// multiples of Every since the Unix epoch.
	Window, Every time.Duration
	// LabelDelay is how long after its prediction a label may arrive and
	// still join it; the watermark is the latest event time minus
	// LabelDelay, and a window is emitted once the watermark passes its end.
	LabelDelay time.Duration
	// UnlabeledAs, when not nil, is the label of a prediction whose label
	// has not arrived within LabelDelay: 0 for a click log, where only
	// clicks are logged. nil: such a prediction is counted, not evaluated.
	UnlabeledAs *float64

	// Estimate adds label-free estimates of the metrics from the scores,
	// read as calibrated probabilities (Estimate).
	Estimate bool
	// Reference, when not nil, is the profile every window's Features are
	// compared with (harness/skew), with DriftOptions.
	Reference    *skew.Profile
	DriftOptions skew.Options
	// Features are the columns of each prediction kept for drift, in the
	// order of Event.Features (the Reference's features).
	Features []string

	// Alerts are the rules checked on every window and slice.
	Alerts []Rule
}

// paneWidth returns the width of a pane, after checking the durations.
func (o Options) paneWidth() (int64, error) {
	w, e := int64(o.Window), int64(o.every())
	switch {
	case w <= 0:
		return 0, fmt.Errorf("window %v: want a positive duration", o.Window)
	case e <= 0:
		return 0, fmt.Errorf("every %v: want a positive duration", o.Every)
	case e > w:
		return 0, fmt.Errorf("every %v is longer than the window %v: rows between windows would be in none", o.Every, o.Window)
	case o.LabelDelay < 0:
		return 0, fmt.Errorf("label delay %v: want a duration >= 0", o.LabelDelay)
	}
	return gcd(w, e), nil
}

func (o Options) every() time.Duration {
	if o.Every == 0 {
		return o.Window
	}
	return o.Every
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// check validates the options together.
func (o Options) check() error {
	if _, err := o.paneWidth(); err != nil {
		return err
	}
	if o.Evaluate.Clustered {
		return errors.New("monitor: clustered intervals are not supported")
	}
	if _, err := evaluate.New(o.Evaluate); err != nil {
		return err
	}
	if o.Estimate && o.Evaluate.Task == evaluate.Regression {
		return errors.New("monitor: estimation needs class probabilities: binary or multiclass")
	}
	if o.Reference != nil && !slices.Equal(o.Reference.Names(), o.Features) {
		return fmt.Errorf("monitor: the reference profiles %v, the windows %v", o.Reference.Names(), o.Features)
	}
	for _, r := range o.Alerts {
		if err := r.check(o); err != nil {
			return err
		}
	}
	return nil
}
