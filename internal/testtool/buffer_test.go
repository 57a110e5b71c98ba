package testtool

import (
	"strings"
	"sync"
	"testing"
)

// Writers and a reader at once: under -race this fails for a buffer
// without the lock.
func TestBufferConcurrent(t *testing.T) {
	var b Buffer
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				b.WriteString("ab")
				b.Write([]byte("c\n"))
			}
		}()
	}
	for range 50 {
		_ = b.String()
	}
	wg.Wait()
	s := b.String()
	if len(s) != 1600 || strings.Count(s, "ab") != 400 || strings.Count(s, "c\n") != 400 {
		t.Fatalf("%d bytes, %d ab, %d c, want 1600, 400, 400: a write lost", len(s), strings.Count(s, "ab"), strings.Count(s, "c\n"))
	}
}
