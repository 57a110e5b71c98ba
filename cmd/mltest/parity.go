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

	"github.com/mltest/mltest/harness/parity"
	"github.com/mltest/mltest/internal/cliflag"
	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/internal/progress"
	"github.com/mltest/mltest/internal/report"
)

type parityConfig struct {
	requests, offline, format, out         string
	against, againstProtocol, againstModel string
	grpcContents                           string
	listModels, quiet                      bool
	headers, stages                        cliflag.StringList
	show                                   int
	e                                      parity.Endpoint // the --online endpoint
	opt                                    parity.Options
}

func runParity(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var c parityConfig
	fs := newFlagSet("parity", stderr)
	fs.StringVar(&c.requests, "requests", "", "requests `FILE` (.jsonl or .csv, optionally .gz; - for stdin) (required)")
	fs.StringVar(&c.offline, "offline", "", "offline outputs `FILE` (.jsonl or .csv, optionally .gz) (required)")
	fs.StringVar(&c.e.URL, "online", "", "base `URL` of the served model, or HOST:PORT for gRPC (required)")
	fs.StringVar(&c.e.Protocol, "protocol", "", "`protocol`: "+strings.Join(parity.Protocols(), ", ")+" (required)")
	fs.StringVar(&c.e.Model, "model", "", "model `name` (required for all but json)")
	fs.StringVar(&c.against, "against", "", "compare with this second live endpoint (`URL`) instead of --offline")
	fs.StringVar(&c.againstProtocol, "against-protocol", "", "`protocol` of --against (default: --protocol)")
	fs.StringVar(&c.againstModel, "against-model", "", "model `name` at --against (default: --model)")
	fs.StringVar(&c.e.Signature, "signature", "", "TF Serving signature `name` (tfserving-grpc; default serving_default)")
	fs.StringVar(&c.grpcContents, "grpc-contents", "raw", "how v2-grpc sends tensors: `raw` (raw_input_contents) or typed")
	fs.BoolVar(&c.e.BinaryData, "binary", false, "v2 REST: send and receive tensors in the binary tensor data extension")
	fs.Var(&c.headers, "header", "`K=V` sent with every request (HTTP header, gRPC metadata); repeatable")
	fs.BoolVar(&c.e.TLS.Enable, "tls", false, "use TLS for a gRPC HOST:PORT (system roots; grpcs:// and https:// imply it)")
	fs.StringVar(&c.e.TLS.CAFile, "tls-ca", "", "PEM `FILE` of the CA certificates that verify the server")
	fs.StringVar(&c.e.TLS.CertFile, "tls-cert", "", "PEM `FILE` of the client certificate (mutual TLS; with --tls-key)")
	fs.StringVar(&c.e.TLS.KeyFile, "tls-key", "", "PEM `FILE` of the client key")
	fs.BoolVar(&c.listModels, "list-models", false, "print the models of the --online server (v2, v2-grpc) and exit")
	fs.Float64Var(&c.opt.Tolerance.Abs, "abs-tol", parity.DefaultTolerance.Abs, "absolute `tolerance`")
	fs.Float64Var(&c.opt.Tolerance.Rel, "rel-tol", parity.DefaultTolerance.Rel, "relative `tolerance`, a fraction of |offline|")
	fs.Uint64Var(&c.opt.Tolerance.ULP, "ulp", 0, "also match values at most `N` float64 units in the last place apart")
	fs.IntVar(&c.opt.RankK, "rank-k", 0, "depth `K` of the top-k overlap of ranked lists (default: the list length)")
	fs.Var((*cliflag.StringList)(&c.opt.Lists), "list", "`output` that is a ranked list even though numeric (item indices); repeatable")
	fs.Var(&c.stages, "stage", "`NAME=OUT,OUT` outputs of a model stage, in pipeline order; repeatable")
	fs.Var((*cliflag.StringList)(&c.opt.Outputs), "output", "compare only this `output`; repeatable (default: every offline output)")
	fs.IntVar(&c.e.Concurrency, "concurrency", 8, "concurrent `requests`")
	fs.IntVar(&c.e.Batch, "batch", 32, "`rows` per request (v2, tfserving; json sends one row per request)")
	fs.DurationVar(&c.e.Timeout, "timeout", 5*time.Second, "per-request `timeout`")
	fs.IntVar(&c.e.Retries, "retries", 2, "retries of a request after 429, 5xx, a timeout or a connection error")
	fs.Float64Var(&c.e.RequestsPerSecond, "rate", 0, "at most `N` requests per second (0: no limit)")
	fs.BoolVar(&c.e.CallTwice, "noise", false, "call the online side twice and report nondeterministic outputs as noise")
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
	headers, err := parity.ParseHeaders(c.headers)
	if err != nil {
		return errorf(stderr, "parity: --header: %v", err)
	}
	if c.listModels {
		models, err := parity.ListModels(context.Background(), parity.Endpoint{Protocol: c.e.Protocol, URL: c.e.URL, Model: c.e.Model,
			Header: headers, TLS: c.e.TLS, Timeout: c.e.Timeout})
		if err != nil {
			return errorf(stderr, "parity: --list-models: %v", err)
		}
		for _, m := range models {
			fmt.Fprintln(stdout, m)
		}
		return exitOK
	}
	c.e.Header, c.e.NoRetries = headers, c.e.Retries == 0
	if err := c.check(); err != nil {
		return errorf(stderr, "parity: %v", err)
	}
	e, against := c.e, c.e.Against(c.against, c.againstProtocol, c.againstModel)
	meter := progress.ForStderr("parity", 0, c.quiet || c.format == "json" && !progress.IsTerminalWriter(stderr))
	e.Progress = meter.Counter()
	var res parity.Result
	if c.against != "" {
		res, err = parity.CompareEndpoints(context.Background(), c.requests, stdin, e, against, c.opt)
	} else {
		res, err = parity.CompareFiles(context.Background(), c.requests, c.offline, stdin, e, c.opt)
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
	if err := report.WriteParity(stdout, c.format, res, c.show); err != nil {
		return errorf(stderr, "parity: %v", err)
	}
	if res.Mismatched > 0 || res.Failed > 0 {
		return exitFail
	}
	return exitOK
}

// check checks the flags' values and completes the endpoint and the
// options with them.
func (c *parityConfig) check() error {
	protocols := parity.Protocols()
	switch {
	case c.requests == "":
		return errors.New("--requests FILE is required")
	case c.offline == "" && c.against == "":
		return errors.New("--offline FILE (or --against URL) is required")
	case c.offline != "" && c.against != "":
		return errors.New("--offline and --against are two ways to compare: give one")
	case c.e.URL == "":
		return errors.New("--online URL is required")
	case c.requests == "-" && c.offline == "-":
		return errors.New("only one of --requests and --offline can be standard input")
	case c.e.Protocol == "":
		return fmt.Errorf("--protocol is required: one of %s", strings.Join(protocols, ", "))
	case !slices.Contains(protocols, c.e.Protocol):
		return fmt.Errorf("--protocol %q: want one of %s", c.e.Protocol, strings.Join(protocols, ", "))
	case parity.NeedsModel(c.e.Protocol) && c.e.Model == "":
		return fmt.Errorf("--model NAME is required with --protocol %s", c.e.Protocol)
	case c.format != "table" && c.format != "json":
		return fmt.Errorf("--format %q: want table or json", c.format)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"--abs-tol", c.opt.Tolerance.Abs}, {"--rel-tol", c.opt.Tolerance.Rel}, {"--rate", c.e.RequestsPerSecond}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) || f.v < 0 {
			return fmt.Errorf("%s %v: want a finite number >= 0", f.name, f.v)
		}
	}
	if c.e.Concurrency < 1 || c.e.Batch < 1 || c.e.Retries < 0 || c.e.Timeout <= 0 || c.opt.RankK < 0 {
		return errors.New("--concurrency and --batch must be >= 1, --retries and --rank-k >= 0, --timeout > 0")
	}
	var err error
	if c.opt.Stages, err = parity.ParseStages(c.stages); err != nil {
		return fmt.Errorf("--%v", err)
	}
	if c.grpcContents != "raw" && c.grpcContents != "typed" {
		return fmt.Errorf("--grpc-contents %q: want raw or typed", c.grpcContents)
	}
	c.e.TypedContents = c.grpcContents == "typed"
	if err := c.e.Check(); err != nil {
		return fmt.Errorf("--online: %v", err)
	}
	if c.against != "" {
		if err := c.e.Against(c.against, c.againstProtocol, c.againstModel).Check(); err != nil {
			return fmt.Errorf("--against: %v", err)
		}
	}
	return nil
}
