package progress

import (
	"bytes"
	"os"
	"testing"
)

func TestCheckLineRedrawsOneLine(t *testing.T) {
	var b bytes.Buffer
	draw := CheckLine(&b)
	draw(0, 2, "auc", false)
	draw(1, 2, "auc", true)
	ClearLine(&b)
	want := "\r\033[K[0/2] running: auc\r\033[K[1/2] done: auc\r\033[K"
	if got := b.String(); got != want {
		t.Fatalf("CheckLine drew %q, want %q", got, want)
	}
}

func TestIsTerminalWriter(t *testing.T) {
	if IsTerminalWriter(&bytes.Buffer{}) {
		t.Error("a buffer is a terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminalWriter(f) {
		t.Error("a regular file is a terminal")
	}
}
