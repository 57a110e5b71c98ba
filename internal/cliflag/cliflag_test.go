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
