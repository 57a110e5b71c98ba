package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/mltest/mltest/assert"
	"github.com/mltest/mltest/harness/parity"
	"github.com/mltest/mltest/internal/cliflag"
	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/internal/progress"
	"github.com/mltest/mltest/internal/report"
)

type parityConfig struct {
	requests, offline, online, protocol, model, format, out string
	against, againstProtocol, againstModel, signature       string
	grpcContents                                            string
	binary, listModels                                      bool
	headers                                                 cliflag.StringList
	tls                                                     parity.TLS
	absTol, relTol, rate                                    float64
	ulp                                                     uint64
	rankK, concurrency, batch, retries, show                int
	timeout                                                 time.Duration
	lists, stages, outputs                                  cliflag.StringList
	noise, quiet                                            bool
}

func runParity(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var c parityConfig
	fs := newFlagSet("parity", stderr)
	fs.StringVar(&c.requests, "requests", "", "requests `FILE` (.jsonl or .csv, optionally .gz; - for stdin) (required)")
	fs.StringVar(&c.offline, "offline", "", "offline outputs `FILE` (.jsonl or .csv, optionally .gz) (required)")
	fs.StringVar(&c.online, "online", "", "base `URL` of the served model, or HOST:PORT for gRPC (required)")
	fs.StringVar(&c.protocol, "protocol", "", "`protocol`: "+strings.Join(parity.Protocols(), ", ")+" (required)")
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
	meter := progress.ForStderr("parity", 0, c.quiet || c.format == "json" && !progress.IsTerminalWriter(stderr))
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
		if err := report.WriteParityDir(c.out, res); err != nil {
			return errorf(stderr, "parity: --out: %v", err)
		}
	}
	if c.format == "json" {
		err = report.WriteParityJSON(stdout, res)
	} else {
		err = report.WriteParityTable(stdout, res, c.show)
	}
	if err != nil {
		return errorf(stderr, "parity: %v", err)
	}
	if res.Mismatched > 0 || res.Failed > 0 {
		return exitFail
	}
	return exitOK
}

// options checks the flags' values and turns them into parity.Options.
func (c *parityConfig) options() (parity.Options, error) {
	protocols := parity.Protocols()
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
		return parity.Options{}, fmt.Errorf("--protocol is required: one of %s", strings.Join(protocols, ", "))
	case !slices.Contains(protocols, c.protocol):
		return parity.Options{}, fmt.Errorf("--protocol %q: want one of %s", c.protocol, strings.Join(protocols, ", "))
	case parity.NeedsModel(c.protocol) && c.model == "":
		return parity.Options{}, fmt.Errorf("--model NAME is required with --protocol %s", c.protocol)
	case c.format != "table" && c.format != "json":
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
