package parity

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	mlassert "github.com/mltest/mltest/assert"
	"github.com/mltest/mltest/harness/serving"
)

func TestToleranceMatch(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		tol      mlassert.Tolerance
		off, on  float64
		want     bool
		describe string
	}{
		{mlassert.Tolerance{}, 1, 1, true, "exact equal"},
		{mlassert.Tolerance{}, 1, math.Nextafter(1, 2), false, "exact: one ulp apart"},
		{mlassert.Tolerance{Abs: 1e-6}, 0.5, 0.5 + 0.99e-6, true, "abs: within the bound"},
		{mlassert.Tolerance{Abs: 1e-6}, 0.5, 0.5 + 1.1e-6, false, "abs: past the bound"},
		{mlassert.Tolerance{Rel: 0.01}, 100, 101, true, "rel: 1% of offline"},
		{mlassert.Tolerance{Rel: 0.01}, 100, 101.5, false, "rel: past 1%"},
		{mlassert.Tolerance{Rel: 0.01}, 101, 100, true, "rel scales with |offline|: 1.01 allowed"},
		{mlassert.Tolerance{Abs: 1, Rel: 0.5}, 10, 15.9, true, "abs + rel*|off| = 6"},
		{mlassert.Tolerance{ULP: 2}, 1, math.Nextafter(math.Nextafter(1, 2), 2), true, "two ulps"},
		{mlassert.Tolerance{ULP: 1}, 1, math.Nextafter(math.Nextafter(1, 2), 2), false, "two ulps against one"},
		{mlassert.Tolerance{Abs: 1}, nan, nan, true, "NaN matches NaN"},
		{mlassert.Tolerance{Abs: 1e300}, nan, 0, false, "NaN never matches a number"},
		{mlassert.Tolerance{Abs: 1e300}, 0, nan, false, "a number never matches NaN"},
		{mlassert.Tolerance{Abs: 1e300}, inf, inf, true, "+Inf matches +Inf"},
		{mlassert.Tolerance{Abs: 1e300}, inf, -inf, false, "+Inf against -Inf"},
		{mlassert.Tolerance{Abs: 1e300}, inf, 1e308, false, "an infinity only the same infinity"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, Match(c.tol, c.off, c.on), "%s: %+v Match(%v, %v)", c.describe, c.tol, c.off, c.on)
	}
}

// float32 rounding of values in [0, 1] stays within the default tolerance.
func TestDefaultToleranceAcceptsFloat32RoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x := rapid.Float64Range(-1, 1).Draw(t, "x")
		if !Match(DefaultTolerance, x, float64(float32(x))) {
			t.Fatalf("float32(%v) = %v not within %v", x, float32(x), DefaultTolerance)
		}
	})
}

// naiveRBO computes RBO_ext from its definition with explicit set
// intersections, as an independent check of the incremental version.
func naiveRBO(a, b []string, p float64) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	s, l := len(a), len(b)
	if l == 0 {
		return 1
	}
	if s == 0 {
		return 0
	}
	overlap := func(d int) float64 {
		set := map[string]bool{}
		for _, x := range a[:min(d, s)] {
			set[x] = true
		}
		n := 0
		for _, x := range b[:d] {
			if set[x] {
				n++
			}
		}
		return float64(n)
	}
	var sum float64
	for d := 1; d <= l; d++ {
		sum += overlap(d) / float64(d) * math.Pow(p, float64(d))
	}
	xs := overlap(s)
	for d := s + 1; d <= l; d++ {
		sum += xs * float64(d-s) / float64(s*d) * math.Pow(p, float64(d))
	}
	xl := overlap(l)
	return (1-p)/p*sum + ((xl-xs)/float64(l)+xs/float64(s))*math.Pow(p, float64(l))
}

func TestRankBiasedOverlap(t *testing.T) {
	// Hand-checked: d=1: X=1 -> 0.9; d=2: X=1 -> 0.405; d=3: X=3 -> 0.729;
	// (0.1/0.9)*2.034 + 1*0.729 = 0.955.
	assert.InDelta(t, 0.955, RankBiasedOverlap([]string{"A", "B", "C"}, []string{"A", "C", "B"}, 0.9), 1e-12)
	assert.InDelta(t, 1.0, RankBiasedOverlap([]string{"A", "B", "C"}, []string{"A", "B", "C"}, 0.9), 1e-12)
	assert.Equal(t, 0.0, RankBiasedOverlap([]string{"A", "B"}, []string{"C", "D"}, 0.9))
	assert.Equal(t, 1.0, RankBiasedOverlap[string](nil, nil, 0.9))
	assert.Equal(t, 0.0, RankBiasedOverlap([]string{"A"}, nil, 0.9))
	assert.Panics(t, func() { RankBiasedOverlap([]string{"A"}, []string{"A"}, 1) })

	items := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.SliceOfNDistinct(rapid.SampledFrom(items), 0, 10, rapid.ID).Draw(t, "a")
		b := rapid.SliceOfNDistinct(rapid.SampledFrom(items), 0, 10, rapid.ID).Draw(t, "b")
		p := rapid.Float64Range(0.05, 0.95).Draw(t, "p")
		got := RankBiasedOverlap(a, b, p)
		if want := naiveRBO(a, b, p); math.Abs(got-want) > 1e-12 {
			t.Fatalf("RBO(%v, %v, %v) = %v, definition gives %v", a, b, p, got, want)
		}
		if got < -1e-12 || got > 1+1e-12 {
			t.Fatalf("RBO = %v outside [0, 1]", got)
		}
		if sym := RankBiasedOverlap(b, a, p); math.Abs(sym-got) > 1e-12 {
			t.Fatalf("RBO not symmetric: %v vs %v", got, sym)
		}
	})
}

func TestCompareListsDuplicatesDoNotPanic(t *testing.T) {
	a := CompareLists([]string{"x", "y"}, []string{"x", "x"}, 2)
	assert.True(t, a.Duplicates)
}

// rowsN makes n request rows with one scalar input x = i.
func rowsN(n int) []serving.Row {
	rows := make([]serving.Row, n)
	for i := range rows {
		rows[i] = serving.Row{ID: fmt.Sprintf("r%03d", i), Values: map[string]serving.Value{"x": serving.Scalar(float64(i))}}
	}
	return rows
}

// linear is a model y = 0.1*x + 0.05, with a hook to change its output.
func linear(change func(id string, y float64) float64) Func {
	return func(_ context.Context, r serving.Row) (map[string]serving.Value, error) {
		y := 0.1*r.Values["x"].Numbers[0] + 0.05
		if change != nil {
			y = change(r.ID, y)
		}
		return map[string]serving.Value{"y": serving.Scalar(y)}, nil
	}
}

func TestCompareFindsAllAndOnlySkewedRows(t *testing.T) {
	rows := rowsN(100)
	skewed := map[string]bool{}
	online := linear(func(id string, y float64) float64 {
		var i int
		fmt.Sscanf(id, "r%d", &i)
		if i%7 == 3 {
			skewed[id] = true
			return y + float64(i)/1000
		}
		return y
	})
	res := Compare(context.Background(), rows, linear(nil), online, Options{Tolerance: DefaultTolerance})
	require.Equal(t, 100, res.N)
	assert.Equal(t, len(skewed), res.Mismatched)
	assert.Equal(t, 100-len(skewed), res.Matched)
	assert.Zero(t, res.Failed)
	got := map[string]bool{}
	for _, m := range res.Mismatches {
		got[m.ID] = true
		assert.Equal(t, "y", m.Output)
		assert.Equal(t, "value", m.Kind)
	}
	assert.Equal(t, skewed, got, "all and only the skewed rows")
	// Worst first: row 94 has the largest shift, 0.094.
	assert.Equal(t, "r094", res.Mismatches[0].ID)
	assert.InDelta(t, 0.094, res.Mismatches[0].AbsDiff, 1e-12)
	assert.InDelta(t, 0.094, res.MaxAbsDiff, 1e-12)
	for i := 1; i < len(res.Mismatches); i++ {
		assert.GreaterOrEqual(t, res.Mismatches[i-1].AbsDiff, res.Mismatches[i].AbsDiff)
	}
	assert.Equal(t, map[string]any{"x": 94.0}, res.Mismatches[0].Inputs)
}

func TestCompareFloat32RoundingIsNoMismatch(t *testing.T) {
	rows := rowsN(200)
	online := linear(func(_ string, y float64) float64 { return float64(float32(y)) })
	res := Compare(context.Background(), rows, linear(nil), online, Options{Tolerance: DefaultTolerance})
	assert.Equal(t, 200, res.Matched)
	assert.Positive(t, res.MaxAbsDiff, "float32 rounding does change values")
	// With exact comparison the same rounding is a mismatch.
	exact := Compare(context.Background(), rows, linear(nil), online, Options{})
	assert.Positive(t, exact.Mismatched)
}

func TestCompareNaN(t *testing.T) {
	rows := rowsN(3)
	off := linear(func(id string, y float64) float64 {
		if id != "r002" {
			return math.NaN()
		}
		return y
	})
	on := linear(func(id string, y float64) float64 {
		if id == "r000" || id == "r002" {
			return math.NaN()
		}
		return y
	})
	res := Compare(context.Background(), rows, off, on, Options{Tolerance: DefaultTolerance})
	assert.Equal(t, 1, res.Matched, "NaN matches NaN (r000)")
	assert.Equal(t, 2, res.Mismatched, "NaN against a number, either way")
	for _, m := range res.Mismatches {
		assert.True(t, math.IsInf(m.AbsDiff, 1), "%s: |NaN - x| is reported as +Inf", m.ID)
	}
	assert.True(t, math.IsInf(res.MaxAbsDiff, 1))
	b, err := json.Marshal(res)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"max_abs_diff":"+Inf"`)
	assert.Contains(t, string(b), `"abs_diff":"+Inf"`)
}

func TestCompareFailuresAndMissing(t *testing.T) {
	rows := rowsN(6)
	offRows := []serving.Row{}
	for _, r := range rows[:5] {
		offRows = append(offRows, serving.Row{ID: r.ID, Values: map[string]serving.Value{"y": serving.Scalar(0.1*r.Values["x"].Numbers[0] + 0.05)}})
	}
	offRows = append(offRows, serving.Row{ID: "extra", Values: map[string]serving.Value{"y": serving.Scalar(0)}})
	table, err := NewTable(offRows)
	require.NoError(t, err)
	online := Func(func(ctx context.Context, r serving.Row) (map[string]serving.Value, error) {
		switch r.ID {
		case "r001":
			return nil, errors.New("HTTP 503 after 3 attempts")
		case "r002":
			return map[string]serving.Value{"z": serving.Scalar(1)}, nil
		case "r003":
			return map[string]serving.Value{"y": serving.Vector(1, 2)}, nil
		}
		return linear(nil)(ctx, r)
	})
	res := Compare(context.Background(), rows, table, online, Options{Tolerance: DefaultTolerance})
	assert.Equal(t, 6, res.N)
	assert.Equal(t, 2, res.Matched)    // r000, r004
	assert.Equal(t, 2, res.Mismatched) // r002 missing output, r003 shape
	assert.Equal(t, 2, res.Failed)     // r001 online error, r005 no offline row
	assert.Equal(t, res.N, res.Matched+res.Mismatched+res.Failed)
	assert.Equal(t, []string{"r005"}, res.MissingOffline)
	assert.Equal(t, []string{"extra"}, res.MissingOnline)
	kinds := map[string]string{}
	for _, m := range res.Mismatches {
		kinds[m.ID] = m.Kind
	}
	assert.Equal(t, map[string]string{"r002": "missing", "r003": "shape"}, kinds)
	require.Len(t, res.Failures, 2)
	assert.Equal(t, "r001", res.Failures[0].ID)
	assert.Contains(t, res.Failures[0].Error, "503")
	assert.Contains(t, res.Failures[1].Error, "offline")
}

func TestCompareRankedListsAndStages(t *testing.T) {
	rows := rowsN(4)
	recommend := func(swap bool, bucket float64) Func {
		return func(_ context.Context, r serving.Row) (map[string]serving.Value, error) {
			items := []string{"i1", "i2", "i3", "i4"}
			x := r.Values["x"].Numbers[0]
			feat := math.Floor(x / bucket)
			if swap && math.Floor(x/2) != x {
				items = []string{"i2", "i1", "i3", "i4"}
			}
			return map[string]serving.Value{
				"features": serving.Vector(feat, 1),
				"scores":   serving.Vector(0.4, 0.3, 0.2, feat),
				"items":    serving.StringVector(items...),
			}, nil
		}
	}
	stages := []Stage{{"encode", []string{"features"}}, {"score", []string{"scores"}}, {"decode", []string{"items"}}}
	// Online forgets the bucketing (bucket size 1 instead of 2): rows with
	// odd x differ from encode on; row 0 (x=0) is the same either way.
	res := Compare(context.Background(), rows, recommend(false, 2), recommend(true, 1), Options{Tolerance: DefaultTolerance, Stages: stages, RankK: 2})
	assert.Equal(t, 1, res.Matched)
	assert.Equal(t, 3, res.Mismatched)
	assert.Equal(t, "encode", res.FirstStage)
	assert.Equal(t, map[string]int{"encode": 3}, res.StageRows)
	var list *Mismatch
	for i, m := range res.Mismatches {
		if m.Output == "items" {
			list = &res.Mismatches[i]
		}
		switch m.Output {
		case "features":
			assert.Equal(t, "encode", m.Stage)
		case "scores":
			assert.Equal(t, "score", m.Stage)
		}
	}
	require.NotNil(t, list)
	assert.Equal(t, "list", list.Kind)
	assert.Equal(t, "decode", list.Stage)
	assert.Equal(t, 2, list.Elements)
	assert.Equal(t, 1.0, list.List.TopKOverlap, "same top-2 set")
	assert.Less(t, list.List.KendallTau, 1.0)
	s := res.Lists["items"]
	assert.Equal(t, 4, s.Rows)
	assert.InDelta(t, (1+3*list.List.RBO)/4, s.RBO, 1e-12)
	assert.Contains(t, res.Summary(10), "first stage that differs: encode")
}

// A replica that disagrees with the online side marks its outputs as noise.
func TestCompareNoiseFloor(t *testing.T) {
	rows := rowsN(50)
	calls := 0
	// "jitter" changes on every call; "y" is deterministic but skewed on r010.
	online := func() Func {
		return func(_ context.Context, r serving.Row) (map[string]serving.Value, error) {
			calls++
			y := 0.1*r.Values["x"].Numbers[0] + 0.05
			if r.ID == "r010" {
				y += 1
			}
			return map[string]serving.Value{"y": serving.Scalar(y), "jitter": serving.Scalar(float64(calls))}, nil
		}
	}
	offline := Func(func(_ context.Context, r serving.Row) (map[string]serving.Value, error) {
		return map[string]serving.Value{"y": serving.Scalar(0.1*r.Values["x"].Numbers[0] + 0.05), "jitter": serving.Scalar(0)}, nil
	})
	on := online()
	res := Compare(context.Background(), rows, offline, on, Options{Tolerance: DefaultTolerance, Replica: on})
	assert.Equal(t, 1, res.Mismatched, "only the real skew")
	assert.Equal(t, 49, res.Matched)
	require.Len(t, res.Mismatches, 1)
	assert.Equal(t, "r010", res.Mismatches[0].ID)
	assert.Equal(t, "y", res.Mismatches[0].Output)
	assert.Len(t, res.Noise, 50, "jitter differs between the two online calls in every row")
	// Without the replica, jitter is a mismatch in every row.
	res = Compare(context.Background(), rows, offline, online(), Options{Tolerance: DefaultTolerance})
	assert.Equal(t, 50, res.Mismatched)
}

// Whatever happens to each row, every request is counted exactly once.
func TestCompareAccountsForEveryRow(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 60).Draw(t, "n")
		fate := rapid.SliceOfN(rapid.IntRange(0, 5), n, n).Draw(t, "fate")
		rows := rowsN(n)
		var offRows []serving.Row
		for i, r := range rows {
			if fate[i] != 5 {
				offRows = append(offRows, serving.Row{ID: r.ID, Values: map[string]serving.Value{"y": serving.Scalar(float64(i))}})
			}
		}
		table, err := NewTable(offRows)
		if err != nil {
			t.Fatal(err)
		}
		online := Func(func(_ context.Context, r serving.Row) (map[string]serving.Value, error) {
			var i int
			fmt.Sscanf(r.ID, "r%d", &i)
			switch fate[i] {
			case 1:
				return map[string]serving.Value{"y": serving.Scalar(float64(i) + 1)}, nil
			case 2:
				return nil, errors.New("boom")
			case 3:
				return map[string]serving.Value{}, nil
			case 4:
				return map[string]serving.Value{"y": serving.Scalar(math.NaN())}, nil
			}
			return map[string]serving.Value{"y": serving.Scalar(float64(i))}, nil
		})
		res := Compare(context.Background(), rows, table, online, Options{Tolerance: DefaultTolerance})
		if res.Matched+res.Mismatched+res.Failed != n || res.N != n {
			t.Fatalf("%d matched + %d mismatched + %d failed != %d requests", res.Matched, res.Mismatched, res.Failed, n)
		}
		want := [6]int{}
		for _, f := range fate {
			want[f]++
		}
		if res.Matched != want[0] || res.Mismatched != want[1]+want[3]+want[4] || res.Failed != want[2]+want[5] {
			t.Fatalf("fates %v: got matched %d mismatched %d failed %d", want, res.Matched, res.Mismatched, res.Failed)
		}
	})
}

func TestNewTableRejectsDuplicateIDs(t *testing.T) {
	_, err := NewTable([]serving.Row{{ID: "a"}, {ID: "a"}})
	assert.ErrorContains(t, err, `duplicate id "a"`)
}

func TestCompareListsIgnoresTrailingPadding(t *testing.T) {
	rows := rowsN(1)
	short := Func(func(_ context.Context, r serving.Row) (map[string]serving.Value, error) {
		return map[string]serving.Value{"items": serving.StringVector("i1", "i2", "", "")}, nil
	})
	res := Compare(context.Background(), rows, short, short, Options{Tolerance: DefaultTolerance, RankK: 4})
	assert.Equal(t, 1, res.Matched)
	assert.Equal(t, ListSummary{Rows: 1, TopKOverlap: 1, KendallTau: 1, RBO: 1}, res.Lists["items"])
}

func TestEndpointClient(t *testing.T) {
	_, err := Endpoint{Protocol: "grpc", URL: "http://x"}.Client(nil)
	assert.ErrorContains(t, err, `protocol "grpc"`)
	_, err = Endpoint{Protocol: "v2", URL: "http://x"}.Client(nil)
	assert.ErrorContains(t, err, "needs a model name")
	c, err := Endpoint{Protocol: "json", URL: "http://x", Batch: 4, NoRetries: true}.Client(nil)
	require.NoError(t, err)
	assert.Equal(t, 4, c.BatchSize)
	assert.Equal(t, 0, c.Retries)
	assert.Equal(t, 8, c.Concurrency, "serving.NewClient's default")
	c, err = Endpoint{Protocol: "tfserving", URL: "http://x", Model: "m"}.Client([]serving.Row{
		{ID: "a", Values: map[string]serving.Value{"p": serving.Scalar(1)}},
		{ID: "b", Values: map[string]serving.Value{"p": serving.Scalar(2)}},
	})
	require.NoError(t, err)
	assert.Equal(t, "p", c.Protocol.(*serving.TFServing).OutputName, "bare TF predictions take the offline output's name")
	assert.Equal(t, 2, c.Retries)

	for _, bad := range []struct {
		e    Endpoint
		want string
	}{
		{Endpoint{Protocol: "v2-grpc", URL: "http://x:1", Model: "m"}, `gRPC endpoint "http://x:1": want HOST:PORT`},
		{Endpoint{Protocol: "v2-grpc", URL: "x:1"}, "protocol v2-grpc needs a model name"},
		{Endpoint{Protocol: "v2", URL: "http://x", Model: "m", Signature: "s"}, "a signature is for protocol tfserving-grpc, not v2"},
		{Endpoint{Protocol: "tfserving-grpc", URL: "x:1", Model: "m", TypedContents: true}, "typed contents are for protocol v2-grpc"},
		{Endpoint{Protocol: "v2-grpc", URL: "x:1", Model: "m", BinaryData: true}, "the binary tensor extension is for protocol v2, not v2-grpc"},
		{Endpoint{Protocol: "json"}, "protocol json needs a URL"},
	} {
		_, err := bad.e.Client(nil)
		assert.ErrorContains(t, err, bad.want)
	}
	c, err = Endpoint{Protocol: "tfserving-grpc", URL: "grpc://x:1", Model: "m", Signature: "s", Header: map[string]string{"authorization": "t"}}.Client(nil)
	require.NoError(t, err)
	assert.Equal(t, "s", c.Protocol.(*serving.TFServingGRPC).Signature)
	require.NoError(t, Close(c))
}
