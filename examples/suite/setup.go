// Package suite is the example suite `mltest run` runs when it is given no
// suite file: it trains the example recommender (examples/recommender) in
// process, writes what a real pipeline would (offline predictions, ranked
// runs, judgments, feature tables), serves the model over the Open Inference
// Protocol v2, REST and gRPC, on loopback ports, and hands suite.yaml the
// paths and URLs to check every kind of check against.
//
// suite.yaml is the file to read first when writing a suite of your own:
// each check type appears once, with the keys that matter.
package suite

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/examples/recommender/receval"
	"github.com/mltest/mltest/examples/recommender/reclog"
	"github.com/mltest/mltest/harness/model"
	"github.com/mltest/mltest/harness/serving"
	"github.com/mltest/mltest/internal/suite"
	"github.com/mltest/mltest/metrics"
	"google.golang.org/grpc"
)

// YAML is the example suite. Its paths are relative to the directory Setup
// writes into; ${MODEL_URL}, ${MODEL_GRPC}, ${MODEL_NAME} and
// ${MODEL_VERSION} come from Env.Vars.
//
//go:embed suite.yaml
var YAML []byte

// Name is the name the suite file is reported under.
const Name = "examples/suite/suite.yaml"

//go:embed recommendations.golden.tsv
var golden []byte

// ModelName is the name the model is served under.
const ModelName = "recommender"

// Options size the example; the zero value is the default example.
type Options struct {
	Data        recdata.Options // zero: recdata.DefaultOptions()
	ParityUsers int             // users sent to the server; 0 means 100
	ListDepth   int             // items per user in scores.csv; 0 means 50
	// ServeUnbucketedPopularity serves a copy of the model with the
	// recommender's deliberate bug switched on (rec.Model.WithUnbucketedPopularity):
	// the parity check then fails at the encode stage.
	ServeUnbucketedPopularity bool
}

// Env is what Setup started: the directory of the files and the running
// servers.
type Env struct {
	Dir  string
	Vars map[string]string // MODEL_URL, MODEL_GRPC, MODEL_NAME, MODEL_VERSION
	srv  *http.Server
	grpc *grpc.Server
	temp bool // Dir is LoadTemp's, removed by Close
}

// Close stops the servers, and removes the directory of LoadTemp.
func (e *Env) Close() error {
	if e.temp {
		defer os.RemoveAll(e.Dir)
	}
	if e.grpc != nil {
		e.grpc.Stop()
	}
	if e.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return e.srv.Shutdown(ctx)
}

// Setup generates the example data, trains the recommender, writes the
// suite's input files into dir and starts the model's OIP v2 servers, REST
// and gRPC, on 127.0.0.1 (free ports). The caller closes the Env.
func Setup(ctx context.Context, dir string) (*Env, error) {
	return SetupWith(ctx, dir, Options{})
}

// SetupWith is Setup with options (tests use a smaller example).
func SetupWith(ctx context.Context, dir string, opt Options) (*Env, error) {
	if opt.Data == (recdata.Options{}) {
		opt.Data = recdata.DefaultOptions()
	}
	if opt.ParityUsers == 0 {
		opt.ParityUsers = 100
	}
	if opt.ListDepth == 0 {
		opt.ListDepth = 50
	}
	d, truth := recdata.Generate(opt.Data)
	m, err := rec.Train(d, rec.DefaultHyperparameters(), rec.DefaultRules())
	if err != nil {
		return nil, fmt.Errorf("training the example recommender: %w", err)
	}
	desc, err := json.MarshalIndent(m.Describe(), "", "  ")
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(desc)
	version := "als-" + hex.EncodeToString(sum[:4])

	w := &writer{dir: dir}
	modelLists, err := receval.Lists(m, d, receval.Depth)
	if err != nil {
		return nil, err
	}
	popLists, err := receval.Lists(m.Baseline(), d, receval.Depth)
	if err != nil {
		return nil, err
	}
	qrels := receval.Qrels(d)
	w.qrels("test.qrels", qrels)
	w.run("model.run", receval.RunOf(modelLists), "als")
	w.run("popularity.run", receval.RunOf(popLists), "popularity")
	cohort := map[string]string{}
	for u, id := range d.Users {
		cohort[id] = d.Cohort[u]
	}
	evalUsers := make([]string, 0, len(qrels))
	for _, u := range d.EvalUsers() {
		evalUsers = append(evalUsers, d.Users[u])
	}
	w.table("users.csv", []string{"user", "cohort"}, func(emit func(...string)) error {
		for _, u := range evalUsers {
			emit(u, cohort[u])
		}
		return nil
	})
	w.table("scores.csv", []string{"id", "user", "cohort", "item", "relevant", "score"}, func(emit func(...string)) error {
		for _, u := range evalUsers {
			out, err := model.Predict[rec.Request, rec.Features, rec.Raw, rec.Output](m, rec.Request{User: u, K: opt.ListDepth})
			if err != nil {
				return err
			}
			for i, item := range out.Items {
				rel := "0"
				if qrels[u][item] > 0 {
					rel = "1"
				}
				// ALS fits a 0/1 preference: its score, clipped to [0, 1], reads as a probability.
				p := math.Min(math.Max(out.Scores[i], 0), 1)
				emit(u+":"+item, u, cohort[u], item, rel, strconv.FormatFloat(p, 'g', -1, 64))
			}
		}
		return nil
	})
	counts := make([]int, len(d.Items))
	for _, e := range d.Train {
		counts[e.Item]++
	}
	events := func(name string, evs []recdata.Event) {
		w.table(name, []string{"user", "item", "cohort", "category", "item_popularity"}, func(emit func(...string)) error {
			for _, e := range evs {
				emit(d.Users[e.User], d.Items[e.Item], d.Cohort[e.User], d.Category[e.Item], strconv.Itoa(counts[e.Item]))
			}
			return nil
		})
	}
	events("train_events.csv", d.Train)
	events("test_events.csv", d.Test)

	// Parity: the requests, and the batch job's outputs for them.
	n := min(opt.ParityUsers, len(evalUsers))
	w.jsonl("requests.jsonl", n, func(i int) (any, error) {
		return map[string]any{"id": evalUsers[i], "inputs": map[string]any{rec.InputUser: evalUsers[i]}}, nil
	})
	w.jsonl("offline.jsonl", n, func(i int) (any, error) {
		outs, err := m.PredictRow(serving.Row{ID: evalUsers[i], Values: map[string]serving.Value{rec.InputUser: serving.StringVector(evalUsers[i])}})
		if err != nil {
			return nil, err
		}
		o := map[string]any{}
		for name, v := range outs {
			if v.Strings != nil {
				o[name] = v.Strings
			} else {
				o[name] = v.Numbers
			}
		}
		return map[string]any{"id": evalUsers[i], "outputs": o}, nil
	})

	// Golden: what pins the model, and the lists of the first users.
	w.file("recommendations.tsv", func(b *bufio.Writer) error {
		b.Write(desc)
		b.WriteString("\n")
		for _, u := range evalUsers[:min(5, len(evalUsers))] {
			fmt.Fprintf(b, "%s\t%s\n", u, strings.Join(modelLists[u][:min(10, len(modelLists[u]))], " "))
		}
		return nil
	})
	w.file("recommendations.golden.tsv", func(b *bufio.Writer) error {
		_, err := b.Write(golden)
		return err
	})
	// Online: simulated users shown the interleaving of the model and the
	// popularity baseline (harness/interleave's middleware) click by the
	// generator's true preferences; and the hero slot logged under uniform
	// exploration, for the off-policy evaluation of the model's top item.
	online := receval.OnlineOptions{Seed: 1}
	impressions, err := receval.SimulateInterleaving(m, d, truth, online)
	if err != nil {
		return nil, err
	}
	w.jsonl("impressions.jsonl", len(impressions), func(i int) (any, error) { return impressions[i], nil })
	logged, err := receval.SimulateLoggedPolicy(m, d, truth, online)
	if err != nil {
		return nil, err
	}
	var opeFiles [3]bytes.Buffer
	if err := logged.Write(&opeFiles[0], &opeFiles[1], &opeFiles[2]); err != nil {
		return nil, err
	}
	for i, name := range []string{"ope_log.jsonl", "ope_target.jsonl", "ope_reward_model.jsonl"} {
		w.file(name, func(b *bufio.Writer) error { _, err := b.Write(opeFiles[i].Bytes()); return err })
	}
	if w.err != nil {
		return nil, w.err
	}

	served := m
	if opt.ServeUnbucketedPopularity {
		served = m.WithUnbucketedPopularity(true)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("serving the example model: %w", err)
	}
	gln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("serving the example model over gRPC: %w", err)
	}
	// The server also serves lists to users and writes what mltest monitor
	// reads: a prediction log and a click log, filled by simulated traffic
	// over the test period (reclog.Simulate) before the suite runs.
	predLog, err := os.Create(filepath.Join(dir, "predictions.jsonl"))
	if err != nil {
		ln.Close()
		gln.Close()
		return nil, err
	}
	clickLog, err := os.Create(filepath.Join(dir, "clicks.jsonl"))
	if err != nil {
		ln.Close()
		gln.Close()
		predLog.Close()
		return nil, err
	}
	preds, clicks := bufio.NewWriter(predLog), bufio.NewWriter(clickLog)
	clock := &reclog.Clock{}
	logger := reclog.NewLogger(preds, clicks)
	logger.Now = clock.Now
	logger.Cohort = func(user string) string { return cohort[user] }
	sm := served.Serving(ModelName)
	mux := http.NewServeMux()
	mux.Handle("/v2/", serving.NewV2Handler(sm))
	mux.Handle("/recommend", reclog.Handler(served, logger))
	mux.Handle("/click", reclog.Handler(served, logger))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	gsrv := grpc.NewServer()
	serving.RegisterV2GRPC(gsrv, sm)
	go gsrv.Serve(gln)
	base := "http://" + ln.Addr().String()
	_, _, simErr := reclog.Simulate(ctx, base, d, clock, reclog.SimOptions{Seed: 7, K: opt.ListDepth})
	if err := errors.Join(simErr, preds.Flush(), clicks.Flush(), predLog.Close(), clickLog.Close()); err != nil {
		srv.Close()
		gsrv.Stop()
		return nil, fmt.Errorf("simulated traffic: %w", err)
	}
	return &Env{Dir: dir, srv: srv, grpc: gsrv, Vars: map[string]string{
		"MODEL_URL":     base,
		"MODEL_GRPC":    gln.Addr().String(),
		"MODEL_NAME":    ModelName,
		"MODEL_VERSION": version,
	}}, nil
}

// writer writes the example's files, keeping the first error.
type writer struct {
	dir string
	err error
}

func (w *writer) file(name string, fill func(*bufio.Writer) error) {
	if w.err != nil {
		return
	}
	f, err := os.Create(filepath.Join(w.dir, name))
	if err != nil {
		w.err = err
		return
	}
	b := bufio.NewWriter(f)
	err = fill(b)
	err = errors.Join(err, b.Flush(), f.Close())
	if err != nil {
		w.err = fmt.Errorf("writing %s: %w", name, err)
	}
}

func (w *writer) table(name string, header []string, rows func(emit func(...string)) error) {
	w.file(name, func(b *bufio.Writer) error {
		b.WriteString(strings.Join(header, ",") + "\n")
		return rows(func(vals ...string) { b.WriteString(strings.Join(vals, ",") + "\n") })
	})
}

func (w *writer) jsonl(name string, n int, row func(i int) (any, error)) {
	w.file(name, func(b *bufio.Writer) error {
		enc := json.NewEncoder(b)
		for i := range n {
			v, err := row(i)
			if err != nil {
				return err
			}
			if err := enc.Encode(v); err != nil {
				return err
			}
		}
		return nil
	})
}

func (w *writer) qrels(name string, q map[string]map[string]int) {
	w.file(name, func(b *bufio.Writer) error {
		for _, qid := range slices.Sorted(maps.Keys(q)) {
			for _, doc := range slices.Sorted(maps.Keys(q[qid])) {
				fmt.Fprintf(b, "%s 0 %s %d\n", qid, doc, q[qid][doc])
			}
		}
		return nil
	})
}

func (w *writer) run(name string, run map[string][]metrics.ScoredDoc, id string) {
	w.file(name, func(b *bufio.Writer) error {
		for _, qid := range slices.Sorted(maps.Keys(run)) {
			for r, d := range run[qid] {
				fmt.Fprintf(b, "%s Q0 %s %d %s %s\n", qid, d.DocNo, r+1, strconv.FormatFloat(d.Score, 'g', -1, 64), id)
			}
		}
		return nil
	})
}

// Load sets up the example in dir (Setup) and parses the embedded suite
// with the example's variables: what `mltest run` runs without a suite file.
// The caller closes the Env.
func Load(ctx context.Context, dir string) (*suite.Suite, *Env, error) {
	env, err := Setup(ctx, dir)
	if err != nil {
		return nil, nil, fmt.Errorf("example suite setup: %v", err)
	}
	s, err := suite.Parse(YAML, Name, suite.LoadOptions{Vars: env.Vars, Dir: dir})
	if err != nil {
		env.Close()
		return nil, nil, err
	}
	s.File = ""
	return s, env, nil
}

// LoadTemp is Load in a new temporary directory, which the Env's Close
// removes.
func LoadTemp(ctx context.Context) (*suite.Suite, *Env, error) {
	dir, err := os.MkdirTemp("", "mltest-example-")
	if err != nil {
		return nil, nil, err
	}
	s, env, err := Load(ctx, dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	env.temp = true
	return s, env, nil
}
