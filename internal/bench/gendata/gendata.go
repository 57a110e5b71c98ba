// Package gendata writes the seeded synthetic inputs of mltest's
// benchmarks, at any size and as a stream (so that 1e8 rows need not fit
// anywhere): binary predictions for mltest eval, and a TREC run with its
// qrels for mltest rank. The same seed writes the same bytes on every
// machine.
package gendata

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
)

// WriteEvalCSV writes n rows "label,score,weight" with a header, shaped like
// internal/bench/gen_eval_data.py's: label ~ Bernoulli(1/2), score =
// clip(N(0.4 + 0.2 label, 0.2), 0, 1) with 6 decimals, weight uniform in
// {1, 2, 3}. About 13 bytes a row.
func WriteEvalCSV(w io.Writer, n int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString("label,score,weight\n")
	rng := rand.New(rand.NewPCG(seed, 7))
	var buf []byte
	for range n {
		y := rng.IntN(2)
		s := math.Round(math.Min(1, math.Max(0, 0.4+0.2*float64(y)+0.2*rng.NormFloat64()))*1e6) / 1e6
		buf = strconv.AppendInt(buf[:0], int64(y), 10)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, s, 'f', -1, 64)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(1+rng.IntN(3)), 10)
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteRanking writes a run of queries x docsPerQuery lines (qids 100000
// on, documents "clueweb09-enNNNNNNNN" drawn from 50 million, scores
// decreasing from 30 with 6 decimals, run id "benchrun") and qrels judging
// docsPerQuery/5 documents a query (half of them retrieved), relevance 0-3.
// A 5,000 x 1,000 run is 270 MB, its qrels 31 MB.
func WriteRanking(qrels, run io.Writer, queries, docsPerQuery int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 5))
	qw, rw := bufio.NewWriterSize(qrels, 1<<20), bufio.NewWriterSize(run, 1<<20)
	docs := make([]int, docsPerQuery)
	for q := range queries {
		inRun := make(map[int]bool, len(docs))
		for i := range docs {
			d := rng.IntN(50_000_000)
			for inRun[d] {
				d = rng.IntN(50_000_000)
			}
			inRun[d] = true
			docs[i] = d
		}
		score := 30.0
		for i, d := range docs {
			score -= rng.Float64() * 0.02
			if _, err := fmt.Fprintf(rw, "%d Q0 clueweb09-en%08d %d %.6f benchrun\n", 100000+q, d, i+1, score); err != nil {
				return err
			}
		}
		judged := map[int]bool{}
		for i := 0; i < docsPerQuery/5; i++ {
			d := rng.IntN(50_000_000)
			if i%2 == 0 {
				d = docs[rng.IntN(len(docs))]
			}
			if judged[d] {
				continue
			}
			judged[d] = true
			fmt.Fprintf(qw, "%d 0 clueweb09-en%08d %d\n", 100000+q, d, rng.IntN(4))
		}
	}
	if err := rw.Flush(); err != nil {
		return err
	}
	return qw.Flush()
}
