package suite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/mltest/mltest/internal/report"
)

// Options configure a run.
type Options struct {
	// Baseline resolves baseline-relative thresholds; nil means none (such
	// rules are not applied and their check warns).
	Baseline *Baseline
	// Progress, when set, is called as each check starts and ends (done
	// counts the finished ones), from the checks' goroutines, serialised.
	Progress func(done, total int, name string, finished bool)
}

type runner struct {
	suite *Suite
	opt   Options
	load  loader
}

// Run runs the checks of s, up to s.Concurrency at once, and returns the
// report, checks in suite order. It does not fail: a check that cannot run
// has status error and says why.
func Run(ctx context.Context, s *Suite, opt Options) *report.Report {
	r := &runner{suite: s, opt: opt}
	rep := &report.Report{Version: report.Version, Suite: s.Name, File: s.File, Started: time.Now().UTC(),
		Checks: make([]report.Check, len(s.Checks))}
	start := time.Now()
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		done int
	)
	progress := func(name string, finished bool) {
		if opt.Progress == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if finished {
			done++
		}
		opt.Progress(done, len(s.Checks), name, finished)
	}
	sem := make(chan struct{}, max(s.Concurrency, 1))
	for i, c := range s.Checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			progress(c.Name, false)
			rep.Checks[i] = r.runCheck(ctx, c)
			progress(c.Name, true)
		}()
	}
	wg.Wait()
	rep.Duration = time.Since(start)
	rep.Status = report.Pass
	for _, c := range rep.Checks {
		if worse(c.Status, rep.Status) {
			rep.Status = c.Status
		}
	}
	return rep
}

// worse reports whether a is a worse status than b: error > fail > warn > pass.
func worse(a, b report.Status) bool {
	rank := map[report.Status]int{report.Pass: 0, report.Warn: 1, report.Fail: 2, report.Error: 3}
	return rank[a] > rank[b]
}

// runCheck runs one check; an error it returns, or a panic, makes its
// status error.
func (r *runner) runCheck(ctx context.Context, c *Check) (out report.Check) {
	out = report.Check{Name: c.Name, Kind: c.Type, Severity: c.Severity}
	start := time.Now()
	defer func() {
		if p := recover(); p != nil {
			out.Status = report.Error
			out.Message = fmt.Sprintf("internal error (a bug in mltest, please report it with the suite): %v", p)
		}
		out.Duration = time.Since(start)
	}()
	if err := ctx.Err(); err != nil {
		out.Status, out.Message = report.Error, "not run: "+err.Error()
		return out
	}
	err := fmt.Errorf("unknown check type %q", c.Type)
	if t, ok := lookupType(c.Type); ok {
		err = t.run(r, ctx, c, &out)
	}
	if err != nil {
		out.Status = report.Error
		out.Message = err.Error()
	}
	return out
}

// rel names a path relative to the suite's directory, for messages.
func (r *runner) rel(path string) string {
	if rel, err := filepath.Rel(r.suite.Dir, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}
