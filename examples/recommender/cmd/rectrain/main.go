// Command rectrain is the experiment path of the recommender example: it
// generates (or reads) the data, trains implicit ALS, evaluates the model and
// the popularity baseline on the test split, compares them with paired
// statistics, and saves the model file the batch job and the server load.
//
//	go run ./examples/recommender/cmd/rectrain --out model.json
//
// Exit status: 0 when the model beats the baseline significantly on
// nDCG@10, 1 when it does not (the gate), 2 when the command could not run.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/examples/recommender/receval"
	"github.com/mltest/mltest/metrics/compare"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rectrain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	src := recdata.DefaultSource()
	src.Flags(fs)
	h := rec.DefaultHyperparameters()
	fs.IntVar(&h.Factors, "factors", h.Factors, "latent factors")
	fs.IntVar(&h.Iterations, "iterations", h.Iterations, "ALS sweeps")
	fs.Float64Var(&h.Regularization, "regularization", h.Regularization, "ridge penalty lambda")
	fs.Float64Var(&h.Alpha, "alpha", h.Alpha, "confidence scale alpha")
	fs.Float64Var(&h.RecencyHalfLifeDays, "half-life", h.RecencyHalfLifeDays, "recency half-life in days (0: no decay)")
	fs.IntVar(&h.PopularityBuckets, "buckets", h.PopularityBuckets, "popularity buckets")
	fs.Float64Var(&h.PopularityWeight, "popularity-weight", h.PopularityWeight, "weight of the popularity feature")
	fs.Uint64Var(&h.Seed, "init-seed", h.Seed, "seed of the initial item factors")
	r := rec.DefaultRules()
	fs.IntVar(&r.K, "k", r.K, "length of a recommendation list")
	fs.Float64Var(&r.MaxCategoryShare, "max-category-share", r.MaxCategoryShare, "most of a list one category may fill (0: no cap)")
	out := fs.String("out", "", "write the model file here")
	resamples := fs.Int("resamples", 1000, "bootstrap resamples of the intervals")
	trials := fs.Int("trials", 10000, "sign flips of the randomization test")
	statSeed := fs.Uint64("stat-seed", 1, "seed of the bootstrap and randomization test")
	alpha := fs.Float64("alpha-gate", 0.05, "significance level of the gate")
	format := fs.String("format", "text", "output format: text or json")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || (*format != "text" && *format != "json") {
		fmt.Fprintf(stderr, "mltest: rectrain: unexpected arguments %q or format %q\n", fs.Args(), *format)
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "mltest: %v\n", err)
		return 2
	}
	d, err := src.Load()
	if err != nil {
		return fail(err)
	}
	m, err := rec.Train(d, h, r)
	if err != nil {
		return fail(err)
	}
	if *out != "" {
		if err := m.Save(*out); err != nil {
			return fail(err)
		}
	}
	eo := receval.Options{Resamples: *resamples, Seed: *statSeed}
	mr, err := receval.Evaluate(m, d, eo)
	if err != nil {
		return fail(err)
	}
	br, err := receval.Evaluate(m.Baseline(), d, eo)
	if err != nil {
		return fail(err)
	}
	co := compare.DefaultOptions()
	co.Resamples, co.Trials, co.Seed = *resamples, *trials, *statSeed
	cr, err := receval.Compare(d, m.Baseline(), m, co)
	if err != nil {
		return fail(err)
	}
	gate := receval.BeatsBaseline(cr, "ndcg_cut_10", *alpha)
	if *format == "json" {
		doc := map[string]any{"model": mr, "baseline": br, "comparison": cr, "gate_passed": gate == nil}
		if gate != nil {
			doc["gate"] = gate.Error()
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(jsonSafe(doc)); err != nil {
			return fail(err)
		}
	} else if err := receval.WriteText(stdout, mr, br, cr, gate); err != nil {
		return fail(err)
	}
	if gate != nil {
		return 1
	}
	return 0
}

// jsonSafe returns doc, or an error value when it holds a NaN: encoding/json
// refuses NaN, and a figure that is not a number must not vanish silently.
func jsonSafe(doc map[string]any) any {
	if _, err := json.Marshal(doc); err != nil {
		var ue *json.UnsupportedValueError
		if errors.As(err, &ue) {
			return map[string]any{"error": "a figure is not a number: " + ue.Str}
		}
	}
	return doc
}
