package model

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// thresholdModel parses a number, doubles it, and says whether it passes a
// threshold; each stage fails on its own kind of bad input.
type thresholdModel struct{ threshold float64 }

func (m thresholdModel) Encode(in string) (float64, error) {
	return strconv.ParseFloat(in, 64)
}

func (m thresholdModel) Score(x float64) (float64, error) {
	if x < 0 {
		return 0, errors.New("negative feature")
	}
	return 2 * x, nil
}

func (m thresholdModel) Decode(in string, raw float64) (bool, error) {
	if in == "13" {
		return false, errors.New("unlucky input")
	}
	return raw >= m.threshold, nil
}

func (m thresholdModel) Describe() Description {
	return Description{Name: "double", Version: "1", Params: map[string]any{"threshold": m.threshold}}
}

func TestTraceRecordsEveryStage(t *testing.T) {
	m := thresholdModel{threshold: 5}
	s, err := Trace[string, float64, float64, bool](m, "3")
	require.NoError(t, err)
	require.Equal(t, Stages[float64, float64, bool]{Features: 3, Raw: 6, Output: true, Reached: 3}, s)

	out, err := Predict[string, float64, float64, bool](m, "2")
	require.NoError(t, err)
	require.False(t, out, "2*2 = 4 < 5")
}

func TestStageErrorNamesTheFailingStage(t *testing.T) {
	m := thresholdModel{threshold: 5}
	for _, tc := range []struct {
		in      string
		stage   Stage
		reached int
	}{
		{"x", StageEncode, 0},
		{"-1", StageScore, 1},
		{"13", StageDecode, 2},
	} {
		s, err := Trace[string, float64, float64, bool](m, tc.in)
		var se *StageError
		require.ErrorAs(t, err, &se, "input %q", tc.in)
		require.Equal(t, tc.stage, se.Stage, "input %q", tc.in)
		require.Equal(t, "double", se.Model)
		require.Equal(t, tc.reached, s.Reached, "input %q", tc.in)
		require.True(t, strings.HasPrefix(err.Error(), "model double: "+tc.stage.String()+": "), err.Error())

		_, perr := Predict[string, float64, float64, bool](m, tc.in)
		require.Equal(t, err.Error(), perr.Error())
	}
}

func TestFuncHasIdentityStages(t *testing.T) {
	boom := errors.New("boom")
	m := Func(Description{Name: "len"}, func(s string) (int, error) {
		if s == "" {
			return 0, boom
		}
		return len(s), nil
	})
	s, err := Trace(m, "abc")
	require.NoError(t, err)
	require.Equal(t, Stages[string, int, int]{Features: "abc", Raw: 3, Output: 3, Reached: 3}, s)

	_, err = Predict(m, "")
	require.ErrorIs(t, err, boom)
	var se *StageError
	require.ErrorAs(t, err, &se)
	require.Equal(t, StageScore, se.Stage, "the wrapped function is the score stage")
}

func TestDescriptionStringIsSorted(t *testing.T) {
	d := Description{Name: "ctr", Version: "3", Params: map[string]any{"vocab": 120, "buckets": 8, "alpha": 0.5}}
	for range 20 { // map iteration order changes between runs; the text must not
		require.Equal(t, "ctr@3 {alpha=0.5 buckets=8 vocab=120}", d.String())
	}
	require.Equal(t, "ctr", Description{Name: "ctr"}.String())
	require.Equal(t, "Stage(7)", Stage(7).String())
}
