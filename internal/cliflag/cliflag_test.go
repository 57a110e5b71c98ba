package cliflag

import (
	"flag"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInterleaved(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	task := fs.String("task", "", "")
	q := fs.Bool("q", false, "")
	pos, err := Interleaved(fs, []string{"a.csv", "--task", "binary", "b.csv", "-q", "--", "--c"})
	require.NoError(t, err)
	assert.Equal(t, []string{"a.csv", "b.csv", "--c"}, pos)
	assert.Equal(t, "binary", *task)
	assert.True(t, *q)
	_, err = Interleaved(fs, []string{"a", "--nope"})
	assert.Error(t, err)
}

func TestGetoptNormalize(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.Bool("q", false, "")
	fs.Bool("c", false, "")
	fs.String("m", "", "")
	fs.String("format", "", "")
	fs.Bool("all", false, "")
	g := Getopt{Short: "qcm:", Long: map[string]byte{"measure": 'm', "mode": 'q', "query": 'q'}, Flags: fs}
	for _, c := range []struct{ in, want []string }{
		{[]string{"-qcmP.5", "f"}, []string{"-q", "-c", "-m", "P.5", "f"}},
		{[]string{"-m", "-x", "--measure=a=b", "--meas", "c"}, []string{"-m", "-x", "-m", "a=b", "-m", "c"}},
		{[]string{"--format", "json", "-format=csv", "-all", "--", "-q"}, []string{"--format", "json", "-format=csv", "-all", "--", "-q"}},
		{[]string{"-", "a"}, []string{"-", "a"}},
	} {
		got, err := g.Normalize(c.in)
		assert.NoError(t, err, c.in)
		assert.Equal(t, c.want, got, c.in)
	}
	for in, want := range map[string]string{
		"-z":        "invalid option -- 'z'",
		"-m":        "option requires an argument -- 'm'",
		"--measure": "option '--measure' requires an argument",
		"--m":       "option '--m' is ambiguous; possibilities: --measure --mode",
		"--q=1":     "option '--query' doesn't allow an argument",
		"--zz":      "unrecognized option '--zz'",
	} {
		_, err := g.Normalize([]string{in})
		if assert.Error(t, err, in) {
			assert.Contains(t, err.Error(), want, in)
		}
	}
}
