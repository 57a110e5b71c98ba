package suite

import (
	"context"
	"fmt"
	"time"

	"github.com/mltest/mltest/internal/report"
)

// Baselines names the baseline files of a run.
type Baselines struct {
	// Read resolves the thresholds written relative to a baseline; ""
	// means none (such rules are not applied and their check warns).
	Read string
	// Write records this run's metric values and their provenance; ""
	// means none.
	Write string
}

// RunWithBaselines is the flow of `mltest run` around Run: it reads the
// baseline (warning when its provenance, the suite or the sha256 of the data
// files, differs from this run's), runs the checks, records the baseline's
// provenance in the report and writes the new baseline. warnings are for
// people; err means the run could not be made as asked.
func RunWithBaselines(ctx context.Context, s *Suite, b Baselines, opt Options) (rep *report.Report, warnings []string, err error) {
	if b.Read != "" {
		if opt.Baseline, err = ReadBaseline(b.Read); err != nil {
			return nil, nil, err
		}
	}
	var dataHash string
	if opt.Baseline != nil || b.Write != "" {
		if dataHash, err = DataHash(s); err != nil {
			return nil, nil, fmt.Errorf("hashing the data: %v", err)
		}
	}
	if opt.Baseline != nil {
		for _, w := range opt.Baseline.Mismatch(s, dataHash) {
			warnings = append(warnings, b.Read+": "+w)
		}
	}
	rep = Run(ctx, s, opt)
	if opt.Baseline != nil {
		p := opt.Baseline.Provenance
		rep.Baseline = &p
	}
	if b.Write != "" {
		if err := NewBaseline(s, rep, dataHash, time.Now()).WriteFile(b.Write); err != nil {
			return rep, warnings, fmt.Errorf("writing the baseline: %v", err)
		}
	}
	return rep, warnings, nil
}
