//go:build !unix

package serving

import "time"

// processCPU is not measured here.
func processCPU() (user, sys time.Duration, faults int64) { return 0, 0, 0 }
