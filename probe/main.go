package main

import (
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/internal/trec"
)

func usage() (u, s time.Duration, flt int64) {
	var r syscall.Rusage
	syscall.Getrusage(0, &r)
	return time.Duration(r.Utime.Nano()), time.Duration(r.Stime.Nano()), r.Minflt
}

func phase(name string, f func()) {
	t := time.Now()
	u0, s0, f0 := usage()
	f()
	u1, s1, f1 := usage()
	fmt.Printf("%-12s wall %7.3fs user %7.3fs sys %7.3fs minflt %7d\n", name, time.Since(t).Seconds(), (u1 - u0).Seconds(), (s1 - s0).Seconds(), f1-f0)
}

func main() {
	dir := os.Args[1]
	if len(os.Args) > 3 && os.Args[3] == "scan" {
		for i := 0; i < 3; i++ {
			phase("scan", func() { scanOnly(os.Args[2]) })
		}
		return
	}
	if len(os.Args) > 2 {
		for i := 0; i < 2; i++ {
			phase("eval", func() { evalAUC(os.Args[2], []string{"roc_auc"}) })
		}
		return
	}
	for i := 0; i < 3; i++ {
		phase("qrels", func() {
			f, _ := os.Open(dir + "/bench.qrels")
			defer f.Close()
			if _, err := trec.ReadQrels(f, "q", dataio.TREC); err != nil {
				panic(err)
			}
		})
		phase("run", func() {
			f, _ := os.Open(dir + "/bench.run")
			defer f.Close()
			if _, err := trec.ReadRun(f, "r", dataio.TREC); err != nil {
				panic(err)
			}
		})
	}
}
