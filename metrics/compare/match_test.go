package compare

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMatchIDs(t *testing.T) {
	match, ob, oc := MatchIDs([]string{"a", "b", "c"}, []string{"c", "a", "b"})
	assert.Equal(t, []int{1, 2, 0}, match)
	assert.Empty(t, ob)
	assert.Empty(t, oc)

	match, ob, oc = MatchIDs([]string{"a", "b", "x"}, []string{"b", "y", "a", "z"})
	assert.Nil(t, match)
	assert.Equal(t, []string{"x"}, ob)
	assert.Equal(t, []string{"y", "z"}, oc)
}
