package dataio

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

type seenRow struct {
	line   int
	values string
}

// sequential reads input with the one-pass TableReader.
func sequential(format Format, input string, cols []string) ([]seenRow, error) {
	tr, err := NewTableReader(strings.NewReader(input), "t", format, cols)
	if err != nil {
		return nil, err
	}
	var rows []seenRow
	for tr.Next() {
		rows = append(rows, seenRow{tr.Line(), rowText(tr)})
	}
	return rows, tr.Err()
}

func rowText(tr *TableReader) string {
	vals := make([]string, len(tr.Columns()))
	for i := range vals {
		vals[i] = tr.Value(i)
	}
	return strings.Join(vals, "|")
}

// chunked reads input with readChunks and puts the chunks back in order.
func chunked(format Format, input string, cols []string, workers, chunkBytes int) ([]seenRow, error) {
	var mu sync.Mutex
	parts := map[int][]seenRow{}
	err := readChunks(strings.NewReader(input), "t", format, cols, workers, chunkBytes, ReadOptions{}, func(chunk int, tr *TableReader) error {
		var rows []seenRow
		for tr.Next() {
			rows = append(rows, seenRow{tr.Line(), rowText(tr)})
		}
		mu.Lock()
		parts[chunk] = rows
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	var all []seenRow
	for c := 0; c < len(parts); c++ {
		all = append(all, parts[c]...)
	}
	return all, nil
}

// The law behind parallel reading: any chunking, any number of workers, gives
// the rows, values, line numbers and first error of the one-pass reader.
func TestReadChunksEqualsSequential(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		jsonl := rapid.Bool().Draw(t, "jsonl")
		n := rapid.IntRange(0, 40).Draw(t, "rows")
		var b strings.Builder
		if !jsonl {
			b.WriteString("a,score,b\n")
		}
		for i := 0; i < n; i++ {
			kind := rapid.IntRange(0, 9).Draw(t, "kind")
			switch {
			case kind == 0:
				b.WriteString("\n") // blank line
			case kind == 1 && !jsonl:
				fmt.Fprintf(&b, "\"multi\nline %d\",%d,\"q\"\"uote\"\n", i, i)
			case kind == 2 && !jsonl && rapid.IntRange(0, 3).Draw(t, "bad") == 0:
				b.WriteString("short\n") // wrong field count
			case kind == 3 && jsonl && rapid.IntRange(0, 3).Draw(t, "bad") == 0:
				b.WriteString("{oops\n")
			case jsonl:
				fmt.Fprintf(&b, "{\"a\": \"x%d\", \"score\": %d, \"b\": true}\n", i, i)
			default:
				fmt.Fprintf(&b, "x%d,%d,y\n", i, i)
			}
		}
		input := b.String()
		format := CSV
		if jsonl {
			format = JSONL
		}
		cols := []string{"score", "a"}
		want, wantErr := sequential(format, input, cols)
		got, gotErr := chunked(format, input, cols, rapid.IntRange(1, 4).Draw(t, "workers"), rapid.IntRange(1, 64).Draw(t, "chunkBytes"))
		if wantErr != nil || gotErr != nil {
			require.Equal(t, fmt.Sprint(wantErr), fmt.Sprint(gotErr), "input %q", input)
			return
		}
		require.Equal(t, want, got, "input %q", input)
	})
}

func TestReadChunksLargeInputFirstErrorWins(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var b strings.Builder
	b.WriteString("score\n")
	for i := 0; i < 300000; i++ {
		fmt.Fprintf(&b, "%.6f\n", r.Float64())
	}
	b.WriteString("1,2\n") // line 300002: too many fields
	for i := 0; i < 100000; i++ {
		b.WriteString("x\n") // later bad values must not win
	}
	err := ReadChunks(strings.NewReader(b.String()), "big.csv", CSV, []string{"score"}, 2, ReadOptions{}, func(chunk int, tr *TableReader) error {
		for tr.Next() {
			if _, err := tr.Float(0); err != nil {
				return err
			}
		}
		return nil
	})
	require.EqualError(t, err, "big.csv:300002: wrong number of fields (expected as many as the header)")
}

// FuzzReadChunks: on any input, reading in chunks of any size on several
// workers gives the one-pass reader's rows, values, lines and first error.
func FuzzReadChunks(f *testing.F) {
	f.Add([]byte("a,score,b\nx,1,y\n\"m\nl\",2,\"q\"\"\"\n\nshort\n"), false, uint8(5))
	f.Add([]byte("{\"a\": \"x\", \"score\": 1, \"b\": true}\n\n{oops\n"), true, uint8(9))
	f.Add([]byte("a,score,b\r\nx,1,y\r\nz,2,w"), false, uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, jsonl bool, chunkBytes uint8) {
		format := CSV
		if jsonl {
			format = JSONL
		}
		cols := []string{"score", "a"}
		input := string(data)
		want, wantErr := sequential(format, input, cols)
		got, gotErr := chunked(format, input, cols, 3, 1+int(chunkBytes))
		if fmt.Sprint(wantErr) != fmt.Sprint(gotErr) {
			t.Fatalf("input %q: chunked error %v, one-pass %v", input, gotErr, wantErr)
		}
		if wantErr == nil && fmt.Sprint(want) != fmt.Sprint(got) {
			t.Fatalf("input %q:\nchunked  %v\none-pass %v", input, got, want)
		}
	})
}
