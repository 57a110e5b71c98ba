package recommender_test

import (
	"fmt"
	"os"
	"testing"
)

// tempDir holds the built commands and files of the parity tests; TestMain
// removes it (sync.Once setup cannot use t.TempDir, which ends with the
// first test).
var tempDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "recommender-parity-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	tempDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
