package report

import "time"

// Version is the version of the report.json format. It changes when a field
// changes meaning or is removed; adding a field does not change it.
const Version = 1

// Status is the outcome of one check.
type Status string

const (
	Pass  Status = "pass"  // the check held
	Fail  Status = "fail"  // the check failed and its severity is fail: the run exits 1
	Warn  Status = "warn"  // the check failed and its severity is warn: reported, exit unaffected
	Error Status = "error" // the check could not run (unreadable input, unreachable server): exit 2
)

// Report is the whole result of one run.
type Report struct {
	Version  int           `json:"version"`
	Suite    string        `json:"suite"`              // suite name
	File     string        `json:"file,omitempty"`     // suite file path, "" for the embedded suite
	Started  time.Time     `json:"started"`            // normalised in golden tests
	Duration time.Duration `json:"duration_ns"`        // normalised in golden tests
	Status   Status        `json:"status"`             // worst check status: error > fail > warn > pass
	Checks   []Check       `json:"checks"`             // in suite order
	Baseline *Provenance   `json:"baseline,omitempty"` // the baseline file compared against, if any
}

// Provenance says where a set of values came from, so a later run can tell
// whether it is comparing like with like.
type Provenance struct {
	Suite        string    `json:"suite"`
	DataHash     string    `json:"data_hash"` // sha256 of the data files, in suite order
	ModelVersion string    `json:"model_version,omitempty"`
	Time         time.Time `json:"time"`
}

// Check is the result of one check of a suite.
type Check struct {
	Name     string        `json:"name"`
	Kind     string        `json:"kind"`     // metric, compare, parity, golden, drift
	Severity string        `json:"severity"` // fail or warn
	Status   Status        `json:"status"`
	Message  string        `json:"message"` // one line for people: what held or what failed, with the figures
	Duration time.Duration `json:"duration_ns"`

	// Values are the figures the check measured, one per metric (and slice).
	Values []Value `json:"values,omitempty"`

	// Optional details, each drawn as a plot or table in report.html.
	Curves *Curves        `json:"curves,omitempty"` // binary metric checks
	Deltas []Delta        `json:"deltas,omitempty"` // compare checks: candidate minus baseline
	Parity *ParityDetail  `json:"parity,omitempty"` // parity checks
	Drift  []DriftFeature `json:"drift,omitempty"`  // drift checks
	Diff   string         `json:"diff,omitempty"`   // golden checks: the unified diff

	Interleave *InterleaveDetail `json:"interleave,omitempty"` // interleave checks
	OPE        *OPEDetail        `json:"ope,omitempty"`        // ope checks
}

// Value is one measured figure, overall (Slice "") or for one slice, with
// its interval when one was computed and the threshold it was held to.
type Value struct {
	Metric    string      `json:"metric"`
	Slice     string      `json:"slice,omitempty"` // "device=web"; "" is overall
	N         int         `json:"n,omitempty"`
	Value     *float64    `json:"value"` // nil when undefined on the data
	Interval  *[2]float64 `json:"interval,omitempty"`
	Threshold *Threshold  `json:"threshold,omitempty"`
	Pass      bool        `json:"pass"`
	Note      string      `json:"note,omitempty"` // why undefined, or which rule failed
}

// Threshold is the rule a Value was held to.
type Threshold struct {
	Op    string  `json:"op"`    // ">=", "<=", "within"
	Bound float64 `json:"bound"` // absolute bound, after resolving a baseline-relative rule
	Rule  string  `json:"rule"`  // the rule as written in the suite, e.g. "min: baseline - 0.01"
}

// Curves are the binary-classification curves of one prediction set.
type Curves struct {
	ROC         XY `json:"roc"`         // X = false positive rate, Y = true positive rate
	PR          XY `json:"pr"`          // X = recall, Y = precision
	Calibration XY `json:"calibration"` // X = mean predicted, Y = fraction positive
}

// XY is a polyline. Writers thin long curves for drawing; the JSON keeps
// what the check stored.
type XY struct {
	X []float64 `json:"x"`
	Y []float64 `json:"y"`
}

// Delta is one paired comparison of candidate against baseline.
type Delta struct {
	Metric    string     `json:"metric"`
	Slice     string     `json:"slice,omitempty"`
	Baseline  float64    `json:"baseline"`
	Candidate float64    `json:"candidate"`
	Delta     float64    `json:"delta"`
	Interval  [2]float64 `json:"interval"` // of the delta
	PValue    *float64   `json:"p_value,omitempty"`
	Verdict   string     `json:"verdict"` // "better", "worse", "no significant change"
}

// ParityDetail is what a parity check found.
type ParityDetail struct {
	N          int                `json:"n"`
	Matched    int                `json:"matched"`
	Mismatched int                `json:"mismatched"`
	Failed     int                `json:"failed"`
	MaxAbsDiff float64            `json:"max_abs_diff"`
	FirstStage string             `json:"first_stage,omitempty"` // earliest stage that differs, when stages are known
	Histogram  []Bin              `json:"histogram"`             // of log10 |offline - online| over compared values
	Worst      []ParityRow        `json:"worst"`                 // worst mismatches first, at most 20
	LatencyMS  map[string]float64 `json:"latency_ms,omitempty"`  // p50, p95, p99
}

// Bin is one bar of a histogram: Count values in [Lo, Hi).
type Bin struct {
	Lo    float64 `json:"lo"`
	Hi    float64 `json:"hi"`
	Count int     `json:"count"`
}

// ParityRow is one mismatching (or failed) row.
type ParityRow struct {
	ID      string  `json:"id"`
	Output  string  `json:"output"`
	Stage   string  `json:"stage,omitempty"`
	Offline string  `json:"offline"` // formatted value
	Online  string  `json:"online"`
	AbsDiff float64 `json:"abs_diff"`
	Error   string  `json:"error,omitempty"` // for a failed row
}

// DriftFeature is the skew of one feature between reference and current data.
type DriftFeature struct {
	Feature   string             `json:"feature"`
	Kind      string             `json:"kind"`  // numeric or categorical
	Stats     map[string]float64 `json:"stats"` // psi, js_distance, linf, ks_d, ks_p, wasserstein, smd
	Threshold map[string]float64 `json:"threshold,omitempty"`
	Drifted   bool               `json:"drifted"`
}
