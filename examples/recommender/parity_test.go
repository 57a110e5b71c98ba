package recommender_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/harness/parity"
	"github.com/mltest/mltest/harness/serving"
	"github.com/mltest/mltest/internal/testtool"
)

const requestSeed = 42

// setup is what every parity test shares: the built commands, a trained and
// saved model, the requests and the batch job's output for them.
type setup struct {
	dir      string
	recserve string
	model    *rec.Model
	requests []serving.Row
	offline  *parity.Table
	// edgeRows are the requests whose candidates all have a training count
	// on a popularity bucket edge, where the deliberate bug changes nothing.
	edgeRows map[string]bool
}

var (
	setupOnce sync.Once
	shared    *setup
	setupErr  error
)

func prepare(t *testing.T) *setup {
	t.Helper()
	setupOnce.Do(func() { shared, setupErr = build() })
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	return shared
}

// build compiles recbatch and recserve, trains and saves the model, writes
// the requests and runs the batch job on them, all under a temporary
// directory removed by TestMain.
func build() (*setup, error) {
	s := &setup{dir: tempDir}
	goTool, err := exec.LookPath("go")
	if err != nil {
		return nil, fmt.Errorf("the parity test builds the real commands and needs the go tool: %v", err)
	}
	cmd := exec.Command(goTool, "build", "-o", s.dir+string(filepath.Separator), "./cmd/recbatch", "./cmd/recserve")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build: %v\n%s", err, out)
	}
	s.recserve = filepath.Join(s.dir, "recserve")

	d, _ := recdata.Generate(recdata.DefaultOptions())
	if s.model, err = rec.Train(d, rec.DefaultHyperparameters(), rec.DefaultRules()); err != nil {
		return nil, err
	}
	modelPath := filepath.Join(s.dir, "model.json")
	if err := s.model.Save(modelPath); err != nil {
		return nil, err
	}
	s.requests, s.edgeRows = parityRequests(d, s.model)
	reqPath := filepath.Join(s.dir, "requests.jsonl")
	if err := writeRows(reqPath, s.requests, "inputs"); err != nil {
		return nil, err
	}
	offPath := filepath.Join(s.dir, "offline.jsonl")
	cmd = exec.Command(filepath.Join(s.dir, "recbatch"), "--model", modelPath, "--requests", reqPath, "--out", offPath)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("recbatch: %v\n%s", err, out)
	}
	// Both sides read the files the way `mltest parity` does.
	if s.requests, err = parity.ReadRows(reqPath, nil, "inputs"); err != nil {
		return nil, err
	}
	offRows, err := parity.ReadRows(offPath, nil, "outputs")
	if err != nil {
		return nil, err
	}
	if s.offline, err = parity.NewTable(offRows); err != nil {
		return nil, err
	}
	return s, nil
}

// parityRequests are 240 requests for test users, each with up to 12
// candidates and, for one in five, two real-time events. One request in four
// draws its candidates only from items whose training count sits exactly on
// a popularity bucket edge: there the bucketed and the unbucketed feature
// agree, so the deliberate bug must leave those rows alone.
func parityRequests(d *recdata.Dataset, m *rec.Model) ([]serving.Row, map[string]bool) {
	rng := rand.New(rand.NewPCG(requestSeed, 0))
	var onEdge []string
	for i, c := range m.Counts {
		if slices.Contains(m.BucketEdges, float64(c)) {
			onEdge = append(onEdge, d.Items[i])
		}
	}
	edgeRows := map[string]bool{}
	var rows []serving.Row
	users := d.EvalUsers()
	for k := range 240 {
		u := d.Users[users[k*len(users)/240]]
		pool := d.Items
		if k%4 == 0 {
			pool = onEdge
		}
		perm := rng.Perm(len(pool))
		cands := make([]string, min(12, len(pool)))
		for j := range cands {
			cands[j] = pool[perm[j]]
		}
		id := fmt.Sprintf("r%03d-%s", k, u)
		vals := map[string]serving.Value{
			rec.InputUser:       {Strings: []string{u}},
			rec.InputCandidates: serving.StringVector(cands...),
		}
		if k%5 == 1 {
			vals[rec.InputRecent] = serving.StringVector(d.Items[rng.IntN(len(d.Items))], d.Items[rng.IntN(len(d.Items))])
			if r := vals[rec.InputRecent].Strings; r[0] == r[1] {
				vals[rec.InputRecent] = serving.StringVector(r[0])
			}
		}
		rows = append(rows, serving.Row{ID: id, Values: vals})
		if k%4 == 0 {
			edgeRows[id] = true
		}
	}
	return rows, edgeRows
}

func writeRows(path string, rows []serving.Row, field string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := rec.WriteRows(f, rows, field); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// startServer starts the real recserve process on a free loopback port and
// returns its base URL once it answers ready; the process is stopped (SIGINT,
// then waited for) when the test ends.
func startServer(t *testing.T, s *setup, extra ...string) string {
	t.Helper()
	args := append([]string{"--model", filepath.Join(s.dir, "model.json"), "--addr", "127.0.0.1:0"}, extra...)
	cmd := exec.Command(s.recserve, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr testtool.Buffer // os/exec writes it from a goroutine while the test may read it
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("recserve exited with %v; stderr:\n%s", err, stderr.String())
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Errorf("recserve did not stop within 10s of SIGINT")
		}
	})
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
	}()
	var url string
	select {
	case l, ok := <-line:
		if !ok || !strings.HasPrefix(l, "http://") {
			t.Fatalf("recserve printed %q, want its URL first; stderr:\n%s", l, stderr.String())
		}
		url = l
	case <-time.After(30 * time.Second):
		t.Fatalf("recserve printed no URL within 30s; stderr:\n%s", stderr.String())
	}
	resp, err := http.Get(url + "/v2/health/ready")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /v2/health/ready: %s", resp.Status)
	}
	return url
}

// options are the parity options of the example: exact equality (the two
// paths run the same Go code on the same float64 parameters, and the wire
// carries float64 in shortest round-trip form), outputs mapped to stages,
// the item list compared as a ranking.
func options() parity.Options {
	opt := parity.Options{Lists: []string{rec.OutputItems}, RankK: 10}
	for _, s := range rec.Stages {
		opt.Stages = append(opt.Stages, parity.Stage{Name: s.Stage.String(), Outputs: s.Outputs})
	}
	return opt
}

// httpClient returns a client whose connections are closed when the test
// ends, before the server is stopped, so that its graceful shutdown does not
// wait for them.
func httpClient(t *testing.T) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

func v2Client(t *testing.T, url string) *serving.Client {
	c := serving.NewClient(serving.NewV2(url, "rec", httpClient(t)))
	c.Concurrency, c.BatchSize = 4, 16
	return c
}

// TestServedMatchesBatch: the real server process, over the Open Inference
// Protocol v2 and over the plain JSON route, returns exactly the batch job's
// outputs for every request, at every stage.
func TestServedMatchesBatch(t *testing.T) {
	s := prepare(t)
	url := startServer(t, s)
	ctx := context.Background()
	res := parity.Equal(t, ctx, s.requests, s.offline, v2Client(t, url), options())
	if res.N != len(s.requests) || res.Matched != res.N {
		t.Errorf("v2: %d of %d requests matched", res.Matched, res.N)
	}
	res = parity.Equal(t, ctx, s.requests, s.offline, serving.NewClient(serving.NewJSON(url+"/predict", httpClient(t))), options())
	if res.Matched != len(s.requests) {
		t.Errorf("json: %d of %d requests matched", res.Matched, len(s.requests))
	}
}

// TestParityCatchesUnbucketedPopularity: with the deliberate bug on, the
// server feeds the raw log popularity to the scorer. The parity comparison
// must fail, name encode as the first differing stage, and list as
// mismatched all and only the requests with a candidate whose training count
// is not on a bucket edge (there the two encodings differ); the other
// requests match.
func TestParityCatchesUnbucketedPopularity(t *testing.T) {
	s := prepare(t)
	url := startServer(t, s, "--bug-unbucketed-popularity")
	res := parity.Compare(context.Background(), s.requests, s.offline, v2Client(t, url), options())
	t.Logf("parity with the bug on:\n%s", res.Summary(3))

	want := map[string]bool{}
	for _, r := range s.requests {
		for _, id := range r.Values[rec.InputCandidates].Strings {
			i, _ := s.model.ItemIndex(id)
			if !slices.Contains(s.model.BucketEdges, float64(s.model.Counts[i])) {
				want[r.ID] = true
			}
		}
	}
	if len(want) == 0 || len(want) == len(s.requests) || len(s.edgeRows) == 0 {
		t.Fatalf("the requests do not test both sides: %d of %d affected, %d on edges", len(want), len(s.requests), len(s.edgeRows))
	}
	for id := range s.edgeRows {
		if want[id] {
			t.Fatalf("request %s draws only edge items but is expected to differ", id)
		}
	}
	if res.Failed != 0 || res.Mismatched != len(want) || res.Matched != len(s.requests)-len(want) {
		t.Errorf("matched %d, mismatched %d, failed %d; want %d mismatched, %d matched, 0 failed",
			res.Matched, res.Mismatched, res.Failed, len(want), len(s.requests)-len(want))
	}
	if res.FirstStage != "encode" || res.StageRows["encode"] != len(want) || len(res.StageRows) != 1 {
		t.Errorf("first stage %q, rows by stage %v; want encode for all %d mismatching rows", res.FirstStage, res.StageRows, len(want))
	}
	got := map[string]bool{}
	for _, mm := range res.Mismatches {
		got[mm.ID] = true
		if mm.Output == rec.OutputFeatures && mm.Stage != "encode" {
			t.Errorf("row %s: output features reported in stage %q", mm.ID, mm.Stage)
		}
	}
	for id := range want {
		if !got[id] {
			t.Errorf("row %s has a candidate off the bucket edges but is not reported", id)
		}
	}
	for id := range got {
		if !want[id] {
			t.Errorf("row %s is reported but all its candidates sit on bucket edges", id)
		}
	}
	featureRows := 0
	for _, mm := range res.Mismatches {
		if mm.Output == rec.OutputFeatures {
			featureRows++
		}
	}
	if featureRows != len(want) {
		t.Errorf("%d rows with a features mismatch, want %d", featureRows, len(want))
	}
	if !strings.Contains(res.Summary(3), "encode") {
		t.Errorf("the summary does not name the stage:\n%s", res.Summary(3))
	}
}
