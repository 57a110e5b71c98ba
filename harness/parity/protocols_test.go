package parity

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProtocolsEachBuildAClient(t *testing.T) {
	assert.Equal(t, []string{"v2", "v2-grpc", "tfserving", "tfserving-grpc", "json"}, Protocols())
	assert.Equal(t, "v2, v2-grpc, tfserving, tfserving-grpc or json", protocolChoice())
	for _, name := range Protocols() {
		e := Endpoint{Protocol: name, URL: "http://x", Model: "m"}
		if strings.HasSuffix(name, "-grpc") {
			e.URL = "x:1"
		}
		c, err := e.Client(nil)
		require.NoError(t, err, name)
		assert.NotNil(t, c.Protocol, name)
		require.NoError(t, Close(c))
		if NeedsModel(name) {
			e.Model = ""
			_, err := e.Client(nil)
			assert.ErrorContains(t, err, "needs a model name", name)
		}
	}
	assert.True(t, NeedsModel("v2"))
	assert.True(t, NeedsModel("tfserving"))
	assert.True(t, NeedsModel("v2-grpc"))
	assert.True(t, NeedsModel("tfserving-grpc"))
	assert.False(t, NeedsModel("json"))
	assert.False(t, NeedsModel("grpc"), "unknown")
}
