// Command monitorgen writes a served-traffic log for benchmarking mltest
// monitor: CSV on standard output, predictions and their labels as rows of
// their own, in event-time order, so that any number of events streams
// through a pipe without touching the disk:
//
//	go run ./internal/bench/monitorgen -events 100000000 | mltest monitor --predictions - --input-format csv ...
//
// Columns id,time,score,label,device. Predictions come -rate a second of
// event time from 2026-12-01T00:00:00Z; each is labelled after an
// exponential delay (mean 2 minutes, so about 1 in 150 comes after 10
// minutes: late for --label-delay 10m). Seeded: the same flags give the
// same bytes.
package main

import (
	"bufio"
	"container/heap"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
)

type label struct {
	t  float64
	id int
	y  byte
}

type queue []label

func (q queue) Len() int           { return len(q) }
func (q queue) Less(i, j int) bool { return q[i].t < q[j].t }
func (q queue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)        { *q = append(*q, x.(label)) }
func (q *queue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

func main() {
	events := flag.Float64("events", 1e6, "rows to write: predictions and labels, half each")
	rate := flag.Float64("rate", 100, "predictions per second of event time")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	n := int(*events / 2)
	r := rand.New(rand.NewPCG(*seed, 2))
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()
	w.WriteString("id,time,score,label,device\n")
	const t0 = 1796083200.0 // 2026-12-01T00:00:00Z
	devices := []string{"web", "ios", "android"}
	var pending queue
	var b []byte
	writeLabel := func(l label) {
		b = append(b[:0], 'p')
		b = strconv.AppendInt(b, int64(l.id), 10)
		b = append(b, ',')
		b = strconv.AppendFloat(b, l.t, 'f', 3, 64)
		b = append(b, ',', ',', l.y, ',', '\n')
		w.Write(b)
	}
	for i := 0; i < n; i++ {
		t := t0 + float64(i)/(*rate)
		for pending.Len() > 0 && pending[0].t <= t {
			writeLabel(heap.Pop(&pending).(label))
		}
		y := byte('0')
		z := r.NormFloat64()
		if r.Float64() < 1/(1+math.Exp(-1.5*z-0.5)) {
			y = '1'
		}
		s := 1 / (1 + math.Exp(-z))
		b = append(b[:0], 'p')
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, ',')
		b = strconv.AppendFloat(b, t, 'f', 3, 64)
		b = append(b, ',')
		b = strconv.AppendFloat(b, s, 'f', 6, 64)
		b = append(b, ',', ',')
		b = append(b, devices[i%3]...)
		b = append(b, '\n')
		w.Write(b)
		heap.Push(&pending, label{t: t + 1 + r.ExpFloat64()*120, id: i, y: y})
	}
	for pending.Len() > 0 {
		writeLabel(heap.Pop(&pending).(label))
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "monitorgen:", err)
		os.Exit(1)
	}
}
