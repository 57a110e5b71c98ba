package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mltest/mltest/assert"
	"github.com/mltest/mltest/harness/parity"
	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/internal/progress"
)

const parityUsage = `Usage:
  mltest parity --requests FILE --offline FILE --online URL --protocol PROTOCOL
                [--model NAME] [--abs-tol 1e-6] [--rel-tol 0] [--rank-k K]
                [--concurrency 8] [--batch 32] [--timeout 5s] [--retries 2]
                [--header K=V]... [--tls-ca FILE] [--format table|json] [--out DIR]
  mltest parity --requests FILE --online URL --protocol P --against URL
                [--against-protocol P] [--against-model NAME] [...]
  mltest parity --list-models --online URL --protocol v2|v2-grpc

Sends every request to a served model and compares each output with the
offline (batch) output of the same id. A value matches when
|offline - online| <= abs_tol + rel_tol*|offline| (NaN matches only NaN).
String vector outputs (and --list outputs) are ranked lists: compared
element-wise and by top-k overlap, Kendall tau and rank-biased overlap.

  requests  JSONL {"id": "...", "inputs": {"name": number | string | array}}
            or CSV with an id column and one column per input
  offline   JSONL {"id": "...", "outputs": {"name": ...}} or CSV (id + outputs)
  v2        Open Inference Protocol (KServe, Triton, MLServer):
            POST URL/v2/models/MODEL/infer, rows batched along the first
            dimension, datatypes and shapes from GET URL/v2/models/MODEL
            (--binary: tensors in the binary tensor data extension)
  v2-grpc   the same over gRPC (inference.GRPCInferenceService/ModelInfer) at
            HOST:PORT, grpc://HOST:PORT or grpcs://HOST:PORT (TLS); tensors in
            raw_input_contents, or typed contents with --grpc-contents typed
  tfserving POST URL/v1/models/MODEL:predict with "instances"
  tfserving-grpc
            tensorflow.serving.PredictionService/Predict at HOST:PORT, input
            dtypes from the signature (--signature, default serving_default)
  json      POST the inputs object of one row to URL; outputs of the same names

An output served as FP32, FP16 or BF16 (v2, v2-grpc, tfserving-grpc) also
matches when it is the offline value rounded to that precision.

--against URL compares two live endpoints on the same requests instead of
an offline file: the --online side against the --against side (REST against
gRPC of one server, a candidate against production, a replica against
itself), with the same tolerances, stages and report. --header K=V (repeated)
is sent with every request (HTTP header or gRPC metadata, for auth tokens).
--list-models prints the models a v2 or v2-gRPC server has and exits.

Every request ends matched, mismatched or failed (after retries on 429, 5xx,
timeouts and connection errors, and gRPC UNAVAILABLE, RESOURCE_EXHAUSTED and
DEADLINE_EXCEEDED); none is dropped. --noise calls the online
side twice and reports outputs that differ between the two calls as
nondeterministic instead of as mismatches. --stage NAME=OUT,OUT (repeated,
in pipeline order) names the first stage where a row differs.

Exit codes: 0 every request matched, 1 a mismatch or a failed request,
2 could not run as asked (bad flag or input, server unreachable).

Flags:
`

type parityConfig struct {
	requests, offline, online, protocol, model, format, out string
	against, againstProtocol, againstModel, signature       string
	grpcContents                                            string
	binary, listModels                                      bool
	headers                                                 stringList
	tls                                                     parity.TLS
	absTol, relTol, rate                                    float64
	ulp                                                     uint64
	rankK, concurrency, batch, retries, show                int
	timeout                                                 time.Duration
	lists, stages, outputs                                  stringList
	noise, quiet                                            bool
}

func runParity(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var c parityConfig
	fs := flag.NewFlagSet("parity", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.requests, "requests", "", "requests `FILE` (.jsonl or .csv, optionally .gz; - for stdin) (required)")
	fs.StringVar(&c.offline, "offline", "", "offline outputs `FILE` (.jsonl or .csv, optionally .gz) (required)")
	fs.StringVar(&c.online, "online", "", "base `URL` of the served model, or HOST:PORT for gRPC (required)")
	fs.StringVar(&c.protocol, "protocol", "", "`protocol`: v2, v2-grpc, tfserving, tfserving-grpc or json (required)")
	fs.StringVar(&c.model, "model", "", "model `name` (required for all but json)")
	fs.StringVar(&c.against, "against", "", "compare with this second live endpoint (`URL`) instead of --offline")
	fs.StringVar(&c.againstProtocol, "against-protocol", "", "`protocol` of --against (default: --protocol)")
	fs.StringVar(&c.againstModel, "against-model", "", "model `name` at --against (default: --model)")
	fs.StringVar(&c.signature, "signature", "", "TF Serving signature `name` (tfserving-grpc; default serving_default)")
	fs.StringVar(&c.grpcContents, "grpc-contents", "raw", "how v2-grpc sends tensors: `raw` (raw_input_contents) or typed")
	fs.BoolVar(&c.binary, "binary", false, "v2 REST: send and receive tensors in the binary tensor data extension")
	fs.Var(&c.headers, "header", "`K=V` sent with every request (HTTP header, gRPC metadata); repeatable")
	fs.BoolVar(&c.tls.Enable, "tls", false, "use TLS for a gRPC HOST:PORT (system roots; grpcs:// and https:// imply it)")
	fs.StringVar(&c.tls.CAFile, "tls-ca", "", "PEM `FILE` of the CA certificates that verify the server")
	fs.StringVar(&c.tls.CertFile, "tls-cert", "", "PEM `FILE` of the client certificate (mutual TLS; with --tls-key)")
	fs.StringVar(&c.tls.KeyFile, "tls-key", "", "PEM `FILE` of the client key")
	fs.BoolVar(&c.listModels, "list-models", false, "print the models of the --online server (v2, v2-grpc) and exit")
	fs.Float64Var(&c.absTol, "abs-tol", parity.DefaultTolerance.Abs, "absolute `tolerance`")
	fs.Float64Var(&c.relTol, "rel-tol", parity.DefaultTolerance.Rel, "relative `tolerance`, a fraction of |offline|")
	fs.Uint64Var(&c.ulp, "ulp", 0, "also match values at most `N` float64 units in the last place apart")
	fs.IntVar(&c.rankK, "rank-k", 0, "depth `K` of the top-k overlap of ranked lists (default: the list length)")
	fs.Var(&c.lists, "list", "`output` that is a ranked list even though numeric (item indices); repeatable")
	fs.Var(&c.stages, "stage", "`NAME=OUT,OUT` outputs of a model stage, in pipeline order; repeatable")
	fs.Var(&c.outputs, "output", "compare only this `output`; repeatable (default: every offline output)")
	fs.IntVar(&c.concurrency, "concurrency", 8, "concurrent `requests`")
	fs.IntVar(&c.batch, "batch", 32, "`rows` per request (v2, tfserving; json sends one row per request)")
	fs.DurationVar(&c.timeout, "timeout", 5*time.Second, "per-request `timeout`")
	fs.IntVar(&c.retries, "retries", 2, "retries of a request after 429, 5xx, a timeout or a connection error")
	fs.Float64Var(&c.rate, "rate", 0, "at most `N` requests per second (0: no limit)")
	fs.BoolVar(&c.noise, "noise", false, "call the online side twice and report nondeterministic outputs as noise")
	fs.StringVar(&c.format, "format", "table", "output `format`: table or json")
	fs.StringVar(&c.out, "out", "", "write result.json, mismatches.jsonl and failures.jsonl to `DIR`")
	fs.IntVar(&c.show, "show", 20, "table: show the worst `N` mismatches")
	fs.BoolVar(&c.quiet, "quiet", false, "no progress meter")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), parityUsage)
		fs.PrintDefaults()
	}
	pos, code, ok := parseFlags(fs, args, stdout)
	if !ok {
		return code
	}
	if len(pos) != 0 {
		return errorf(stderr, "parity: unexpected argument %q: files are named by --requests and --offline (see mltest parity --help)", pos[0])
	}
	if c.listModels {
		return c.printModels(stdout, stderr)
	}
	opt, err := c.options()
	if err != nil {
		return errorf(stderr, "parity: %v", err)
	}
	e, against, err := c.endpoints()
	if err != nil {
		return errorf(stderr, "parity: %v", err)
	}
	meter := progress.ForStderr("parity", 0, c.quiet || c.format == "json" && !isTerminal(stderr))
	last := 0
	e.Progress = func(done, total int) { // calls are serialized
		meter.AddRows(int64(done - last))
		last = done
	}
	var res parity.Result
	if c.against != "" {
		res, err = parity.CompareEndpoints(context.Background(), c.requests, stdin, e, against, opt)
	} else {
		res, err = parity.CompareFiles(context.Background(), c.requests, c.offline, stdin, e, opt)
	}
	meter.Done()
	var ie *dataio.InputError
	if errors.As(err, &ie) {
		return errorf(stderr, "%v", err) // FILE:LINE: field: what
	}
	if err != nil {
		return errorf(stderr, "parity: %v", err)
	}
	if c.out != "" {
		if err := writeParityDir(c.out, res); err != nil {
			return errorf(stderr, "parity: --out: %v", err)
		}
	}
	switch c.format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return errorf(stderr, "parity: %v", err)
		}
	default:
		writeParityTable(stdout, res, c.show)
	}
	if res.Mismatched > 0 || res.Failed > 0 {
		return exitFail
	}
	return exitOK
}

func (c *parityConfig) options() (parity.Options, error) {
	switch {
	case c.requests == "":
		return parity.Options{}, errors.New("--requests FILE is required")
	case c.offline == "" && c.against == "":
		return parity.Options{}, errors.New("--offline FILE (or --against URL) is required")
	case c.offline != "" && c.against != "":
		return parity.Options{}, errors.New("--offline and --against are two ways to compare: give one")
	case c.online == "":
		return parity.Options{}, errors.New("--online URL is required")
	case c.requests == "-" && c.offline == "-":
		return parity.Options{}, errors.New("only one of --requests and --offline can be standard input")
	case c.protocol == "":
		return parity.Options{}, fmt.Errorf("--protocol is required: %s", strings.Join(parity.Protocols, ", "))
	case !slices.Contains(parity.Protocols, c.protocol):
		return parity.Options{}, fmt.Errorf("--protocol %q: want %s", c.protocol, strings.Join(parity.Protocols, ", "))
	case c.protocol != "json" && c.model == "":
		return parity.Options{}, fmt.Errorf("--model NAME is required with --protocol %s", c.protocol)
	}
	if c.format != "table" && c.format != "json" {
		return parity.Options{}, fmt.Errorf("--format %q: want table or json", c.format)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"--abs-tol", c.absTol}, {"--rel-tol", c.relTol}, {"--rate", c.rate}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) || f.v < 0 {
			return parity.Options{}, fmt.Errorf("%s %v: want a finite number >= 0", f.name, f.v)
		}
	}
	if c.concurrency < 1 || c.batch < 1 || c.retries < 0 || c.timeout <= 0 || c.rankK < 0 {
		return parity.Options{}, errors.New("--concurrency and --batch must be >= 1, --retries and --rank-k >= 0, --timeout > 0")
	}
	opt := parity.Options{
		Tolerance: assert.Tolerance{Abs: c.absTol, Rel: c.relTol, ULP: c.ulp},
		Lists:     c.lists, RankK: c.rankK, Outputs: c.outputs,
	}
	for _, s := range c.stages {
		name, outs, ok := strings.Cut(s, "=")
		if !ok || name == "" || outs == "" {
			return parity.Options{}, fmt.Errorf("--stage %q: want NAME=OUTPUT[,OUTPUT...]", s)
		}
		opt.Stages = append(opt.Stages, parity.Stage{Name: name, Outputs: strings.Split(outs, ",")})
	}
	return opt, nil
}

// endpoints are the --online endpoint and, with --against, the other one.
func (c *parityConfig) endpoints() (online, against parity.Endpoint, err error) {
	headers, err := parity.ParseHeaders(c.headers)
	if err != nil {
		return online, against, fmt.Errorf("--header: %v", err)
	}
	if c.grpcContents != "raw" && c.grpcContents != "typed" {
		return online, against, fmt.Errorf("--grpc-contents %q: want raw or typed", c.grpcContents)
	}
	online = parity.Endpoint{Protocol: c.protocol, URL: c.online, Model: c.model,
		Signature: c.signature, TypedContents: c.grpcContents == "typed", BinaryData: c.binary, Header: headers, TLS: c.tls,
		Concurrency: c.concurrency, Batch: c.batch, Retries: c.retries, NoRetries: c.retries == 0,
		Timeout: c.timeout, RequestsPerSecond: c.rate, CallTwice: c.noise}
	if err := online.Check(); err != nil {
		return online, against, fmt.Errorf("--online: %v", err)
	}
	if c.against == "" {
		return online, against, nil
	}
	against = online.Against(c.against, c.againstProtocol, c.againstModel)
	if err := against.Check(); err != nil {
		return online, against, fmt.Errorf("--against: %v", err)
	}
	return online, against, nil
}

// printModels prints the models of the --online server, one a line.
func (c *parityConfig) printModels(stdout, stderr io.Writer) int {
	headers, err := parity.ParseHeaders(c.headers)
	if err != nil {
		return errorf(stderr, "parity: --header: %v", err)
	}
	models, err := parity.ListModels(context.Background(), parity.Endpoint{Protocol: c.protocol, URL: c.online, Model: c.model, Header: headers, TLS: c.tls, Timeout: c.timeout})
	if err != nil {
		return errorf(stderr, "parity: --list-models: %v", err)
	}
	for _, m := range models {
		fmt.Fprintln(stdout, m)
	}
	return exitOK
}

// writeParityDir writes the whole result and every mismatch and failure,
// one a line, to dir.
func writeParityDir(dir string, res parity.Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "result.json"), append(b, '\n'), 0o644); err != nil {
		return err
	}
	for name, items := range map[string]func(*json.Encoder) error{
		"mismatches.jsonl": func(e *json.Encoder) error {
			for _, m := range res.Mismatches {
				if err := e.Encode(m); err != nil {
					return err
				}
			}
			return nil
		},
		"failures.jsonl": func(e *json.Encoder) error {
			for _, f := range res.Failures {
				if err := e.Encode(f); err != nil {
					return err
				}
			}
			return nil
		},
	} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		werr := items(json.NewEncoder(f))
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return werr
		}
	}
	return nil
}

func writeParityTable(w io.Writer, res parity.Result, show int) {
	fmt.Fprintf(w, "requests    %d\nmatched     %d\nmismatched  %d\nfailed      %d\n", res.N, res.Matched, res.Mismatched, res.Failed)
	if len(res.MissingOffline) > 0 {
		fmt.Fprintf(w, "missing offline  %d: %s\n", len(res.MissingOffline), firstN(res.MissingOffline, 10))
	}
	if len(res.MissingOnline) > 0 {
		fmt.Fprintf(w, "not requested    %d offline rows: %s\n", len(res.MissingOnline), firstN(res.MissingOnline, 10))
	}
	fmt.Fprintf(w, "max |diff|  %s\n", fmtDiff(res.MaxAbsDiff))
	if res.FirstStage != "" {
		fmt.Fprintf(w, "first stage that differs: %s  (rows by first differing stage: %v)\n", res.FirstStage, res.StageRows)
	}
	for name, l := range res.Lists {
		fmt.Fprintf(w, "list %s: mean top-k overlap %.4f, Kendall tau %.4f, RBO %.4f over %d rows\n", name, l.TopKOverlap, l.KendallTau, l.RBO, l.Rows)
	}
	if len(res.Noise) > 0 {
		fmt.Fprintf(w, "nondeterministic online outputs (not counted as mismatches): %d\n", len(res.Noise))
	}
	fmt.Fprintf(w, "latency ms  p50 %.2f  p95 %.2f  p99 %.2f\n", res.Latency.P50, res.Latency.P95, res.Latency.P99)
	if len(res.Mismatches) > 0 {
		fmt.Fprintf(w, "\nworst mismatches (%d of %d):\n", min(show, len(res.Mismatches)), len(res.Mismatches))
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "id\toutput\tstage\tkind\toffline\tonline\t|diff|")
		for i, m := range res.Mismatches {
			if i == show {
				break
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", m.ID, outputAt(m), orDash(m.Stage), m.Kind, cell(m.Offline), cell(m.Online), fmtDiff(m.AbsDiff))
		}
		tw.Flush()
	}
	if len(res.Failures) > 0 {
		fmt.Fprintf(w, "\nfailed requests (%d):\n", len(res.Failures))
		for i, f := range res.Failures {
			if i == show {
				fmt.Fprintf(w, "  ... and %d more\n", len(res.Failures)-show)
				break
			}
			fmt.Fprintf(w, "  %s: %s\n", f.ID, f.Error)
		}
	}
}

func outputAt(m parity.Mismatch) string {
	if m.Index >= 0 && m.Kind == "value" {
		return m.Output + "[" + strconv.Itoa(m.Index) + "]"
	}
	return m.Output
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func firstN(ids []string, n int) string {
	if len(ids) <= n {
		return strings.Join(ids, " ")
	}
	return strings.Join(ids[:n], " ") + fmt.Sprintf(" ... (%d more)", len(ids)-n)
}

func fmtDiff(d float64) string {
	if math.IsInf(d, 1) || d == math.MaxFloat64 {
		return "inf"
	}
	return strconv.FormatFloat(d, 'g', 4, 64)
}

func cell(v any) string {
	var s string
	switch t := v.(type) {
	case nil:
		return "-"
	case float64:
		s = strconv.FormatFloat(t, 'g', 8, 64)
	case string:
		s = t
	default:
		b, _ := json.Marshal(t)
		s = string(b)
	}
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}
