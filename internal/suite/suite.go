package suite

import (
	"fmt"
	"time"

	"github.com/mltest/mltest/harness/parity"
)

// Suite is a parsed, validated suite file. Paths are resolved (relative
// paths are relative to the suite file's directory) and ${VAR}s expanded.
type Suite struct {
	Name         string
	Description  string
	ModelVersion string // recorded in a baseline's provenance
	File         string // the suite file as named, for messages
	Dir          string // directory relative paths were resolved against
	Concurrency  int    // checks run at once; default DefaultConcurrency

	Sources map[string]*Source
	Order   []string // source names in file order
	Checks  []*Check // in file order
}

// DefaultConcurrency is how many checks run at once when the suite does not say.
const DefaultConcurrency = 4

// Source is one named data source: a predictions table (Path) or a ranking
// (Qrels and Run).
type Source struct {
	Name string
	Line int

	Path    string   // table: CSV, JSONL (optionally gzip) or Parquet
	Format  string   // csv, jsonl or parquet; "" from the extension
	Label   string   // label column
	Scores  []string // score column(s): one, or one per class, or one JSON-array column
	Classes []string // multiclass: class names in score order, when labels are names
	Weight  string   // sample weight column, "" for all 1
	ID      string   // row id column (compare joins on it)
	Cluster string   // cluster column (bootstrap resamples whole clusters)
	Slices  []string // slicing columns (table) or query attribute columns (ranking)

	Qrels          string // ranking: judgments file
	Run            string // ranking: run file
	Queries        string // ranking: per-query attributes table (for slices)
	QueryID        string // ranking: qid column of Queries; default "qid"
	RelevanceLevel int    // ranking: lowest relevant value (trec_eval -l); default 1
	Complete       bool   // ranking: every judged query counts, one the run lacks scoring 0 (trec_eval -c)
}

// Ranking reports whether the source is a ranking (qrels and run).
func (s *Source) Ranking() bool { return s.Qrels != "" }

// Files returns the source's files, in a fixed order (for the data hash).
func (s *Source) Files() []string {
	var fs []string
	for _, f := range []string{s.Path, s.Qrels, s.Run, s.Queries} {
		if f != "" {
			fs = append(fs, f)
		}
	}
	return fs
}

// Check types.
const (
	TypeMetric     = "metric"
	TypeCompare    = "compare"
	TypeParity     = "parity"
	TypeGolden     = "golden"
	TypeDrift      = "drift"
	TypeInterleave = "interleave"
	TypeOPE        = "ope"
	TypeMonitor    = "monitor"
)

// Severities.
const (
	SeverityFail = "fail"
	SeverityWarn = "warn"
)

// Check is one check of a suite. Exactly one of the typed parts is set,
// the one Type names.
type Check struct {
	Name        string
	Type        string
	Severity    string // fail (default) or warn
	Description string
	Line        int

	Metric     *MetricCheck
	Compare    *CompareCheck
	Parity     *ParityCheck
	Golden     *GoldenCheck
	Drift      *DriftCheck
	Interleave *InterleaveCheck
	OPE        *OPECheck
	Monitor    *MonitorCheck
}

// MetricCheck holds one metric of one source to a threshold.
type MetricCheck struct {
	Data              string
	Task              string // binary, multiclass, regression or ranking
	Metric            string
	Threshold         Threshold
	PerSlice          bool
	MinSliceN         int     // slices with fewer rows (queries) are reported, not gated; default 30
	CI                float64 // interval level, 0 for none
	Bootstrap         int     // resamples; default 1000
	Seed              uint64  // default 1
	RequireInterval   bool    // the interval's bound on the failing side must clear the threshold
	DecisionThreshold float64 // binary hard-label metrics: positive when score >= it; default 0.5
	K                 int     // multiclass top_k_accuracy; default 2
}

// Threshold is the rule a metric is held to. A Bound is absolute or relative
// to the baseline value (Baseline true: bound = baseline + Offset).
type Threshold struct {
	Min, Max  *Bound
	MaxDrop   *float64 // allowed worsening from the baseline, in the metric's direction
	Direction string   // higher or lower is better; "" from the metric
}

// Bound is one side of a threshold.
type Bound struct {
	Baseline bool    // relative to the baseline value
	Offset   float64 // the bound, or what is added to the baseline
	Text     string  // as written, for reports
}

// Resolve returns the bound's value given the baseline value, and false when
// the bound is baseline-relative and there is no baseline.
func (b *Bound) Resolve(baseline float64, have bool) (float64, bool) {
	if !b.Baseline {
		return b.Offset, true
	}
	if !have {
		return 0, false
	}
	return baseline + b.Offset, true
}

// NeedsBaseline reports whether any rule of t is relative to a baseline.
func (t *Threshold) NeedsBaseline() bool {
	return t.MaxDrop != nil || (t.Min != nil && t.Min.Baseline) || (t.Max != nil && t.Max.Baseline)
}

// CompareCheck compares a candidate's predictions with a baseline model's on
// the same rows (or queries), with the gate of metrics/compare.
type CompareCheck struct {
	Baseline, Candidate string // source names
	Task                string
	Metrics             []string           // default: the task's metrics (ranking: map recip_rank P_10 ndcg_cut_10)
	MaxRegression       map[string]float64 // compare's gate
	RequireBetter       []string           // metrics that must be significantly better
	Alpha               float64            // default 0.05
	CI                  float64            // default 0.95
	Bootstrap           int                // default 1000
	Trials              int                // ranking randomization trials; default 10000
	Seed                uint64             // default 1
	PerSlice            bool
	MinSliceN           int     // default 30
	DecisionThreshold   float64 // default 0.5
	K                   int     // default 2
}

// ParityCheck sends requests to an endpoint and compares its outputs with
// the offline outputs, or with a second endpoint's (Against).
type ParityCheck struct {
	Requests, Offline string
	Against           *ParityEndpoint // instead of Offline
	Protocol          string          // v2, v2-grpc, tfserving, tfserving-grpc or json
	URL               string
	Model             string
	Signature         string            // tfserving-grpc
	TypedContents     bool              // v2-grpc: grpc_contents: typed
	BinaryData        bool              // v2: the binary tensor extension
	Headers           map[string]string // HTTP headers or gRPC metadata
	TLS               parity.TLS
	AbsTol, RelTol    float64
	RankK             int
	Concurrency       int
	Batch             int
	Timeout           time.Duration
	Retries           int
	MaxMismatches     int // mismatched or failed rows allowed; default 0
	Stages            []Stage
}

// ParityEndpoint is the second endpoint of a parity check that compares
// two live endpoints; empty fields take the check's values.
type ParityEndpoint struct {
	URL, Protocol, Model string
}

// Stage names the outputs one stage of a model produces; a parity check's
// stages, in pipeline order, let it report the first stage that differs.
type Stage struct {
	Name    string
	Outputs []string
}

// GoldenCheck compares a file with a golden file, byte for byte after
// normalising line endings.
type GoldenCheck struct {
	File, Golden string
}

// DriftCheck compares the feature distributions of two tables.
type DriftCheck struct {
	Reference, Current string // source names
	Features           []string
	Categorical        []string           // features compared as categories
	Bins               int                // quantile bins of numeric features; default 10
	Thresholds         map[string]float64 // statistic -> bound (DriftStats); nil: skew.DefaultThresholds
}

// MonitorCheck evaluates a served model's logged traffic in event-time
// windows with delayed labels (harness/monitor, mltest monitor): it fails
// when an alert rule fires in any window.
type MonitorCheck struct {
	Predictions, Labels string // files; Labels "" when the labels are in Predictions
	ID, Time, Label     string
	Scores              []string
	Weight              string
	Task                string // binary, multiclass or regression; default binary
	Metrics             []string
	Slices              []string
	Window, Every       time.Duration
	LabelDelay          time.Duration
	UnlabeledAs         *float64
	Estimate            bool
	Alerts              []string
	CI                  float64
	Bootstrap           int
	Seed                uint64
	MinSliceN           int
	DecisionThreshold   float64
}

// Error is a problem with a suite file: where it is and what is wrong.
type Error struct {
	File string
	Line int    // 0 when the problem concerns the whole file
	Path string // the key's path, e.g. "checks[3].threshold"
	Msg  string
}

func (e *Error) Error() string {
	s := e.File
	if e.Line > 0 {
		s += fmt.Sprintf(":%d", e.Line)
	}
	if e.Path != "" {
		s += ": " + e.Path
	}
	return s + ": " + e.Msg
}

// InterleaveCheck analyses an interleaving log of rankers A and B (as
// `mltest interleave`) and holds it to its rules: a side that must be
// significantly preferred, a least delta_ab.
type InterleaveCheck struct {
	Log        string
	User       string   // key of the user in each row: the bootstrap resamples users
	Require    string   // "A" or "B": that side must be significantly preferred; "" for none
	MinDeltaAB *float64 // delta_ab must be >= it; nil for no such rule
	Sequential bool     // the always-valid p-value (mSPRT) instead of the sign test
	CI         float64  // default 0.95
	Bootstrap  int      // default 1000
	Seed       uint64   // default 1
}

// OPECheck estimates a target policy's value from logs (as `mltest ope`)
// and holds the estimates to bounds.
type OPECheck struct {
	Log, Target, RewardModel string
	Estimators               []string // default: mltest ope's
	Clip                     float64  // 0: none
	Min, Max                 map[string]float64
	MinESS                   *float64 // effective sample size must be >= it
	RequireInterval          bool     // the interval's bound on the failing side must clear the bound
	CI                       float64  // default 0.95
	Bootstrap                int      // default 1000
	Seed                     uint64   // default 1
}
