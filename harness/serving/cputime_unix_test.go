//go:build unix

package serving

import (
	"syscall"
	"time"
)

// processCPU is the CPU time this process has used, user and system, and
// the page faults it has taken that needed no I/O (minor faults: mostly the
// first touch of memory the heap has just grown into).
func processCPU() (user, sys time.Duration, faults int64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0, 0
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano()), int64(ru.Minflt)
}
