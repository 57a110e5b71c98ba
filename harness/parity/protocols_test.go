package parity

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProtocolsEachBuildAClient(t *testing.T) {
	assert.Equal(t, []string{"v2", "tfserving", "json"}, Protocols())
	assert.Equal(t, "v2, tfserving or json", protocolChoice())
	for _, name := range Protocols() {
		e := Endpoint{Protocol: name, URL: "http://x", Model: "m"}
		c, err := e.Client(nil)
		require.NoError(t, err, name)
		assert.NotNil(t, c.Protocol, name)
		if NeedsModel(name) {
			e.Model = ""
			_, err := e.Client(nil)
			assert.ErrorContains(t, err, "needs a model name", name)
		}
	}
	assert.True(t, NeedsModel("v2"))
	assert.True(t, NeedsModel("tfserving"))
	assert.False(t, NeedsModel("json"))
	assert.False(t, NeedsModel("grpc"), "unknown")
}
