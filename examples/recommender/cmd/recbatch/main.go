// Command recbatch is the offline batch path of the recommender example: it
// loads a model file written by rectrain and scores requests with the same
// code the server runs (rec.Model.PredictRow), writing one JSONL line per
// request in the parity contract's format,
//
//	{"id": "u3", "outputs": {"features": [...], "scores": [...], "items": ["i7", ...]}}
//
// and, for every test user of the data, the ranked lists (depth 100) as a
// TREC run with the matching qrels, for trec_eval or `mltest rank`, and the
// training interactions for `mltest rank --train`.
//
//	recbatch --model model.json --out predictions.jsonl --run run.trec --qrels qrels.trec
//
// Without --requests, the requests are one per test user with every item as
// a candidate (--write-requests saves them for `mltest parity`). Exit status
// 0 on success, 2 when the command could not run.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/examples/recommender/receval"
	"github.com/mltest/mltest/harness/parity"
	"github.com/mltest/mltest/harness/serving"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("recbatch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	src := recdata.DefaultSource()
	src.Flags(fs)
	modelPath := fs.String("model", "", "model file written by rectrain (required)")
	requests := fs.String("requests", "", "JSONL or CSV requests {\"id\", \"inputs\": {\"user\", \"candidates\"}}; default: one per test user")
	writeRequests := fs.String("write-requests", "", "also write the requests used here")
	out := fs.String("out", "", "write predictions (JSONL) here; - for stdout (required)")
	runPath := fs.String("run", "", "write the test users' ranked lists as a TREC run here")
	qrelsPath := fs.String("qrels", "", "write the test users' judgments as TREC qrels here")
	trainPath := fs.String("train", "", "write the training interactions as \"user item\" lines here (for `mltest rank --train`)")
	runid := fs.String("runid", "rec-als", "runid of the TREC run")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *modelPath == "" || *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "mltest: recbatch: --model and --out are required, and no arguments")
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "mltest: %v\n", err)
		return 2
	}
	m, err := rec.Load(*modelPath)
	if err != nil {
		return fail(err)
	}
	var d *recdata.Dataset
	if *requests == "" || *runPath != "" || *qrelsPath != "" || *trainPath != "" {
		if d, err = src.Load(); err != nil {
			return fail(err)
		}
	}
	var rows []serving.Row
	if *requests != "" {
		if rows, err = parity.ReadRows(*requests, os.Stdin, "inputs"); err != nil {
			return fail(err)
		}
	} else {
		users := make([]string, 0)
		for _, u := range d.EvalUsers() {
			users = append(users, d.Users[u])
		}
		rows = rec.UserRequests(users)
	}
	if *writeRequests != "" {
		if err := writeFile(*writeRequests, stdout, func(w io.Writer) error { return rec.WriteRows(w, rows, "inputs") }); err != nil {
			return fail(err)
		}
	}
	preds, err := m.PredictBatch(rows)
	if err != nil {
		return fail(err)
	}
	if err := writeFile(*out, stdout, func(w io.Writer) error { return rec.WriteRows(w, preds, "outputs") }); err != nil {
		return fail(err)
	}
	if *runPath != "" {
		lists, err := receval.Lists(m, d, receval.Depth)
		if err != nil {
			return fail(err)
		}
		if err := writeFile(*runPath, stdout, func(w io.Writer) error { return receval.WriteRun(w, lists, *runid) }); err != nil {
			return fail(err)
		}
	}
	if *qrelsPath != "" {
		if err := writeFile(*qrelsPath, stdout, func(w io.Writer) error { return receval.WriteQrels(w, receval.Qrels(d)) }); err != nil {
			return fail(err)
		}
	}
	if *trainPath != "" {
		err := writeFile(*trainPath, stdout, func(w io.Writer) error {
			for _, e := range d.Train {
				if _, err := fmt.Fprintf(w, "%s %s\n", d.Users[e.User], d.Items[e.Item]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fail(err)
		}
	}
	return 0
}

// writeFile writes to path ("-": stdout) through a buffer, reporting the
// first write or close error.
func writeFile(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "-" {
		return write(stdout)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	if err := write(bw); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
