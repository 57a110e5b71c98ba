package evaluate

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/stats"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

type binaryData struct {
	labels  []bool
	scores  []float64
	weights []float64
	device  []string
	user    []int
}

func makeBinary(seed uint64, n int, weighted bool) binaryData {
	r := rand.New(rand.NewPCG(seed, 1))
	d := binaryData{}
	devices := []string{"web", "ios", "android"}
	for i := 0; i < n; i++ {
		y := r.Float64() < 0.4
		s := r.NormFloat64()*0.2 + 0.4
		if y {
			s += 0.2
		}
		s = math.Round(math.Min(math.Max(s, 0), 1)*100) / 100 // ties
		w := 1.0
		if weighted {
			w = float64(1 + r.IntN(3))
		}
		d.labels = append(d.labels, y)
		d.scores = append(d.scores, s)
		d.weights = append(d.weights, w)
		d.device = append(d.device, devices[r.IntN(3)])
		d.user = append(d.user, r.IntN(n/10+2))
	}
	return d
}

func (d binaryData) row(i int) Row {
	l := 0.0
	if d.labels[i] {
		l = 1
	}
	return Row{Label: l, Scores: d.scores[i : i+1], Weight: d.weights[i], Cluster: d.user[i]}
}

// Overall and per-slice values equal the metric functions on the same rows.
func TestReportEqualsMetricFunctions(t *testing.T) {
	d := makeBinary(1, 3000, true)
	opt := DefaultOptions(Binary)
	opt.SliceBy = []string{"device"}
	rep, err := Run(opt, len(d.labels), d.row, func(i int) []string { return []string{d.device[i]} })
	require.NoError(t, err)
	require.Equal(t, []string{"android", "ios", "web"}, []string{rep.Slices[0].Key[0], rep.Slices[1].Key[0], rep.Slices[2].Key[0]})

	check := func(g Group, labels []bool, scores, weights []float64) {
		want := map[string]func() (float64, error){
			"roc_auc":           func() (float64, error) { return metrics.ROCAUC(labels, scores, weights) },
			"average_precision": func() (float64, error) { return metrics.AveragePrecision(labels, scores, weights) },
			"log_loss":          func() (float64, error) { return metrics.LogLoss(labels, scores, weights) },
			"f1":                func() (float64, error) { return metrics.F1(labels, scores, weights, 0.5) },
			"ece":               func() (float64, error) { return metrics.ECE(labels, scores, weights, 15) },
		}
		for name, fn := range want {
			w, err := fn()
			require.NoError(t, err)
			got, ok := rep.Value(g, name)
			require.True(t, ok, name)
			require.InDelta(t, w, got, 1e-12, name)
		}
	}
	check(rep.Overall, d.labels, d.scores, d.weights)
	for _, g := range rep.Slices {
		var l []bool
		var s, w []float64
		for i := range d.labels {
			if d.device[i] == g.Key[0] {
				l, s, w = append(l, d.labels[i]), append(s, d.scores[i]), append(w, d.weights[i])
			}
		}
		require.Equal(t, len(l), g.N)
		check(g, l, s, w)
	}
}

// Shards merged in order equal one pass over all rows, for every task.
func TestMergeOfShardsEqualsWhole(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		task := rapid.SampledFrom([]Task{Binary, Multiclass, Regression}).Draw(t, "task")
		n := rapid.IntRange(1, 200).Draw(t, "n")
		seed := rapid.Uint64().Draw(t, "seed")
		r := rand.New(rand.NewPCG(seed, 2))
		rows := make([]Row, n)
		keys := make([][]string, n)
		for i := range rows {
			w := float64(r.IntN(3)) + 0.5
			switch task {
			case Binary:
				rows[i] = Row{Label: float64(r.IntN(2)), Scores: []float64{math.Round(r.Float64()*10) / 10}, Weight: w}
			case Multiclass:
				p := []float64{r.Float64(), r.Float64(), r.Float64()}
				s := p[0] + p[1] + p[2]
				rows[i] = Row{Label: float64(r.IntN(3)), Scores: []float64{p[0] / s, p[1] / s, p[2] / s}, Weight: w}
			default:
				rows[i] = Row{Label: r.NormFloat64() * 100, Scores: []float64{r.NormFloat64() * 100}, Weight: w}
			}
			keys[i] = []string{[]string{"a", "b"}[r.IntN(2)]}
		}
		opt := DefaultOptions(task)
		opt.SliceBy = []string{"s"}
		whole, err := New(opt)
		require.NoError(t, err)
		for i := range rows {
			require.NoError(t, whole.Add(keys[i], rows[i]))
		}
		cuts := rapid.SliceOfN(rapid.IntRange(0, n), 0, 5).Draw(t, "cuts")
		merged, _ := New(opt)
		start := 0
		for _, c := range append(cuts, n) {
			if c < start {
				continue
			}
			shard, _ := New(opt)
			for i := start; i < c; i++ {
				require.NoError(t, shard.Add(keys[i], rows[i]))
			}
			require.NoError(t, merged.Merge(shard))
			start = c
		}
		a, errA := whole.Report()
		b, errB := merged.Report()
		require.Equal(t, errA == nil, errB == nil)
		if errA != nil {
			return
		}
		groupsA := append([]Group{a.Overall}, a.Slices...)
		groupsB := append([]Group{b.Overall}, b.Slices...)
		require.Equal(t, len(groupsA), len(groupsB))
		for gi := range groupsA {
			require.Equal(t, groupsA[gi].N, groupsB[gi].N)
			for i, v := range groupsA[gi].Values {
				w := groupsB[gi].Values[i]
				require.Equal(t, v.Defined, w.Defined, a.Metrics[i])
				if v.Defined {
					require.InDelta(t, v.Value, w.Value, 1e-9*math.Max(1, math.Abs(v.Value)), a.Metrics[i])
				}
			}
		}
	})
}

func TestMinSliceNGating(t *testing.T) {
	d := makeBinary(2, 200, false)
	opt := DefaultOptions(Binary)
	opt.SliceBy = []string{"bucket"}
	rep, err := Run(opt, 200, d.row, func(i int) []string {
		if i < 20 {
			return []string{"small"}
		}
		return []string{"large"}
	})
	require.NoError(t, err)
	require.True(t, rep.Overall.Gated)
	require.Equal(t, "large", rep.Slices[0].Key[0])
	require.True(t, rep.Slices[0].Gated)
	require.Equal(t, 20, rep.Slices[1].N)
	require.False(t, rep.Slices[1].Gated, "20 rows < 30")
}

func TestIntervalMethods(t *testing.T) {
	d := makeBinary(3, 1500, false)
	opt := DefaultOptions(Binary)
	opt.Metrics = []string{"roc_auc", "accuracy"}
	opt.Intervals = IntervalOptions{Level: 0.95, Resamples: 200, Seed: 7}
	rep, err := Run(opt, len(d.labels), d.row, nil)
	require.NoError(t, err)
	auc, acc := rep.Overall.Values[0], rep.Overall.Values[1]
	require.Equal(t, "delong", auc.Method)
	want, err := stats.DeLongInterval(d.labels, d.scores, 0.95)
	require.NoError(t, err)
	require.Equal(t, want.Lo, auc.Lo)
	require.Equal(t, want.Hi, auc.Hi)
	require.Equal(t, "bootstrap", acc.Method)
	require.Less(t, acc.Lo, acc.Value)
	require.Greater(t, acc.Hi, acc.Value)

	// Same seed, same interval; another seed, another one.
	again, _ := Run(opt, len(d.labels), d.row, nil)
	require.Equal(t, acc.Lo, again.Overall.Values[1].Lo)
	opt.Intervals.Seed = 8
	other, _ := Run(opt, len(d.labels), d.row, nil)
	require.NotEqual(t, acc.Lo, other.Overall.Values[1].Lo)

	// Weighted AUC: bootstrap, not DeLong (DeLong here is unweighted).
	dw := makeBinary(3, 1500, true)
	opt.Intervals.Seed = 7
	rep, err = Run(opt, len(dw.labels), dw.row, nil)
	require.NoError(t, err)
	require.Equal(t, "bootstrap", rep.Overall.Values[0].Method)
}

// Rows that share a cluster are not independent: resampling clusters widens
// the interval when clusters are large, and one cluster is an error.
func TestClusterBootstrap(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	const users, per = 40, 25
	var rows []Row
	for u := 0; u < users; u++ {
		shift := r.NormFloat64() // a user-level effect all of that user's rows share
		for j := 0; j < per; j++ {
			rows = append(rows, Row{Label: 10 + shift + 0.1*r.NormFloat64(), Scores: []float64{10}, Weight: 1, Cluster: u})
		}
	}
	opt := DefaultOptions(Regression)
	opt.Metrics = []string{"mae"}
	opt.Intervals = IntervalOptions{Level: 0.95, Resamples: 300, Seed: 1}
	plain, err := Run(opt, len(rows), func(i int) Row { return rows[i] }, nil)
	require.NoError(t, err)
	opt.Clustered = true
	clustered, err := Run(opt, len(rows), func(i int) Row { return rows[i] }, nil)
	require.NoError(t, err)
	pv, cv := plain.Overall.Values[0], clustered.Overall.Values[0]
	require.Equal(t, "cluster bootstrap", cv.Method)
	require.Greater(t, cv.Hi-cv.Lo, 3*(pv.Hi-pv.Lo), "25 rows a cluster: the clustered interval is about sqrt(25) wider")

	for i := range rows {
		rows[i].Cluster = 0
	}
	_, err = Run(opt, len(rows), func(i int) Row { return rows[i] }, nil)
	require.ErrorIs(t, err, stats.ErrTooFewUnits)
}

func TestUndefinedIsAValueNotAnError(t *testing.T) {
	opt := DefaultOptions(Binary)
	opt.SliceBy = []string{"s"}
	rows := []Row{{Label: 1, Scores: []float64{0.9}, Weight: 1}, {Label: 0, Scores: []float64{0.2}, Weight: 1}, {Label: 1, Scores: []float64{0.7}, Weight: 1}}
	rep, err := Run(opt, 3, func(i int) Row { return rows[i] }, func(i int) []string { return []string{[]string{"x", "y", "y"}[i]} })
	require.NoError(t, err)
	x := rep.Slices[0]
	require.False(t, x.Values[0].Defined)
	require.True(t, math.IsNaN(x.Values[0].Value))
	require.Contains(t, strings.Join(x.Warnings, "\n"), "roc_auc is undefined: only one class present")
	require.True(t, rep.Overall.Values[0].Defined)
}

func TestErrors(t *testing.T) {
	_, err := New(Options{Task: "ranking"})
	require.EqualError(t, err, `evaluate: task "ranking": want binary, multiclass or regression`)
	opt := DefaultOptions(Binary)
	opt.Metrics = []string{"auc"}
	_, err = New(opt)
	require.ErrorContains(t, err, `unknown binary metric "auc"`)

	e, _ := New(DefaultOptions(Multiclass))
	require.NoError(t, e.Add(nil, Row{Label: 0, Scores: []float64{0.5, 0.5}, Weight: 1}))
	require.EqualError(t, e.Add(nil, Row{Label: 0, Scores: []float64{0.2, 0.3, 0.5}, Weight: 1}), "3 class scores, earlier rows have 2")

	a, _ := New(DefaultOptions(Multiclass))
	b, _ := New(DefaultOptions(Multiclass))
	a.Add(nil, Row{Label: 0, Scores: []float64{0.5, 0.5}, Weight: 1})
	b.Add(nil, Row{Label: 0, Scores: []float64{0.2, 0.3, 0.5}, Weight: 1})
	require.EqualError(t, a.Merge(b), "rows with 2 and with 3 class scores")

	empty, _ := New(DefaultOptions(Regression))
	_, err = empty.Report()
	require.True(t, errors.Is(err, ErrNoRows))

	// Bad data an accumulator saw is an error, not a warning.
	bad, _ := New(DefaultOptions(Regression))
	bad.Add(nil, Row{Label: 1, Scores: []float64{math.NaN()}, Weight: 1})
	_, err = bad.Report()
	require.Error(t, err)
}
