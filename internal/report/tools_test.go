package report

import (
	"testing"

	"github.com/mltest/mltest/internal/testtool"
)

// needTool returns the path of an external program a test runs; see
// testtool.Need (it fails under CI, where .ci/run installs package pkg).
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	return testtool.Need(t, name, pkg)
}
