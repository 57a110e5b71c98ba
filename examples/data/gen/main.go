// Command gen writes the small example data sets under examples/data that the
// README's commands use. Output is byte-identical on every machine for a given
// seed (PCG from math/rand/v2, fixed-precision formatting).
//
//	go run ./examples/data/gen -out examples/data
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
)

func main() {
	out := flag.String("out", "examples/data", "output `directory`")
	seed := flag.Uint64("seed", 1, "random `seed`")
	flag.Parse()
	if err := write(*out, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func write(dir string, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 0x6d6c74657374))
	for _, f := range []struct {
		name string
		fn   func(*bufio.Writer, *rand.Rand)
	}{
		{"binary.csv", binary},
		{"multiclass.jsonl", multiclass},
		{"regression.csv", regression},
		{"ranking.qrels", nil},
	} {
		if f.fn == nil {
			if err := ranking(dir, r); err != nil {
				return err
			}
			continue
		}
		file, err := os.Create(filepath.Join(dir, f.name))
		if err != nil {
			return err
		}
		w := bufio.NewWriter(file)
		f.fn(w, r)
		if err := w.Flush(); err != nil {
			return err
		}
		if err := file.Close(); err != nil {
			return err
		}
	}
	return nil
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// binary: a click model. The true probability depends on a latent x and the
// device; the model's score sees x with noise and ignores the device, so it is
// good overall and miscalibrated on one slice.
func binary(w *bufio.Writer, r *rand.Rand) {
	devices := []string{"web", "ios", "android"}
	effect := []float64{0, 0.4, -0.8}
	fmt.Fprintln(w, "id,device,label,score,weight")
	for i := 0; i < 2000; i++ {
		d := r.IntN(3)
		x := r.NormFloat64()
		label := 0
		if r.Float64() < sigmoid(1.8*x+effect[d]-0.3) {
			label = 1
		}
		score := sigmoid(1.6*(x+0.35*r.NormFloat64()) - 0.3)
		weight := 1 + r.IntN(3)
		fmt.Fprintf(w, "u%04d,%s,%d,%.4f,%d\n", i, devices[d], label, score, weight)
	}
}

// multiclass: three classes, softmax scores from noisy logits.
func multiclass(w *bufio.Writer, r *rand.Rand) {
	names := []string{"cat", "dog", "bird"}
	for i := 0; i < 600; i++ {
		y := r.IntN(3)
		var logits [3]float64
		for k := range logits {
			logits[k] = r.NormFloat64()
		}
		logits[y] += 1.5
		var sum float64
		for k := range logits {
			logits[k] = math.Exp(logits[k])
			sum += logits[k]
		}
		p := make([]float64, 3)
		for k := range p {
			p[k] = math.Round(logits[k]/sum*1e4) / 1e4
		}
		p[2] = math.Round((1-p[0]-p[1])*1e4) / 1e4 // rows sum to 1 at 4 decimals
		fmt.Fprintf(w, "{\"id\": \"m%03d\", \"label\": %q, \"probs\": [%.4f, %.4f, %.4f]}\n", i, names[y], p[0], p[1], p[2])
	}
}

// regression: y = 3x + 2 + noise; the prediction has a slight bias.
func regression(w *bufio.Writer, r *rand.Rand) {
	fmt.Fprintln(w, "id,segment,target,prediction")
	for i := 0; i < 1000; i++ {
		x := r.Float64() * 10
		y := 3*x + 2 + r.NormFloat64()
		pred := 3.1*x + 1.8 + 0.5*r.NormFloat64()
		seg := "a"
		if x > 5 {
			seg = "b"
		}
		fmt.Fprintf(w, "r%04d,%s,%.3f,%.3f\n", i, seg, y, pred)
	}
}

// ranking: 50 queries, 100 candidate documents each, graded relevance 0-3 for
// 30 judged documents; the run scores documents by a noisy view of relevance.
func ranking(dir string, r *rand.Rand) error {
	qf, err := os.Create(filepath.Join(dir, "ranking.qrels"))
	if err != nil {
		return err
	}
	rf, err := os.Create(filepath.Join(dir, "ranking.run"))
	if err != nil {
		return err
	}
	qw, rw := bufio.NewWriter(qf), bufio.NewWriter(rf)
	for q := 1; q <= 50; q++ {
		rel := make([]int, 100)
		for d := range rel {
			if r.Float64() < 0.3 {
				rel[d] = r.IntN(4)
				fmt.Fprintf(qw, "%d 0 d%03d %d\n", q, d, rel[d])
			}
		}
		for d := range rel {
			score := float64(rel[d]) + 1.5*r.NormFloat64()
			fmt.Fprintf(rw, "%d Q0 d%03d 0 %.4f demo\n", q, d, score)
		}
	}
	for _, e := range []error{qw.Flush(), rw.Flush(), qf.Close(), rf.Close()} {
		if e != nil {
			return e
		}
	}
	// Query attributes for mltest rank --query-attrs: a market and a query
	// length class per query.
	af, err := os.Create(filepath.Join(dir, "ranking_queries.csv"))
	if err != nil {
		return err
	}
	aw := bufio.NewWriter(af)
	fmt.Fprintln(aw, "qid,market,length")
	markets := []string{"us", "de", "jp"}
	for q := 1; q <= 50; q++ {
		length := "short"
		if r.Float64() < 0.4 {
			length = "long"
		}
		fmt.Fprintf(aw, "%d,%s,%s\n", q, markets[r.IntN(3)], length)
	}
	if err := aw.Flush(); err != nil {
		return err
	}
	return af.Close()
}
